// Cost of one equilibrium solve per mode (targets per core: policy < 30 ns, tying hands < 2 us).
// Policy: one game alone (BM_policy) and the engine's eight-lane path (BM_policy_lanes, per game).
// Levers move a little every iteration so each call solves a different game.
#include <benchmark/benchmark.h>

#include "solve/policy.hpp"
#include "solve/policy_lanes.hpp"
#include "solve/signalling.hpp"

using namespace detsim;

namespace {

Game ncg5(Mode mode) {
  Game g;
  g.mode = mode;
  g.levers = {0.0, 0.5, 0.7};
  return g;
}

Game fearon_sinking_costs(double m) {
  Game g;
  g.mode = Mode::sinking_costs;
  g.visibility_signal = VisibilitySignal::cost_only;
  g.levers = {0, 0, 0};
  StructuralParameters& p = g.parameters;
  p.allied_strength = 4;
  p.visibility_power = 0;
  p.patron_war_cost_base = 0.6;
  p.patron_war_cost_ground = 0;
  p.audience_cost_warning = 0;
  p.escalation_probability = 0;
  p.tripwire_visibility = 0;
  p.tripwire_ground = 0;
  p.challenger_cost_ratio_alone = 0;
  p.visibility_cost = m;
  g.patron_resolve = TypeDistribution::uniform(0, 2);
  g.challenger_cost = TypeDistribution::uniform(0, 1);
  return g;
}

template <class Solve>
void run(benchmark::State& state, Game g, double Levers::*moved, Solve solve) {
  const double base = g.levers.*moved;
  std::size_t i = 0;
  for (auto _ : state) {
    g.levers.*moved = base + 1e-3 * static_cast<double>(i++ & 63);
    Solution s = solve(g);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}

// The Monte Carlo hot path: one Solution per thread, overwritten by each solve.
void BM_policy(benchmark::State& state) {
  Game g = ncg5(Mode::policy);
  Solution s;
  std::size_t i = 0;
  for (auto _ : state) {
    g.levers.burden = 0.7 + 1e-3 * static_cast<double>(i++ & 63);
    solve_policy(g, s);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
// The engine's policy path: eight draws per call (solve/policy_lanes.hpp), here with allied
// strength varying across the lanes; reported per game solved.
void BM_policy_lanes(benchmark::State& state) {
  const Game g = ncg5(Mode::policy);
  PolicyLaneGame lane_game;
  const std::vector<double StructuralParameters::*> varying = {&StructuralParameters::allied_strength};
  if (!policy_lane_game(g, varying, lane_game)) state.SkipWithError("no closed form");
  std::array<std::array<double, lane_count>, n_lane_fields> values;
  std::array<const double*, n_lane_fields> columns;
  for (std::size_t f = 0; f < n_lane_fields; ++f) {
    values[f].fill(g.parameters.*(lane_fields[f].scalar));
    columns[f] = values[f].data();
  }
  double* strength = nullptr;
  for (std::size_t f = 0; f < n_lane_fields; ++f)
    if (lane_fields[f].scalar == &StructuralParameters::allied_strength) strength = values[f].data();
  PolicyClosedForm<Lanes> out;
  std::size_t i = 0;
  for (auto _ : state) {
    for (int k = 0; k < lane_count; ++k) strength[k] = 2.5 + 1e-3 * static_cast<double>((i + k) & 63);
    ++i;
    solve_policy_lanes(lane_game, columns, 0, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * lane_count);
}
void BM_policy_by_value(benchmark::State& st) {
  run(st, ncg5(Mode::policy), &Levers::burden, [](const Game& g) { return solve_policy(g); });
}
void BM_policy_backdown(benchmark::State& st) {
  Game g = ncg5(Mode::policy);
  g.parameters.challenger_backdown_cost = 0.1;
  run(st, g, &Levers::burden, [](const Game& g) { return solve_policy(g); });
}
void BM_tying_hands(benchmark::State& st) {
  run(st, ncg5(Mode::tying_hands), &Levers::burden, [](const Game& g) { return solve_signalling(g); });
}
void BM_tying_hands_bluffing(benchmark::State& st) {
  Game g = ncg5(Mode::tying_hands);
  g.levers = {0, 1, 0.5};
  run(st, g, &Levers::burden, [](const Game& g) { return solve_signalling(g); });
}
void BM_tying_hands_generic(benchmark::State& st) {
  run(st, ncg5(Mode::tying_hands), &Levers::burden,
      [](const Game& g) { return solve_signalling(g, {.force_generic = true}); });
}
void BM_sinking_costs(benchmark::State& st) {
  run(st, fearon_sinking_costs(0.7), &Levers::warning, [](const Game& g) { return solve_signalling(g); });
}
void BM_sinking_costs_dual_role(benchmark::State& st) {
  run(st, ncg5(Mode::sinking_costs), &Levers::burden, [](const Game& g) { return solve_signalling(g); });
}

}  // namespace

BENCHMARK(BM_policy);
BENCHMARK(BM_policy_lanes);
BENCHMARK(BM_policy_by_value);
BENCHMARK(BM_policy_backdown);
BENCHMARK(BM_tying_hands);
BENCHMARK(BM_tying_hands_bluffing);
BENCHMARK(BM_tying_hands_generic)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_sinking_costs)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_sinking_costs_dual_role)->Unit(benchmark::kMicrosecond);
