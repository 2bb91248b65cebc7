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
#include "solve/policy_lanes.hpp"
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

// The mean and spread of one quantity over a block, after LaneMoments::close; blocks are merged in
// block order with Chan et al.'s pairwise update.
struct Moments {
  std::uint64_t n = 0;
  double mean = 0, m2 = 0;
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

// Draws are processed a chunk at a time: one row of per-draw values per quantity, NaN where a draw
// gives none (unsolved, past the end of the chunk, a measure undefined there).
inline constexpr std::size_t chunk_width = 64;
using Row = std::array<double, chunk_width>;
// Prior words are made sixteen draws at a time: two independent chains of multiplies in flight.
inline constexpr std::size_t prior_word_lanes = 16;
static_assert(chunk_width % lane_count == 0 && chunk_width % prior_word_lanes == 0);

// Moments of one quantity over a block, in eight interleaved lanes (draw `first + k` of the block
// goes to lane k % 8), the lanes summed in order when the block closes. Sums of deviations from
// the block's first value: no division per draw, and an exact zero spread for constant values.
struct LaneMoments {
  Lanes s1{}, s2{};
  LaneMask count{};  // minus the number of values per lane (a true lane mask is -1)
  double shift = 0;
  bool started = false;

  [[gnu::always_inline]] void add(const Row& row) {
    if (!started) {
      const auto first = std::find_if(row.begin(), row.end(), [](double x) { return x == x; });
      if (first == row.end()) return;
      shift = *first;
      started = true;
    }
    for (std::size_t k = 0; k < chunk_width; k += lane_count) {
      const Lanes x = load_lanes(row.data() + k);
      const LaneMask valid = x == x;
      const Lanes d = x - shift;
      s1 += pick(valid, d, Lanes{});
      s2 += pick(valid, d * d, Lanes{});
      count += valid;
    }
  }
  Moments close() const {
    Moments m;
    double sum1 = 0, sum2 = 0;
    for (int j = 0; j < lane_count; ++j) {
      m.n += static_cast<std::uint64_t>(-count[j]);
      sum1 += s1[j];
      sum2 += s2[j];
    }
    if (m.n == 0) return m;
    m.mean = shift + sum1 / m.n;
    m.m2 = std::max(0.0, sum2 - sum1 * (sum1 / m.n));
    return m;
  }
};

// What a thread adds up over the blocks it runs: integers and extremes, the same in any order.
struct ThreadTotals {
  std::uint64_t draws = 0, solved = 0, mixed = 0, n_equilibria = 0;
  std::array<Lanes, n_outcomes> min, max;  // per lane; NaN never compares, so it is skipped
  // Fine histograms in four copies (lane k % 4), so runs of equal bins (an outcome that is constant
  // across draws) make four short chains of increments, not one long one; bin fine_bins takes NaN.
  static constexpr std::size_t copies = 4;
  std::array<std::array<std::array<std::uint64_t, fine_bins + 1>, copies>, n_outcomes> fine{};
  std::array<std::uint64_t, n_outcomes> games{};
  std::array<std::uint64_t, n_equilibrium_cases> cases{};
  double worst_residual = 0;

  ThreadTotals() { reset(); }
  void reset() {
    draws = solved = mixed = n_equilibria = 0;
    min.fill(Lanes{} + infinity);
    max.fill(Lanes{} - infinity);
    for (auto& o : fine)
      for (auto& copy : o) copy.fill(0);
    games.fill(0);
    cases.fill(0);
    worst_residual = 0;
  }
};

// Floating-point sums of the block in progress; closed at the block's end and merged in block order.
struct BlockSums {
  std::array<LaneMoments, n_outcomes> outcome{}, difference{};
  std::array<LaneMoments, n_measures> measure{};
};
struct BlockMoments {
  std::array<Moments, n_outcomes> outcome{}, difference{};
  std::array<Moments, n_measures> measure{};
};
BlockMoments close(const BlockSums& sums) {
  BlockMoments m;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    m.outcome[o] = sums.outcome[o].close();
    m.difference[o] = sums.difference[o].close();
  }
  for (std::size_t j = 0; j < n_measures; ++j) m.measure[j] = sums.measure[j].close();
  return m;
}

