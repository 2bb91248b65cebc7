#include "solve/policy.hpp"

#include "solve/policy_closed_form.hpp"

namespace detsim {
namespace {

// Uniform types and a challenger who never backs down: the branch-free closed form, the same
// arithmetic the engine runs on eight draws at a time.
void solve_closed_form(const Game& game, Solution& s) {
  const TypeDistribution& F = game.patron_resolve;
  const ReducedForm r = reduce(game.parameters, game.levers);
  const PolicyClosedForm<double> c = policy_closed_form(r, F.uniform_law(), game.challenger_cost.uniform_law());
  Branch& b = s.branches[0];
  b.form = r;
  b.signal_cost = r.policy_cost;
  b.belief = {F.lo(), F.hi()};
  b.mass = 1.0;
  b.crisis = CrisisResponse{.v_F = c.v_F, .q = c.q, .q_tilde = c.q_tilde, .k_star = c.k_star, .gamma = c.gamma};
  b.resist_mass = c.q;
  b.posterior_mean = F.mean();
  s.residual = 0.0;
  s.mixed_crisis = false;
  s.outcomes = c.outcomes;
  Measures& m = s.measures;
  m = Measures{};
  m.p_challenge = c.gamma;
  m.p_war = c.p_war;
  m.p_war_given_challenge = c.p_war_given_challenge;
  m.p_nuclear_given_war = c.p_nuclear_given_war;
  m.immediate_deterrence_success = c.immediate_deterrence_success;
  m.abandonment_risk = c.abandonment_risk;
  m.challenger_prevails = c.challenger_prevails;
  m.p_resist = c.q;
  m.eu_patron = c.eu_patron;
  m.eu_challenger = c.eu_challenger;
}

}  // namespace

bool has_policy_closed_form(const Game& game) {
  return game.patron_resolve.kind() == DistributionKind::uniform &&
         game.challenger_cost.kind() == DistributionKind::uniform && !game.parameters.challenger_can_back_down();
}

void solve_policy(const Game& game, Solution& s, PolicyOptions options) {
  s.mode = Mode::policy;
  s.equilibrium_case = EquilibriumCase::policy;
  s.n_branches = 1;
  s.cutoff = not_a_number;
  s.n_equilibria = 1;
  s.n_stored = 0;
  if (!options.force_general && has_policy_closed_form(game)) return solve_closed_form(game, s);
  // The general path: any type laws, and the fixed point in the fight share when beta_C is finite.
  const TypeDistribution& F = game.patron_resolve;
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

Solution solve_policy(const Game& game, PolicyOptions options) {
  Solution s;
  solve_policy(game, s, options);
  return s;
}

}  // namespace detsim
