#pragma once
// Olson & Zeckhauser (1966) voluntary provision of a public good (MODEL.md §2.2): each ally i with
// income y_i and Cobb–Douglas weight alpha_i gives x_i = max(0, y_i - r_i X), r_i = alpha_i/(1-alpha_i).
// The endogenous burden share of the protege is b = x_R / X.
#include <vector>

namespace detsim {

struct ProvisionEquilibrium {
  std::vector<double> contributions;  // x_i
  double total = 0;                   // X
  double share(std::size_t i) const { return total > 0 ? contributions[i] / total : 0.0; }
};

// The unique Nash equilibrium: the contributor set S is found by dropping allies whose best
// response is 0 at X = sum_S y_i / (1 + sum_S r_i) until S is stable. incomes > 0, weights in (0,1).
ProvisionEquilibrium voluntary_provision(const std::vector<double>& incomes, const std::vector<double>& weights);

// The protege's burden share b = x_R / X for patron (y_P, alpha_P) and protege (y_R, alpha_R), in
// closed form (no allocation: it runs once per Monte Carlo draw when incomes or weights are uncertain).
double endogenous_burden_share(double patron_income, double patron_weight, double protege_income, double protege_weight);

}  // namespace detsim
