// Tying hands with the warning (MODEL.md §4.6.1): Fearon's oracles and the unified baseline.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "fixtures.hpp"
#include "solve/policy.hpp"
#include "solve/signalling.hpp"

using namespace detsim;

TEST_CASE("O1: with a >= a_min nobody bluffs and the cutoff is pc/(1-p^2)", "[tying_hands][oracle]") {
  const Solution s = solve_signalling(test::fearon_core(Mode::tying_hands, 0.55));
  const double p = 0.2, c = 0.6;
  CHECK(s.equilibrium_case == EquilibriumCase::separating);
  CHECK(s.cutoff == Approx(p * c / (1 - p * p)).margin(1e-12));
  CHECK(c - (1 - p) * s.cutoff == Approx(c / (1 + p)).margin(1e-12));  // a_min = 0.5
  CHECK(s.branches[1].crisis.gamma == Approx(0.2).margin(1e-12));
  CHECK(s.branches[0].crisis.gamma == Approx(1.0).margin(1e-12));
  CHECK(s.branches[1].mass == Approx(0.9375).margin(1e-12));
  CHECK(s.measures.p_challenge == Approx(0.25).margin(1e-12));
  CHECK(s.measures.p_war == Approx(0.1875).margin(1e-12));
  CHECK(s.p(Outcome::patron_backs_down) == Approx(0.0625).margin(1e-12));
  CHECK(s.measures.bluff_rate == 0.0);
  CHECK(s.n_equilibria == 1);
}

TEST_CASE("O2: zero audience cost means no tying hands: the warning pools", "[tying_hands][oracle]") {
  const Solution th = solve_signalling(test::fearon_core(Mode::tying_hands, 0.0));
  const Solution policy = solve_policy(test::fearon_core(Mode::policy, 0.0));
  CHECK(th.equilibrium_case == EquilibriumCase::all_signal);
  CHECK(th.measures.p_challenge == Approx(0.8).margin(1e-12));
  for (std::size_t i = 0; i < n_outcomes; ++i) CHECK(th.outcomes[i] == Approx(policy.outcomes[i]).margin(1e-12));
}

TEST_CASE("O3: with a < a_min some warners bluff", "[tying_hands][oracle]") {
  const Game g = test::fearon_core(Mode::tying_hands, 0.3);
  const Solution s = solve_signalling(g);
  CHECK(s.equilibrium_case == EquilibriumCase::bluffing);
  CHECK(s.cutoff == Approx((-1.225 + std::sqrt(2.340625)) / 2).margin(1e-12));
  CHECK(s.cutoff == Approx(0.152455064039712).margin(1e-12));
  CHECK(s.branches[1].crisis.v_F == Approx(0.375).margin(1e-12));
  CHECK(s.measures.bluff_rate > 0.0);
  CHECK(std::abs(signalling_condition(g, s.cutoff)) < 1e-12);
}

TEST_CASE("O9: at the NCG5 levers the root-finder finds the case (i) closed form", "[tying_hands][oracle]") {
  const Game g = test::unified_baseline(Mode::tying_hands, {0, 0.5, 0.7});
  const Solution fast = solve_signalling(g);
  const Solution generic = solve_signalling(g, {.force_generic = true});
  REQUIRE(fast.equilibrium_case == EquilibriumCase::separating);
  REQUIRE(generic.equilibrium_case == EquilibriumCase::separating);
  CHECK(fast.cutoff == Approx(tying_hands_closed_form(g)).margin(1e-12));
  CHECK(generic.cutoff == Approx(tying_hands_closed_form(g)).margin(1e-12));
  CHECK(generic.n_equilibria == 1);
  CHECK(fast.branches[0].crisis.gamma > fast.branches[1].crisis.gamma);
}

TEST_CASE("O9b: at (s, b) = (1, 0.5) the tying-hands equilibrium bluffs", "[tying_hands][oracle]") {
  const Game g = test::unified_baseline(Mode::tying_hands, {0, 1, 0.5});
  const Solution s = solve_signalling(g);
  CHECK(s.equilibrium_case == EquilibriumCase::bluffing);
  CHECK(s.measures.bluff_rate > 0.0);
  CHECK(s.measures.bluff_rate < 1.0);
  CHECK(std::abs(signalling_condition(g, s.cutoff)) < 1e-12);
  CHECK(solve_signalling(g, {.force_generic = true}).cutoff == Approx(s.cutoff).margin(1e-12));
}

TEST_CASE("O11: with a perfect tripwire the warning does not move the challenger", "[tying_hands][oracle]") {
  Game g = test::unified_baseline(Mode::tying_hands, {0, 1, 0.5});
  g.parameters.tripwire_visibility = 1.0;
  g.parameters.tripwire_ground = 0.0;
  const Solution s = solve_signalling(g);
  CHECK(s.branches[1].crisis.gamma == Approx(0.0155490558779577).margin(1e-12));
  CHECK(s.branches[0].crisis.gamma == Approx(0.0155490558779577).margin(1e-12));
  CHECK(s.measures.p_challenge == Approx(0.0155490558779577).margin(1e-12));
}

TEST_CASE("the tying-hands shortcut and the generic search agree on random admissible games", "[tying_hands]") {
  std::mt19937_64 rng(7);
  int compared = 0;
  for (int i = 0; i < 300; ++i) {
    const Game g = test::random_admissible(rng, Mode::tying_hands);
    const Solution fast = solve_signalling(g);
    const Solution generic = solve_signalling(g, {.force_generic = true});
    INFO("draw " << i);
    REQUIRE(fast.is_equilibrium());
    REQUIRE(generic.is_equilibrium());
    // Uniqueness (§4.6.1) up to outcome equivalence: where nobody challenges on either branch, Phi
    // also vanishes on a stretch near v_hi, and those cutoffs give the same outcomes.
    CHECK(generic.n_equilibria == 1);
    CHECK(fast.cutoff == Approx(generic.cutoff).margin(1e-9));
    CHECK(fast.measures.p_challenge == Approx(generic.measures.p_challenge).margin(1e-9));
    ++compared;
  }
  CHECK(compared == 300);
}
