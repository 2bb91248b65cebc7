#pragma once
// The layout of a detsim results file: which dimensions, coordinates and variables a run's cell
// results become (docs/output.md describes it for readers).
#include <string>
#include <vector>

#include "io/results_file.hpp"
#include "io/scenario.hpp"
#include "mc/engine.hpp"

namespace detsim {

struct Provenance {
  std::string command;       // canonical command that reproduces the run (no thread count)
  std::string version, git_revision, compiler, build_type, cxx_flags;
};

// cells[i] is cell i's result (all of them, in index order).
results::Dataset build_dataset(const Scenario& scenario, const std::vector<mc::CellResult>& cells,
                               const Provenance& provenance);

// Short names of the design's cells, for tables: "warning=0, visibility=0.5" or the cell's name.
std::string cell_label(const mc::RunSpec& run, std::size_t cell);

}  // namespace detsim
