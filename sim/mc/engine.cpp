#include "mc/engine.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <type_traits>

#include "mc/prior_table.hpp"
#include "mc/rng.hpp"
#include "solve/policy.hpp"
#include "solve/signalling.hpp"

namespace detsim::mc {

const std::array<MeasureInfo, n_measures> measure_info = {{
    {"p_challenge", "probability of a challenge (1 - general deterrence success)", "1"},
    {"p_war", "probability of war (conventional or nuclear)", "1"},
    {"p_war_given_challenge", "probability of war given a challenge", "1"},
    {"p_nuclear_given_war", "probability that a war is nuclear", "1"},
    {"immediate_deterrence_success", "probability that a challenge is rebuffed", "1"},
    {"abandonment_risk", "probability that the patron backs down given a challenge", "1"},
    {"challenger_prevails", "probability that the challenger prevails: Pr(PBD) p_R + Pr(CONV) p_J", "1"},
    {"p_resist", "ex ante probability that the patron would resist deliberately", "1"},
    {"credibility", "policy mode: challenger's belief q that the patron resists", "1"},
    {"effective_credibility", "policy mode: probability q~ that a challenge meets the patron", "1"},
    {"bluff_rate", "signalling modes: share of signallers who would back down", "1"},
    {"audience_cost_paid", "signalling modes: probability of signalling and then backing down", "1"},
    {"eu_patron", "patron's ex ante expected utility (status quo = 0)", "payoff"},
    {"eu_challenger", "challenger's ex ante expected utility (status quo = 0)", "payoff"},
    {"cutoff", "signalling modes: patron types at or above this resolve signal", "resolve"},
    {"p_signal", "signalling modes: probability that the patron signals", "1"},
    {"p_challenge_given_warning", "signalling modes: probability of a challenge after the signal", "1"},
    {"p_challenge_given_omission", "signalling modes: probability of a challenge without the signal", "1"},
    {"posterior_resolve_given_warning", "signalling modes: challenger's expected patron resolve after the signal", "resolve"},
    {"posterior_resolve_given_omission", "signalling modes: challenger's expected patron resolve without the signal", "resolve"},
}};

namespace {

// The per-draw values of the measures, NaN where undefined.
std::array<double, n_measures> measures_of(const Solution& s) {
  const Measures& m = s.measures;
  const bool policy = s.n_branches == 1;
  const Branch& b0 = s.branches[0];
  const Branch& b1 = s.branches[1];
  return {m.p_challenge,
          m.p_war,
          m.p_war_given_challenge,
          m.p_nuclear_given_war,
          m.immediate_deterrence_success,
          m.abandonment_risk,
          m.challenger_prevails,
          m.p_resist,
          policy ? b0.crisis.q : not_a_number,
          policy ? b0.crisis.q_tilde : not_a_number,
          m.bluff_rate,
          m.audience_cost_paid,
          m.eu_patron,
          m.eu_challenger,
          s.cutoff,
          policy ? not_a_number : b1.mass,
          policy ? not_a_number : b1.crisis.gamma,
          policy ? not_a_number : b0.crisis.gamma,
          policy ? not_a_number : b1.posterior_mean,
          policy ? not_a_number : b0.posterior_mean};
}

// Sums of deviations from the block's first value: no division per draw, and an exact zero
// spread for constant values (plain sums of squares leave rounding noise there).
struct Moments {
  std::uint64_t n = 0;
  double shift = 0, s1 = 0, s2 = 0;  // while adding
  double mean = 0, m2 = 0;           // after close()
  void add(double x) {
    if (n++ == 0) shift = x;
    const double d = x - shift;
    s1 += d;
    s2 += d * d;
  }
  void close() {
    if (n == 0) return;
    mean = shift + s1 / n;
    m2 = std::max(0.0, s2 - s1 * (s1 / n));
  }
  // Chan et al.'s pairwise update, applied to closed blocks in block order.
  void merge(const Moments& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double total = static_cast<double>(n + o.n), d = o.mean - mean;
    mean += d * (o.n / total);
    m2 += o.m2 + d * d * (static_cast<double>(n) * o.n / total);
    n += o.n;
  }
  double standard_error() const { return n < 2 ? not_a_number : std::sqrt(m2 / (n - 1) / n); }
  double average() const { return n ? mean : not_a_number; }
};

// Statistics of a contiguous block of draws, accumulated in draw order.
struct BlockAccumulator {
  std::uint64_t draws = 0, solved = 0, mixed = 0, n_equilibria = 0;
  std::array<Moments, n_outcomes> outcome{}, difference{};
  std::array<double, n_outcomes> min{}, max{};
  std::array<std::array<std::uint32_t, fine_bins>, n_outcomes> fine{};
  std::array<std::uint64_t, n_outcomes> games{};
  std::array<Moments, n_measures> measure{};
  std::array<std::uint64_t, n_equilibrium_cases> cases{};
  double worst_residual = 0;
  bool any_solved = false;
};

// 32-bit threshold t such that "bits < t" has probability p for uniform 32-bit bits.
inline std::uint64_t threshold(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return std::uint64_t{1} << 32;
  return static_cast<std::uint64_t>(p * 4294967296.0);
}

struct BranchThresholds {
  std::uint64_t challenge, fight, resist, tripwire, nuclear, mix;
};

// Samples `n` games of one solved draw and adds their outcomes to `games`.
void play_games(const RunSpec& spec, const Game& g, const Solution& s, std::uint64_t draw, std::uint64_t n,
                std::array<std::uint64_t, n_outcomes>& games) {
  const TypeDistribution& F = g.patron_resolve;
  const TypeDistribution& G = g.challenger_cost;
  std::array<BranchThresholds, 2> t{};
  bool mixing = false;
  for (int w = 0; w < s.n_branches; ++w) {
    const Branch& b = s.branches[w];
    const CrisisResponse& c = b.crisis;
    t[w].challenge = threshold(G.cdf(c.k_star));
    t[w].fight = threshold(G.cdf(c.k_fight));
    t[w].resist = threshold(F.cdf(c.v_F));  // resists iff u_v >= this
    t[w].tripwire = threshold(b.form.tripwire);
    t[w].nuclear = threshold(b.form.escalation);
    t[w].mix = threshold(c.mix_above);
    mixing = mixing || c.kind == CrisisKind::mixed;
  }
  if (s.n_branches == 1) t[1] = t[0];
  // Types v >= cutoff signal: u_v >= F(cutoff). Policy mode has one branch.
  const std::uint64_t signal = s.n_branches == 2 ? threshold(F.cdf(s.cutoff)) : std::uint64_t{1} << 32;
  // Branch-free: outcomes are sums of comparisons, so unpredictable coins cost no mispredictions.
  // Four tallies suffice (challenges, challenges that end in war, nuclear wars, rebuffs); the other
  // outcomes are their exact integer differences.
  std::uint64_t challenges = 0, wars = 0, nuc = 0, rebuffed = 0;
  constexpr std::uint64_t low = 0xffffffffULL;
  // Instantiated for one or two branches (policy mode: the thresholds stay in registers) and for a
  // challenger that mixes or not, so the common loop carries no test it does not need.
  auto play_all = [&](auto one_branch, auto mixes) {
    auto play = [&](std::uint64_t u_v, std::uint64_t u_k, std::uint64_t u_t, std::uint64_t u_n, std::uint64_t game) {
      const BranchThresholds& b = decltype(one_branch)::value ? t[0] : t[u_v >= signal];
      std::uint64_t challenge = u_k < b.challenge;
      if constexpr (decltype(mixes)::value)  // a type above k_fight challenges with probability mix_above
        if (!challenge && b.mix > 0)
          challenge = (philox_block(spec.seed, draw, game, Purpose::challenger_mixing)[0] >> 32) < b.mix;
      const std::uint64_t resist = u_v >= b.resist;
      const std::uint64_t war = (u_t < b.tripwire) | (resist & (u_k < b.fight));
      const std::uint64_t nuclear = u_n < b.nuclear;
      const std::uint64_t challenged_war = challenge & war;
      challenges += challenge;
      wars += challenged_war;
      nuc += challenged_war & nuclear;
      rebuffed += challenge & (war ^ 1) & resist;
    };
    std::uint64_t m = 0;
    for (; 2 * m + 1 < n; ++m) {
      const Block r = philox_block(spec.seed, draw, m, Purpose::game_play);
      play(r[0] & low, r[1] & low, r[2] & low, r[3] & low, 2 * m);
      play(r[0] >> 32, r[1] >> 32, r[2] >> 32, r[3] >> 32, 2 * m + 1);
    }
    if (n & 1) {
      const Block r = philox_block(spec.seed, draw, m, Purpose::game_play);
      play(r[0] & low, r[1] & low, r[2] & low, r[3] & low, 2 * m);
    }
  };
  if (s.n_branches == 1 && !mixing) play_all(std::true_type{}, std::false_type{});
  else if (!mixing) play_all(std::false_type{}, std::false_type{});
  else play_all(std::false_type{}, std::true_type{});
  const std::uint64_t counts[n_outcomes] = {n - challenges, rebuffed, challenges - wars - rebuffed, wars - nuc, nuc};
  for (std::size_t o = 0; o < n_outcomes; ++o) games[o] += counts[o];
}

void solve_into(const Game& g, Solution& s) {
  if (g.mode == Mode::policy) solve_policy(g, s);
  else s = solve_signalling(g);
}

// The measures a draw of a mode can define: a policy solution leaves the signalling quantities and
// the cutoff NaN, so policy cells do not look at them (chosen once per cell).
constexpr std::array<std::size_t, 12> policy_measures = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13};
constexpr auto all_measures = [] {
  std::array<std::size_t, n_measures> all{};
  for (std::size_t j = 0; j < n_measures; ++j) all[j] = j;
  return all;
}();

void add_draw(BlockAccumulator& a, const Solution& s, std::span<const std::size_t> defined_measures) {
  ++a.solved;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    const double p = s.outcomes[o];
    a.outcome[o].add(p);
    if (!a.any_solved || p < a.min[o]) a.min[o] = p;
    if (!a.any_solved || p > a.max[o]) a.max[o] = p;
    const auto bin = static_cast<std::size_t>(std::clamp(p, 0.0, 1.0) * fine_bins);
    ++a.fine[o][std::min(bin, fine_bins - 1)];
  }
  a.any_solved = true;
  const auto m = measures_of(s);
  for (const std::size_t j : defined_measures)
    if (!std::isnan(m[j])) a.measure[j].add(m[j]);
  ++a.cases[static_cast<std::size_t>(s.equilibrium_case)];
  a.mixed += s.mixed_crisis;
  a.n_equilibria += static_cast<std::uint64_t>(s.n_equilibria);
  a.worst_residual = std::max(a.worst_residual, s.residual);
}

}  // namespace

