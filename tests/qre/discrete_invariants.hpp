#pragma once
// Invariants of the qre and reputation modes for the generic suite (tests/unit/test_invariants.cpp):
// probabilities are probabilities, the QRE point satisfies its logit equations, beliefs follow
// Bayes' rule from the patron's mixed strategy, and every crisis of a reputation path sums to 1.
#include <catch2/catch.hpp>
#include <cmath>

#include "solve/qre.hpp"
#include "solve/reputation.hpp"
#include "solve/solve.hpp"

namespace detsim::test {

inline void check_outcome_vector(const OutcomeProbabilities& o) {
  double total = 0;
  for (double p : o) {
    CHECK(p >= -1e-15);
    CHECK(p <= 1 + 1e-15);
    total += p;
  }
  CHECK(total == Approx(1.0).margin(1e-12));
}

inline void check_discrete_mode_invariants(const Game& g) {
  const Solution s = solve(g);
  check_outcome_vector(s.outcomes);
  if (g.mode == Mode::qre) {
    const DiscreteSignalGame d = make_discrete_game(g.qre, g.parameters, g.levers);
    const QreBranch b = trace_qre_branch(d, g.qre.lambda, {});
    for (const auto& p : b.points) {
      const auto h = qre_residual(d, p.lambda, p.x);
      for (double x : h) CHECK(std::abs(x) < 1e-10);
      check_outcome_vector(p.outcomes);
      const double warn = d.prior_high * p.sigma[1] + (1 - d.prior_high) * p.sigma[0];
      if (warn > 1e-12) CHECK(p.belief_high[1] == Approx(d.prior_high * p.sigma[1] / warn).margin(1e-12));
    }
    CHECK(s.branches[0].mass + s.branches[1].mass == Approx(1.0).margin(1e-12));
  } else {
    const ReputationPath path = solve_reputation_path(g);
    REQUIRE(static_cast<int>(path.crises.size()) == g.reputation.crises);
    for (const auto& c : path.crises) {
      check_outcome_vector(c.outcomes);
      CHECK(c.credibility >= 0);
      CHECK(c.credibility <= 1);
    }
  }
}

}  // namespace detsim::test
