// Policy mode (MODEL.md §4.5, §4.5.1): oracles of MODEL.md §5 and an independent evaluation.
#include <catch2/catch.hpp>
#include <cmath>

#include "fixtures.hpp"
#include "solve/policy.hpp"

using namespace detsim;

namespace {

// §4.5 written out again from the spec, sharing no code with the solver.
struct Independent {
  double v_F, q, q_tilde, k_star, gamma, sq, pbd, conv, nuc;
};
Independent evaluate_formulas(Levers l) {
  const double K_C = 1, K_A = 3, g_s = 1, c0 = 0.1, c1 = 0.4, a0 = 0, aw = 0.4, kP = 2, kC = 5, psi = 0.8;
  const double pJ = K_C / (K_C + K_A + g_s * l.visibility), pR = K_C / (K_C + l.burden * K_A);
  const double cP = c0 + c1 * (1 - l.burden), a = a0 + aw * l.warning;
  const double pi = 1 / (1 + std::exp(-(-3 + 1 * l.visibility)));
  const double tau = 0.05 * l.visibility + 0.1 * (1 - l.burden);
  const double AW = (1 - pi) * pJ, X = (1 - pi) * cP + pi * kP, D = pR - AW;
  const double alphaW = (1 - pi) * pJ - pi * kC, omegaW = 1 - pi;
  Independent r;
  r.v_F = (X - a) / D;
  r.q = 1 - std::clamp(r.v_F / 4.0, 0.0, 1.0);
  r.q_tilde = tau + (1 - tau) * r.q;
  r.k_star = (r.q_tilde * alphaW + (1 - r.q_tilde) * pR) / (r.q_tilde * omegaW + (1 - r.q_tilde) * psi);
  r.gamma = std::clamp((r.k_star + 0.5) / 1.5, 0.0, 1.0);
  r.sq = 1 - r.gamma;
  r.pbd = r.gamma * (1 - tau) * (1 - r.q);
  r.nuc = pi * r.gamma * r.q_tilde;
  r.conv = (1 - pi) * r.gamma * r.q_tilde;
  return r;
}

}  // namespace

TEST_CASE("O8: policy mode equals the closed form of §4.5 at the NCG levers", "[policy][oracle]") {
  for (Levers l : {Levers{1, 1, 0.5}, Levers{0, 1, 0.5}, Levers{0, 0.5, 0.7}}) {
    INFO("levers " << l.warning << " " << l.visibility << " " << l.burden);
    const Solution s = solve_policy(test::unified_baseline(Mode::policy, l));
    const Independent e = evaluate_formulas(l);
    const CrisisResponse& c = s.branches[0].crisis;
    CHECK(c.v_F == Approx(e.v_F).margin(1e-12));
    CHECK(c.q == Approx(e.q).margin(1e-12));
    CHECK(c.q_tilde == Approx(e.q_tilde).margin(1e-12));
    CHECK(c.k_star == Approx(e.k_star).margin(1e-12));
    CHECK(s.measures.p_challenge == Approx(e.gamma).margin(1e-12));
    CHECK(s.p(Outcome::status_quo) == Approx(e.sq).margin(1e-12));
    CHECK(s.p(Outcome::patron_backs_down) == Approx(e.pbd).margin(1e-12));
    CHECK(s.p(Outcome::conventional_war) == Approx(e.conv).margin(1e-12));
    CHECK(s.p(Outcome::nuclear_war) == Approx(e.nuc).margin(1e-12));
    CHECK(s.p(Outcome::rebuffed) == 0.0);
  }
  const Solution ncg5 = solve_policy(test::unified_baseline(Mode::policy, {0, 0.5, 0.7}));
  CHECK(ncg5.measures.p_challenge > 0.4);
  CHECK(ncg5.measures.p_challenge < 0.55);
}

TEST_CASE("O2 (policy part): with no audience cost the Fearon core has Pr(challenge) 0.8", "[policy][oracle]") {
  const Solution s = solve_policy(test::fearon_core(Mode::policy, 0.0));
  CHECK(s.branches[0].crisis.q == Approx(0.625).margin(1e-12));
  CHECK(s.measures.p_challenge == Approx(0.8).margin(1e-12));
  CHECK(s.measures.p_war == Approx(0.5).margin(1e-12));
  CHECK(s.p(Outcome::patron_backs_down) == Approx(0.3).margin(1e-12));
}

