// The engine's fast paths must give exactly what the general definitions give: the inlined
// uniform prior is the documented inverse cdf bit for bit, on and off the 2^-53 grid; the policy
// closed form is the general crisis solver, its eight lanes the scalar closed form bit for bit,
// and an engine cell on lanes the per-draw engine bit for bit.
#include <catch2/catch.hpp>

#include "mc/prior.hpp"
#include "mc/rng.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>
#include <tuple>

#include "io/scenario.hpp"
#include "mc/engine.hpp"
#include "solve/policy.hpp"
#include "solve/policy_lanes.hpp"
#include "unit/fixtures.hpp"

using namespace detsim::mc;
using detsim::StructuralParameters;

TEST_CASE("the inlined uniform prior is the general inverse cdf bit for bit", "[kernels]") {
  const Prior p = Prior::uniform(-3.5, 2.25);
  // The documented expression lo + u (hi - lo), capped at hi, at the ends of the grid and inside it.
  for (const std::uint64_t raw : {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{1} << 63, std::uint64_t{12345}}) {
    const double u = u01(raw);
    CHECK(p.sample(u) == std::min(-3.5 + u * (2.25 - -3.5), 2.25));
  }
  CHECK(p.sample(u01(~std::uint64_t{0})) <= 2.25);
  // Outside [0, 1 - 2^-53] (never produced by u01) the general path clamps u first, and meets the
  // inlined path at the end of the grid.
  CHECK(p.sample(1.5) == p.sample(1.0 - 0x1.0p-53));
  CHECK(p.sample(-1.0) == -3.5);
}

// ---------------------------------------------------------------------------------------------
// The policy closed form (solve/policy_closed_form.hpp) and its eight-lane form.


namespace {

using detsim::Game;
using detsim::Solution;

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// Corners the random box rarely reaches: Delta <= 0 (no type resists or every type does), a
// challenge share of 0 or 1, the escalation override set.
Game corner(std::mt19937_64& rng, int which) {
  Game g = detsim::test::random_admissible(rng, detsim::Mode::policy);
  auto& p = g.parameters;
  switch (which % 5) {
    case 0: p.patron_war_cost_base = 0; p.patron_war_cost_ground = 0; p.patron_nuclear_cost = 0; break;  // X = 0
    case 1: p.allied_strength = 50; p.visibility_power = 0; g.levers.burden = 0.05; break;  // p_R >> p_J
    case 2: p.escalation_probability = 1.0; break;                                           // pi = 1: omega_W = 0
    case 3: p.challenger_nuclear_cost = 1e3; p.escalation_probability = 0.5; break;          // no type challenges
    default: p.challenger_cost_ratio_alone = 0; p.tripwire_visibility = 0; p.tripwire_ground = 0; break;
  }
  return g;
}

}  // namespace

TEST_CASE("the policy closed form equals the general crisis solver on random admissible games", "[kernels]") {
  std::mt19937_64 rng(20251104);
  for (int i = 0; i < 3000; ++i) {
    const Game g = i % 3 == 0 ? corner(rng, i / 3) : detsim::test::random_admissible(rng, detsim::Mode::policy);
    REQUIRE(detsim::has_policy_closed_form(g));
    const Solution fast = detsim::solve_policy(g), general = detsim::solve_policy(g, {.force_general = true});
    INFO("draw " << i);
    REQUIRE(general.is_equilibrium());
    for (std::size_t o = 0; o < detsim::n_outcomes; ++o) CHECK(fast.outcomes[o] == Approx(general.outcomes[o]).margin(1e-14));
    const auto& c = fast.branches[0].crisis;
    const auto& d = general.branches[0].crisis;
    CHECK((c.v_F == d.v_F || std::abs(c.v_F - d.v_F) <= 1e-12 * std::abs(d.v_F)));
    CHECK((c.k_star == d.k_star || std::abs(c.k_star - d.k_star) <= 1e-12 * std::abs(d.k_star)));
    CHECK(c.q == Approx(d.q).margin(1e-14));
    const auto& m = fast.measures;
    const auto& n = general.measures;
    for (auto [x, y] : {std::pair{m.p_challenge, n.p_challenge}, {m.p_war, n.p_war}, {m.p_resist, n.p_resist},
                        {m.challenger_prevails, n.challenger_prevails}, {m.eu_patron, n.eu_patron},
                        {m.eu_challenger, n.eu_challenger}, {m.p_war_given_challenge, n.p_war_given_challenge},
                        {m.p_nuclear_given_war, n.p_nuclear_given_war}, {m.abandonment_risk, n.abandonment_risk},
                        {m.immediate_deterrence_success, n.immediate_deterrence_success}}) {
      if (std::isnan(y)) CHECK(std::isnan(x));
      else CHECK(x == Approx(y).margin(1e-13));
    }
  }
}

