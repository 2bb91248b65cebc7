#pragma once
// Shards of a sweep for job arrays: shard K of N computes the cells whose flat index (C order over
// the design, from 0) is congruent to K-1 modulo N. Interleaving spreads expensive regions of a
// grid (e.g. one end of an axis) over all shards.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace detsim::cluster {

struct ShardSpec {
  std::size_t index = 1;  // K, from 1
  std::size_t count = 1;  // N
};

// "K/N" (1 <= K <= N), or "slurm": K and N from SLURM_ARRAY_TASK_ID / _COUNT (and _MIN, _STEP, so
// that --array=0-9, 1-10 and 0-18:2 all give shards 1..N). Throws std::invalid_argument with a
// one-line reason.
ShardSpec parse_shard(const std::string& text, const std::map<std::string, std::string>& environment);
std::map<std::string, std::string> slurm_environment();  // the SLURM_ARRAY_* variables that are set

std::string to_string(const ShardSpec& shard);  // "K/N"
bool in_shard(const ShardSpec& shard, std::size_t cell);
std::vector<std::size_t> shard_cells(const ShardSpec& shard, std::size_t n_cells);
std::string describe_rule(const ShardSpec& shard);  // for the file's attributes

}  // namespace detsim::cluster
