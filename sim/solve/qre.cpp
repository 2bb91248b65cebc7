#include "solve/qre.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace detsim {
namespace {

using Vec4 = Eigen::Matrix<double, 4, 1>;
using Vec5 = Eigen::Matrix<double, 5, 1>;
using Mat4 = Eigen::Matrix<double, 4, 4>;
using Mat45 = Eigen::Matrix<double, 4, 5>;
using Mat5 = Eigen::Matrix<double, 5, 5>;

// Everything the equations need at (lambda, x), with 1 - sigma kept separately so that beliefs
// stay accurate when a probability is within 1e-16 of 1.
struct Eval {
  std::array<double, 4> s{}, sbar{};
  std::array<std::array<double, 2>, 2> r{}, dr{}, V{}, dV{};  // [type][signal]; d = d/dlambda
  std::array<double, 2> mu{}, rho{}, drho{};
  std::array<double, 2> dmu_low{}, dmu_high{};  // d mu_w / d s_L, d s_H
  std::array<double, 4> dU{}, dU_dlambda{};
};

Eval evaluate(const DiscreteSignalGame& g, double lambda, const std::array<double, 4>& x) {
  Eval e;
  for (int i = 0; i < 4; ++i) {
    e.s[i] = logistic(x[i]);
    e.sbar[i] = logistic(-x[i]);
  }
  const double tau = g.tripwire;
  for (int t = 0; t < 2; ++t)
    for (int w = 0; w < 2; ++w) {
      const double gain = g.war[t][w] - g.back_down[t][w];
      const double r = logistic(lambda * gain), rbar = logistic(-lambda * gain);
      e.r[t][w] = r;
      e.dr[t][w] = r * rbar * gain;
      e.V[t][w] = tau * g.war[t][w] + (1 - tau) * (r * g.war[t][w] + rbar * g.back_down[t][w]);
      e.dV[t][w] = (1 - tau) * gain * e.dr[t][w];
    }
  const double mu = g.prior_high, nu = 1 - mu;
  const double sL = e.s[qre_warn_low], sH = e.s[qre_warn_high];
  const double sLb = e.sbar[qre_warn_low], sHb = e.sbar[qre_warn_high];
  const double den1 = mu * sH + nu * sL, den0 = mu * sHb + nu * sLb;
  e.mu[1] = mu * sH / den1;
  e.mu[0] = mu * sHb / den0;
  e.dmu_high[1] = mu * nu * sL / (den1 * den1);
  e.dmu_low[1] = -mu * nu * sH / (den1 * den1);
  e.dmu_high[0] = -mu * nu * sLb / (den0 * den0);
  e.dmu_low[0] = mu * nu * sHb / (den0 * den0);
  const double c0 = e.s[qre_challenge_omit], c1 = e.s[qre_challenge_warn];
  for (int t = 0; t < 2; ++t) {
    e.dU[t] = c1 * e.V[t][1] - c0 * e.V[t][0];
    e.dU_dlambda[t] = c1 * e.dV[t][1] - c0 * e.dV[t][0];
  }
  for (int w = 0; w < 2; ++w) {
    e.rho[w] = e.mu[w] * e.r[1][w] + (1 - e.mu[w]) * e.r[0][w];
    e.drho[w] = e.mu[w] * e.dr[1][w] + (1 - e.mu[w]) * e.dr[0][w];
    const double spread = (1 - tau) * (g.challenger_war[w] - g.challenger_alone);
    e.dU[2 + w] = g.challenger_alone + tau * (g.challenger_war[w] - g.challenger_alone) + e.rho[w] * spread;
    e.dU_dlambda[2 + w] = spread * e.drho[w];
  }
  return e;
}

Vec4 residual(double lambda, const std::array<double, 4>& x, const Eval& e) {
  Vec4 h;
  for (int i = 0; i < 4; ++i) h(i) = x[i] - lambda * e.dU[i];
  return h;
}

// d H / d (x, lambda), H = x - lambda dU(Lambda(x), lambda).
Mat45 jacobian(const DiscreteSignalGame& g, double lambda, const Eval& e) {
  Mat45 J = Mat45::Zero();
  std::array<double, 4> d{};
  for (int i = 0; i < 4; ++i) d[i] = e.s[i] * e.sbar[i];
  for (int i = 0; i < 4; ++i) J(i, i) = 1.0;
  for (int t = 0; t < 2; ++t) {  // signal agents depend on c_0, c_1
    J(t, qre_challenge_omit) += lambda * e.V[t][0] * d[qre_challenge_omit];
    J(t, qre_challenge_warn) -= lambda * e.V[t][1] * d[qre_challenge_warn];
  }
  for (int w = 0; w < 2; ++w) {  // challenge agents depend on s_L, s_H through the belief
    const double k = (1 - g.tripwire) * (g.challenger_war[w] - g.challenger_alone) * (e.r[1][w] - e.r[0][w]);
    J(2 + w, qre_warn_low) -= lambda * k * e.dmu_low[w] * d[qre_warn_low];
    J(2 + w, qre_warn_high) -= lambda * k * e.dmu_high[w] * d[qre_warn_high];
  }
  for (int i = 0; i < 4; ++i) J(i, 4) = -e.dU[i] - lambda * e.dU_dlambda[i];
  return J;
}

std::array<double, 4> head(const Vec5& y) { return {y(0), y(1), y(2), y(3)}; }

// Unit tangent of the solution curve: the null vector of J, oriented along the previous tangent.
Vec5 tangent(const Mat45& J, const Vec5& previous) {
  Mat5 A;
  A.topRows<4>() = J;
  A.row(4) = previous.transpose();
  Vec5 rhs = Vec5::Zero();
  rhs(4) = 1.0;
  Vec5 t = A.fullPivLu().solve(rhs);
  return t / t.norm();
}

double max_abs(const Vec4& v) { return v.cwiseAbs().maxCoeff(); }

// Newton in x at a fixed lambda (the requested precisions and the end of the branch).
bool correct_at_lambda(const DiscreteSignalGame& g, double lambda, std::array<double, 4>& x) {
  for (int it = 0; it < 30; ++it) {
    const Eval e = evaluate(g, lambda, x);
    const Vec4 h = residual(lambda, x, e);
    const Mat4 Jx = jacobian(g, lambda, e).leftCols<4>();
    const Vec4 step = Jx.fullPivLu().solve(-h);
    double scale = 1.0;
    for (int i = 0; i < 4; ++i) {
      x[i] += step(i);
      scale = std::max(scale, std::abs(x[i]));
    }
    if (max_abs(step) <= 1e-14 * scale) return true;
  }
  return max_abs(residual(lambda, x, evaluate(g, lambda, x))) <= 1e-11;
}

}  // namespace

