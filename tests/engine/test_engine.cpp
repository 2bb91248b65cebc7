// The Monte Carlo engine: determinism whatever the thread count, sampled games agreeing with
// the analytic probabilities, standard errors shrinking like 1/sqrt(N), paired differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "io/scenario.hpp"
#include "mc/engine.hpp"
#include "mc/prior_table.hpp"
#include "mc/rng.hpp"
#include "solve/solve.hpp"

using namespace detsim;

namespace {

Scenario scenario(const std::string& text) { return parse_scenario(text, "test.toml"); }

mc::CellResult run(const mc::RunSpec& spec, std::size_t cell, int threads) {
  bool completed = false;
  mc::CellResult r = mc::run_cell(spec, cell, {threads, nullptr, nullptr}, completed);
  REQUIRE(completed);
  return r;
}

const char* uncertain = R"(
[parameters]
audience_cost_warning = { uniform = [0.1, 0.7] }
challenger_nuclear_cost = { truncated_normal = [5, 1, 0, 20] }
patron_nuclear_cost = { lognormal = [0.7, 0.3] }
escalation_logit_base = { truncated_normal = [-3, 0.5, -4, -2] }
challenger_cost_ratio_alone = { beta = [8, 2] }
allied_strength = { discrete = [2, 3, 4], weights = [1, 2, 1] }
)";

}  // namespace

TEST_CASE("results are identical bit for bit for 1, 2 and 3 threads", "[engine]") {
  for (const char* mode : {"policy", "tying-hands", "sinking-costs"}) {
    INFO(mode);
    Scenario sc = scenario(std::string("[scenario]\nmode = \"") + mode + "\"\n[run]\ndraws = 300\ngames = 7\n" + uncertain);
    const mc::CellResult one = run(sc.run, 0, 1), two = run(sc.run, 0, 2), three = run(sc.run, 0, 3);
    CHECK(std::memcmp(&one.summary, &two.summary, sizeof one.summary) == 0);
    CHECK(std::memcmp(&one.summary, &three.summary, sizeof one.summary) == 0);
    CHECK(one.summary.solved > 0);
  }
}

TEST_CASE("sampled game frequencies agree with the analytic probabilities within 4 standard errors", "[engine]") {
  // The count of outcome o over n games per draw is a sum of Bernoulli(p_i) draws, whose variance
  // is at most n N pbar (1 - pbar); |z| < 4 under that bound has a false-alarm rate below 6.4e-5
  // per check, about 2e-3 over the 30 checks here.
  const char* cells[] = {
      "[levers]\nwarning = 0\nvisibility = 0.5\nburden = 0.7\n",
      "[levers]\nwarning = 1\nvisibility = 1\nburden = 0.5\n[parameters]\nchallenger_backdown_cost = 0.1\n",
      "[scenario]\nmode = \"tying-hands\"\n[levers]\nvisibility = 1\nburden = 0.5\n",
      "[scenario]\nmode = \"sinking-costs\"\n",
      "[scenario]\nmode = \"tying-hands\"\n",
      "[levers]\nburden = 0\nvisibility = 0\n[parameters]\nallied_strength = 4\nvisibility_power = 0\n"
      "patron_war_cost_base = 0.6\npatron_war_cost_ground = 0\nescalation_probability = 0\ntripwire_visibility = 0\n"
      "tripwire_ground = 0\nchallenger_cost_ratio_alone = 0\nchallenger_backdown_cost = 0.5\naudience_cost_warning = 0\n"
      "[types]\npatron_resolve = { uniform = [0, 2] }\nchallenger_cost = { uniform = [0, 1] }\n",  // mixed equilibrium
  };
  for (const char* text : cells) {
    INFO(text);
    // Parameter uncertainty in every cell but the mixed one (whose audience cost must stay 0).
    std::string body = std::string(text) + "[run]\ndraws = 200\ngames = 2000\n";
    if (!std::strstr(text, "uniform = [0, 2]")) {
      const std::string prior = "audience_cost_warning = { uniform = [0.2, 0.6] }\n";
      const auto at = body.find("[parameters]\n");
      if (at == std::string::npos) body += "[parameters]\n" + prior;
      else body.insert(at + 13, prior);
    }
    Scenario sc = scenario(body);
    const mc::CellSummary s = run(sc.run, 0, 2).summary;
    std::uint64_t n = 0;
    for (auto c : s.games) n += c;
    REQUIRE(n == 200ull * 2000ull * s.solved / s.draws);
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      const double p = s.mean[o], f = static_cast<double>(s.games[o]) / n;
      const double se = std::sqrt(std::max(p * (1 - p), 1e-12) / n);
      INFO("outcome " << outcome_codes[o] << ": analytic " << p << ", sampled " << f);
      CHECK(std::abs(f - p) < 4 * se + 1e-12);
    }
  }
}

