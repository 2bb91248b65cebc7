#pragma once
#include "solve/solution.hpp"

namespace detsim {

// The equilibrium of a game in its mode: the selected equilibrium with outcomes and measures.
Solution solve(const Game& game);

}  // namespace detsim
