#pragma once
// The results file of a reputation run: simulated outcome counts per crisis along a `crisis`
// dimension, next to the closed-form probabilities and beliefs they estimate.
#include "io/results_file.hpp"
#include "io/results_layout.hpp"
#include "io/scenario.hpp"
#include "mc/reputation_sim.hpp"

namespace detsim {

// Global attributes as in a Monte Carlo results file (provenance, the resolved scenario), plus the
// reputation settings and the number of simulated sequences.
results::Dataset reputation_dataset(const Scenario& scenario, const mc::ReputationCounts& counts,
                                    const Provenance& provenance);

}  // namespace detsim
