#pragma once
// What the environment says about how the process was launched (no MPI calls).
#include <cstdlib>
#include <string>

namespace detsim::cluster {

inline long env_long(const char* key) {
  const char* v = std::getenv(key);
  return v ? std::strtol(v, nullptr, 10) : 0;
}

// Started by an MPI launcher (OpenMPI's mpirun, or a PMI/PMIx launcher such as srun --mpi=pmix).
inline bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_RANK") ||
         std::getenv("PMI_SIZE");
}

// Tasks the launcher started: mpirun's world size, or srun's step size.
inline long launched_tasks() {
  long n = env_long("OMPI_COMM_WORLD_SIZE");
  if (n <= 0) n = env_long("PMI_SIZE");
  if (n <= 0) n = env_long("SLURM_STEP_NUM_TASKS");
  return n;
}

}  // namespace detsim::cluster
