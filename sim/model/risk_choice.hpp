#pragma once
// The optional Powell-style risk-choice side module (MODEL.md §3.3): the patron commits to a risk
// r, challengers with risk tolerance rho ~ U[0,1] challenge iff rho >= r, and a challenge goes
// nuclear with probability r (cost kappa_P) or else yields u_P < 0. The objective is convex in r
// (U'' = 2(kappa_P + u_P) > 0), so the optimum is bang-bang: r = 0 or the highest feasible risk.
namespace detsim {

inline double risk_choice_utility(double r, double kappa_P, double u_P) {
  return (1 - r) * (-r * kappa_P + (1 - r) * u_P);
}
inline double risk_choice_curvature(double kappa_P, double u_P) { return 2 * (kappa_P + u_P); }

// The best risk in [0, r_max]: an end point, since the objective is convex.
inline double best_risk(double r_max, double kappa_P, double u_P) {
  return risk_choice_utility(r_max, kappa_P, u_P) > risk_choice_utility(0, kappa_P, u_P) ? r_max : 0.0;
}

}  // namespace detsim
