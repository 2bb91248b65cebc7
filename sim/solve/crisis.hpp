#pragma once
// The crisis subgame after the levers are seen (MODEL.md §4.5, §4.5.1): given the challenger's
// belief about the patron's resolve, the patron's resist cutoff, the challenger's challenge and
// fight cutoffs, and the challenge probability. Policy mode is this subgame under the prior; each
// branch of a signalling game is this subgame under that branch's posterior.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "model/distribution.hpp"
#include "model/reduced_form.hpp"

namespace detsim {

inline constexpr double infinity = std::numeric_limits<double>::infinity();

// The challenger believes v ~ F restricted to [lo, hi]; lo == hi is a point mass (off-path D1 beliefs).
struct Belief {
  double lo = 0, hi = 0;
};

enum class CrisisKind : std::uint8_t {
  pure,           // closed form or a pure fixed point
  mixed,          // tau = psi = 0 and beta_C finite: no pure fixed point, challengers above k_fight mix
  no_equilibrium  // the mixed construction failed too (reported, never used as an equilibrium)
};

struct CrisisResponse {
  double v_F = 0;        // patron resists deliberately iff v >= v_F (may be +-inf)
  double q = 0;          // Pr(deliberate resistance | belief): credibility
  double q_tilde = 0;    // tau + (1 - tau) q: effective credibility
  double k_star = 0;     // challenger types k <= k_star challenge for sure (may be +-inf)
  double k_fight = infinity;  // after resistance, types k <= k_fight fight (inf when beta_C = inf)
  double mix_above = 0;  // mixed case: Pr(challenge) of types above k_fight
  double gamma = 0;      // Pr(challenge)
  double phi = 1;        // Pr(challenger fights | deliberate resistance)
  double residual = 0;   // |T(phi) - phi| of the inner fixed point
  CrisisKind kind = CrisisKind::pure;
};

// Patron resists iff phi W(v) >= B(v; a), i.e. (p_R - phi A_W) v >= phi X - a.
inline double resist_cutoff(const ReducedForm& r, double phi = 1.0) {
  const double den = r.p_alone - phi * r.A_W;
  const double num = phi * r.X - r.audience_cost;
  if (den > 0) return num / den;
  return num <= 0 ? -infinity : infinity;  // Delta = 0: all types or none
}

// Challenger's cutoff when a challenge meets war with probability q_tilde (first piece of §4.5).
inline double challenge_cutoff(const ReducedForm& r, double q_tilde) {
  const double num = q_tilde * r.alpha_W + (1.0 - q_tilde) * r.p_alone;
  const double den = q_tilde * r.omega_W + (1.0 - q_tilde) * r.challenger_cost_ratio_alone;
  if (den > 0) return num / den;
  return num >= 0 ? infinity : -infinity;  // payoff independent of k
}

// Pr(v >= v_F | v in belief), with precomputed F(lo), F(hi).
inline double resist_share(double F_lo, double F_hi, Belief b, double v_F, const TypeDistribution& F) {
  const double mass = F_hi - F_lo;
  if (mass > 0) {
    if (v_F >= b.hi) return 0.0;
    if (v_F <= b.lo) return 1.0;
    return (F_hi - F.cdf(v_F)) / mass;
  }
  return b.lo >= v_F ? 1.0 : 0.0;  // point mass
}

// beta_C = inf: the challenger always fights, phi = 1, closed form (§4.5). Inline: it is the
// policy-mode hot path.
inline CrisisResponse respond_always_fights(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G,
                                            Belief belief) {
  CrisisResponse c;
  c.v_F = resist_cutoff(r);
  c.q = resist_share(F.cdf(belief.lo), F.cdf(belief.hi), belief, c.v_F, F);
  c.q_tilde = r.tripwire + (1.0 - r.tripwire) * c.q;
  c.k_star = challenge_cutoff(r, c.q_tilde);
  c.gamma = G.cdf(c.k_star);
  return c;
}

// beta_C finite: the fixed point in the challenger's fight share (§4.5.1).
CrisisResponse respond_may_back_down(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G,
                                     Belief belief);

inline CrisisResponse respond(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G, Belief belief) {
  return std::isfinite(r.challenger_backdown_cost) ? respond_may_back_down(r, F, G, belief)
                                                   : respond_always_fights(r, F, G, belief);
}

}  // namespace detsim
