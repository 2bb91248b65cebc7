#pragma once
// What a Monte Carlo run needs, free of files and flags: the base game at central values, the
// uncertain parameters with their priors, the experimental design over cells, and the run size.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mc/design.hpp"
#include "mc/prior.hpp"
#include "model/game.hpp"

namespace detsim::mc {

// A structural parameter drawn from its prior on every draw. Its slot (its rank among the uncertain
// parameters, in the order of the parameter table) picks its Philox word: word slot % 4 of block
// slot / 4, so up to four priors cost one block per draw.
struct UncertainParameter {
  std::string key;  // "parameters.audience_cost_warning"
  double StructuralParameters::*member = nullptr;
  std::size_t slot = 0;
  Prior prior;
};

// Where a design axis writes its value: a lever or a structural parameter.
struct AxisTarget {
  std::string key;  // "levers.visibility"
  double Levers::*lever = nullptr;
  double StructuralParameters::*parameter = nullptr;
};

struct RunSpec {
  Game base;                                 // every parameter at its central value
  std::vector<UncertainParameter> uncertain;
  Design design;                             // cells
  std::vector<AxisTarget> axes;              // axes[a] is design axis a
  std::vector<std::string> cell_names;       // labels for named cells (may be empty)
  std::optional<std::size_t> reference_cell; // paired differences against this cell
  std::uint64_t draws = 2000;                // parameter draws per cell
  std::uint64_t games_per_draw = 0;          // sampled games per draw
  std::uint64_t seed = 1;
  bool per_draw = false;                     // keep every draw's outputs (sensitivity analysis)

  std::size_t n_cells() const { return design.n_cells; }
  // The cell's game at central parameter values.
  Game cell_game(std::size_t cell) const;
  // Whether an axis fixes this member in every cell (then its prior is not sampled).
  bool axis_sets(double StructuralParameters::*member) const;
};

}  // namespace detsim::mc
