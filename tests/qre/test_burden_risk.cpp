// Olson–Zeckhauser burden sharing (MODEL.md §2.2, O16) and the risk-choice module (§3.3, O18).
#include <catch2/catch.hpp>

#include "model/burden.hpp"
#include "model/risk_choice.hpp"

using namespace detsim;

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
