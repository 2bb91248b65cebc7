#include "solve/policy_lanes.hpp"

#include <algorithm>
#include <utility>

#include "solve/policy.hpp"

namespace detsim {

bool policy_lane_game(const Game& game, std::span<double StructuralParameters::* const> varying, PolicyLaneGame& out) {
  if (game.mode != Mode::policy || !has_policy_closed_form(game)) return false;
  auto has_lane = [](double StructuralParameters::*m) {
    return std::any_of(lane_fields.begin(), lane_fields.end(), [&](const LaneField& f) { return f.scalar == m; });
  };
  if (!std::all_of(varying.begin(), varying.end(), has_lane)) return false;
  // beta_C = inf in every draw, and a burden share that is one number for all of them.
  auto varies = [&](double StructuralParameters::*m) { return std::find(varying.begin(), varying.end(), m) != varying.end(); };
  if (varies(&StructuralParameters::challenger_backdown_cost)) return false;
  out.levers = game.levers;
  out.burden = burden_share(game.parameters, game.levers);
  out.patron_resolve = game.patron_resolve.uniform_law();
  out.challenger_cost = game.challenger_cost.uniform_law();
  return true;
}

DETSIM_LANE_CLONES
void solve_policy_lanes(const PolicyLaneGame& game, const std::array<const double*, n_lane_fields>& columns,
                        std::size_t offset, PolicyClosedForm<Lanes>& out) {
  ParameterLanes p;
  // Unrolled at compile time, so each field is a register load, not a store through a member offset.
  [&]<std::size_t... f>(std::index_sequence<f...>) {
    ((p.*(lane_fields[f].lanes) = load_lanes(columns[f] + offset)), ...);
  }(std::make_index_sequence<n_lane_fields>{});
  out = policy_closed_form(reduce_at(p, game.levers, game.burden), game.patron_resolve, game.challenger_cost);
}

}  // namespace detsim
