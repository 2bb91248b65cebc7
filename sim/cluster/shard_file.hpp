#pragma once
// Shard files and their merge, at the level of labelled datasets (no model, no MPI).
//
// A shard file has the full layout of the run's results file (every cell of the design), so it
// opens like any results file; the cells it did not compute hold NaN (0 in integer counts), the
// variable `shard_cell_computed` (over the cell dimensions) is 1 where it did, and the attributes
// `shard` ("K/N") and `shard_cells` say which. Merging copies each cell from the shard that
// computed it and drops the shard markers, which gives exactly the single run's dataset.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/results_file.hpp"

namespace detsim::cluster {

inline constexpr const char* computed_variable = "shard_cell_computed";

// Turns a run's dataset into a shard's: `computed` is indexed by flat cell; the first
// `n_cell_dims` dimensions of ds are the design's.
void mark_shard(results::Dataset& ds, std::size_t n_cell_dims, const std::vector<bool>& computed,
                const std::string& shard, const std::string& rule);

// A refusal to merge; what() is one or more lines meant for the user.
class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ShardInput {
  std::string path;
  results::Dataset data;
};

// Checks that the shards come from the same scenario, seed and build, that no cell is in two of
// them and that every cell is in one; returns the merged dataset. Throws MergeError.
results::Dataset merge_shards(const std::vector<ShardInput>& shards);

// "warning=0, visibility=0.25" (grid) or the sample's label or index, from the coordinates.
std::string cell_label(const results::Dataset& ds, std::size_t n_cell_dims, std::size_t cell);

}  // namespace detsim::cluster