// The integers and extremes of a cell: each thread adds its totals once, at the end (exact, so the
// order of the threads does not matter).
struct CellTotals {
  std::uint64_t draws = 0, solved = 0, mixed = 0, n_equilibria = 0;
  std::array<double, n_outcomes> min, max;
  std::array<std::array<std::uint64_t, fine_bins>, n_outcomes> fine{};
  std::array<std::uint64_t, n_outcomes> games{};
  std::array<std::uint64_t, n_equilibrium_cases> cases{};
  double worst_residual = 0;

  CellTotals() {
    min.fill(infinity);
    max.fill(-infinity);
  }
  void add(const ThreadTotals& t) {
    draws += t.draws;
    solved += t.solved;
    mixed += t.mixed;
    n_equilibria += t.n_equilibria;
    worst_residual = std::max(worst_residual, t.worst_residual);
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      games[o] += t.games[o];
      for (int j = 0; j < lane_count; ++j) {
        min[o] = std::min(min[o], t.min[o][j]);
        max[o] = std::max(max[o], t.max[o][j]);
      }
      for (const auto& copy : t.fine[o])
        for (std::size_t k = 0; k < fine_bins; ++k) fine[o][k] += copy[k];
    }
    for (std::size_t c = 0; c < n_equilibrium_cases; ++c) cases[c] += t.cases[c];
  }
};

// One chunk's rows: outcome probabilities, measures and paired differences.
struct ChunkRows {
  std::array<Row, n_outcomes> outcome;
  std::array<Row, n_measures> measure;
  std::array<Row, n_outcomes> difference;
  // Marks draws n..width-1 (past the end of a short last chunk) as giving no value.
  void blank_from(std::size_t n, std::span<const std::size_t> measures) {
    if (n == chunk_width) return;
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      std::fill(outcome[o].begin() + n, outcome[o].end(), not_a_number);
      std::fill(difference[o].begin() + n, difference[o].end(), not_a_number);
    }
    for (const std::size_t j : measures) std::fill(measure[j].begin() + n, measure[j].end(), not_a_number);
  }
  // Marks draw k as unsolved.
  void blank(std::size_t k, std::span<const std::size_t> measures) {
    for (std::size_t o = 0; o < n_outcomes; ++o) outcome[o][k] = difference[o][k] = not_a_number;
    for (const std::size_t j : measures) measure[j][k] = not_a_number;
  }
};

// Adds a chunk's rows to the block's sums and the thread's totals (vectorised over the lanes).
DETSIM_LANE_CLONES
void add_rows(ThreadTotals& a, BlockSums& sums, const ChunkRows& c, std::span<const std::size_t> measures, bool paired) {
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    const Row& row = c.outcome[o];
    sums.outcome[o].add(row);
    for (std::size_t k = 0; k < chunk_width; k += lane_count) {
      const Lanes x = load_lanes(row.data() + k);
      a.min[o] = pick(x < a.min[o], x, a.min[o]);
      a.max[o] = pick(a.max[o] < x, x, a.max[o]);
      // Bin floor(clamp(p, 0, 1) * fine_bins), the last bin closed; NaN to the spare bin.
      const Lanes scaled = lane_min(lane_clamp(x, 0.0, 1.0) * static_cast<double>(fine_bins), Lanes{} + (fine_bins - 1.0));
      const LaneMask bin = __builtin_convertvector(pick(x == x, scaled, Lanes{} + static_cast<double>(fine_bins)), LaneMask);
      for (int j = 0; j < lane_count; ++j) ++a.fine[o][j % ThreadTotals::copies][static_cast<std::size_t>(bin[j])];
    }
    if (paired) sums.difference[o].add(c.difference[o]);
  }
  for (const std::size_t j : measures) sums.measure[j].add(c.measure[j]);
}

// 32-bit threshold t such that "bits < t" has probability p for uniform 32-bit bits.
inline std::uint64_t threshold(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return std::uint64_t{1} << 32;
  return static_cast<std::uint64_t>(p * 4294967296.0);
}

struct BranchThresholds {
  std::uint64_t challenge, fight, resist, tripwire, nuclear, mix;
};

// What sampled games of one draw compare their 32-bit uniforms with.
struct GamePlan {
  std::array<BranchThresholds, 2> branch{};  // [0] no signal, [1] signal (policy: both the one branch)
  std::uint64_t signal = std::uint64_t{1} << 32;  // types with u_v >= this signal
  bool one_branch = true, mixing = false;
};

