#include "cluster/session.hpp"

namespace detsim::cluster {

FarmResult compute_cells(Session& session, const mc::RunSpec& run, const std::vector<std::size_t>& todo,
                         const mc::EngineOptions& options, const OnResult& on_result) {
  if (session.size() > 1) return compute_cells_distributed(session, run, todo, options, on_result);
  for (const std::size_t c : todo) {
    bool completed = false;
    mc::CellResult r = mc::run_cell(run, c, options, completed);
    if (!completed) return FarmResult::interrupted;
    if (!on_result(std::move(r))) return FarmResult::failed;
    if (options.stop && options.stop->load() && c != todo.back()) return FarmResult::interrupted;
  }
  return FarmResult::completed;
}

}  // namespace detsim::cluster
