#pragma once
#include "solve/solution.hpp"

namespace detsim {

// Policy mode (MODEL.md §4.5): levers are exogenous and public; the crisis subgame under the prior.
Solution solve_policy(const Game& game);

}  // namespace detsim