BranchThresholds thresholds(const TypeDistribution& F, const TypeDistribution& G, double v_F, double k_star,
                            double k_fight, double tau, double pi, double mix_above) {
  return {threshold(G.cdf(k_star)), threshold(G.cdf(k_fight)),
          threshold(F.cdf(v_F)),  // resists iff u_v >= this
          threshold(tau), threshold(pi), threshold(mix_above)};
}

GamePlan plan_games(const Game& g, const Solution& s) {
  GamePlan plan;
  for (int w = 0; w < s.n_branches; ++w) {
    const Branch& b = s.branches[w];
    const CrisisResponse& c = b.crisis;
    plan.branch[w] = thresholds(g.patron_resolve, g.challenger_cost, c.v_F, c.k_star, c.k_fight, b.form.tripwire,
                                b.form.escalation, c.mix_above);
    plan.mixing = plan.mixing || c.kind == CrisisKind::mixed;
  }
  plan.one_branch = s.n_branches == 1;
  if (plan.one_branch) plan.branch[1] = plan.branch[0];
  // Types v >= cutoff signal: u_v >= F(cutoff). Policy mode has one branch.
  else plan.signal = threshold(g.patron_resolve.cdf(s.cutoff));
  return plan;
}

// The plan of a draw solved by the policy closed form (k_fight = inf, no mixing), as plan_games
// would make it from that draw's Solution.
GamePlan plan_policy_games(const Game& g, double v_F, double k_star, double tau, double pi) {
  GamePlan plan;
  plan.branch[0] = plan.branch[1] = thresholds(g.patron_resolve, g.challenger_cost, v_F, k_star, infinity, tau, pi, 0.0);
  return plan;
}

// Samples `n` games of one solved draw and adds their outcomes to `games`.
void play_games(const RunSpec& spec, const GamePlan& plan, std::uint64_t draw, std::uint64_t n,
                std::array<std::uint64_t, n_outcomes>& games) {
  const std::array<BranchThresholds, 2>& t = plan.branch;
  const std::uint64_t signal = plan.signal;
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
  if (plan.one_branch && !plan.mixing) play_all(std::true_type{}, std::false_type{});
  else if (!plan.mixing) play_all(std::false_type{}, std::false_type{});
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

// Writes solved draw k of the chunk into the rows; its diagnostics go to the thread's totals.
void record_draw(ThreadTotals& a, ChunkRows& rows, std::size_t k, const Solution& s,
                 std::span<const std::size_t> defined_measures) {
  ++a.solved;
  for (std::size_t o = 0; o < n_outcomes; ++o) rows.outcome[o][k] = s.outcomes[o];
  const auto m = measures_of(s);
  for (const std::size_t j : defined_measures) rows.measure[j][k] = m[j];
  ++a.cases[static_cast<std::size_t>(s.equilibrium_case)];
  a.mixed += s.mixed_crisis;
  a.n_equilibria += static_cast<std::uint64_t>(s.n_equilibria);
  a.worst_residual = std::max(a.worst_residual, s.residual);
}

}  // namespace

namespace {

// Philox block `block` of the parameter-prior stream for draws first .. first + n - 1, word-major:
// words[w * width + k] is word w of draw first + k (n <= width; width a multiple of prior_word_lanes).
DETSIM_LANE_CLONES
void prior_words(std::uint64_t seed, std::uint64_t first, std::size_t n, std::uint64_t block, std::uint64_t* words,
                 std::size_t width) {
  static_assert(sizeof(WordLanes16) == prior_word_lanes * sizeof(std::uint64_t));
  const WordLanes16 lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  for (std::size_t k = 0; k < n; k += prior_word_lanes) {
    const std::array<WordLanes16, 4> r = philox_lanes(seed, first + k + lane, 0, Purpose::parameter_prior, block);
    for (std::size_t w = 0; w < 4; ++w) __builtin_memcpy(words + w * width + k, &r[w], sizeof r[w]);
  }
}

// A uniform prior over a row of raw words (the words u01 maps into [0, 1 - 2^-53]).
DETSIM_LANE_CLONES
void sample_uniform_row(const Prior& prior, const std::uint64_t* words, std::size_t n, double* values) {
  for (std::size_t k = 0; k < n; ++k) values[k] = prior.sample_uniform(u01(words[k]));
}

// The priors a cell samples (those no design axis fixes), in slot order: found once per cell, so
// the per-draw loop only draws. The engine draws a chunk of draws at a time: first every Philox
// block the chunk needs, then each prior over the chunk (uniform priors inline); the numbers are
// those of philox_block, whatever the chunking.
struct Sampler {
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

