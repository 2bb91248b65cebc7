#pragma once
// What `detsim solve` adds for the qre and reputation modes: the QRE branch with its PBE limit,
// and the per-crisis path of a reputation game.
#include <nlohmann/json.hpp>
#include <string>

#include "io/results_layout.hpp"
#include "io/scenario.hpp"

namespace detsim::app {

nlohmann::json qre_json(const Game& game);         // mode qre
nlohmann::json reputation_json(const Game& game);  // mode reputation
std::string qre_table(const Game& game);
std::string reputation_table(const Game& game);

// `detsim run` for the modes of issue 5: a reputation scenario simulates run.draws crisis sequences
// and writes per-crisis counts along a `crisis` dimension; a qre scenario is refused (exit 2).
// Returns -1 for the other modes (the Monte Carlo engine runs them).
int run_discrete_mode(const Scenario& scenario, const std::string& output, const Provenance& provenance, bool overwrite);

}  // namespace detsim::app
