// Olson–Zeckhauser burden sharing (MODEL.md §2.2, O16) and the risk-choice module (§3.3, O18).
#include <catch2/catch.hpp>

#include <random>

#include "io/scenario.hpp"
#include "support/scenario_error.hpp"
#include "model/burden.hpp"
#include "model/reduced_form.hpp"
#include "model/risk_choice.hpp"
#include "solve/solve.hpp"

using namespace detsim;
using Catch::Matchers::Contains;

using test::scenario_error;

TEST_CASE("Olson–Zeckhauser voluntary provision (O16)", "[burden][O16]") {
  const ProvisionEquilibrium a = voluntary_provision({10, 2}, {0.9, 0.9});
  CHECK(a.contributions[1] == 0.0);  // complete free-riding by the small ally
  CHECK(a.total == Approx(1.0).margin(1e-14));
  const ProvisionEquilibrium b = voluntary_provision({10, 2}, {0.9, 0.6});
  CHECK(b.total == Approx(12 / 11.5).margin(1e-14));
  CHECK(b.share(1) == Approx(5.0 / 12).margin(1e-14));
  CHECK(endogenous_burden_share(10, 0.9, 2, 0.6) == Approx(5.0 / 12).margin(1e-14));
  // Equal alpha, both contributing: b - y_R/Y = alpha (y_R - y_P) / ((1 - alpha) Y) < 0.
  const double alpha = 0.3, yP = 6, yR = 4, Y = yP + yR;
  const double share = endogenous_burden_share(yP, alpha, yR, alpha);
  CHECK(share - yR / Y == Approx(alpha * (yR - yP) / ((1 - alpha) * Y)).margin(1e-14));
  CHECK(share < yR / Y);
  // Each contributor's best response holds: x_i = max(0, y_i - r_i X).
  for (std::size_t i = 0; i < 2; ++i) {
    const double r = (i == 0 ? 0.9 : 0.6) / (1 - (i == 0 ? 0.9 : 0.6));
    CHECK(b.contributions[i] == Approx(std::max(0.0, (i == 0 ? 10.0 : 2.0) - r * b.total)).margin(1e-14));
  }
}

TEST_CASE("the two-ally closed form is the general voluntary-provision equilibrium", "[burden][O16]") {
  // 2,000 random allies, a third of them in the free-riding corners (weights far apart).
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> income(0.1, 20.0), weight(0.01, 0.99);
  int corners = 0;
  for (int i = 0; i < 2000; ++i) {
    const double yP = income(rng), yR = income(rng), aP = weight(rng), aR = weight(rng);
    const double general = voluntary_provision({yP, yR}, {aP, aR}).share(1);
    const double closed = endogenous_burden_share(yP, aP, yR, aR);
    INFO("y = (" << yP << ", " << yR << "), alpha = (" << aP << ", " << aR << ")");
    CHECK(closed == Approx(general).margin(1e-12));
    corners += closed == 0.0 || closed == 1.0;
  }
  CHECK(corners > 100);
}

TEST_CASE("a burden share the allies choose plays exactly like that share set as a lever", "[burden][scenario]") {
  const Scenario chosen = parse_scenario("[levers]\nburden = \"olson-zeckhauser\"\n", "oz.toml");
  CHECK(chosen.game.parameters.burden_from_provision);
  CHECK(burden_share(chosen.game.parameters, chosen.game.levers) == Approx(5.0 / 12).margin(1e-14));
  const Scenario fixed = parse_scenario("[levers]\nburden = 0.4166666666666667\n", "fixed.toml");
  const Solution a = solve(chosen.game), b = solve(fixed.game);
  for (std::size_t o = 0; o < n_outcomes; ++o) CHECK(a.outcomes[o] == Approx(b.outcomes[o]).margin(1e-12));
  // Equal private weights: the small ally free-rides completely (O16), whatever the lever says.
  const Scenario free_riding = parse_scenario(
      "[levers]\nburden = \"olson-zeckhauser\"\n[parameters]\npatron_private_weight = 0.9\nprotege_private_weight = 0.9\n",
      "fr.toml");
  CHECK(burden_share(free_riding.game.parameters, free_riding.game.levers) == 0.0);
}

