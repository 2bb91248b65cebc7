#pragma once
// Agent logit quantal response equilibrium of the discrete signalling game (MODEL.md §4.8), traced
// along the principal branch from lambda = 0 by predictor–corrector continuation (pseudo-arclength
// in (x, lambda), Newton corrector; Turocy 2005). Never damped fixed-point iteration: it converges
// to wrong points at large lambda.
#include <array>
#include <vector>

#include "model/qre_game.hpp"
#include "model/outcome.hpp"
#include "solve/solution.hpp"

namespace detsim {

// The four free agents in logit space, x = logit(sigma): s_L, s_H (Pr(warn) by type), c_0, c_1
// (Pr(challenge) after omission / warning). The four response agents are in closed form.
inline constexpr int qre_dim = 4;
enum QreAgent { qre_warn_low = 0, qre_warn_high = 1, qre_challenge_omit = 2, qre_challenge_warn = 3 };

struct QrePoint {
  double lambda = 0;
  std::array<double, qre_dim> x{};          // logits
  std::array<double, qre_dim> sigma{};      // probabilities Lambda(x)
  std::array<std::array<double, 2>, 2> resist{};  // r_theta,w = Lambda(lambda (W - B)), [type][signal]
  std::array<double, 2> belief_high{};      // mu_w = Pr(H | signal w)
  OutcomeProbabilities outcomes{};
  double p_challenge = 0;
  double p_war = 0;
  double residual = 0;                      // max |x - lambda dU| at this point
};

struct QreBranch {
  std::vector<QrePoint> points;     // every accepted continuation point, in order along the branch
  std::vector<QrePoint> requested;  // the branch at each requested lambda (first crossing)
  int steps_rejected = 0;
};

// The semi-separating PBE that the branch approaches as lambda -> infinity (§4.8), where the game
// has its structure (L backs down, H resists, U_R > 0 > U_W at q = 0 and q = 1 respectively).
struct QreLimit {
  bool available = false;  // the closed form applies to this game
  double warn_low = 0, warn_high = 1, challenge_omit = 1, challenge_warn = 0;
  double p_challenge = 0, p_war = 0;
};

// The logit equations' left side minus right side, x - lambda dU(Lambda(x)), for tests and the corrector.
std::array<double, qre_dim> qre_residual(const DiscreteSignalGame& g, double lambda, const std::array<double, qre_dim>& x);

// Fills the point's probabilities, beliefs and outcomes from (lambda, x).
QrePoint qre_point(const DiscreteSignalGame& g, double lambda, const std::array<double, qre_dim>& x);

// Traces the branch from 0 to lambda_max; `requested` lambdas (ascending, within [0, lambda_max]) are hit exactly.
QreBranch trace_qre_branch(const DiscreteSignalGame& g, double lambda_max, const std::vector<double>& requested);

QreLimit qre_limit(const DiscreteSignalGame& g);

// Mode qre: the branch point at game.qre.lambda as a Solution (branch 0 omit, 1 warn).
Solution solve_qre(const Game& game);
Solution qre_solution(const Game& game, const DiscreteSignalGame& d, const QrePoint& p);

}  // namespace detsim