namespace {

// The priors a cell samples (those no design axis fixes), in slot order: found once per cell, so
// the per-draw loop only draws. The engine draws a chunk of draws at a time: first every Philox
// block the chunk needs, then each prior over the chunk (uniform priors inline); the numbers are
// those of philox_block, whatever the chunking.
struct Sampler {
  static constexpr std::size_t chunk = 64;
  struct Entry {
    double StructuralParameters::*member;
    std::size_t slot;
    std::size_t block_index;  // position of block slot / 4 in `blocks`
    Prior prior;
    const double* table = nullptr;  // the run's tabulated values of this prior (then no block is needed)
  };
  std::vector<Entry> entries;
  std::vector<std::uint64_t> blocks;  // Philox blocks (slot / 4) the entries use, ascending
  std::uint64_t seed;

  explicit Sampler(const RunSpec& spec, const PriorTable* table = nullptr) : seed(spec.seed) {
    for (const UncertainParameter& u : spec.uncertain) {
      if (spec.axis_sets(u.member)) continue;
      if (const double* values = table && table->draws() >= spec.draws ? table->column(u.slot) : nullptr) {
        entries.push_back({u.member, u.slot, 0, u.prior, values});
        continue;
      }
      const std::uint64_t block = u.slot >> 2;
      if (blocks.empty() || blocks.back() != block) blocks.push_back(block);  // slots ascend: each block once
      entries.push_back({u.member, u.slot, blocks.size() - 1, u.prior});
    }
  }
  // One draw, through the same path as the engine's chunks, so the values written to results files
  // (draw_parameters) are those the engine solved by construction.
  void draw(std::uint64_t i, Game& g) const {
    Scratch s = scratch(1);
    draw_chunk(i, 1, s);
    assign(s, 0, g);
  }