  // Scratch for `width` draws (rounded up to whole lanes), allocated once per thread.
  struct Scratch {
    std::size_t width;
    std::vector<std::uint64_t> words;  // blocks.size() x 4 words x width
    std::vector<double> values;        // entries.size() x width
  };
  Scratch scratch(std::size_t width = chunk_width) const {
    width = (width + prior_word_lanes - 1) / prior_word_lanes * prior_word_lanes;
    return {width, std::vector<std::uint64_t>(blocks.size() * 4 * width), std::vector<double>(entries.size() * width)};
  }

  // Draws first .. first + n - 1 (n <= s.width) into scratch.values.
  void draw_chunk(std::uint64_t first, std::size_t n, Scratch& s) const {
    for (std::size_t b = 0; b < blocks.size(); ++b)
      prior_words(seed, first, n, blocks[b], s.words.data() + 4 * b * s.width, s.width);
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const Entry& en = entries[e];
      double* v = s.values.data() + e * s.width;
      if (en.table) {
        std::copy(en.table + first, en.table + first + n, v);
        continue;
      }
      const std::uint64_t* w = s.words.data() + (4 * en.block_index + (en.slot & 3)) * s.width;
      if (en.prior.kind() == PriorKind::uniform) sample_uniform_row(en.prior, w, n, v);
      else for (std::size_t k = 0; k < n; ++k) v[k] = en.prior.sample(u01(w[k]));
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
  for (std::uint64_t start = 0; start < spec.draws; start += chunk_width) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_width, spec.draws - start));
    sampler.draw_chunk(start, n, scratch);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t e = 0; e < n_params; ++e) values[(start + k) * n_params + e] = scratch.values[e * scratch.width + k];
  }
  return values;
}

namespace {

// The policy closed form eight draws at a time, when a cell (and its reference cell) can take it.
// Shared by the threads, read-only: the two games' fixed parts and their parameters that no draw
// changes, as broadcast rows (the cell and its reference may differ in them: a parameter axis).
struct LaneSolver {
  PolicyLaneGame game, reference;
  std::array<Row, n_lane_fields> fixed{}, reference_fixed{};

  // Null when some draw needs the general solver (see policy_lane_game).
  static std::unique_ptr<LaneSolver> make(const Game& cell, const Game* reference, const Sampler& sampler) {
    std::vector<double StructuralParameters::*> varying;
    for (const Sampler::Entry& e : sampler.entries) varying.push_back(e.member);
    auto lanes = std::make_unique<LaneSolver>();
    if (!policy_lane_game(cell, varying, lanes->game)) return nullptr;
    if (reference && !policy_lane_game(*reference, varying, lanes->reference)) return nullptr;
    for (std::size_t f = 0; f < n_lane_fields; ++f) {
      lanes->fixed[f].fill(cell.parameters.*(lane_fields[f].scalar));
      lanes->reference_fixed[f].fill((reference ? *reference : cell).parameters.*(lane_fields[f].scalar));
    }
    return lanes;
  }

