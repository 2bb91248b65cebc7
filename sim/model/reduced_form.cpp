#include "model/reduced_form.hpp"

#include <cmath>

#include "model/burden.hpp"

namespace detsim {

double logistic(double x) {
  // Two branches keep exp() from overflowing for large |x|.
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

double burden_share(const StructuralParameters& p, const Levers& l) {
  if (!p.burden_from_provision) return l.burden;
  return endogenous_burden_share(p.patron_income, p.patron_private_weight, p.protege_income, p.protege_private_weight);
}

double allied_strength_at(const StructuralParameters& p, double burden) {
  return p.allied_strength * (1.0 + p.allied_strength_burden_elasticity * (burden - p.burden_reference));
}

namespace {
double escalation_at(const StructuralParameters& p, const Levers& l, double burden) {
  if (p.has_escalation_override()) return p.escalation_probability;
  return logistic(p.escalation_logit_base + p.escalation_logit_visibility * l.visibility +
                  p.escalation_logit_warning * l.warning + p.escalation_logit_burden * burden);
}
}  // namespace

double escalation_probability(const StructuralParameters& p, const Levers& l) {
  return escalation_at(p, l, burden_share(p, l));
}

ReducedForm reduce(const StructuralParameters& p, const Levers& l) {
  ReducedForm r;
  const double b = burden_share(p, l);
  const double K_C = p.challenger_strength, K_A = allied_strength_at(p, b);
  r.p_joint = K_C / (K_C + K_A + p.visibility_power * l.visibility);
  r.p_alone = K_C / (K_C + b * K_A);
  r.patron_war_cost = p.patron_war_cost_base + p.patron_war_cost_ground * (1.0 - b);
  r.audience_cost = p.audience_cost_treaty + p.audience_cost_warning * l.warning;
  r.escalation = escalation_at(p, l, b);
  r.tripwire = p.tripwire_visibility * l.visibility + p.tripwire_ground * (1.0 - b);
  r.patron_nuclear_cost = p.patron_nuclear_cost;
  r.challenger_nuclear_cost = p.challenger_nuclear_cost + p.challenger_nuclear_cost_warning * l.warning;
  r.challenger_cost_ratio_alone = p.challenger_cost_ratio_alone;
  r.challenger_backdown_cost = p.challenger_backdown_cost;
  r.policy_cost = p.visibility_cost * l.visibility;

  const double pi = r.escalation;
  r.A_W = (1.0 - pi) * r.p_joint;
  r.X = (1.0 - pi) * r.patron_war_cost + pi * r.patron_nuclear_cost;
  r.Delta = r.p_alone - r.A_W;
  r.alpha_W = (1.0 - pi) * r.p_joint - pi * r.challenger_nuclear_cost;
  r.omega_W = 1.0 - pi;
  return r;
}

}  // namespace detsim
