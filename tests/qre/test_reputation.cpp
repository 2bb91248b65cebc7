// Reputation over several crises (MODEL.md §4.9): oracles O14, O15, O17.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "io/scenario.hpp"
#include "mc/reputation_sim.hpp"
#include "model/reduced_form.hpp"
#include "solve/policy.hpp"
#include "solve/reputation.hpp"
#include "solve/solve.hpp"

using namespace detsim;

namespace {

Game ub_reputation(ReputationPatron patron, int T, double delta = 0.0) {
  Game g;
  g.mode = Mode::reputation;
  g.levers = {0.0, 0.5, 0.7};
  g.reputation.patron = patron;
  g.reputation.crises = T;
  g.reputation.discount = delta;
  return g;
}

// C's challenge probability when the patron resists with probability q (formula of §4.5).
double gamma_at(const Game& g, double q) {
  const ReducedForm r = reduce(g.parameters, g.levers);
  const double qt = r.tripwire + (1 - r.tripwire) * q;
  const double k = (qt * r.alpha_W + (1 - qt) * r.p_alone) / (qt * r.omega_W + (1 - qt) * r.challenger_cost_ratio_alone);
  return g.challenger_cost.cdf(k);
}

void check_sums(const ReputationPath& path) {
  for (const auto& c : path.crises) {
    double total = 0;
    for (double p : c.outcomes) {
      CHECK(p >= -1e-15);
      total += p;
    }
    CHECK(total == Approx(1.0).margin(1e-12));
    CHECK(c.p_challenge == Approx(1 - c.outcomes[0]).margin(1e-12));
  }
}

}  // namespace

TEST_CASE("Kreps–Wilson thresholds, mixing and posteriors (O14)", "[reputation][O14]") {
  const double b = 13.0 / 23, a = 1.25, mu = 0.3;
  CHECK(std::pow(b, 3) == Approx(2197.0 / 12167).margin(1e-15));
  CHECK(std::pow(b, 2) == Approx(169.0 / 529).margin(1e-15));
  CHECK(kreps_wilson_challenge(b, a, mu, 3) == 0.0);
  CHECK(kreps_wilson_challenge(b, a, mu, 2) == 1.0);
  const double beta = kreps_wilson_weak_resist(b, mu, 2);
  CHECK(beta == Approx(30.0 / 91).margin(1e-14));
  CHECK(mu + (1 - mu) * beta == Approx(69.0 / 130).margin(1e-14));
  CHECK(kreps_wilson_posterior_after_resist(b, mu, 2) == Approx(13.0 / 23).margin(1e-14));
  CHECK(kreps_wilson_challenge(b, a, b, 1) == Approx(0.2).margin(1e-14));
  CHECK(kreps_wilson_weak_resist(b, mu, 1) == 0.0);
}

TEST_CASE("the chain-store scenario maps onto Kreps–Wilson and follows its path (O14)", "[reputation][O14]") {
  const Scenario sc = load_scenario(std::string(DETSIM_SOURCE_DIR) + "/scenarios/reputation-chain-store.toml");
  const ReputationPath path = solve_reputation_path(sc.game);
  CHECK(path.b_kw == Approx(13.0 / 23).margin(1e-12));
  CHECK(path.a_kw == Approx(1.25).margin(1e-12));
  REQUIRE(path.crises.size() == 3);
  check_sums(path);
  CHECK(path.crises[0].p_challenge == Approx(0.0).margin(1e-12));  // n = 3: mu = .3 >= b^3
  CHECK(path.crises[1].p_challenge == Approx(1.0).margin(1e-12));  // n = 2: mu < b^2
  CHECK(path.crises[1].credibility == Approx(69.0 / 130).margin(1e-12));
  // n = 1: after resistance mu = b and C challenges with prob .2; after a back-down it always does.
  CHECK(path.crises[2].p_challenge == Approx(69.0 / 130 * 0.2 + 61.0 / 130).margin(1e-12));
  CHECK(path.crises[2].reputation == Approx(13.0 / 23).margin(1e-12));
}

TEST_CASE("myopic two-crisis reputation: closed form and Monte Carlo agree (O15)", "[reputation][O15]") {
  const Game g = ub_reputation(ReputationPatron::myopic, 2);
  const ReducedForm r = reduce(g.parameters, g.levers);
  const Solution policy = solve_policy([&] {
    Game p = g;
    p.mode = Mode::policy;
    return p;
  }());
  const double gamma = policy.branches[0].crisis.gamma, q = policy.branches[0].crisis.q, tau = r.tripwire;
  const double formula = (1 - gamma) * gamma + gamma * tau * gamma +
                         gamma * (1 - tau) * (q * gamma_at(g, 1.0) + (1 - q) * gamma_at(g, 0.0));
  const ReputationPath path = solve_reputation_path(g);
  check_sums(path);
  CHECK(path.crises[0].p_challenge == Approx(gamma).margin(1e-14));
  CHECK(path.crises[1].p_challenge == Approx(formula).margin(1e-13));

  // Simulated crisis sequences (independent of the path code): 4 standard errors; the false-alarm
  // rate of a 4-sigma bound is about 6e-5.
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int n = 200000;
  const double v_F = policy.branches[0].crisis.v_F;
  int challenged2 = 0;
  for (int i = 0; i < n; ++i) {
    const double v = g.patron_resolve.quantile(u(rng));
    double q_belief = q;  // C's credibility after crisis 1
    const double k1 = g.challenger_cost.quantile(u(rng));
    if (g.challenger_cost.cdf(k1) <= gamma && u(rng) >= tau) q_belief = v >= v_F ? 1.0 : 0.0;
    const double k2 = g.challenger_cost.quantile(u(rng));
    if (g.challenger_cost.cdf(k2) <= gamma_at(g, q_belief)) ++challenged2;
  }
  const double p_hat = static_cast<double>(challenged2) / n;
  CHECK(std::abs(p_hat - formula) < 4 * std::sqrt(formula * (1 - formula) / n));
}