  // What one thread reads: the sampled members from its scratch (the same draws in both games, by
  // common random numbers), the others from the fixed rows.
  struct Columns {
    std::array<const double*, n_lane_fields> cell, reference;
  };
  Columns columns(const Sampler& sampler, const Sampler::Scratch& scratch) const {
    Columns c;
    for (std::size_t f = 0; f < n_lane_fields; ++f) {
      c.cell[f] = fixed[f].data();
      c.reference[f] = reference_fixed[f].data();
      for (std::size_t e = 0; e < sampler.entries.size(); ++e)
        if (lane_fields[f].scalar == sampler.entries[e].member)
          c.cell[f] = c.reference[f] = scratch.values.data() + e * scratch.width;
    }
    return c;
  }
};

// The per-draw quantities of the closed form that sampled games need.
struct LaneGameInputs {
  Row v_F, k_star, tripwire, escalation;
};

// Per-thread working memory, kept between cells: allocating fresh pages for it in every cell cost
// more than a small cell's draws (and on a virtual machine, freeing them while the other threads
// run cost more again).
struct ThreadWorkspace {
  ThreadTotals totals;
  BlockSums sums;
  ChunkRows rows;
  LaneGameInputs lane_games;
};
ThreadWorkspace& thread_workspace() {
  thread_local std::unique_ptr<ThreadWorkspace> workspace;
  if (!workspace) workspace = std::make_unique<ThreadWorkspace>();
  return *workspace;
}

// Solves draws 0..n-1 of the chunk with the closed form and writes their rows.
DETSIM_LANE_CLONES
void solve_chunk_lanes(const LaneSolver& lanes, const LaneSolver::Columns& columns, std::size_t n, bool paired,
                       ChunkRows& rows, LaneGameInputs* games) {
  PolicyClosedForm<Lanes> c, ref;
  for (std::size_t k = 0; k < n; k += lane_count) {
    solve_policy_lanes(lanes.game, columns.cell, k, c);
    for (std::size_t o = 0; o < n_outcomes; ++o) store_lanes(rows.outcome[o].data() + k, c.outcomes[o]);
    const std::pair<Measure, Lanes> measures[] = {
        {Measure::p_challenge, c.gamma},
        {Measure::p_war, c.p_war},
        {Measure::p_war_given_challenge, c.p_war_given_challenge},
        {Measure::p_nuclear_given_war, c.p_nuclear_given_war},
        {Measure::immediate_deterrence_success, c.immediate_deterrence_success},
        {Measure::abandonment_risk, c.abandonment_risk},
        {Measure::challenger_prevails, c.challenger_prevails},
        {Measure::p_resist, c.q},
        {Measure::credibility, c.q},
        {Measure::effective_credibility, c.q_tilde},
        {Measure::eu_patron, c.eu_patron},
        {Measure::eu_challenger, c.eu_challenger},
    };
    static_assert(std::size(measures) == policy_measures.size());  // every row add_rows reads
    for (const auto& [measure, value] : measures) store_lanes(rows.measure[static_cast<std::size_t>(measure)].data() + k, value);
    if (paired) {
      solve_policy_lanes(lanes.reference, columns.reference, k, ref);
      for (std::size_t o = 0; o < n_outcomes; ++o)
        store_lanes(rows.difference[o].data() + k, c.outcomes[o] - ref.outcomes[o]);
    }
    if (games) {
      store_lanes(games->v_F.data() + k, c.v_F);
      store_lanes(games->k_star.data() + k, c.k_star);
      store_lanes(games->tripwire.data() + k, c.tripwire);
      store_lanes(games->escalation.data() + k, c.escalation);
    }
  }
}

}  // namespace

