#pragma once
// Simulated crisis sequences of the reputation mode (MODEL.md §4.9): draw the patron's type once,
// then play T crises with fresh challengers, following the equilibrium strategies and updating
// the challenger's belief from deliberate choices only. Random numbers are Philox streams keyed by
// (seed, sequence, crisis, purpose), so counts do not depend on how sequences are split up.
#include <array>
#include <cstdint>
#include <vector>

#include "model/game.hpp"
#include "model/outcome.hpp"

namespace detsim::mc {

struct ReputationCounts {
  std::uint64_t sequences = 0;
  std::vector<std::array<std::uint64_t, n_outcomes>> outcomes;  // [crisis][outcome]
  std::vector<double> credibility_sum;  // sum over sequences of C's credibility q_t (Pr of deliberate resistance)
};

// Sequences [first, first + count) of the run with this seed.
ReputationCounts simulate_reputation(const Game& game, std::uint64_t seed, std::uint64_t first, std::uint64_t count);

}  // namespace detsim::mc
