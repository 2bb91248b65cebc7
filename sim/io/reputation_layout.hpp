#pragma once
// The results file of a reputation run: simulated outcome counts per crisis along a `crisis`
// dimension, next to the closed-form probabilities and beliefs they estimate.
#include "io/results_file.hpp"
#include "io/scenario.hpp"
#include "mc/reputation_sim.hpp"

namespace detsim {

results::Dataset reputation_dataset(const Scenario& scenario, const mc::ReputationCounts& counts, std::uint64_t seed);

}  // namespace detsim
