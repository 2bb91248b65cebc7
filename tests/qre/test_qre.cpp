// Agent logit QRE of the discrete game (MODEL.md §4.8, oracle O13). The logit equations are
// re-derived here from the game's payoffs, not with the solver's helpers.
#include <catch2/catch.hpp>
#include <cmath>

#include "io/scenario.hpp"
#include "solve/qre.hpp"
#include "solve/solve.hpp"

using namespace detsim;

namespace {

double logit_of(double x) { return 1 / (1 + std::exp(-x)); }

// The §4.8 game: v_L = .2, v_H = 1.5, mu = .4, a = .15, k = .3, p_R = .5, A_W = .15, X = .3,
// alpha_W = .1, omega_W = 1, psi = .8, pi = .1, tau = 0.
DiscreteSignalGame q_game(double tau = 0.0) {
  DiscreteSignalGame d;
  d.resolve = {0.2, 1.5};
  d.prior_high = 0.4;
  d.tripwire = tau;
  const double a[2] = {0.0, 0.15};
  for (int t = 0; t < 2; ++t)
    for (int w = 0; w < 2; ++w) {
      d.war[t][w] = -0.15 * d.resolve[t] - 0.3;
      d.back_down[t][w] = -0.5 * d.resolve[t] - a[w];
    }
  d.challenger_war = {0.1 - 0.3, 0.1 - 0.3};
  d.challenger_alone = 0.5 - 0.8 * 0.3;
  d.escalation = {0.1, 0.1};
  d.audience_cost = {0.0, 0.15};
  return d;
}

// max over the 8 agents of |sigma - Lambda(lambda dU)| and, for the 4 free agents, of the logit
// form |x - lambda dU|: each agent's expected payoffs from first principles.
std::pair<double, double> logit_errors(const DiscreteSignalGame& d, const QrePoint& p) {
  const double lam = p.lambda, tau = d.tripwire, mu = d.prior_high;
  double r[2][2], prob_err = 0, logit_err = 0;
  for (int t = 0; t < 2; ++t)
    for (int w = 0; w < 2; ++w) {
      r[t][w] = logit_of(lam * (d.war[t][w] - d.back_down[t][w]));
      prob_err = std::max(prob_err, std::abs(p.resist[t][w] - r[t][w]));
    }
  const double sL = p.sigma[0], sH = p.sigma[1], c[2] = {p.sigma[2], p.sigma[3]};
  double dU[4];
  for (int t = 0; t < 2; ++t) {
    double value[2];
    for (int w = 0; w < 2; ++w)
      value[w] = c[w] * (tau * d.war[t][w] + (1 - tau) * (r[t][w] * d.war[t][w] + (1 - r[t][w]) * d.back_down[t][w]));
    dU[t] = value[1] - value[0];
  }
  const double post[2] = {mu * (1 - sH) / (mu * (1 - sH) + (1 - mu) * (1 - sL)), mu * sH / (mu * sH + (1 - mu) * sL)};
  for (int w = 0; w < 2; ++w) {
    const double resist = post[w] * r[1][w] + (1 - post[w]) * r[0][w];
    const double war = tau + (1 - tau) * resist;
    dU[2 + w] = war * d.challenger_war[w] + (1 - war) * d.challenger_alone;
  }
  for (int i = 0; i < 4; ++i) {
    prob_err = std::max(prob_err, std::abs(p.sigma[i] - logit_of(lam * dU[i])));
    logit_err = std::max(logit_err, std::abs(p.x[i] - lam * dU[i]));
  }
  return {prob_err, logit_err};
}

}  // namespace

TEST_CASE("every point of the QRE branch satisfies the logit equations to 1e-10", "[qre][O13]") {
  for (double tau : {0.0, 0.3}) {
    const DiscreteSignalGame d = q_game(tau);
    const QreBranch b = trace_qre_branch(d, 1000.0, {1, 10, 100, 1000});
    REQUIRE(b.points.size() > 10);
    for (const auto& p : b.points) {
      INFO("tau " << tau << " lambda " << p.lambda);
      const auto [prob, logit] = logit_errors(d, p);
      CHECK(prob < 1e-10);
      CHECK(logit < 1e-10);
    }
    REQUIRE(b.requested.size() == 4);
    for (const auto& p : b.requested) CHECK(logit_errors(d, p).second < 1e-10);
    CHECK(b.points.back().lambda == 1000.0);
  }
}

TEST_CASE("lambda = 0 is uniform play (O13)", "[qre][O13]") {
  const QreBranch b = trace_qre_branch(q_game(), 0.0, {0.0});
  const QrePoint& p = b.points.front();
  for (double s : p.sigma) CHECK(s == 0.5);
  CHECK(p.p_challenge == Approx(0.5).margin(1e-15));
  CHECK(p.p_war == Approx(0.25).margin(1e-15));
  CHECK(p.outcomes[static_cast<std::size_t>(Outcome::nuclear_war)] == Approx(0.025).margin(1e-15));
}

