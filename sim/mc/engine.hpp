#pragma once
// The Monte Carlo engine: for one cell, N draws of the uncertain parameters (common random
// numbers: draw i uses the same numbers in every cell), the equilibrium of each draw and its
// analytic outcome probabilities (Rao-Blackwellised), optionally n sampled games per draw.
//
// Determinism: a cell's draws are split into a fixed number of contiguous blocks (independent of
// the thread count); each block is summed in draw order, in eight interleaved lanes (draw k of the
// block in lane k % 8, the lanes added in order at the block's end), and blocks are merged in block
// order. Integer counts (games, histograms, cases) and extremes are exact in any order.
//
// Policy cells with uniform types and beta_C = inf solve eight draws at a time
// (solve/policy_lanes.hpp); each lane is the scalar solve bit for bit, so results are those of the
// per-draw path.
//
// Sampled games (Purpose::game_play): games 2m and 2m+1 of draw i share the block
// philox_block(seed, i, m, game_play); game 2m takes the low 32 bits of words 0..3, game 2m+1 the
// high 32 bits, as uniforms u = bits / 2^32 for (patron type v, challenger type k, tripwire,
// nuclear coin). Types enter only through u (v >= v_F iff u_v >= F(v_F)), so no quantile is
// computed per game. A challenger that mixes draws word 0 of philox_block(seed, i, game,
// challenger_mixing).
#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mc/run_spec.hpp"
#include "solve/solution.hpp"

namespace detsim::mc {

inline constexpr std::size_t n_quantiles = 5;
inline constexpr std::array<double, n_quantiles> quantile_levels = {0.05, 0.25, 0.5, 0.75, 0.95};
inline constexpr std::size_t fine_bins = 1000;      // resolution of the quantiles (then clamped to min/max)
inline constexpr std::size_t histogram_bins = 50;   // reported histogram of each outcome probability
inline constexpr std::size_t draw_blocks = 64;      // fixed split of a cell's draws

// Per-draw measures of MODEL.md §6.1, averaged over the draws where they are defined.
enum class Measure : std::size_t {
  p_challenge, p_war, p_war_given_challenge, p_nuclear_given_war, immediate_deterrence_success,
  abandonment_risk, challenger_prevails, p_resist, credibility, effective_credibility, bluff_rate,
  audience_cost_paid, eu_patron, eu_challenger, cutoff, p_signal, p_challenge_given_warning,
  p_challenge_given_omission, posterior_resolve_given_warning, posterior_resolve_given_omission,
};
inline constexpr std::size_t n_measures = 20;
struct MeasureInfo {
  std::string_view name, long_name, units;
};
extern const std::array<MeasureInfo, n_measures> measure_info;

// Everything a cell reports; trivially copyable, so a checkpoint is its bytes.
struct CellSummary {
  std::uint64_t cell = 0;
  std::uint64_t draws = 0;   // draws attempted
  std::uint64_t solved = 0;  // draws with an equilibrium (the others are counted, not averaged)
  std::array<double, n_outcomes> mean{}, se{};
  std::array<double, n_outcomes> min{}, max{};
  std::array<std::array<double, n_quantiles>, n_outcomes> quantile{};
  std::array<std::array<std::uint64_t, histogram_bins>, n_outcomes> histogram{};
  std::array<std::uint64_t, n_outcomes> games{};
  std::array<double, n_measures> measure_mean{}, measure_se{};
  std::array<std::uint64_t, n_measures> measure_count{};
  std::array<std::uint64_t, n_equilibrium_cases> cases{};
  std::uint64_t mixed_crisis = 0;
  double n_equilibria_mean = 0;
  double worst_residual = 0;
  std::uint64_t paired = 0;  // draws solved in this cell and the reference cell
  std::array<double, n_outcomes> difference_mean{}, difference_se{};
};

struct CellResult {
  CellSummary summary;
  std::vector<double> per_draw;  // with RunSpec::per_draw: draws x n_outcomes (NaN where unsolved)
};

class PriorTable;

struct EngineOptions {
  int threads = 0;                                  // 0: OpenMP's default
  const std::atomic<bool>* stop = nullptr;          // set (e.g. by SIGINT) to abandon the cell
  std::atomic<std::uint64_t>* draws_done = nullptr; // progress counter, added to as blocks finish
  const PriorTable* prior_table = nullptr;          // the run's tabulated priors (mc/prior_table.hpp), if any
  bool policy_lanes = true;  // false: solve each draw alone even where lanes could (tests compare)
};

// Runs one cell. Returns false in `completed` if stopped early (the result is then incomplete).
CellResult run_cell(const RunSpec& spec, std::size_t cell, const EngineOptions& options, bool& completed);

// The game of draw i in a cell: the cell's game with every uncertain parameter drawn.
void draw_parameters(const RunSpec& spec, std::uint64_t draw, Game& game);
// Every draw's value of the sampled parameters (those no axis fixes, in the order of spec.uncertain):
// draws x parameters, row-major, through the engine's own sampling path.
std::vector<double> sampled_parameter_values(const RunSpec& spec);

// Wilson score interval (95%) for k successes in n trials.
std::array<double, 2> wilson_interval(std::uint64_t k, std::uint64_t n);

}  // namespace detsim::mc
