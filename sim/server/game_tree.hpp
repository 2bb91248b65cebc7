#pragma once
// The game tree of an equilibrium with the probability of every move, for the classroom page.
#include <nlohmann/json.hpp>

#include "solve/solution.hpp"

namespace detsim::server {

// Nodes {label, p (given the parent), reach (from the root), outcome? (a leaf's code), children}.
// Policy mode: challenge, tripwire, resist, fight, escalation. Signalling modes add the patron's
// signal at the root; the leaves of each outcome sum to the solution's outcome probability.
nlohmann::json game_tree(const Game& game, const Solution& s);

}  // namespace detsim::server
