#pragma once
#include "solve/solution.hpp"

namespace detsim {

struct PolicyOptions {
  bool force_general = false;  // skip the closed form (tests hold the two paths together)
};

// Policy mode (MODEL.md §4.5): levers are exogenous and public; the crisis subgame under the prior.
Solution solve_policy(const Game& game, PolicyOptions options = {});
// The same, written into `out` (every field a policy solution uses is overwritten), so a Monte
// Carlo loop reuses one Solution per thread instead of building a new 800-byte value per draw.
void solve_policy(const Game& game, Solution& out, PolicyOptions options = {});

// Uniform types and beta_C = inf: solve_policy takes the branch-free closed form
// (solve/policy_closed_form.hpp), which the engine also runs eight draws at a time.
bool has_policy_closed_form(const Game& game);

}  // namespace detsim