  // Scratch for `width` draws, allocated once per thread (never in the draw loop).
  struct Scratch {
    std::size_t width;
    std::vector<Block> words;    // blocks.size() x width
    std::vector<double> values;  // entries.size() x width
  };
  Scratch scratch(std::size_t width = chunk) const {
    return {width, std::vector<Block>(blocks.size() * width), std::vector<double>(entries.size() * width)};
  }

  // Draws first .. first + n - 1 (n <= s.width) into scratch.values.
  void draw_chunk(std::uint64_t first, std::size_t n, Scratch& s) const {
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      Block* w = s.words.data() + b * s.width;
      // Independent blocks back to back, so the core overlaps their rounds (an explicit four-block
      // lockstep version ran more instructions, spilling registers, and was no faster).
      for (std::size_t k = 0; k < n; ++k) w[k] = philox_block(seed, first + k, 0, Purpose::parameter_prior, blocks[b]);
    }
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const Entry& en = entries[e];
      double* v = s.values.data() + e * s.width;
      if (en.table) {
        std::copy(en.table + first, en.table + first + n, v);
        continue;
      }
      const Block* w = s.words.data() + en.block_index * s.width;
      const std::size_t word = en.slot & 3;
      for (std::size_t k = 0; k < n; ++k) v[k] = en.prior.sample(u01(w[k][word]));
    }
  }
  // Writes draw first + k of the last chunk into the game.
  void assign(const Scratch& s, std::size_t k, Game& g) const {
    for (std::size_t e = 0; e < entries.size(); ++e) g.parameters.*(entries[e].member) = s.values[e * s.width + k];
  }
};

}  // namespace

