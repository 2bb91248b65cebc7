// The build without MPI (DETSIM_MPI=OFF): one process; several tasks of one launch are refused,
// since each would compute the whole run and race for the same output.
#include <string>

#include "cluster/launch_env.hpp"
#include "cluster/session.hpp"

namespace detsim::cluster {

Session::Session() {
  if (launched_tasks() > 1)
    throw LaunchError("started as " + std::to_string(launched_tasks()) +
                      " tasks, but this detsim is built without MPI; rebuild with -DDETSIM_MPI=ON (cmake --preset "
                      "mpi), or run one task (use --shard K/N for job arrays)");
}
Session::~Session() = default;
int Session::agree(int status) { return status; }

FarmResult compute_cells_distributed(Session&, const mc::RunSpec&, const std::vector<std::size_t>&,
                                     const mc::EngineOptions&, const OnResult&) {
  throw LaunchError("internal: several ranks without MPI");
}

}  // namespace detsim::cluster
