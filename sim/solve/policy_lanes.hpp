#pragma once
// The policy closed form (solve/policy_closed_form.hpp) for eight draws at once: the Monte Carlo
// engine's hot path. Each lane equals solve_policy on that draw's game, bit for bit.
#include <array>
#include <cstddef>
#include <span>

#include "model/game.hpp"
#include "solve/policy_closed_form.hpp"

namespace detsim {

// Eight lanes (model/lanes.hpp), one AVX-512 register per value: sixteen, two registers per value,
// spilled the twenty-two parameter lanes and ran three times slower.
// The structural parameters the reduced form reads, one lane per draw (same names as
// StructuralParameters, so reduce_at reads either).
struct ParameterLanes {
  Lanes challenger_strength, allied_strength, allied_strength_burden_elasticity, burden_reference, visibility_power,
      patron_war_cost_base, patron_war_cost_ground, audience_cost_treaty, audience_cost_warning, escalation_logit_base,
      escalation_logit_visibility, escalation_logit_warning, escalation_logit_burden, escalation_probability,
      tripwire_visibility, tripwire_ground, patron_nuclear_cost, challenger_nuclear_cost,
      challenger_nuclear_cost_warning, challenger_cost_ratio_alone, challenger_backdown_cost, visibility_cost;
};

struct LaneField {
  double StructuralParameters::*scalar;
  Lanes ParameterLanes::*lanes;
};
inline constexpr std::size_t n_lane_fields = 22;
inline constexpr std::array<LaneField, n_lane_fields> lane_fields = {{
    {&StructuralParameters::challenger_strength, &ParameterLanes::challenger_strength},
    {&StructuralParameters::allied_strength, &ParameterLanes::allied_strength},
    {&StructuralParameters::allied_strength_burden_elasticity, &ParameterLanes::allied_strength_burden_elasticity},
    {&StructuralParameters::burden_reference, &ParameterLanes::burden_reference},
    {&StructuralParameters::visibility_power, &ParameterLanes::visibility_power},
    {&StructuralParameters::patron_war_cost_base, &ParameterLanes::patron_war_cost_base},
    {&StructuralParameters::patron_war_cost_ground, &ParameterLanes::patron_war_cost_ground},
    {&StructuralParameters::audience_cost_treaty, &ParameterLanes::audience_cost_treaty},
    {&StructuralParameters::audience_cost_warning, &ParameterLanes::audience_cost_warning},
    {&StructuralParameters::escalation_logit_base, &ParameterLanes::escalation_logit_base},
    {&StructuralParameters::escalation_logit_visibility, &ParameterLanes::escalation_logit_visibility},
    {&StructuralParameters::escalation_logit_warning, &ParameterLanes::escalation_logit_warning},
    {&StructuralParameters::escalation_logit_burden, &ParameterLanes::escalation_logit_burden},
    {&StructuralParameters::escalation_probability, &ParameterLanes::escalation_probability},
    {&StructuralParameters::tripwire_visibility, &ParameterLanes::tripwire_visibility},
    {&StructuralParameters::tripwire_ground, &ParameterLanes::tripwire_ground},
    {&StructuralParameters::patron_nuclear_cost, &ParameterLanes::patron_nuclear_cost},
    {&StructuralParameters::challenger_nuclear_cost, &ParameterLanes::challenger_nuclear_cost},
    {&StructuralParameters::challenger_nuclear_cost_warning, &ParameterLanes::challenger_nuclear_cost_warning},
    {&StructuralParameters::challenger_cost_ratio_alone, &ParameterLanes::challenger_cost_ratio_alone},
    {&StructuralParameters::challenger_backdown_cost, &ParameterLanes::challenger_backdown_cost},
    {&StructuralParameters::visibility_cost, &ParameterLanes::visibility_cost},
}};

// What stays fixed across the lanes: levers, burden share and the uniform type laws.
struct PolicyLaneGame {
  Levers levers;
  double burden = 0.5;
  UniformLaw patron_resolve, challenger_cost;
};

// The game's fixed part when solve_policy would take the closed form (policy mode, uniform types,
// beta_C = inf) and the burden share does not depend on `varying` (the members that change per
// draw); false otherwise. Every member in `varying` must have a lane field.
bool policy_lane_game(const Game& game, std::span<double StructuralParameters::* const> varying, PolicyLaneGame& out);

// Eight draws: columns[f] + offset points at eight consecutive draws' values of lane_fields[f].
// Passed by reference: the function has one clone per instruction set, all with the same ABI.
void solve_policy_lanes(const PolicyLaneGame& game, const std::array<const double*, n_lane_fields>& columns,
                        std::size_t offset, PolicyClosedForm<Lanes>& out);

}  // namespace detsim