CellResult run_cell(const RunSpec& spec, std::size_t cell, const EngineOptions& options, bool& completed) {
  const Game cell_game = spec.cell_game(cell);
  const bool paired = spec.reference_cell.has_value() && *spec.reference_cell != cell;
  const Game reference_game = paired ? spec.cell_game(*spec.reference_cell) : cell_game;
  const std::uint64_t N = spec.draws;
  const std::size_t n_blocks = static_cast<std::size_t>(std::min<std::uint64_t>(draw_blocks, N));
  std::vector<BlockMoments> block_moments(n_blocks);
  const int n_threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const auto totals_of_cell = std::make_unique<CellTotals>();
  CellResult result;
  if (spec.per_draw) result.per_draw.assign(N * n_outcomes, not_a_number);
  std::atomic<bool> stopped{false};
  const Sampler sampler(spec, options.prior_table);
  const std::span<const std::size_t> defined_measures =
      cell_game.mode == Mode::policy ? std::span<const std::size_t>(policy_measures) : std::span<const std::size_t>(all_measures);
  // Every lane equals the scalar solve bit for bit, so which path runs does not change results.
  const std::unique_ptr<const LaneSolver> policy_lanes =
      options.policy_lanes ? LaneSolver::make(cell_game, paired ? &reference_game : nullptr, sampler) : nullptr;

#pragma omp parallel num_threads(n_threads)
  {
    // Per thread: totals, the block in progress and a chunk's rows (kept between cells), scratch.
    ThreadWorkspace& workspace = thread_workspace();
    workspace.totals.reset();
    ThreadTotals& totals = workspace.totals;
    BlockSums& sums = workspace.sums;
    ChunkRows& rows = workspace.rows;
    // Every draw overwrites the same uncertain members, so the games are not copied per draw.
    Game g = cell_game, ref = reference_game;
    Solution s, sr;
    Sampler::Scratch scratch = sampler.scratch();
    LaneGameInputs* const lane_games = policy_lanes && spec.games_per_draw > 0 ? &workspace.lane_games : nullptr;
    const LaneSolver::Columns lane_columns = policy_lanes ? policy_lanes->columns(sampler, scratch) : LaneSolver::Columns{};
#pragma omp for schedule(dynamic, 1)
    for (std::size_t b = 0; b < n_blocks; ++b) {
      const std::uint64_t first = N * b / n_blocks, last = N * (b + 1) / n_blocks;
      sums = BlockSums{};
      const std::uint64_t drawn_before = totals.draws;
      for (std::uint64_t start = first; start < last; start += chunk_width) {
        if (options.stop && options.stop->load(std::memory_order_relaxed)) {
          stopped = true;
          break;
        }
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_width, last - start));
        sampler.draw_chunk(start, n, scratch);
        totals.draws += n;
        if (policy_lanes) {
          solve_chunk_lanes(*policy_lanes, lane_columns, n, paired, rows, lane_games);
          totals.solved += n;
          totals.n_equilibria += n;
          totals.cases[static_cast<std::size_t>(EquilibriumCase::policy)] += n;
          if (lane_games)
            for (std::size_t k = 0; k < n; ++k)
              play_games(spec,
                         plan_policy_games(g, lane_games->v_F[k], lane_games->k_star[k], lane_games->tripwire[k],
                                           lane_games->escalation[k]),
                         start + k, spec.games_per_draw, totals.games);
        } else {
          for (std::size_t k = 0; k < n; ++k) {
            sampler.assign(scratch, k, g);
            solve_into(g, s);
            if (!s.is_equilibrium()) {
              rows.blank(k, defined_measures);
              continue;
            }
            record_draw(totals, rows, k, s, defined_measures);
            if (spec.games_per_draw > 0) play_games(spec, plan_games(g, s), start + k, spec.games_per_draw, totals.games);
            if (paired) {
              sampler.assign(scratch, k, ref);
              solve_into(ref, sr);
              for (std::size_t o = 0; o < n_outcomes; ++o)
                rows.difference[o][k] = sr.is_equilibrium() ? s.outcomes[o] - sr.outcomes[o] : not_a_number;
            }
          }
        }
        rows.blank_from(n, defined_measures);
        if (spec.per_draw)
          for (std::size_t k = 0; k < n; ++k)
            for (std::size_t o = 0; o < n_outcomes; ++o) result.per_draw[(start + k) * n_outcomes + o] = rows.outcome[o][k];
        add_rows(totals, sums, rows, defined_measures, paired);
      }
      block_moments[b] = close(sums);
      if (options.draws_done) options.draws_done->fetch_add(totals.draws - drawn_before, std::memory_order_relaxed);
    }
#pragma omp critical(detsim_cell_totals)
    totals_of_cell->add(totals);
  }
  completed = !stopped.load();

  // Merge the floating-point sums in block order: they do not depend on which thread ran which block.
  CellSummary& out = result.summary;
  out.cell = cell;
  const CellTotals& totals = *totals_of_cell;
  std::array<Moments, n_outcomes> outcome{}, difference{};
  std::array<Moments, n_measures> measure{};
  for (const BlockMoments& m : block_moments) {
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      outcome[o].merge(m.outcome[o]);
      difference[o].merge(m.difference[o]);
    }
    for (std::size_t j = 0; j < n_measures; ++j) measure[j].merge(m.measure[j]);
  }
  out.games = totals.games;
  out.cases = totals.cases;
  out.draws = totals.draws;
  out.solved = totals.solved;
  out.mixed_crisis = totals.mixed;
  out.worst_residual = totals.worst_residual;
  out.n_equilibria_mean = totals.solved ? static_cast<double>(totals.n_equilibria) / totals.solved : not_a_number;
  out.paired = difference[0].n;
  const std::uint64_t n = totals.solved;
  const auto& fine = totals.fine;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    out.mean[o] = outcome[o].average();
    out.se[o] = outcome[o].standard_error();
    out.min[o] = n ? totals.min[o] : not_a_number;
    out.max[o] = n ? totals.max[o] : not_a_number;
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
      out.difference_mean[o] = difference[o].average();
      out.difference_se[o] = difference[o].standard_error();
    } else {
      out.difference_mean[o] = spec.reference_cell ? 0.0 : not_a_number;
      out.difference_se[o] = spec.reference_cell ? 0.0 : not_a_number;
    }
  }
  for (std::size_t j = 0; j < n_measures; ++j) {
    out.measure_count[j] = measure[j].n;
    out.measure_mean[j] = measure[j].average();
    out.measure_se[j] = measure[j].standard_error();
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