std::array<double, qre_dim> qre_residual(const DiscreteSignalGame& g, double lambda, const std::array<double, qre_dim>& x) {
  const Vec4 h = residual(lambda, x, evaluate(g, lambda, x));
  return {h(0), h(1), h(2), h(3)};
}

QrePoint qre_point(const DiscreteSignalGame& g, double lambda, const std::array<double, qre_dim>& x) {
  const Eval e = evaluate(g, lambda, x);
  QrePoint p;
  p.lambda = lambda;
  p.x = x;
  p.sigma = e.s;
  p.resist = e.r;
  p.belief_high = e.mu;
  p.residual = max_abs(residual(lambda, x, e));
  const double tau = g.tripwire;
  OutcomeProbabilities o{};
  for (int t = 0; t < 2; ++t) {
    const double prior = t == 1 ? g.prior_high : 1 - g.prior_high;
    for (int w = 0; w < 2; ++w) {
      const double branch = prior * (w == 1 ? e.s[t] : e.sbar[t]);
      const double challenged = branch * e.s[2 + w], not_challenged = branch * e.sbar[2 + w];
      const double r = e.r[t][w], rbar = 1 - r;
      const double war = challenged * (tau + (1 - tau) * r);
      o[static_cast<std::size_t>(Outcome::status_quo)] += not_challenged;
      o[static_cast<std::size_t>(Outcome::patron_backs_down)] += challenged * (1 - tau) * rbar;
      o[static_cast<std::size_t>(Outcome::conventional_war)] += war * (1 - g.escalation[w]);
      o[static_cast<std::size_t>(Outcome::nuclear_war)] += war * g.escalation[w];
      p.p_challenge += challenged;
      p.p_war += war;
    }
  }
  p.outcomes = o;
  return p;
}

