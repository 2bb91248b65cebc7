#pragma once
#include "solve/solution.hpp"

namespace detsim {

// Policy mode (MODEL.md §4.5): levers are exogenous and public; the crisis subgame under the prior.
Solution solve_policy(const Game& game);
// The same, written into `out` (every field a policy solution uses is overwritten), so a Monte
// Carlo loop reuses one Solution per thread instead of building a new 800-byte value per draw.
void solve_policy(const Game& game, Solution& out);

}  // namespace detsim
