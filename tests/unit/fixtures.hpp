#pragma once
// Games used across the tests: the Fearon core (MODEL.md §1.2), the unified baseline (§4.2) and
// random admissible draws (§5, "Admissible draws").
#include <random>

#include "model/game.hpp"

namespace detsim::test {

// Fearon core: V = 2, p = 0.2, c = 0.6, k ~ U[0,1], p_R = 1, psi = 0, pi = tau = 0.
// In tying-hands mode the warning's audience cost is a; in sinking-costs mode m = visibility_cost.
inline Game fearon_core(Mode mode, double a = 0.0, double m = 0.0) {
  Game g;
  g.mode = mode;
  g.visibility_signal = VisibilitySignal::cost_only;
  g.levers = {mode == Mode::policy ? 1.0 : 0.0, 0.0, 0.0};
  StructuralParameters& p = g.parameters;
  p.allied_strength = 4;
  p.visibility_power = 0;
  p.patron_war_cost_base = 0.6;
  p.patron_war_cost_ground = 0;
  p.audience_cost_treaty = 0;
  p.audience_cost_warning = a;
  p.escalation_probability = 0;
  p.tripwire_visibility = 0;
  p.tripwire_ground = 0;
  p.challenger_cost_ratio_alone = 0;
  p.visibility_cost = m;
  p.signal_visibility = 1;
  g.patron_resolve = TypeDistribution::uniform(0, 2);
  g.challenger_cost = TypeDistribution::uniform(0, 1);
  return g;
}

inline Game unified_baseline(Mode mode, Levers levers) {
  Game g;
  g.mode = mode;
  g.levers = levers;
  return g;
}

// A uniform draw from the admissible box of MODEL.md §5 (beta_C = inf, l_w = kappa_Cw = 0).
inline Game random_admissible(std::mt19937_64& rng, Mode mode) {
  auto u = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  Game g;
  g.mode = mode;
  StructuralParameters& p = g.parameters;
  g.patron_resolve = TypeDistribution::uniform(0.0, u(1, 6));
  const double k_lo = u(-1, 0), k_hi = u(0.5, 2);
  g.challenger_cost = TypeDistribution::uniform(k_lo, k_hi);
  p.allied_strength = u(1, 6);
  p.visibility_power = u(0, 2);
  p.patron_war_cost_base = u(0.02, 0.3);
  p.patron_war_cost_ground = u(0, 0.6);
  p.audience_cost_treaty = u(0, 0.2);
  p.audience_cost_warning = u(0.01, 0.8);
  p.escalation_logit_base = u(-5, -1);
  p.escalation_logit_visibility = u(0, 2);
  p.escalation_logit_burden = u(-1, 1);
  p.patron_nuclear_cost = u(0.5, 5);
  p.challenger_nuclear_cost = u(0, 10);
  p.tripwire_visibility = u(0, 0.3);
  p.tripwire_ground = u(0, 0.3);
  p.challenger_cost_ratio_alone = u(0.05, 1);
  g.levers = {u(0, 1), u(0, 1), u(0.05, 1)};
  return g;
}

}  // namespace detsim::test
