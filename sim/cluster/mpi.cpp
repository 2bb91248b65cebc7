// The MPI build (DETSIM_MPI=ON): ranks of one job share the cells of a run. Rank 0 hands out one
// cell at a time to whichever rank asks, computes cells itself on a second thread meanwhile, and
// receives every result. Only the main thread calls MPI (MPI_THREAD_FUNNELED). Waits poll with a
// short sleep: OpenMPI's blocking calls spin, which would take a core from the OpenMP threads.
#include <mpi.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/launch_env.hpp"
#include "cluster/session.hpp"

namespace detsim::cluster {
namespace {

enum Tag : int { tag_ready = 1, tag_result = 2, tag_interrupted = 3, tag_work = 4, tag_stop = 5 };

void nap() { std::this_thread::sleep_for(std::chrono::microseconds(500)); }

void wait_for(MPI_Request& request, MPI_Status* status = MPI_STATUS_IGNORE) {
  for (int done = 0;;) {
    MPI_Test(&request, &done, status);
    if (done) return;
    nap();
  }
}

std::vector<char> encode(const mc::CellResult& r) {
  std::vector<char> bytes(sizeof r.summary + r.per_draw.size() * sizeof(double));
  std::memcpy(bytes.data(), &r.summary, sizeof r.summary);
  if (!r.per_draw.empty()) std::memcpy(bytes.data() + sizeof r.summary, r.per_draw.data(), r.per_draw.size() * sizeof(double));
  return bytes;
}

mc::CellResult decode(const std::vector<char>& bytes) {
  mc::CellResult r;
  std::memcpy(&r.summary, bytes.data(), sizeof r.summary);
  r.per_draw.resize((bytes.size() - sizeof r.summary) / sizeof(double));
  if (!r.per_draw.empty()) std::memcpy(r.per_draw.data(), bytes.data() + sizeof r.summary, r.per_draw.size() * sizeof(double));
  return r;
}

// A worker rank: ask, compute, send back, until told to stop.
void work(const mc::RunSpec& run, const mc::EngineOptions& options) {
  MPI_Send(nullptr, 0, MPI_BYTE, 0, tag_ready, MPI_COMM_WORLD);
  for (;;) {
    std::uint64_t cell = 0;
    MPI_Request request;
    MPI_Status status;
    MPI_Irecv(&cell, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &request);
    wait_for(request, &status);
    if (status.MPI_TAG == tag_stop) return;
    bool completed = false;
    const mc::CellResult r = mc::run_cell(run, cell, options, completed);
    if (!completed) {
      MPI_Send(nullptr, 0, MPI_BYTE, 0, tag_interrupted, MPI_COMM_WORLD);
      continue;
    }
    const std::vector<char> bytes = encode(r);
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, tag_result, MPI_COMM_WORLD);
  }
}

}  // namespace

Session::Session() {
  if (!launched_by_mpi()) {
    if (launched_tasks() > 1)
      throw LaunchError("started as " + std::to_string(launched_tasks()) +
                        " tasks without MPI (no PMI in the environment); launch with mpirun or srun --mpi=pmix");
    return;
  }
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_FUNNELED && size_ > 1) {
    MPI_Finalize();
    mpi_ = false;
    throw LaunchError("the MPI library does not provide MPI_THREAD_FUNNELED");
  }
}

Session::~Session() {
  if (!mpi_) return;
  if (collective_ && size_ > 1 && std::uncaught_exceptions() > 0) MPI_Abort(MPI_COMM_WORLD, 1);
  MPI_Finalize();
}

int Session::agree(int status) {
  collective_ = true;
  if (size_ == 1) return status;
  MPI_Request request;
  MPI_Ibcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_for(request);
  return status;
}

FarmResult compute_cells_distributed(Session& session, const mc::RunSpec& run, const std::vector<std::size_t>& todo,
                                     const mc::EngineOptions& options, const OnResult& on_result) {
  if (!session.root()) {
    work(run, options);
    return FarmResult::completed;  // the root reports the outcome through Session::agree
  }
  std::mutex mutex;
  std::size_t next = 0;
  bool stopping = false, local_finished = false, local_interrupted = false;
  std::deque<mc::CellResult> local_done;
  // Takes the next cell, or none once the run is stopping or all cells are out.
  const auto take = [&](std::size_t& cell) {
    std::lock_guard lock(mutex);
    if (stopping || (options.stop && options.stop->load()) || next >= todo.size()) return false;
    cell = todo[next++];
    return true;
  };
  std::thread local([&] {
    std::size_t cell = 0;
    while (take(cell)) {
      bool completed = false;
      mc::CellResult r = mc::run_cell(run, cell, options, completed);
      std::lock_guard lock(mutex);
      if (!completed) {
        local_interrupted = true;
        break;
      }
      local_done.push_back(std::move(r));
    }
    std::lock_guard lock(mutex);
    local_finished = true;
  });

  bool failed = false, remote_interrupted = false;
  const auto deliver = [&](mc::CellResult&& r) {
    if (!failed && !on_result(std::move(r))) {
      failed = true;
      std::lock_guard lock(mutex);
      stopping = true;
    }
  };
  int workers = session.size() - 1;
  for (;;) {
    bool finished = false;
    std::deque<mc::CellResult> ready;
    {
      std::lock_guard lock(mutex);
      ready.swap(local_done);
      finished = local_finished;
    }
    for (auto& r : ready) deliver(std::move(r));
    if (finished && workers == 0) break;

    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      nap();
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    std::vector<char> bytes(static_cast<std::size_t>(count));
    MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (status.MPI_TAG == tag_result) {
      mc::CellResult r = decode(bytes);
      if (options.draws_done) options.draws_done->fetch_add(r.summary.draws);
      deliver(std::move(r));
    } else if (status.MPI_TAG == tag_interrupted) {
      remote_interrupted = true;
      std::lock_guard lock(mutex);
      stopping = true;
    }
    std::size_t cell = 0;
    if (take(cell)) {
      const std::uint64_t c = cell;
      MPI_Send(&c, 1, MPI_UINT64_T, status.MPI_SOURCE, tag_work, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_UINT64_T, status.MPI_SOURCE, tag_stop, MPI_COMM_WORLD);
      --workers;
    }
  }
  local.join();
  if (failed) return FarmResult::failed;
  if (local_interrupted || remote_interrupted || next < todo.size()) return FarmResult::interrupted;
  return FarmResult::completed;
}

}  // namespace detsim::cluster
