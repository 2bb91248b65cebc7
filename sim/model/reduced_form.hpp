#pragma once
// Layer A -> layer B: levers and structural parameters to the reduced form (MODEL.md §4.2),
// and the payoffs built on it (§4.3). SQ is worth 0 to everyone.
//
// Written once for a double and for lanes of draws (model/lanes.hpp): the batched policy
// solver reduces eight draws with the same expressions, so each lane equals the scalar value.
#include <type_traits>

#include "model/lanes.hpp"
#include "model/levers.hpp"
#include "model/parameters.hpp"

namespace detsim {

template <class T>
struct BasicReducedForm {
  T p_joint{};          // p_J: challenger wins the joint war
  T p_alone{};          // p_R: challenger wins against the protege alone
  T patron_war_cost{};  // c_P
  T audience_cost{};    // a = a_0 + a_w w
  T escalation{};       // pi: nuclear escalation given a joint war
  T tripwire{};         // tau: automatic involvement of the patron
  T patron_nuclear_cost{};      // kappa_P
  T challenger_nuclear_cost{};  // kappa_C = kappa_C0 + kappa_Cw w
  T challenger_cost_ratio_alone{};  // psi
  T challenger_backdown_cost{};     // beta_C (may be +inf)
  T policy_cost{};      // m_s * s, paid by the patron up front

  // Derived (so solvers read them without recomputation).
  T A_W{};      // (1-pi) p_J: stake-weighted loss in a joint war
  T X{};        // (1-pi) c_P + pi kappa_P: patron's war cost
  T Delta{};    // p_R - A_W: what intervening saves the patron, per unit of stake
  T alpha_W{};  // (1-pi) p_J - pi kappa_C: challenger's joint-war intercept
  T omega_W{};  // 1 - pi: challenger's joint-war slope in k

  // Patron of resolve v: joint war W(v), backing down B(v) (abandonment).
  T patron_war(T v) const { return -A_W * v - X; }
  T patron_backs_down(T v) const { return -p_alone * v - audience_cost; }
  // Challenger of war cost k: joint war U_W(k), war against the protege alone U_R(k).
  T challenger_war(T k) const { return alpha_W - omega_W * k; }
  T challenger_alone(T k) const { return p_alone - challenger_cost_ratio_alone * k; }
};
using ReducedForm = BasicReducedForm<double>;

// 1 / (1 + e^-x), through e^-|x| so exp never overflows.
template <class T>
[[gnu::always_inline]] inline T logistic(T x) {
  const T e = lane_exp(pick(x < 0, x, -x));
  return pick(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e));
}

// The reduced form at protege burden share b. P is StructuralParameters, or a struct of Lanes with
// the same member names (solve/policy_lanes.hpp).
template <class P>
[[gnu::always_inline]] inline auto reduce_at(const P& p, const Levers& l, double b) {
  using T = std::remove_cvref_t<decltype(p.allied_strength)>;
  BasicReducedForm<T> r;
  // pi first: on lanes, exp is a call per lane, and fewer values are live across it.
  // The override where set (NaN means "not set"), else the logistic in the levers.
  const T& override_pi = p.escalation_probability;
  auto logit = [&] {
    return p.escalation_logit_base + p.escalation_logit_visibility * l.visibility +
           p.escalation_logit_warning * l.warning + p.escalation_logit_burden * b;
  };
  if constexpr (std::is_same_v<T, double>) r.escalation = override_pi == override_pi ? override_pi : logistic(logit());
  else r.escalation = pick(override_pi == override_pi, override_pi, logistic(logit()));
  const T K_C = p.challenger_strength;
  // Total allied strength K_A(b) = K_A (1 + eta (b - b_ref)) at that share (MODEL.md §2.3).
  const T K_A = p.allied_strength * (1.0 + p.allied_strength_burden_elasticity * (b - p.burden_reference));
  r.p_joint = K_C / (K_C + K_A + p.visibility_power * l.visibility);
  r.p_alone = K_C / (K_C + b * K_A);
  r.patron_war_cost = p.patron_war_cost_base + p.patron_war_cost_ground * (1.0 - b);
  r.audience_cost = p.audience_cost_treaty + p.audience_cost_warning * l.warning;
  r.tripwire = p.tripwire_visibility * l.visibility + p.tripwire_ground * (1.0 - b);
  r.patron_nuclear_cost = p.patron_nuclear_cost;
  r.challenger_nuclear_cost = p.challenger_nuclear_cost + p.challenger_nuclear_cost_warning * l.warning;
  r.challenger_cost_ratio_alone = p.challenger_cost_ratio_alone;
  r.challenger_backdown_cost = p.challenger_backdown_cost;
  r.policy_cost = p.visibility_cost * l.visibility;

  const T pi = r.escalation;
  r.A_W = (1.0 - pi) * r.p_joint;
  r.X = (1.0 - pi) * r.patron_war_cost + pi * r.patron_nuclear_cost;
  r.Delta = r.p_alone - r.A_W;
  r.alpha_W = (1.0 - pi) * r.p_joint - pi * r.challenger_nuclear_cost;
  r.omega_W = 1.0 - pi;
  return r;
}

// The protege's burden share in play: the lever b, or the Olson–Zeckhauser share when it is endogenous.
double burden_share(const StructuralParameters& p, const Levers& l);
ReducedForm reduce(const StructuralParameters& p, const Levers& l);

}  // namespace detsim
