// Comparative statics of MODEL.md §5 over random admissible parameter draws. Each property is
// proven for the model; a single violation is a bug (no statistical tolerance needed).
#include <catch2/catch.hpp>
#include <random>

#include "fixtures.hpp"
#include "solve/policy.hpp"
#include "solve/signalling.hpp"
#include "solve/solve.hpp"

using namespace detsim;

namespace {
constexpr int n_draws = 2000;
constexpr double slack = 1e-12;  // rounding only
}  // namespace

TEST_CASE("CS1, CS3: omitting the warning never lowers the chance of a challenge or of abandonment", "[statics]") {
  std::mt19937_64 rng(101);
  for (int i = 0; i < n_draws; ++i) {
    Game g = test::random_admissible(rng, Mode::policy);
    g.levers.warning = 1.0;
    const Solution warned = solve_policy(g);
    g.levers.warning = 0.0;
    const Solution omitted = solve_policy(g);
    INFO("draw " << i);
    CHECK(omitted.measures.p_challenge >= warned.measures.p_challenge - slack);
    CHECK(omitted.p(Outcome::patron_backs_down) >= warned.p(Outcome::patron_backs_down) - slack);
  }
}

TEST_CASE("CS2: silence is read as weakness: Pr(challenge | omitted) >= Pr(challenge | warned)", "[statics]") {
  std::mt19937_64 rng(102);
  for (int i = 0; i < n_draws; ++i) {
    const Solution s = solve_signalling(test::random_admissible(rng, Mode::tying_hands));
    INFO("draw " << i);
    REQUIRE(s.is_equilibrium());
    CHECK(s.branches[0].crisis.gamma >= s.branches[1].crisis.gamma - slack);
  }
}

TEST_CASE("CS4: a higher 'end of regime' cost never raises the chance of a challenge", "[statics]") {
  std::mt19937_64 rng(104);
  for (Mode mode : {Mode::policy, Mode::tying_hands}) {
    for (int i = 0; i < n_draws; ++i) {
      Game g = test::random_admissible(rng, mode);
      const double before = solve(g).measures.p_challenge;
      g.parameters.challenger_nuclear_cost += 2.0;
      INFO("mode " << mode_name(mode) << ", draw " << i);
      CHECK(solve(g).measures.p_challenge <= before + slack);
    }
  }
}

TEST_CASE("CS5: in policy mode a stronger tripwire never raises the chance of a challenge", "[statics]") {
  std::mt19937_64 rng(105);
  for (int i = 0; i < n_draws; ++i) {
    Game g = test::random_admissible(rng, Mode::policy);
    const double before = solve_policy(g).measures.p_challenge;
    g.parameters.tripwire_ground += 0.2;  // stays <= 1 with tripwire_visibility <= 0.3
    INFO("draw " << i);
    CHECK(solve_policy(g).measures.p_challenge <= before + slack);
  }
}

TEST_CASE("CS7: once the audience cost exceeds a_min, raising it leaves the tying-hands cutoff unchanged", "[statics]") {
  std::mt19937_64 rng(107);
  int separating = 0;
  for (int i = 0; i < n_draws; ++i) {
    Game g = test::random_admissible(rng, Mode::tying_hands);
    const Solution s = solve_signalling(g);
    if (s.equilibrium_case != EquilibriumCase::separating) continue;
    ++separating;
    g.parameters.audience_cost_warning += 0.5;
    const Solution more = solve_signalling(g);
    INFO("draw " << i);
    CHECK(more.equilibrium_case == EquilibriumCase::separating);
    CHECK(more.cutoff == Approx(s.cutoff).margin(1e-12));
  }
  CHECK(separating > n_draws / 10);  // the property was exercised
}

TEST_CASE("no sign is hard-coded where the model has none: war under omission, challenges under burden", "[statics]") {
  std::mt19937_64 rng(108);
  int war_up = 0, war_down = 0, ch_up = 0, ch_down = 0;
  for (int i = 0; i < n_draws; ++i) {
    Game g = test::random_admissible(rng, Mode::policy);
    g.levers.warning = 1.0;
    const double war_warned = solve_policy(g).measures.p_war;
    g.levers.warning = 0.0;
    const double war_omitted = solve_policy(g).measures.p_war;
    war_up += war_omitted > war_warned + slack;
    war_down += war_omitted < war_warned - slack;
    const double ch = solve_policy(g).measures.p_challenge;
    g.levers.burden = std::min(1.0, g.levers.burden + 0.2);
    const double ch_more_burden = solve_policy(g).measures.p_challenge;
    ch_up += ch_more_burden > ch + slack;
    ch_down += ch_more_burden < ch - slack;
  }
  CHECK(war_up > 0);
  CHECK(war_down > 0);
  CHECK(ch_up > 0);
  CHECK(ch_down > 0);
}