TEST_CASE("standard errors shrink like 1/sqrt(N)", "[engine]") {
  Scenario small = scenario(std::string("[run]\ndraws = 2000\n") + uncertain);
  Scenario large = scenario(std::string("[run]\ndraws = 32000\n") + uncertain);
  const mc::CellSummary a = run(small.run, 0, 2).summary, b = run(large.run, 0, 2).summary;
  for (std::size_t o : {0, 2, 3}) {
    INFO("outcome " << outcome_codes[o]);
    // 16 times the draws: a quarter of the error. The ratio of two sample SDs from 2000 and 32000
    // draws varies by a few per cent; 15% leaves a wide margin.
    CHECK(a.se[o] / b.se[o] == Approx(4.0).epsilon(0.15));
    CHECK(std::abs(a.mean[o] - b.mean[o]) < 4 * a.se[o]);
  }
}

TEST_CASE("with fixed parameters every draw equals the solver", "[engine]") {
  Scenario sc = scenario("[run]\ndraws = 100\n[levers]\nwarning = 0\nvisibility = 0.5\nburden = 0.7\n");
  const mc::CellSummary s = run(sc.run, 0, 2).summary;
  const Solution direct = solve(sc.game);
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    CHECK(s.mean[o] == Approx(direct.outcomes[o]).margin(1e-15));
    CHECK(s.quantile[o][2] == direct.outcomes[o]);  // clamped to [min, max] = the single value
    CHECK(s.se[o] == Approx(0.0).margin(1e-15));
  }
  CHECK(s.measure_mean[static_cast<std::size_t>(mc::Measure::eu_patron)] == Approx(direct.measures.eu_patron).margin(1e-14));
}

TEST_CASE("common random numbers: a cell's paired difference from itself is exactly zero", "[engine]") {
  Scenario sc = scenario(std::string(R"(
[run]
draws = 500
[sweep]
design = "cells"
reference = "ncg4"
[[sweep.cell]]
name = "ncg4"
levers = { warning = 1, visibility = 1, burden = 0.5 }
[[sweep.cell]]
name = "ncg4-again"
levers = { warning = 1, visibility = 1, burden = 0.5 }
[[sweep.cell]]
name = "ncg5"
levers = { warning = 0, visibility = 0.5, burden = 0.7 }
)") + uncertain);
  REQUIRE(sc.run.n_cells() == 3);
  const mc::CellSummary same = run(sc.run, 1, 2).summary, ncg5 = run(sc.run, 2, 2).summary;
  const mc::CellSummary ref = run(sc.run, 0, 2).summary;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    CHECK(same.difference_mean[o] == 0.0);
    CHECK(same.difference_se[o] == 0.0);
    CHECK(ncg5.difference_mean[o] == Approx(ncg5.mean[o] - ref.mean[o]).margin(1e-12));
  }
  // Pairing removes the parameter noise both cells share: for the chance of a challenge (1 - SQ),
  // which every prior here moves the same way in both cells, the paired error is the smaller.
  CHECK(ncg5.difference_se[0] < std::hypot(ncg5.se[0], ref.se[0]));
  CHECK(ncg5.difference_mean[0] < 0);  // NCG5 has fewer status-quo outcomes than NCG4 here
}

