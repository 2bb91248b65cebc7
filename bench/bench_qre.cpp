// The logit QRE branch of MODEL.md §4.8 from lambda = 0 to 1000 (issue target: under 10 ms), and
// the forward-looking reputation path for T = 2..6 crises.
#include <benchmark/benchmark.h>

#include "model/game.hpp"
#include "solve/qre.hpp"
#include "solve/reputation.hpp"

namespace {

detsim::DiscreteSignalGame q_game() {
  detsim::Game g;
  g.mode = detsim::Mode::qre;
  g.parameters.audience_cost_warning = 0.15;
  g.parameters.tripwire_visibility = 0;
  g.parameters.tripwire_ground = 0;
  g.qre.p_alone = 0.5;
  g.qre.war_loss_weight = 0.15;
  g.qre.war_cost = 0.3;
  g.qre.challenger_war_value = 0.1;
  g.qre.challenger_war_slope = 1.0;
  g.qre.escalation = 0.1;
  return detsim::make_discrete_game(g.qre, g.parameters, g.levers);
}

void BM_qre_branch_0_to_1000(benchmark::State& state) {
  const detsim::DiscreteSignalGame d = q_game();
  std::size_t points = 0;
  for (auto _ : state) {
    const detsim::QreBranch b = detsim::trace_qre_branch(d, 1000.0, {1, 10, 100, 1000});
    points = b.points.size();
    benchmark::DoNotOptimize(b.points.back().sigma);
  }
  state.counters["points"] = static_cast<double>(points);
}
BENCHMARK(BM_qre_branch_0_to_1000)->Unit(benchmark::kMillisecond);

void BM_reputation_forward_looking(benchmark::State& state) {
  detsim::Game g;
  g.mode = detsim::Mode::reputation;
  g.levers = {0.0, 0.5, 0.7};
  g.reputation.patron = detsim::ReputationPatron::forward_looking;
  g.reputation.discount = 0.9;
  g.reputation.crises = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(detsim::solve_reputation_path(g).crises.back().p_challenge);
}
BENCHMARK(BM_reputation_forward_looking)->DenseRange(2, 5)->Unit(benchmark::kMillisecond);

}  // namespace
