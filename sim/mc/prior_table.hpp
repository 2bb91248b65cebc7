#pragma once
// Every draw's value of the costly priors, computed once per run and read by every cell.
//
// Common random numbers make draw i's prior values the same in every cell, and a non-uniform prior
// costs an inverse cdf per draw (a Boost beta quantile is about 10 µs, a hundred times a policy
// solve). Without a table each cell pays that again; with it a sweep pays it once. The values are
// those the engine would compute (same Philox word, same inverse cdf), so results are bit-identical
// with or without the table. Uniform priors stay inline: recomputing them is cheaper than a load.
#include <atomic>
#include <cstdint>
#include <vector>

#include "mc/run_spec.hpp"

namespace detsim::mc {

class PriorTable {
 public:
  // The values of `slot` for draws 0 .. draws-1, or nullptr when the slot is not tabulated.
  const double* column(std::size_t slot) const;
  bool empty() const { return slots_.empty(); }
  std::uint64_t draws() const { return draws_; }
  std::size_t bytes() const { return slots_.size() * draws_ * sizeof(double); }

  // Tabulates the non-uniform priors that no design axis fixes, if their table fits in max_bytes;
  // otherwise (or when stopped, or when nothing is worth tabulating) returns an empty table.
  static PriorTable build(const RunSpec& spec, std::size_t max_bytes, int threads,
                          const std::atomic<bool>* stop = nullptr);

 private:
  std::uint64_t draws_ = 0;
  std::vector<std::size_t> slots_;
  std::vector<std::vector<double>> columns_;
};

}  // namespace detsim::mc
