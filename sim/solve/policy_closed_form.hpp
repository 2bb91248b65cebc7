#pragma once
// Policy mode with uniform types and a challenger who never backs down (beta_C = inf): the closed
// form of MODEL.md §4.5 with the outcome probabilities (§4.7) and measures (§6.1) in one straight
// line without a branch. Written once for a double and for Lanes: solve_policy uses it for one
// game, the Monte Carlo engine for eight draws at a time (solve/policy_lanes.hpp), and each lane
// equals the scalar solve bit for bit. It is the general path (crisis.hpp, outcomes.cpp) with the
// policy branch's mass 1, phi = 1 and k_fight = inf substituted; a test holds the two together.
#include <array>
#include <limits>

#include "model/distribution.hpp"
#include "model/outcome.hpp"
#include "model/reduced_form.hpp"
#include "solve/integrals.hpp"

namespace detsim {

template <class T>
struct PolicyClosedForm {
  T v_F{}, q{}, q_tilde{}, k_star{}, gamma{};  // crisis: resist cutoff, credibility, challenge cutoff and share
  T tripwire{}, escalation{};                  // tau and pi, for sampled games
  std::array<T, n_outcomes> outcomes{};        // indexed by Outcome
  T p_war{}, p_war_given_challenge{}, p_nuclear_given_war{}, immediate_deterrence_success{}, abandonment_risk{},
      challenger_prevails{}, eu_patron{}, eu_challenger{};  // measures; p_challenge = gamma, p_resist = q
};

template <class T>
[[gnu::always_inline]] inline PolicyClosedForm<T> policy_closed_form(const BasicReducedForm<T>& r, const UniformLaw& F,
                                                                     const UniformLaw& G) {
  constexpr double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const T tau = r.tripwire, pi = r.escalation, zero = splat<T>(0.0), one = splat<T>(1.0);
  PolicyClosedForm<T> s;
  s.tripwire = tau;
  s.escalation = pi;
  // Patron resists iff (p_R - A_W) v >= X - a; Delta = 0: all types or none.
  const T den_F = r.p_alone - r.A_W, num_F = r.X - r.audience_cost;
  s.v_F = pick(den_F > 0, num_F / den_F, pick(num_F <= 0, splat<T>(-inf), splat<T>(inf)));
  s.q = pick(s.v_F >= F.hi, zero, pick(s.v_F <= F.lo, one, 1.0 - F.cdf(s.v_F)));
  s.q_tilde = tau + (1.0 - tau) * s.q;
  // Challenger types k <= k* challenge: q~ U_W(k) + (1 - q~) U_R(k) >= 0.
  const T n1 = s.q_tilde * r.alpha_W + (1.0 - s.q_tilde) * r.p_alone;
  const T d1 = s.q_tilde * r.omega_W + (1.0 - s.q_tilde) * r.challenger_cost_ratio_alone;
  s.k_star = pick(d1 > 0, n1 / d1, pick(n1 >= 0, splat<T>(inf), splat<T>(-inf)));
  s.gamma = G.cdf(s.k_star);

  const T war = s.gamma * (tau + (1.0 - tau) * s.q);
  const T backs_down = s.gamma * (1.0 - tau) * (1.0 - s.q);
  auto& o = s.outcomes;
  o[static_cast<std::size_t>(Outcome::status_quo)] = 1.0 - s.gamma;
  o[static_cast<std::size_t>(Outcome::rebuffed)] = zero;  // phi = 1: every resisted challenger fights
  o[static_cast<std::size_t>(Outcome::patron_backs_down)] = backs_down;
  o[static_cast<std::size_t>(Outcome::conventional_war)] = (1.0 - pi) * war;
  o[static_cast<std::size_t>(Outcome::nuclear_war)] = pi * war;
  s.p_war = o[static_cast<std::size_t>(Outcome::conventional_war)] + o[static_cast<std::size_t>(Outcome::nuclear_war)];
  s.challenger_prevails = backs_down * r.p_alone + (1.0 - pi) * war * r.p_joint;
  s.p_war_given_challenge = pick(s.gamma > 0, s.p_war / s.gamma, splat<T>(nan));
  s.immediate_deterrence_success = pick(s.gamma > 0, zero, splat<T>(nan));  // REBUFFED / Pr(challenge) = 0
  s.abandonment_risk = pick(s.gamma > 0, backs_down / s.gamma, splat<T>(nan));
  s.p_nuclear_given_war = pick(s.p_war > 0, o[static_cast<std::size_t>(Outcome::nuclear_war)] / s.p_war, splat<T>(nan));

  // Patron: the policy cost, then if challenged tau W + (1-tau) [W above v_F, B below].
  const T lo = splat<T>(F.lo), hi = splat<T>(F.hi);
  const T split = lane_clamp(s.v_F, F.lo, F.hi);
  const T W_all = integrate_linear(F, lo, hi, r.A_W, r.X);
  const T W_resist = integrate_linear(F, split, hi, r.A_W, r.X);
  const T B_back = integrate_linear(F, lo, split, r.p_alone, r.audience_cost);
  s.eu_patron = -r.policy_cost + s.gamma * (tau * W_all + (1.0 - tau) * (W_resist + B_back));
  // Challenger: the integral of its challenge value over the types that challenge.
  s.eu_challenger = integrate_challenge(G, splat<T>(G.lo), s.k_star, n1, d1);
  return s;
}

}  // namespace detsim