QreBranch trace_qre_branch(const DiscreteSignalGame& g, double lambda_max, const std::vector<double>& requested) {
  if (!(lambda_max >= 0)) throw std::invalid_argument("qre: lambda_max must be >= 0");
  QreBranch branch;
  std::vector<double> targets;
  for (double l : requested)
    if (l >= 0 && l <= lambda_max) targets.push_back(l);
  std::sort(targets.begin(), targets.end());
  std::size_t next_target = 0;

  // lambda = 0: everyone mixes 50:50, x = 0 solves x = 0 * dU exactly.
  Vec5 y = Vec5::Zero();
  branch.points.push_back(qre_point(g, 0.0, head(y)));
  while (next_target < targets.size() && targets[next_target] <= 0.0) branch.requested.push_back(branch.points.back()), ++next_target;
  if (lambda_max == 0.0) return branch;

  const Mat45 J0 = jacobian(g, 0.0, evaluate(g, 0.0, head(y)));
  Vec5 t = tangent(J0, Vec5::Unit(4));
  Mat5 start;
  start.topRows<4>() = J0;
  start.row(4) = t.transpose();
  const double orientation = start.determinant();
  double h = 0.05;
  for (int guard = 0; guard < 100000; ++guard) {
    const double h_max = 0.5 + 0.25 * std::abs(y(4));
    // Predictor along the tangent, corrector by Newton on [H = 0; t . (z - predicted) = 0].
    const Vec5 predicted = y + h * t;
    Vec5 z = predicted;
    bool converged = false;
    int iterations = 0;
    for (; iterations < 8; ++iterations) {
      const Eval e = evaluate(g, z(4), head(z));
      Mat5 A;
      A.topRows<4>() = jacobian(g, z(4), e);
      A.row(4) = t.transpose();
      Vec5 rhs;
      rhs.head<4>() = -residual(z(4), head(z), e);
      rhs(4) = -t.dot(z - predicted);
      const Vec5 step = A.fullPivLu().solve(rhs);
      if (!step.allFinite() || (iterations == 0 && step.norm() > 0.5 * h + 1e-9)) break;  // predictor too far
      z += step;
      if (step.cwiseAbs().maxCoeff() <= 1e-13 * std::max(1.0, z.cwiseAbs().maxCoeff())) {
        converged = true;
        break;
      }
    }
    Vec5 t_new;
    if (converged) {
      const Mat45 Jz = jacobian(g, z(4), evaluate(g, z(4), head(z)));
      t_new = tangent(Jz, t);
      // Orientation (Allgower–Georg): det [J; t^T] keeps its sign along a regular branch, and the step
      // moves forward; otherwise the corrector landed on another piece of the curve.
      Mat5 oriented;
      oriented.topRows<4>() = Jz;
      oriented.row(4) = t_new.transpose();
      converged = (z - y).dot(t) > 0 && std::signbit(oriented.determinant()) == std::signbit(orientation);
      double jump = 0;  // keep the reported branch fine enough to read (and far from other branches)
      for (int i = 0; i < 4; ++i) jump = std::max(jump, std::abs(logistic(z(i)) - logistic(y(i))));
      converged = converged && t_new.dot(t) > 0.95 && jump <= 0.05;  // the curve did not turn sharply within the step
    }
    if (!converged) {
      ++branch.steps_rejected;
      h *= 0.5;
      if (h < 1e-12) throw std::runtime_error("qre: continuation step collapsed (no smooth branch)");
      continue;
    }
    // Report the branch at every requested lambda crossed by this step, and stop at lambda_max.
    const double l0 = y(4), l1 = z(4);
    auto at = [&](double lambda) {
      std::array<double, 4> x{};
      const double f = (l1 == l0) ? 1.0 : (lambda - l0) / (l1 - l0);
      for (int i = 0; i < 4; ++i) x[i] = y(i) + f * (z(i) - y(i));
      if (!correct_at_lambda(g, lambda, x)) throw std::runtime_error("qre: Newton failed at a requested lambda");
      return qre_point(g, lambda, x);
    };
    while (next_target < targets.size() && targets[next_target] > l0 && targets[next_target] <= l1)
      branch.requested.push_back(at(targets[next_target++]));
    if (l1 >= lambda_max) {
      branch.points.push_back(at(lambda_max));
      return branch;
    }
    branch.points.push_back(qre_point(g, l1, head(z)));
    y = z;
    t = t_new;
    if (iterations <= 3) h = std::min(h * 1.6, h_max);
  }
  throw std::runtime_error("qre: continuation did not reach lambda_max");
}

QreLimit qre_limit(const DiscreteSignalGame& g) {
  QreLimit L;
  const double tau = g.tripwire, mu = g.prior_high;
  auto V = [&](int t, int w, bool resist) {
    return tau * g.war[t][w] + (1 - tau) * (resist ? g.war[t][w] : g.back_down[t][w]);
  };
  bool structure = mu > 0 && mu < 1 && tau < 1;
  for (int w = 0; w < 2; ++w)
    structure = structure && g.war[0][w] < g.back_down[0][w] && g.war[1][w] > g.back_down[1][w];
  const double UR = g.challenger_alone, UW1 = g.challenger_war[1];
  structure = structure && UR > 0 && UW1 < 0;
  if (!structure) return L;
  // After a warning C is indifferent: tau + (1 - tau) mu_1 = q-bar.
  const double qbar = UR / (UR - UW1);
  const double mu1 = (qbar - tau) / (1 - tau);
  const double c0_payoff = UR + tau * (g.challenger_war[0] - UR);  // omission reveals L
  const double VL0 = V(0, 0, false), VL1 = V(0, 1, false);
  const double c1 = VL0 / VL1;
  if (!(mu1 > mu && mu1 < 1 && c0_payoff > 0 && c1 > 0 && c1 < 1)) return L;
  if (!(c1 * V(1, 1, true) >= V(1, 0, true))) return L;  // H must prefer to warn
  L.available = true;
  L.warn_high = 1;
  L.challenge_omit = 1;
  L.warn_low = mu * (1 - mu1) / ((1 - mu) * mu1);
  L.challenge_warn = c1;
  const double sL = L.warn_low;
  L.p_challenge = (1 - mu) * (1 - sL) + (mu + (1 - mu) * sL) * c1;
  L.p_war = mu * c1 + (1 - mu) * tau * ((1 - sL) + sL * c1);
  return L;
}

