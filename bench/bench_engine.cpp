// Throughput of the Monte Carlo engine per core: parameter draws per second (prior sampling,
// equilibrium, accumulation), sampled games per second, and the same at 2 threads for the
// parallel efficiency. Targets per core: >= 3e7 policy draws/s, >= 1e8 games/s, >= 5e5
// tying-hands draws/s; >= 90% efficiency at 2 threads.
#include <benchmark/benchmark.h>

#include "io/scenario.hpp"
#include "mc/engine.hpp"
#include "mc/rng.hpp"

using namespace detsim;

namespace {

const char* priors = R"(
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
patron_nuclear_cost = { uniform = [1, 3] }
challenger_nuclear_cost = { uniform = [3, 7] }
escalation_logit_base = { uniform = [-3.5, -2.5] }
allied_strength = { uniform = [2.5, 3.5] }
[levers]
warning = 0
visibility = 0.5
burden = 0.7
)";

void run(benchmark::State& state, const std::string& mode, std::uint64_t draws, std::uint64_t games, bool count_games) {
  Scenario sc = parse_scenario("[scenario]\nmode = \"" + mode + "\"\n" + priors, "bench.toml");
  sc.run.draws = draws;
  sc.run.games_per_draw = games;
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    bool completed = false;
    auto r = mc::run_cell(sc.run, 0, {threads, nullptr, nullptr}, completed);
    benchmark::DoNotOptimize(r);
  }
  const auto per_iteration = count_games ? draws * games : draws;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * per_iteration));
  state.counters["per_core_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * per_iteration) / threads,
                                                        benchmark::Counter::kIsRate);
}

void BM_policy_draws(benchmark::State& s) { run(s, "policy", 1 << 18, 0, false); }
// Small cells (4,096 draws): the per-cell fixed cost (threads, accumulators, merge) shows here.
void BM_policy_small_cells(benchmark::State& s) { run(s, "policy", 1 << 12, 0, false); }
void BM_policy_games(benchmark::State& s) { run(s, "policy", 1 << 10, 1 << 14, true); }
void BM_tying_hands_draws(benchmark::State& s) { run(s, "tying-hands", 1 << 15, 0, false); }
void BM_sinking_costs_draws(benchmark::State& s) { run(s, "sinking-costs", 1 << 7, 0, false); }

// Philox4x64-10 blocks per second (the cost floor of prior sampling and of sampled games).
void BM_philox_block(benchmark::State& state) {
  std::uint64_t i = 0, sink = 0;
  for (auto _ : state) {
    const mc::Block b = mc::philox_block(2025, i++, 0, mc::Purpose::game_play);
    sink ^= b[0] ^ b[1] ^ b[2] ^ b[3];
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

BENCHMARK(BM_philox_block);
BENCHMARK(BM_policy_draws)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_policy_small_cells)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_policy_games)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tying_hands_draws)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sinking_costs_draws)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
