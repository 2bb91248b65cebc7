#pragma once
// Checkpoints of finished cells, so an interrupted run resumes where it stopped. They live in
// OUTPUT.partial.d/ beside the output: a manifest naming the run, and one file per finished
// cell, each written to a temporary name and renamed, so a crash never leaves half a cell.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

#include "mc/engine.hpp"

namespace detsim {

class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Checkpoint {
 public:
  // fingerprint: everything that determines the results (scenario text, seed, draws, build).
  Checkpoint(const std::string& output_path, std::string fingerprint);

  const std::string& directory() const { return dir_; }
  bool exists() const;
  // Starts afresh (removing an old checkpoint) or, with resume, loads the finished cells.
  // Throws CheckpointError if a checkpoint of a different run is in the way.
  std::map<std::size_t, mc::CellResult> open(bool resume);
  void save(const mc::CellResult& cell) const;  // atomic per cell
  void remove() const;                          // after the results file is complete

 private:
  std::string dir_, fingerprint_;
};

}  // namespace detsim