TEST_CASE("O11: with a perfect tripwire the warning is irrelevant", "[policy][oracle]") {
  for (double w : {0.0, 1.0}) {
    Game g = test::unified_baseline(Mode::policy, {w, 1.0, 0.5});
    g.parameters.tripwire_visibility = 1.0;
    g.parameters.tripwire_ground = 0.0;
    CHECK(solve_policy(g).measures.p_challenge == Approx(0.0155490558779577).margin(1e-12));
  }
}

TEST_CASE("O12: a full burden shift without visibility decouples the patron", "[policy][oracle]") {
  const Solution s = solve_policy(test::unified_baseline(Mode::policy, {0, 0, 1}));
  CHECK(s.branches[0].form.Delta == Approx(0.01186).margin(5e-6));
  CHECK(s.branches[0].crisis.v_F == Approx(16.03).margin(5e-3));
  CHECK(s.branches[0].crisis.q == 0.0);
  CHECK(s.measures.p_challenge == Approx(13.0 / 24).margin(1e-12));
  CHECK(s.p(Outcome::patron_backs_down) == Approx(13.0 / 24).margin(1e-12));
  CHECK(s.measures.p_war == 0.0);
}

TEST_CASE("O10: a challenger who can back down gives a unique interior fixed point", "[policy][oracle]") {
  Game g = test::unified_baseline(Mode::policy, {0, 1, 0.5});
  g.parameters.challenger_backdown_cost = 0.1;
  const Solution s = solve_policy(g);
  const CrisisResponse& c = s.branches[0].crisis;
  CHECK(c.kind == CrisisKind::pure);
  CHECK(c.phi > 0.0);
  CHECK(c.phi < 1.0);
  CHECK(c.residual < 1e-12);
  CHECK(s.p(Outcome::rebuffed) > 0.0);

  SECTION("threats fail where they are most credible (Fearon 2002): adding the warning raises phi to 1") {
    g.levers.warning = 1.0;
    CHECK(solve_policy(g).branches[0].crisis.phi == Approx(1.0).margin(1e-12));
  }
}

TEST_CASE("with tau = psi = 0 and no pure fixed point the equilibrium is mixed (§4.5.1)", "[policy][oracle]") {
  Game g = test::fearon_core(Mode::policy, 0.0);
  g.parameters.challenger_backdown_cost = 0.5;
  const Solution s = solve_policy(g);
  const CrisisResponse& c = s.branches[0].crisis;
  REQUIRE(c.kind == CrisisKind::mixed);
  CHECK(c.q == Approx(2.0 / 3).margin(1e-12));
  CHECK(c.phi == Approx(10.0 / 11).margin(1e-12));
  CHECK(c.mix_above == Approx(7.0 / 30).margin(1e-12));
  CHECK(c.gamma == Approx(0.77).margin(1e-12));
  double total = 0;
  for (double p : s.outcomes) total += p;
  CHECK(total == Approx(1.0).margin(1e-14));
}

TEST_CASE("expected utilities equal a direct integral over types", "[policy]") {
  Game g = test::unified_baseline(Mode::policy, {0, 0.5, 0.7});
  g.parameters.challenger_backdown_cost = 0.3;
  const Solution s = solve_policy(g);
  const CrisisResponse& c = s.branches[0].crisis;
  const ReducedForm& r = s.branches[0].form;
  // Midpoint rule over the patron's types v ~ U[0, 4] and the challenger's k ~ U[-0.5, 1].
  const int n = 200000;
  double eu_p = 0, eu_c = 0;
  for (int i = 0; i < n; ++i) {
    const double v = 4.0 * (i + 0.5) / n;
    const double if_challenged = r.tripwire * r.patron_war(v) +
                                 (1 - r.tripwire) * (v >= c.v_F ? c.phi * r.patron_war(v) : r.patron_backs_down(v));
    eu_p += (-r.policy_cost + c.gamma * if_challenged) / n;
    const double k = -0.5 + 1.5 * (i + 0.5) / n;
    const double resisted = k <= c.k_fight ? r.challenger_war(k) : -r.challenger_backdown_cost;
    const double value = r.tripwire * r.challenger_war(k) +
                         (1 - r.tripwire) * (c.q * resisted + (1 - c.q) * r.challenger_alone(k));
    if (k <= c.k_star) eu_c += value / n;
  }
  CHECK(s.measures.eu_patron == Approx(eu_p).margin(1e-6));
  CHECK(s.measures.eu_challenger == Approx(eu_c).margin(1e-6));
}