void draw_parameters(const RunSpec& spec, std::uint64_t draw, Game& g) { Sampler(spec).draw(draw, g); }

std::vector<double> sampled_parameter_values(const RunSpec& spec) {
  const Sampler sampler(spec);
  Sampler::Scratch scratch = sampler.scratch();
  const std::size_t n_params = sampler.entries.size();
  std::vector<double> values(spec.draws * n_params);
  for (std::uint64_t start = 0; start < spec.draws; start += Sampler::chunk) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(Sampler::chunk, spec.draws - start));
    sampler.draw_chunk(start, n, scratch);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t e = 0; e < n_params; ++e) values[(start + k) * n_params + e] = scratch.values[e * scratch.width + k];
  }
  return values;
}

CellResult run_cell(const RunSpec& spec, std::size_t cell, const EngineOptions& options, bool& completed) {
  const Game cell_game = spec.cell_game(cell);
  const bool paired = spec.reference_cell.has_value() && *spec.reference_cell != cell;
  const Game reference_game = paired ? spec.cell_game(*spec.reference_cell) : cell_game;
  const std::uint64_t N = spec.draws;
  const std::size_t n_blocks = static_cast<std::size_t>(std::min<std::uint64_t>(draw_blocks, N));
  // Heap, not stack: each block holds fine histograms (about 20 kB).
  std::vector<std::unique_ptr<BlockAccumulator>> blocks(n_blocks);
  CellResult result;
  if (spec.per_draw) result.per_draw.assign(N * n_outcomes, not_a_number);
  std::atomic<bool> stopped{false};
  const Sampler sampler(spec, options.prior_table);
  const std::span<const std::size_t> defined_measures =
      cell_game.mode == Mode::policy ? std::span<const std::size_t>(policy_measures) : std::span<const std::size_t>(all_measures);

#pragma omp parallel for schedule(dynamic, 1) num_threads(options.threads > 0 ? options.threads : omp_get_max_threads())
  for (std::size_t b = 0; b < n_blocks; ++b) {
    auto acc = std::make_unique<BlockAccumulator>();
    // Every draw overwrites the same uncertain members, so the games are not copied per draw.
    Game g = cell_game, ref = reference_game;
    Solution s, sr;
    const std::uint64_t first = N * b / n_blocks, last = N * (b + 1) / n_blocks;
    Sampler::Scratch scratch = sampler.scratch();
    for (std::uint64_t start = first; start < last; start += Sampler::chunk) {
      if (options.stop && options.stop->load(std::memory_order_relaxed)) {
        stopped = true;
        break;
      }
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(Sampler::chunk, last - start));
      sampler.draw_chunk(start, n, scratch);
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint64_t i = start + k;
        sampler.assign(scratch, k, g);
        solve_into(g, s);
        ++acc->draws;
        if (!s.is_equilibrium()) continue;
        add_draw(*acc, s, defined_measures);
        if (spec.per_draw) std::copy(s.outcomes.begin(), s.outcomes.end(), result.per_draw.begin() + i * n_outcomes);
        if (spec.games_per_draw > 0) play_games(spec, g, s, i, spec.games_per_draw, acc->games);
        if (paired) {
          sampler.assign(scratch, k, ref);
          solve_into(ref, sr);
          if (sr.is_equilibrium())
            for (std::size_t o = 0; o < n_outcomes; ++o) acc->difference[o].add(s.outcomes[o] - sr.outcomes[o]);
        }
      }
    }
    if (options.draws_done) options.draws_done->fetch_add(acc->draws, std::memory_order_relaxed);
    blocks[b] = std::move(acc);
  }
  completed = !stopped.load();

  // Merge in block order: the sums do not depend on which thread ran which block.
  CellSummary& out = result.summary;
  out.cell = cell;
  BlockAccumulator total;
  std::array<std::array<std::uint64_t, fine_bins>, n_outcomes> fine{};
  for (auto& a : blocks) {
    if (!a) continue;
    total.draws += a->draws;
    total.solved += a->solved;
    total.mixed += a->mixed;
    total.n_equilibria += a->n_equilibria;
    for (auto& m : a->outcome) m.close();
    for (auto& m : a->difference) m.close();
    for (auto& m : a->measure) m.close();
    total.worst_residual = std::max(total.worst_residual, a->worst_residual);
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      total.outcome[o].merge(a->outcome[o]);
      total.difference[o].merge(a->difference[o]);
      total.games[o] += a->games[o];
      if (a->any_solved) {
        total.min[o] = total.any_solved ? std::min(total.min[o], a->min[o]) : a->min[o];
        total.max[o] = total.any_solved ? std::max(total.max[o], a->max[o]) : a->max[o];
      }
      for (std::size_t k = 0; k < fine_bins; ++k) fine[o][k] += a->fine[o][k];
    }
    total.any_solved = total.any_solved || a->any_solved;
    for (std::size_t j = 0; j < n_measures; ++j) total.measure[j].merge(a->measure[j]);
    for (std::size_t c = 0; c < n_equilibrium_cases; ++c) total.cases[c] += a->cases[c];
  }
  out.draws = total.draws;
  out.solved = total.solved;
  out.mixed_crisis = total.mixed;
  out.worst_residual = total.worst_residual;
  out.n_equilibria_mean = total.solved ? static_cast<double>(total.n_equilibria) / total.solved : not_a_number;
  out.cases = total.cases;
  out.games = total.games;
  out.paired = total.difference[0].n;
  const std::uint64_t n = total.solved;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    out.mean[o] = total.outcome[o].average();
    out.se[o] = total.outcome[o].standard_error();
    out.min[o] = n ? total.min[o] : not_a_number;
    out.max[o] = n ? total.max[o] : not_a_number;
    // Quantiles from the fine histogram, interpolated within a bin and clamped to [min, max].
    for (std::size_t q = 0; q < n_quantiles; ++q) {
      if (!n) {
        out.quantile[o][q] = not_a_number;
        continue;
      }
      const double target = quantile_levels[q] * n;
      double below = 0;
      std::size_t k = 0;
      while (k + 1 < fine_bins && below + fine[o][k] < target) below += fine[o][k++];
      const double within = fine[o][k] ? (target - below) / fine[o][k] : 0.5;
      out.quantile[o][q] = std::clamp((k + within) / fine_bins, out.min[o], out.max[o]);
    }
    for (std::size_t k = 0; k < fine_bins; ++k) out.histogram[o][k * histogram_bins / fine_bins] += fine[o][k];
    if (paired) {
      out.difference_mean[o] = total.difference[o].average();
      out.difference_se[o] = total.difference[o].standard_error();
    } else {
      out.difference_mean[o] = spec.reference_cell ? 0.0 : not_a_number;
      out.difference_se[o] = spec.reference_cell ? 0.0 : not_a_number;
    }
  }
  for (std::size_t j = 0; j < n_measures; ++j) {
    out.measure_count[j] = total.measure[j].n;
    out.measure_mean[j] = total.measure[j].average();
    out.measure_se[j] = total.measure[j].standard_error();
  }
  return result;
}

std::array<double, 2> wilson_interval(std::uint64_t k, std::uint64_t n) {
  if (n == 0) return {not_a_number, not_a_number};
  const double z = 1.959963984540054, p = static_cast<double>(k) / n, nn = static_cast<double>(n);
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace detsim::mc