TEST_CASE("with eta < 0 shifting the burden to the protege weakens the alliance, and at b_ref eta does nothing",
          "[burden]") {
  StructuralParameters p;
  p.allied_strength_burden_elasticity = -0.8;
  StructuralParameters flat = p;
  flat.allied_strength_burden_elasticity = 0.0;
  double previous = 0.0;
  for (double b = 0.0; b <= 1.0; b += 0.125) {
    const Levers l{0.0, 0.5, b};
    const ReducedForm r = reduce(p, l);
    CHECK(r.p_joint > previous);  // the challenger's chance in a joint war rises with b
    previous = r.p_joint;
    // Against the protege alone, free-riding also helps the challenger relative to pure reallocation.
    if (b > 0 && b > p.burden_reference) CHECK(r.p_alone > reduce(flat, l).p_alone);
  }
  const Levers at_reference{1.0, 1.0, p.burden_reference};
  CHECK(reduce(p, at_reference).p_joint == reduce(flat, at_reference).p_joint);
  CHECK(reduce(p, at_reference).p_alone == reduce(flat, at_reference).p_alone);
}

TEST_CASE("burden-sharing channels refuse what they cannot model", "[burden][scenario]") {
  CHECK_THAT(scenario_error("[levers]\nburden = \"shared\"\n"),
             Contains("bad.toml:2: levers.burden: unknown value 'shared' (valid: a number in [0, 1], or \"olson-zeckhauser\")"));
  CHECK_THAT(scenario_error("[levers]\nburden = \"olson-zeckhauser\"\n[sweep.axes]\nlevers.burden = [0.2, 0.8]\n"),
             Contains("bad.toml:2: levers.burden: is \"olson-zeckhauser\"") && Contains("cannot also set it"));
  CHECK_THAT(scenario_error("[parameters]\nallied_strength_burden_elasticity = -2.5\n"),
             Contains("bad.toml:2: parameters.allied_strength_burden_elasticity: 1 + eta (b - b_ref) must stay > 0"));
  // A prior or an axis that reaches an inadmissible eta is refused too, not only the central value.
  CHECK_THAT(scenario_error("[parameters]\nallied_strength_burden_elasticity = { uniform = [-1, 2.5] }\n"),
             Contains("fail at b = 0"));
  CHECK_THAT(scenario_error("[sweep.axes]\nparameters.allied_strength_burden_elasticity = [0, -2.5]\n"),
             Contains("fail at b = 1"));
  CHECK_THAT(scenario_error("[parameters]\nprotege_private_weight = 1\n"), Contains("outside the valid range (0, 1)"));
}

TEST_CASE("risk choice is convex, so partial visibility can be worst (O18)", "[risk][O18]") {
  CHECK(risk_choice_utility(0.0, 10, -0.5) == Approx(-0.5).margin(1e-15));
  CHECK(risk_choice_utility(0.5, 10, -0.5) == Approx(-2.625).margin(1e-15));
  CHECK(risk_choice_utility(0.95, 10, -0.5) == Approx(-0.47625).margin(1e-14));
  CHECK(risk_choice_curvature(10, -0.5) == 19.0);
  // Second difference matches U'' = 19 (U is quadratic in r).
  const double h = 0.1, r = 0.4;
  const double second = (risk_choice_utility(r + h, 10, -0.5) - 2 * risk_choice_utility(r, 10, -0.5) +
                         risk_choice_utility(r - h, 10, -0.5)) / (h * h);
  CHECK(second == Approx(19.0).margin(1e-9));
  CHECK(best_risk(0.95, 10, -0.5) == 0.95);
  CHECK(best_risk(0.5, 10, -0.5) == 0.0);
}
