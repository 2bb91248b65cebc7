#include "solve/policy.hpp"

namespace detsim {

void solve_policy(const Game& game, Solution& s) {
  const TypeDistribution& F = game.patron_resolve;
  s.mode = Mode::policy;
  s.equilibrium_case = EquilibriumCase::policy;
  s.n_branches = 1;
  s.cutoff = not_a_number;
  s.n_equilibria = 1;
  s.n_stored = 0;
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
    s.measures = Measures{};
    return;
  }
  compute_outcomes(game, s);
}

Solution solve_policy(const Game& game) {
  Solution s;
  solve_policy(game, s);
  return s;
}

}  // namespace detsim
