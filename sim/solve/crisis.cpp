#include "solve/crisis.hpp"

#include <boost/math/tools/roots.hpp>

namespace detsim {
namespace {

constexpr double fixed_point_width = 1e-15;  // bisection stops when the phi bracket is this narrow
constexpr double fixed_point_accept = 1e-12;  // |T(phi) - phi| below this is a pure fixed point

struct Stage {
  double v_F, q, q_tilde, k_star, phi_next;
};

// One pass of the §4.5.1 map phi -> T(phi), for a challenger who can back down.
class FightShareMap {
 public:
  FightShareMap(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G, Belief b)
      : r_(r), F_(F), G_(G), b_(b), F_lo_(F.cdf(b.lo)), F_hi_(F.cdf(b.hi)) {
    const double num = r.alpha_W + r.challenger_backdown_cost;
    k_fight_ = r.omega_W > 0 ? num / r.omega_W : (num >= 0 ? infinity : -infinity);
  }
  double k_fight() const { return k_fight_; }
  double resist_share_at(double phi) const { return resist_share(F_lo_, F_hi_, b_, resist_cutoff(r_, phi), F_); }

  Stage operator()(double phi) const {
    Stage s;
    s.v_F = resist_cutoff(r_, phi);
    s.q = resist_share(F_lo_, F_hi_, b_, s.v_F, F_);
    const double tau = r_.tripwire;
    s.q_tilde = tau + (1.0 - tau) * s.q;
    s.k_star = challenge_cutoff(r_, s.q_tilde);
    if (s.k_star > k_fight_) {
      // Above k_fight a resisted challenger backs down (-beta_C); Psi is continuous, so a flat
      // second piece is positive and every type above k_fight challenges.
      const double num = tau * r_.alpha_W +
                         (1.0 - tau) * (-s.q * r_.challenger_backdown_cost + (1.0 - s.q) * r_.p_alone);
      const double den = tau * r_.omega_W + (1.0 - tau) * (1.0 - s.q) * r_.challenger_cost_ratio_alone;
      s.k_star = den > 0 ? num / den : infinity;
    }
    const double G_star = G_.cdf(s.k_star);
    s.phi_next = G_star > 0 ? G_.cdf(std::min(k_fight_, s.k_star)) / G_star : (G_.lo() <= k_fight_ ? 1.0 : 0.0);
    return s;
  }

 private:
  const ReducedForm& r_;
  const TypeDistribution& F_;
  const TypeDistribution& G_;
  Belief b_;
  double F_lo_, F_hi_, k_fight_ = infinity;
};

CrisisResponse from_stage(const Stage& s, double phi, double k_fight, const TypeDistribution& G) {
  CrisisResponse c;
  c.v_F = s.v_F;
  c.q = s.q;
  c.q_tilde = s.q_tilde;
  c.k_star = s.k_star;
  c.k_fight = k_fight;
  c.gamma = G.cdf(s.k_star);
  c.phi = phi;
  c.residual = std::abs(s.phi_next - phi);
  return c;
}

// tau = psi = 0 and no pure fixed point: the patron's marginal types and the challenger types above
// k_fight mix (MODEL.md §4.5.1). q-hat makes those challengers indifferent; phi-hat makes the
// patron's marginal type indifferent at that credibility.
CrisisResponse mixed_response(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G, Belief b,
                              const FightShareMap& T) {
  CrisisResponse c;
  c.kind = CrisisKind::no_equilibrium;
  const double beta = r.challenger_backdown_cost;
  const double q_hat = r.p_alone / (r.p_alone + beta);
  double phi_hat;
  if (F.cdf(b.hi) - F.cdf(b.lo) > 0) {
    // resist share is non-increasing in phi; find where it crosses q_hat.
    auto h = [&](double phi) { return T.resist_share_at(phi) - q_hat; };
    if (h(0.0) < 0 || h(1.0) > 0) return c;
    const auto bracket = boost::math::tools::bisect(
        h, 0.0, 1.0, [](double lo, double hi) { return hi - lo <= fixed_point_width; });
    phi_hat = 0.5 * (bracket.first + bracket.second);
  } else {  // point mass at x: the single type mixes, so v_F(phi_hat) = x
    phi_hat = (r.audience_cost + r.p_alone * b.lo) / (r.X + r.A_W * b.lo);
  }
  const double G_fight = G.cdf(T.k_fight());
  if (!(phi_hat > 0 && phi_hat <= 1 && G_fight < 1)) return c;
  const double sigma = G_fight * (1.0 - phi_hat) / (phi_hat * (1.0 - G_fight));
  if (!(sigma >= 0 && sigma <= 1)) return c;
  c.kind = CrisisKind::mixed;
  c.v_F = resist_cutoff(r, phi_hat);
  c.q = q_hat;
  c.q_tilde = r.tripwire + (1.0 - r.tripwire) * q_hat;
  c.k_star = T.k_fight();
  c.k_fight = T.k_fight();
  c.mix_above = sigma;
  c.gamma = G_fight + sigma * (1.0 - G_fight);
  c.phi = phi_hat;
  c.residual = 0.0;
  return c;
}

}  // namespace

CrisisResponse respond_may_back_down(const ReducedForm& r, const TypeDistribution& F, const TypeDistribution& G,
                                     Belief belief) {
  const FightShareMap T(r, F, G, belief);
  // T is non-increasing when X p_R > a A_W, so T(phi) - phi has one sign change on [0, 1].
  const Stage s0 = T(0.0), s1 = T(1.0);
  double phi_star;
  if (s0.phi_next <= 0.0) {
    phi_star = 0.0;
  } else if (s1.phi_next >= 1.0) {
    phi_star = 1.0;
  } else {
    const auto bracket = boost::math::tools::bisect([&](double phi) { return T(phi).phi_next - phi; }, 0.0, 1.0,
                                                    [](double lo, double hi) { return hi - lo <= fixed_point_width; });
    phi_star = 0.5 * (bracket.first + bracket.second);
  }
  const Stage s = T(phi_star);
  CrisisResponse c = from_stage(s, phi_star, T.k_fight(), G);
  if (c.residual <= fixed_point_accept) return c;
  return mixed_response(r, F, G, belief, T);
}

}  // namespace detsim
