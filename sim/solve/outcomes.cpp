#include <algorithm>

#include "solve/integrals.hpp"
#include "solve/solution.hpp"

namespace detsim {
namespace {

// Ex ante value of the challenge option in one branch: integral of max(0, Psi(k)) dG (§4.5.1's Psi).
[[gnu::always_inline]] inline double challenger_value(const ReducedForm& r, const CrisisResponse& c, const TypeDistribution& G) {
  const double psi = r.challenger_cost_ratio_alone, tau = r.tripwire;
  const double n1 = c.q_tilde * r.alpha_W + (1.0 - c.q_tilde) * r.p_alone;
  const double d1 = c.q_tilde * r.omega_W + (1.0 - c.q_tilde) * psi;
  double value = integrate_challenge(G, G.lo(), std::min(c.k_star, c.k_fight), n1, d1);
  if (c.kind == CrisisKind::pure && c.k_star > c.k_fight) {
    // Types above k_fight challenge but back down if deliberately resisted.
    const double n2 = tau * r.alpha_W + (1.0 - tau) * (-c.q * r.challenger_backdown_cost + (1.0 - c.q) * r.p_alone);
    const double d2 = tau * r.omega_W + (1.0 - tau) * (1.0 - c.q) * psi;
    value += integrate_challenge(G, c.k_fight, c.k_star, n2, d2);
  }
  return value;  // mixed case: types above k_fight are indifferent (value 0)
}

// Instantiated for one branch (policy mode, the Monte Carlo hot path: the loop and its helpers
// collapse to straight-line code) and for any count; the arithmetic is the same in both.
template <bool one_branch>
void compute_outcomes_of(const Game& game, Solution& s) {
  const TypeDistribution& F = game.patron_resolve;
  const TypeDistribution& G = game.challenger_cost;
  OutcomeProbabilities o{};
  Measures m;
  const int n_branches = one_branch ? 1 : s.n_branches;
  for (int w = 0; w < n_branches; ++w) {
    const Branch& b = s.branches[w];
    const CrisisResponse& c = b.crisis;
    const ReducedForm& r = b.form;
    const double tau = r.tripwire, pi = r.escalation;
    const double war = c.gamma * (tau * b.mass + (1.0 - tau) * b.resist_mass * c.phi);
    const double backs_down = c.gamma * (1.0 - tau) * (b.mass - b.resist_mass);
    const double rebuffed = c.gamma * (1.0 - tau) * b.resist_mass * (1.0 - c.phi);
    o[static_cast<std::size_t>(Outcome::nuclear_war)] += pi * war;
    o[static_cast<std::size_t>(Outcome::conventional_war)] += (1.0 - pi) * war;
    o[static_cast<std::size_t>(Outcome::patron_backs_down)] += backs_down;
    o[static_cast<std::size_t>(Outcome::rebuffed)] += rebuffed;
    m.p_challenge += c.gamma * b.mass;
    m.challenger_prevails += backs_down * r.p_alone + (1.0 - pi) * war * r.p_joint;
    m.p_resist += b.resist_mass;

    if (b.mass > 0) {
      // Patron: signal cost, then if challenged tau W + (1-tau) [phi W above v_F, B below].
      const double lo = b.belief.lo, hi = b.belief.hi;
      const double split = std::clamp(c.v_F, lo, hi);
      const double W_all = integrate_linear(F, lo, hi, r.A_W, r.X);
      const double W_resist = integrate_linear(F, split, hi, r.A_W, r.X);
      const double B_back = integrate_linear(F, lo, split, r.p_alone, r.audience_cost);
      m.eu_patron += -b.signal_cost * b.mass + c.gamma * (tau * W_all + (1.0 - tau) * (c.phi * W_resist + B_back));
      m.eu_challenger += b.mass * challenger_value(r, c, G);
    }
  }
  o[static_cast<std::size_t>(Outcome::status_quo)] = 1.0 - m.p_challenge;

  const double p_war = o[static_cast<std::size_t>(Outcome::conventional_war)] +
                       o[static_cast<std::size_t>(Outcome::nuclear_war)];
  m.p_war = p_war;
  if (m.p_challenge > 0) {
    m.p_war_given_challenge = p_war / m.p_challenge;
    m.immediate_deterrence_success = o[static_cast<std::size_t>(Outcome::rebuffed)] / m.p_challenge;
    m.abandonment_risk = o[static_cast<std::size_t>(Outcome::patron_backs_down)] / m.p_challenge;
  }
  if (p_war > 0) m.p_nuclear_given_war = o[static_cast<std::size_t>(Outcome::nuclear_war)] / p_war;
  if (!one_branch && s.n_branches == 2) {
    const Branch& sent = s.branches[1];
    if (sent.mass > 0) m.bluff_rate = (sent.mass - sent.resist_mass) / sent.mass;
    m.audience_cost_paid = sent.crisis.gamma * (1.0 - sent.form.tripwire) * (sent.mass - sent.resist_mass);
  }
  s.outcomes = o;
  s.measures = m;
}

}  // namespace

void compute_outcomes(const Game& game, Solution& s) {
  if (s.n_branches == 1) compute_outcomes_of<true>(game, s);
  else compute_outcomes_of<false>(game, s);
}

std::string_view case_name(EquilibriumCase c) {
  switch (c) {
    case EquilibriumCase::policy: return "policy";
    case EquilibriumCase::separating: return "separating";
    case EquilibriumCase::bluffing: return "bluffing";
    case EquilibriumCase::all_signal: return "pool-all-signal";
    case EquilibriumCase::none_signal: return "pool-no-signal";
    case EquilibriumCase::no_equilibrium: return "no-equilibrium-found";
  }
  return "?";
}

}  // namespace detsim