TEST_CASE("forward-looking patron: c_1(0) is v_F and falls as delta rises (O17)", "[reputation][O17]") {
  const Game g0 = ub_reputation(ReputationPatron::forward_looking, 2, 0.0);
  const double lo = g0.patron_resolve.lo(), hi = g0.patron_resolve.hi();
  Game policy = g0;
  policy.mode = Mode::policy;
  const double v_F = solve(policy).branches[0].crisis.v_F;
  const double c0 = reputation_cutoff(g0, 1, lo, hi);
  CHECK(c0 == Approx(v_F).margin(1e-12));
  const double c5 = reputation_cutoff(ub_reputation(ReputationPatron::forward_looking, 2, 0.5), 1, lo, hi);
  const double c9 = reputation_cutoff(ub_reputation(ReputationPatron::forward_looking, 2, 0.9), 1, lo, hi);
  CHECK(c5 < c0);
  CHECK(c9 < c5);
  // The crisis-1 cutoff solves W(c) + d g2([c,hi]) V(c) = B(c) + d g2([lo,c)) V(c) (§4.9b), here
  // with uniform F: credibility 1 after resistance, 0 after backing down.
  const Game g = ub_reputation(ReputationPatron::forward_looking, 2, 0.9);
  const ReducedForm r = reduce(g.parameters, g.levers);
  auto Vc = [&](double v) {
    return r.tripwire * r.patron_war(v) + (1 - r.tripwire) * std::max(r.patron_war(v), r.patron_backs_down(v));
  };
  const double v_F2 = (r.X - r.audience_cost) / (r.p_alone - r.A_W);  // crisis-2 resist cutoff
  auto g2 = [&](double a, double b) { return gamma_at(g, std::clamp((std::min(b, hi) - std::max(a, v_F2)) / (b - a), 0.0, 1.0)); };
  const double lhs = r.patron_war(c9) + 0.9 * g2(c9, hi) * Vc(c9);
  const double rhs = r.patron_backs_down(c9) + 0.9 * g2(lo, c9) * Vc(c9);
  CHECK(lhs - rhs == Approx(0.0).margin(1e-9));
  const ReputationPath path = solve_reputation_path(g);
  check_sums(path);
  CHECK(path.crises[0].first_cutoff == Approx(c9).margin(1e-12));
}

TEST_CASE("forward-looking reputation over more crises stays a probability path", "[reputation]") {
  for (int T : {3, 4}) {
    const ReputationPath path = solve_reputation_path(ub_reputation(ReputationPatron::forward_looking, T, 0.9));
    REQUIRE(static_cast<int>(path.crises.size()) == T);
    check_sums(path);
    for (const auto& c : path.crises) CHECK(c.n_states <= (1 << T));
  }
}

TEST_CASE("simulated crisis sequences agree with the closed forms within 4 standard errors", "[reputation][mc]") {
  // Each check is a 4-sigma bound (false-alarm rate about 6e-5 each; 3 games x 3 crises x 5 outcomes).
  std::vector<Game> games = {ub_reputation(ReputationPatron::myopic, 3),
                             ub_reputation(ReputationPatron::forward_looking, 3, 0.9),
                             load_scenario(std::string(DETSIM_SOURCE_DIR) + "/scenarios/reputation-chain-store.toml").game};
  for (const Game& g : games) {
    const ReputationPath path = solve_reputation_path(g);
    const std::uint64_t n = 100000;
    const mc::ReputationCounts counts = mc::simulate_reputation(g, 7, 0, n);
    REQUIRE(counts.sequences == n);
    for (int t = 0; t < g.reputation.crises; ++t)
      for (std::size_t o = 0; o < n_outcomes; ++o) {
        const double p = path.crises[t].outcomes[o];
        const double p_hat = static_cast<double>(counts.outcomes[t][o]) / n;
        INFO("patron " << static_cast<int>(g.reputation.patron) << " crisis " << t + 1 << " outcome " << o);
        CHECK(std::abs(p_hat - p) <= 4 * std::sqrt(p * (1 - p) / n) + 1e-12);
      }
    // Splitting the sequences does not change the counts (counter-based streams).
    const mc::ReputationCounts a = mc::simulate_reputation(g, 7, 0, 400), b = mc::simulate_reputation(g, 7, 400, 600),
                               whole = mc::simulate_reputation(g, 7, 0, 1000);
    for (int t = 0; t < g.reputation.crises; ++t)
      for (std::size_t o = 0; o < n_outcomes; ++o) CHECK(a.outcomes[t][o] + b.outcomes[t][o] == whole.outcomes[t][o]);
  }
}
