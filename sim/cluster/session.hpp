#pragma once
// Where this process stands in a job: the only process, or one rank of an MPI job. MPI starts
// only when an MPI launcher (mpirun, srun --mpi=pmix) started the process, so the same binary
// runs serially anywhere; a build without MPI refuses to run as several tasks of one launch.
#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "mc/engine.hpp"

namespace detsim::cluster {

// Launched in a way this build cannot serve (e.g. several tasks without MPI): a usage error.
class LaunchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Session {
 public:
  Session();   // throws LaunchError
  ~Session();  // finalises MPI; aborts the job if an exception leaves a collective phase
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  // Every rank returns the root's `status` (the others' argument is ignored). From the first
  // call on, an exception on one rank aborts the job rather than leaving the others waiting.
  int agree(int status);

 private:
  int rank_ = 0, size_ = 1;
  [[maybe_unused]] bool mpi_ = false;         // MPI build only: MPI was initialised here
  [[maybe_unused]] bool collective_ = false;  // MPI build only: a collective phase has begun
};

enum class FarmResult { completed, interrupted, failed };
// Called on the root for every finished cell, in any order; false stops the run (failed).
using OnResult = std::function<bool(mc::CellResult&&)>;

// Computes the cells `todo` (the root's list; other ranks ignore it) on all ranks: the root hands
// out one cell at a time to whichever rank asks (cells differ in cost) and computes cells itself
// meanwhile; every rank runs the engine with its OpenMP threads. Results reach on_result on the
// root. options.stop interrupts (each rank's own flag; an interruption anywhere stops the run).
FarmResult compute_cells(Session& session, const mc::RunSpec& run, const std::vector<std::size_t>& todo,
                         const mc::EngineOptions& options, const OnResult& on_result);

// Implemented by the MPI or the non-MPI translation unit.
FarmResult compute_cells_distributed(Session& session, const mc::RunSpec& run, const std::vector<std::size_t>& todo,
                                     const mc::EngineOptions& options, const OnResult& on_result);

}  // namespace detsim::cluster