TEST_CASE("draw i uses the same parameter values in every cell", "[engine]") {
  Scenario sc = scenario(std::string("[sweep.axes]\nlevers.visibility = [0, 1]\n") + uncertain);
  Game a = sc.run.cell_game(0), b = sc.run.cell_game(1);
  mc::draw_parameters(sc.run, 17, a);
  mc::draw_parameters(sc.run, 17, b);
  CHECK(a.parameters.audience_cost_warning == b.parameters.audience_cost_warning);
  CHECK(a.parameters.allied_strength == b.parameters.allied_strength);
  CHECK(a.levers.visibility != b.levers.visibility);
  Game c = sc.run.cell_game(0);
  mc::draw_parameters(sc.run, 18, c);
  CHECK(c.parameters.audience_cost_warning != a.parameters.audience_cost_warning);
  // The --per-draw table (drawn in chunks) holds the same values as one draw at a time.
  sc.run.draws = 130;  // three chunks, the last one partial
  const std::vector<double> all = mc::sampled_parameter_values(sc.run);
  REQUIRE(all.size() == 130 * sc.run.uncertain.size());
  for (std::uint64_t i : {0, 17, 64, 129}) {
    Game d = sc.run.cell_game(0);
    mc::draw_parameters(sc.run, i, d);
    for (std::size_t j = 0; j < sc.run.uncertain.size(); ++j) {
      const mc::UncertainParameter& u = sc.run.uncertain[j];
      CHECK(all[i * sc.run.uncertain.size() + j] == d.parameters.*(u.member));
      // The documented stream: the prior's inverse cdf at uniform(seed, i, 0, parameter_prior, slot),
      // whatever SIMD path the engine's sampler took.
      CHECK(d.parameters.*(u.member) == u.prior.sample(mc::uniform(sc.run.seed, i, 0, mc::Purpose::parameter_prior, u.slot)));
    }
  }
}

TEST_CASE("a run's prior table gives every cell the results it computes alone, bit for bit", "[engine]") {
  // A paired sweep with per-draw output; an axis fixes one uncertain parameter, which is then neither
  // sampled nor tabulated. 1,001 draws: the chunks of 64 end mid-table.
  Scenario sc = scenario(std::string("[sweep]\nreference = 0\n[sweep.axes]\nlevers.visibility = [0, 1]\n"
                                     "parameters.allied_strength = [2.5, 3.5]\n[run]\ndraws = 1001\ngames = 3\n"
                                     "per_draw = true\n") + uncertain);
  const mc::PriorTable table = mc::PriorTable::build(sc.run, std::size_t{1} << 30, 2);
  REQUIRE_FALSE(table.empty());
  CHECK(table.bytes() == 4 * 1001 * sizeof(double));  // truncated normal x 2, lognormal, beta
  for (const auto& u : sc.run.uncertain) {
    INFO(u.key);
    const bool costly = u.prior.kind() != mc::PriorKind::uniform && u.key != "parameters.allied_strength";
    CHECK((table.column(u.slot) != nullptr) == costly);
  }
  for (std::size_t cell = 0; cell < sc.run.n_cells(); ++cell) {
    for (int threads : {1, 3}) {
      bool done_alone = false, done_tabled = false;
      const mc::CellResult alone = mc::run_cell(sc.run, cell, {threads, nullptr, nullptr}, done_alone);
      const mc::CellResult tabled = mc::run_cell(sc.run, cell, {threads, nullptr, nullptr, &table}, done_tabled);
      REQUIRE((done_alone && done_tabled));
      CHECK(std::memcmp(&alone.summary, &tabled.summary, sizeof alone.summary) == 0);
      CHECK(std::memcmp(alone.per_draw.data(), tabled.per_draw.data(), alone.per_draw.size() * sizeof(double)) == 0);
    }
  }
  // Over budget, or stopped: no table, and the engine samples as before.
  CHECK(mc::PriorTable::build(sc.run, 1000, 2).empty());
  const std::atomic<bool> stop{true};
  CHECK(mc::PriorTable::build(sc.run, std::size_t{1} << 30, 2, &stop).empty());
  // Only uniform priors: nothing is worth tabulating.
  CHECK(mc::PriorTable::build(scenario("[parameters]\naudience_cost_warning = { uniform = [0.1, 0.7] }\n").run,
                              std::size_t{1} << 30, 2).empty());
}

TEST_CASE("the Wilson interval matches its closed form", "[engine]") {
  const auto ci = mc::wilson_interval(30, 100);
  CHECK(ci[0] == Approx(0.2189).margin(1e-4));
  CHECK(ci[1] == Approx(0.3958).margin(1e-4));
  CHECK(mc::wilson_interval(0, 50)[0] == Approx(0.0).margin(1e-15));
}