TEST_CASE("the lanes give each draw's scalar solve bit for bit", "[kernels]") {
  std::mt19937_64 rng(7);
  std::vector<double StructuralParameters::*> all;
  for (const detsim::LaneField& f : detsim::lane_fields)  // beta_C stays inf: a finite one leaves the lanes
    if (f.scalar != &StructuralParameters::challenger_backdown_cost) all.push_back(f.scalar);
  for (int round = 0; round < 400; ++round) {
    // Levers, burden share and type laws are the cell's; every lane field varies across the lanes.
    const Game cell = detsim::test::random_admissible(rng, detsim::Mode::policy);
    std::array<Game, detsim::lane_count> games;
    for (int k = 0; k < detsim::lane_count; ++k) {
      const Game drawn = (round + k) % 3 == 0 ? corner(rng, round + k) : detsim::test::random_admissible(rng, detsim::Mode::policy);
      games[k] = cell;
      games[k].parameters = drawn.parameters;
    }
    detsim::PolicyLaneGame lane_game;
    REQUIRE(detsim::policy_lane_game(cell, all, lane_game));
    std::array<std::array<double, detsim::lane_count>, detsim::n_lane_fields> values;
    std::array<const double*, detsim::n_lane_fields> columns;
    for (std::size_t f = 0; f < detsim::n_lane_fields; ++f) {
      for (int k = 0; k < detsim::lane_count; ++k) values[f][k] = games[k].parameters.*(detsim::lane_fields[f].scalar);
      columns[f] = values[f].data();
    }
    detsim::PolicyClosedForm<detsim::Lanes> lanes;
    detsim::solve_policy_lanes(lane_game, columns, 0, lanes);
    for (int k = 0; k < detsim::lane_count; ++k) {
      const Solution s = detsim::solve_policy(games[k]);
      const auto& c = s.branches[0].crisis;
      const auto& m = s.measures;
      INFO("round " << round << ", lane " << k);
      for (std::size_t o = 0; o < detsim::n_outcomes; ++o) CHECK(same_bits(lanes.outcomes[o][k], s.outcomes[o]));
      const std::tuple<const char*, const detsim::Lanes&, double> same[] = {
          {"v_F", lanes.v_F, c.v_F},
          {"k_star", lanes.k_star, c.k_star},
          {"q_tilde", lanes.q_tilde, c.q_tilde},
          {"p_challenge", lanes.gamma, m.p_challenge},
          {"p_resist", lanes.q, m.p_resist},
          {"p_war", lanes.p_war, m.p_war},
          {"p_war_given_challenge", lanes.p_war_given_challenge, m.p_war_given_challenge},
          {"p_nuclear_given_war", lanes.p_nuclear_given_war, m.p_nuclear_given_war},
          {"immediate_deterrence_success", lanes.immediate_deterrence_success, m.immediate_deterrence_success},
          {"abandonment_risk", lanes.abandonment_risk, m.abandonment_risk},
          {"challenger_prevails", lanes.challenger_prevails, m.challenger_prevails},
          {"eu_patron", lanes.eu_patron, m.eu_patron},
          {"eu_challenger", lanes.eu_challenger, m.eu_challenger},
          {"tripwire", lanes.tripwire, s.branches[0].form.tripwire},
          {"escalation", lanes.escalation, s.branches[0].form.escalation},
      };
      for (const auto& [name, lane, scalar] : same) {
        INFO(name);
        CHECK(same_bits(lane[k], scalar));
      }
    }
  }
}

TEST_CASE("only games the closed form solves go to the lanes", "[kernels]") {
  const std::vector<double StructuralParameters::*> none, backdown = {&StructuralParameters::challenger_backdown_cost},
                                                          income = {&StructuralParameters::patron_income};
  detsim::PolicyLaneGame out;
  Game g;
  CHECK(detsim::policy_lane_game(g, none, out));
  CHECK_FALSE(detsim::policy_lane_game(g, backdown, out));  // a drawn beta_C is finite
  CHECK_FALSE(detsim::policy_lane_game(g, income, out));    // no lane for it
  g.parameters.challenger_backdown_cost = 0.2;
  CHECK_FALSE(detsim::policy_lane_game(g, none, out));
  g = Game{};
  g.challenger_cost = detsim::TypeDistribution::truncated_normal(0.2, 0.4, -0.5, 1.0);
  CHECK_FALSE(detsim::policy_lane_game(g, none, out));
  g = Game{};
  g.mode = detsim::Mode::tying_hands;
  CHECK_FALSE(detsim::policy_lane_game(g, none, out));
}

TEST_CASE("a policy cell run on lanes equals the per-draw engine bit for bit", "[kernels]") {
  // Every prior kind, a paired reference cell that differs from most cells in a fixed parameter (an
  // axis) as well as in levers, sampled games and per-draw output; 1,001 draws end mid-chunk and
  // mid-lane.
  detsim::Scenario sc = detsim::parse_scenario(R"(
[parameters]
audience_cost_warning = { uniform = [0.1, 0.7] }
challenger_nuclear_cost = { truncated_normal = [5, 1, 0, 20] }
patron_nuclear_cost = { lognormal = [0.7, 0.3] }
escalation_logit_base = { normal = [-3, 0.5] }
challenger_cost_ratio_alone = { beta = [8, 2] }
allied_strength = { discrete = [2, 3, 4], weights = [1, 2, 1] }
[run]
draws = 1001
games = 3
per_draw = true
[sweep]
reference = 0
[sweep.axes]
levers.warning = [1, 0]
levers.visibility = [1, 0.5]
parameters.patron_war_cost_base = [0.1, 0.3]
)", "lanes.toml");
  for (std::size_t cell = 0; cell < sc.run.n_cells(); ++cell) {
    for (int threads : {1, 2}) {
      bool done_lanes = false, done_alone = false;
      const detsim::mc::CellResult lanes = detsim::mc::run_cell(sc.run, cell, {threads, nullptr, nullptr}, done_lanes);
      const detsim::mc::CellResult alone =
          detsim::mc::run_cell(sc.run, cell, {threads, nullptr, nullptr, nullptr, false}, done_alone);
      REQUIRE((done_lanes && done_alone));
      INFO("cell " << cell << ", " << threads << " threads");
      CHECK(lanes.summary.games[0] > 0);
      CHECK(std::memcmp(&lanes.summary, &alone.summary, sizeof lanes.summary) == 0);
      CHECK(std::memcmp(lanes.per_draw.data(), alone.per_draw.data(), lanes.per_draw.size() * sizeof(double)) == 0);
    }
  }
}
