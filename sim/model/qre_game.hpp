#pragma once
// The discrete signalling game of MODEL.md §4.8 used by the logit QRE mode (and exported to Gambit):
// the patron is Low or High resolve, the challenger has one war-cost type. Settings live in the
// scenario's [qre] section; the reduced form comes from the structural layer at the levers (one per
// warning branch) unless [qre] gives it directly (the §4.8 example gives it directly).
#include <array>
#include <cmath>
#include <limits>

#include "model/reduced_form.hpp"

namespace detsim {

inline constexpr std::size_t max_qre_lambdas = 12;

struct QreSettings {
  double resolve_low = 0.2;      // v_L
  double resolve_high = 1.5;     // v_H
  double prior_high = 0.4;       // mu = Pr(H)
  double challenger_cost = 0.3;  // k of the single challenger type
  double lambda = 1000.0;        // the precision `detsim solve` reports (end of the branch)
  // Precisions at which the branch is reported as well (ascending, <= lambda); n_lambdas used.
  std::array<double, max_qre_lambdas> lambdas{0.0, 1.0, 10.0, 100.0, 1000.0};
  int n_lambdas = 5;
  // Reduced form given directly (NaN: from the structural layer). The same in both branches.
  double p_alone = std::numeric_limits<double>::quiet_NaN();        // p_R
  double war_loss_weight = std::numeric_limits<double>::quiet_NaN();  // A_W
  double war_cost = std::numeric_limits<double>::quiet_NaN();       // X
  double challenger_war_value = std::numeric_limits<double>::quiet_NaN();  // alpha_W
  double challenger_war_slope = std::numeric_limits<double>::quiet_NaN();  // omega_W
  double escalation = std::numeric_limits<double>::quiet_NaN();     // pi (scales Pr(NUC) only)
};

// The payoffs of the discrete game, indexed [type][signal]: type 0 = L, 1 = H; signal 0 = omit, 1 = warn.
struct DiscreteSignalGame {
  std::array<double, 2> resolve{};  // v_L, v_H
  double prior_high = 0;            // mu
  double tripwire = 0;              // tau (same in both branches: it does not depend on w)
  std::array<std::array<double, 2>, 2> war{};      // W_theta,w (patron, joint war)
  std::array<std::array<double, 2>, 2> back_down{};  // B_theta,w (patron, abandonment)
  std::array<double, 2> challenger_war{};  // U_W in branch w
  double challenger_alone = 0;             // U_R (does not depend on w)
  std::array<double, 2> escalation{};      // pi_w
  std::array<double, 2> audience_cost{};   // a_w (a_0, a_0 + a_w)
  std::array<double, 2> policy_cost{};     // m_s s, paid whatever happens (irrelevant to choices)
};

// Branch w's reduced form: the structural layer at the levers with warning = w, then [qre]'s overrides.
inline ReducedForm qre_branch_form(const QreSettings& q, const StructuralParameters& p, Levers l, int w) {
  l.warning = w;
  ReducedForm r = reduce(p, l);
  auto set = [](double& slot, double x) {
    if (!std::isnan(x)) slot = x;
  };
  set(r.p_alone, q.p_alone);
  set(r.A_W, q.war_loss_weight);
  set(r.X, q.war_cost);
  set(r.alpha_W, q.challenger_war_value);
  set(r.omega_W, q.challenger_war_slope);
  set(r.escalation, q.escalation);
  r.Delta = r.p_alone - r.A_W;
  return r;
}

inline DiscreteSignalGame make_discrete_game(const QreSettings& q, const StructuralParameters& p, const Levers& l) {
  DiscreteSignalGame d;
  d.resolve = {q.resolve_low, q.resolve_high};
  d.prior_high = q.prior_high;
  for (int w = 0; w < 2; ++w) {
    const ReducedForm r = qre_branch_form(q, p, l, w);
    d.tripwire = r.tripwire;
    for (int t = 0; t < 2; ++t) {
      d.war[t][w] = r.patron_war(d.resolve[t]);
      d.back_down[t][w] = r.patron_backs_down(d.resolve[t]);
    }
    d.challenger_war[w] = r.challenger_war(q.challenger_cost);
    d.challenger_alone = r.challenger_alone(q.challenger_cost);
    d.escalation[w] = r.escalation;
    d.audience_cost[w] = r.audience_cost;
    d.policy_cost[w] = r.policy_cost;
  }
  return d;
}

}  // namespace detsim
