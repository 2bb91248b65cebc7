#include "mc/run_spec.hpp"

namespace detsim::mc {

Game RunSpec::cell_game(std::size_t cell) const {
  Game g = base;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const double x = design.value(cell, a);
    if (axes[a].lever) g.levers.*(axes[a].lever) = x;
    else g.parameters.*(axes[a].parameter) = x;
  }
  return g;
}

bool RunSpec::axis_sets(double StructuralParameters::*member) const {
  for (const auto& a : axes)
    if (a.parameter == member) return true;
  return false;
}

}  // namespace detsim::mc
