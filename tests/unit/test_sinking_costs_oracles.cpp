// Sinking costs with visible assets (MODEL.md §4.6.2): Fearon's oracles, multiplicity and the
// tangency at the least-cost separating signal.
#include <catch2/catch.hpp>
#include <cmath>

#include "fixtures.hpp"
#include "solve/crisis.hpp"
#include "solve/signalling.hpp"

using namespace detsim;

TEST_CASE("O4: a sunk cost below m_F gives a unique bluffing cutoff 0.5", "[sinking_costs][oracle]") {
  const Solution s = solve_signalling(test::fearon_core(Mode::sinking_costs, 0.0, 0.3));
  CHECK(s.n_equilibria == 1);
  CHECK(s.equilibrium_case == EquilibriumCase::bluffing);
  CHECK(s.cutoff == Approx(0.5).margin(1e-12));
  CHECK(s.branches[1].crisis.gamma == Approx(0.4).margin(1e-12));
  CHECK(s.measures.p_challenge == Approx(0.55).margin(1e-12));
  CHECK(s.measures.p_war == Approx(0.25).margin(1e-12));
  CHECK(s.measures.eu_patron == Approx(-0.5375).margin(1e-12));
}

TEST_CASE("O5: m_F = c separates at v_F, and m = 0.7 has two interior equilibria and the pool", "[sinking_costs][oracle]") {
  const Solution at_mF = solve_signalling(test::fearon_core(Mode::sinking_costs, 0.0, 0.6));
  CHECK(at_mF.cutoff == Approx(0.75).margin(1e-12));
  CHECK(at_mF.equilibrium_case == EquilibriumCase::separating);

  const Solution s = solve_signalling(test::fearon_core(Mode::sinking_costs, 0.0, 0.7));
  REQUIRE(s.n_equilibria == 3);
  CHECK(s.equilibria[0] == Approx(1.375).margin(1e-12));
  CHECK(s.equilibria[1] == Approx(0.975 / 0.55).margin(1e-12));
  CHECK(s.equilibria[2] == 2.0);  // nobody signals
  CHECK(s.stable[0]);
  CHECK_FALSE(s.stable[1]);
  CHECK(s.stable[2]);
  CHECK(s.cutoff == Approx(1.375).margin(1e-12));  // the lowest stable cutoff is selected
}

TEST_CASE("O6: tying hands risks more war but pays the defender more than sinking costs", "[sinking_costs][oracle]") {
  const Solution th = solve_signalling(test::fearon_core(Mode::tying_hands, 0.55));
  const Solution sc = solve_signalling(test::fearon_core(Mode::sinking_costs, 0.0, 0.6));
  CHECK(th.measures.p_war == Approx(0.1875).margin(1e-12));
  CHECK(sc.measures.p_war == Approx(0.125).margin(1e-12));
  CHECK(th.measures.eu_patron == Approx(-0.15625).margin(1e-12));
  CHECK(sc.measures.eu_patron == Approx(-0.625).margin(1e-12));
  CHECK(th.measures.p_war > sc.measures.p_war);
  CHECK(th.measures.eu_patron > sc.measures.eu_patron);
}

namespace {
Game ub_cost_only(double m) {
  Game g = test::unified_baseline(Mode::sinking_costs, {0, 1, 0.5});
  g.visibility_signal = VisibilitySignal::cost_only;
  g.parameters.visibility_cost = m;
  return g;
}
}  // namespace

TEST_CASE("the least-cost separating signal is a tangency that the search still finds", "[sinking_costs]") {
  const ReducedForm r = reduce(StructuralParameters{}, Levers{0, 1, 0.5});
  const double v_F = resist_cutoff(r);
  const TypeDistribution G = TypeDistribution::uniform(-0.5, 1.0);
  const double m_F = (G.cdf(challenge_cutoff(r, r.tripwire)) - G.cdf(challenge_cutoff(r, 1.0))) * (r.p_alone * v_F + r.audience_cost);
  CHECK(v_F == Approx(2.2455).margin(5e-5));
  CHECK(m_F == Approx(0.5211).margin(5e-5));
  const Game g = ub_cost_only(m_F);
  CHECK(std::abs(signalling_condition(g, v_F)) < 1e-12);
  CHECK(signalling_condition(g, v_F - 1e-3) < 0);
  CHECK(signalling_condition(g, v_F + 1e-3) < 0);
  const Solution s = solve_signalling(g);
  bool found = false;
  for (int i = 0; i < s.n_stored; ++i)
    if (std::abs(s.equilibria[i] - v_F) < 1e-9) {
      found = true;
      CHECK_FALSE(s.stable[i]);  // touched from below on both sides: not stable
    }
  CHECK(found);
}

TEST_CASE("below m_F a bluffing and a no-bluff equilibrium coexist with the pool", "[sinking_costs]") {
  const Solution s = solve_signalling(ub_cost_only(0.45));
  REQUIRE(s.n_equilibria == 3);
  CHECK(s.equilibria[0] == Approx(2.0891).margin(5e-5));
  CHECK(s.equilibria[1] == Approx(2.8573).margin(5e-5));
  CHECK(s.equilibria[2] == 4.0);
  CHECK(s.equilibrium_case == EquilibriumCase::bluffing);
}
