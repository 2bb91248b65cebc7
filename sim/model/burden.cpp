#include "model/burden.hpp"

#include <stdexcept>

namespace detsim {

ProvisionEquilibrium voluntary_provision(const std::vector<double>& incomes, const std::vector<double>& weights) {
  if (incomes.size() != weights.size() || incomes.empty())
    throw std::invalid_argument("voluntary_provision: one weight per income");
  const std::size_t n = incomes.size();
  for (std::size_t i = 0; i < n; ++i)
    if (!(incomes[i] > 0) || !(weights[i] > 0 && weights[i] < 1))
      throw std::invalid_argument("voluntary_provision: incomes > 0, weights in (0, 1)");
  std::vector<bool> in(n, true);
  ProvisionEquilibrium eq;
  for (std::size_t round = 0; round <= n; ++round) {
    double y = 0, r = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (in[i]) {
        y += incomes[i];
        r += weights[i] / (1 - weights[i]);
      }
    eq.total = y / (1 + r);
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i)
      if (in[i] && incomes[i] - weights[i] / (1 - weights[i]) * eq.total <= 0) in[i] = false, changed = true;
    if (!changed) break;
  }
  eq.contributions.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    if (in[i]) eq.contributions[i] = incomes[i] - weights[i] / (1 - weights[i]) * eq.total;
  return eq;
}

double endogenous_burden_share(double patron_income, double patron_weight, double protege_income, double protege_weight) {
  const double r_P = patron_weight / (1 - patron_weight), r_R = protege_weight / (1 - protege_weight);
  // Both contribute unless one's best response at the joint total is <= 0. The two responses sum to
  // X > 0, so at most one ally drops out, and the other then contributes alone (share 0 or 1).
  const double X = (patron_income + protege_income) / (1 + r_P + r_R);
  const double x_P = patron_income - r_P * X, x_R = protege_income - r_R * X;
  if (x_R <= 0) return 0.0;
  if (x_P <= 0) return 1.0;
  return x_R / X;
}

}  // namespace detsim
