#pragma once
// Layer A -> layer B: levers and structural parameters to the reduced form (MODEL.md §4.2),
// and the payoffs built on it (§4.3). SQ is worth 0 to everyone.
#include "model/levers.hpp"
#include "model/parameters.hpp"

namespace detsim {

struct ReducedForm {
  double p_joint = 0;          // p_J: challenger wins the joint war
  double p_alone = 0;          // p_R: challenger wins against the protege alone
  double patron_war_cost = 0;  // c_P
  double audience_cost = 0;    // a = a_0 + a_w w
  double escalation = 0;       // pi: nuclear escalation given a joint war
  double tripwire = 0;         // tau: automatic involvement of the patron
  double patron_nuclear_cost = 0;      // kappa_P
  double challenger_nuclear_cost = 0;  // kappa_C = kappa_C0 + kappa_Cw w
  double challenger_cost_ratio_alone = 0;  // psi
  double challenger_backdown_cost = 0;     // beta_C (may be +inf)
  double policy_cost = 0;      // m_s * s, paid by the patron up front

  // Derived (so solvers read them without recomputation).
  double A_W = 0;      // (1-pi) p_J: stake-weighted loss in a joint war
  double X = 0;        // (1-pi) c_P + pi kappa_P: patron's war cost
  double Delta = 0;    // p_R - A_W: what intervening saves the patron, per unit of stake
  double alpha_W = 0;  // (1-pi) p_J - pi kappa_C: challenger's joint-war intercept
  double omega_W = 0;  // 1 - pi: challenger's joint-war slope in k

  // Patron of resolve v: joint war W(v), backing down B(v) (abandonment).
  double patron_war(double v) const { return -A_W * v - X; }
  double patron_backs_down(double v) const { return -p_alone * v - audience_cost; }
  // Challenger of war cost k: joint war U_W(k), war against the protege alone U_R(k).
  double challenger_war(double k) const { return alpha_W - omega_W * k; }
  double challenger_alone(double k) const { return p_alone - challenger_cost_ratio_alone * k; }
};

double logistic(double x);
// The protege's burden share in play: the lever b, or the Olson–Zeckhauser share when it is endogenous.
double burden_share(const StructuralParameters& p, const Levers& l);
// Total allied strength K_A(b) = K_A (1 + eta (b - b_ref)) at that share (MODEL.md §2.3).
double allied_strength_at(const StructuralParameters& p, double burden);
double escalation_probability(const StructuralParameters& p, const Levers& l);
ReducedForm reduce(const StructuralParameters& p, const Levers& l);

}  // namespace detsim