TEST_CASE("the QRE branch is continuous in lambda", "[qre][O13]") {
  const QreBranch b = trace_qre_branch(q_game(), 3000.0, {});
  for (std::size_t i = 1; i < b.points.size(); ++i) {
    const QrePoint &a = b.points[i - 1], &c = b.points[i];
    double jump = 0;
    for (int j = 0; j < qre_dim; ++j) jump = std::max(jump, std::abs(c.sigma[j] - a.sigma[j]));
    INFO("lambda " << a.lambda << " -> " << c.lambda);
    CHECK(jump < 0.1);  // no step jumps to another branch
  }
  // Densely re-solved: the probabilities between two accepted points lie near their chord.
  const QreBranch fine = trace_qre_branch(q_game(), 30.0, {5, 5.001, 20, 20.001});
  for (int j = 0; j < qre_dim; ++j) {
    CHECK(std::abs(fine.requested[1].sigma[j] - fine.requested[0].sigma[j]) < 1e-3);
    CHECK(std::abs(fine.requested[3].sigma[j] - fine.requested[2].sigma[j]) < 1e-3);
  }
}

TEST_CASE("large lambda approaches the semi-separating PBE (O13)", "[qre][O13]") {
  const DiscreteSignalGame d = q_game();
  const QreLimit L = qre_limit(d);
  REQUIRE(L.available);
  CHECK(L.warn_low == Approx(20.0 / 39).margin(1e-14));
  CHECK(L.challenge_warn == Approx(0.4).margin(1e-14));
  CHECK(L.p_challenge == Approx(0.575385).margin(1e-6));
  CHECK(L.p_war == Approx(0.16).margin(1e-14));
  const QreBranch b = trace_qre_branch(d, 3000.0, {});
  const QrePoint& p = b.points.back();
  CHECK(p.lambda == 3000.0);
  CHECK(std::abs(p.sigma[qre_warn_low] - 20.0 / 39) < 2e-3);
  CHECK(std::abs(p.sigma[qre_challenge_warn] - 0.4) < 2e-4);
  CHECK(p.sigma[qre_warn_high] > 1 - 1e-9);
  CHECK(p.sigma[qre_challenge_omit] > 1 - 1e-9);
  CHECK(std::abs(p.p_challenge - 0.575385) < 2e-3);
  CHECK(std::abs(p.p_war - 0.16) < 1e-3);
}

TEST_CASE("the qre scenario reproduces the §4.8 game and solve reports lambda's branch point", "[qre][scenario]") {
  const Scenario sc = load_scenario(std::string(DETSIM_SOURCE_DIR) + "/scenarios/qre-signalling.toml");
  REQUIRE(sc.game.mode == Mode::qre);
  const DiscreteSignalGame d = make_discrete_game(sc.game.qre, sc.game.parameters, sc.game.levers);
  const DiscreteSignalGame ref = q_game();
  for (int t = 0; t < 2; ++t)
    for (int w = 0; w < 2; ++w) {
      CHECK(d.war[t][w] == Approx(ref.war[t][w]).margin(1e-15));
      CHECK(d.back_down[t][w] == Approx(ref.back_down[t][w]).margin(1e-15));
    }
  CHECK(d.challenger_alone == Approx(ref.challenger_alone).margin(1e-15));
  const Solution s = solve(sc.game);
  double total = 0;
  for (double p : s.outcomes) total += p;
  CHECK(total == Approx(1.0).margin(1e-12));
  CHECK(s.measures.p_challenge == Approx(s.branches[0].mass * s.branches[0].crisis.gamma +
                                         s.branches[1].mass * s.branches[1].crisis.gamma).margin(1e-12));
  CHECK(s.residual < 1e-10);
}

TEST_CASE("qre scenario keys are validated", "[qre][scenario]") {
  const std::string base = "[scenario]\nmode = \"qre\"\n";
  CHECK_THROWS_AS(parse_scenario(base + "[qre]\nresolve_low = 2\nresolve_high = 1\n", "t.toml"), ScenarioError);
  CHECK_THROWS_AS(parse_scenario(base + "[qre]\nprior_high = 1\n", "t.toml"), ScenarioError);
  CHECK_THROWS_AS(parse_scenario(base + "[qre]\nlambdas = [1, 1]\n", "t.toml"), ScenarioError);
  CHECK_THROWS_AS(parse_scenario(base + "[qre]\nlambda = 10\nlambdas = [1, 100]\n", "t.toml"), ScenarioError);
  CHECK_THROWS_WITH(parse_scenario(base + "[qre]\nprior_hi = 0.5\n", "t.toml"), Catch::Contains("did you mean qre.prior_high"));
  CHECK_NOTHROW(parse_scenario(base + "[qre]\nlambdas = [0, 5]\nlambda = 5\n", "t.toml"));
}
