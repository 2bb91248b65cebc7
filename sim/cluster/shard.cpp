#include "cluster/shard.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace detsim::cluster {
namespace {

bool parse_count(const std::string& s, std::size_t& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::size_t env_number(const std::map<std::string, std::string>& env, const std::string& key, bool required,
                       std::size_t fallback) {
  const auto it = env.find(key);
  if (it == env.end()) {
    if (required)
      throw std::invalid_argument("--shard slurm needs " + key +
                                  " (set by sbatch --array); give --shard K/N outside a job array");
    return fallback;
  }
  std::size_t v = 0;
  if (!parse_count(it->second, v)) throw std::invalid_argument(key + "='" + it->second + "' is not a whole number");
  return v;
}

}  // namespace

ShardSpec parse_shard(const std::string& text, const std::map<std::string, std::string>& env) {
  ShardSpec s;
  if (text == "slurm") {
    const std::size_t id = env_number(env, "SLURM_ARRAY_TASK_ID", true, 0);
    s.count = env_number(env, "SLURM_ARRAY_TASK_COUNT", true, 0);
    const std::size_t min = env_number(env, "SLURM_ARRAY_TASK_MIN", false, 0);
    const std::size_t step = env_number(env, "SLURM_ARRAY_TASK_STEP", false, 1);
    if (step == 0 || id < min || (id - min) % step != 0)
      throw std::invalid_argument("SLURM_ARRAY_TASK_ID=" + std::to_string(id) +
                                  " is not on the array's range (MIN and STEP); use --shard K/N");
    s.index = (id - min) / step + 1;
    if (s.count == 0 || s.index > s.count)
      throw std::invalid_argument("job array task " + std::to_string(id) + " is shard " + std::to_string(s.index) +
                                  " of " + std::to_string(s.count) +
                                  ": use a contiguous --array (e.g. 1-N or 0-N-1) or --shard K/N");
    return s;
  }
  const auto slash = text.find('/');
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.count == 0 || s.index == 0 || s.index > s.count)
    throw std::invalid_argument("--shard '" + text + "': expected K/N with 1 <= K <= N (e.g. 3/10), or 'slurm'");
  return s;
}

std::map<std::string, std::string> slurm_environment() {
  std::map<std::string, std::string> env;
  for (const char* key : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                          "SLURM_ARRAY_TASK_STEP"})
    if (const char* v = std::getenv(key)) env[key] = v;
  return env;
}

std::string to_string(const ShardSpec& s) { return std::to_string(s.index) + "/" + std::to_string(s.count); }

bool in_shard(const ShardSpec& s, std::size_t cell) { return cell % s.count == s.index - 1; }

std::vector<std::size_t> shard_cells(const ShardSpec& s, std::size_t n_cells) {
  std::vector<std::size_t> cells;
  for (std::size_t c = s.index - 1; c < n_cells; c += s.count) cells.push_back(c);
  return cells;
}

std::string describe_rule(const ShardSpec& s) {
  return "cells whose flat index (C order over the design, from 0) modulo " + std::to_string(s.count) + " is " +
         std::to_string(s.index - 1) + "; shard_cell_computed marks them";
}

}  // namespace detsim::cluster