Solution qre_solution(const Game& game, const DiscreteSignalGame& d, const QrePoint& p) {
  Solution s;
  s.mode = Mode::qre;
  // Play is interior at every finite lambda; the low type warns and may back down, so the
  // pattern of play is the bluffing one (the limit is the semi-separating PBE of §4.8).
  s.equilibrium_case = EquilibriumCase::bluffing;
  s.n_branches = 2;
  s.residual = p.residual;
  s.n_equilibria = 1;
  s.outcomes = p.outcomes;
  const double tau = d.tripwire;
  Measures& m = s.measures;
  double challenger_prevails = 0, eu_p = 0, eu_c = 0, resist = 0, warn_backdown = 0, warn_pbd = 0;
  for (int w = 0; w < 2; ++w) {
    Branch& b = s.branches[w];
    b.form = qre_branch_form(game.qre, game.parameters, game.levers, w);
    b.signal_cost = b.form.policy_cost;
    b.belief = {d.resolve[0], d.resolve[1]};
    double mass = 0, resist_mass = 0;
    for (int t = 0; t < 2; ++t) {
      const double prior = t == 1 ? d.prior_high : 1 - d.prior_high;
      const double pw = prior * (w == 1 ? p.sigma[t] : 1 - p.sigma[t]);
      const double c = p.sigma[2 + w], r = p.resist[t][w];
      mass += pw;
      resist_mass += pw * r;
      const double value = tau * d.war[t][w] + (1 - tau) * (r * d.war[t][w] + (1 - r) * d.back_down[t][w]);
      eu_p += pw * (-d.policy_cost[w] + c * value);
      if (w == 1) {
        warn_backdown += pw * (1 - r);
        warn_pbd += pw * c * (1 - tau) * (1 - r);
      }
      challenger_prevails += pw * c * ((1 - tau) * (1 - r) * b.form.p_alone + (tau + (1 - tau) * r) * (1 - b.form.escalation) * b.form.p_joint);
    }
    b.mass = mass;
    b.resist_mass = resist_mass;
    resist += resist_mass;
    const double mu = p.belief_high[w];
    b.posterior_mean = mu * d.resolve[1] + (1 - mu) * d.resolve[0];
    CrisisResponse& cr = b.crisis;
    cr.v_F = resist_cutoff(b.form);
    cr.q = mass > 0 ? resist_mass / mass : mu * p.resist[1][w] + (1 - mu) * p.resist[0][w];
    cr.q_tilde = tau + (1 - tau) * cr.q;
    cr.k_star = not_a_number;
    cr.gamma = p.sigma[2 + w];
    cr.phi = 1;
    eu_c += mass * cr.gamma * (cr.q_tilde * d.challenger_war[w] + (1 - cr.q_tilde) * d.challenger_alone);
  }
  m.p_challenge = p.p_challenge;
  m.p_war = p.p_war;
  const double nuc = p.outcomes[static_cast<std::size_t>(Outcome::nuclear_war)];
  const double pbd = p.outcomes[static_cast<std::size_t>(Outcome::patron_backs_down)];
  m.p_war_given_challenge = p.p_challenge > 0 ? p.p_war / p.p_challenge : not_a_number;
  m.p_nuclear_given_war = p.p_war > 0 ? nuc / p.p_war : not_a_number;
  m.immediate_deterrence_success = p.p_challenge > 0 ? 0.0 : not_a_number;
  m.abandonment_risk = p.p_challenge > 0 ? pbd / p.p_challenge : not_a_number;
  m.challenger_prevails = challenger_prevails;
  m.p_resist = resist;
  m.bluff_rate = s.branches[1].mass > 0 ? warn_backdown / s.branches[1].mass : not_a_number;
  m.audience_cost_paid = warn_pbd;
  m.eu_patron = eu_p;
  m.eu_challenger = eu_c;
  return s;
}

Solution solve_qre(const Game& game) {
  const DiscreteSignalGame d = make_discrete_game(game.qre, game.parameters, game.levers);
  const QreBranch branch = trace_qre_branch(d, game.qre.lambda, {});
  return qre_solution(game, d, branch.points.back());
}

}  // namespace detsim
