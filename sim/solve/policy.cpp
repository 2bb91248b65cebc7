#include "solve/policy.hpp"

namespace detsim {

Solution solve_policy(const Game& game) {
  const TypeDistribution& F = game.patron_resolve;
  Solution s;
  s.mode = Mode::policy;
  s.n_branches = 1;
  Branch& b = s.branches[0];
  b.form = reduce(game.parameters, game.levers);
  b.signal_cost = b.form.policy_cost;
  b.belief = {F.lo(), F.hi()};
  b.mass = 1.0;
  b.crisis = respond(b.form, F, game.challenger_cost, b.belief);
  b.resist_mass = b.crisis.q;
  b.posterior_mean = F.mean();
  s.residual = b.crisis.residual;
  s.mixed_crisis = b.crisis.kind == CrisisKind::mixed;
  if (b.crisis.kind == CrisisKind::no_equilibrium) {
    s.equilibrium_case = EquilibriumCase::no_equilibrium;
    s.n_equilibria = 0;
    s.outcomes.fill(not_a_number);
    return s;
  }
  compute_outcomes(game, s);
  return s;
}

}  // namespace detsim
