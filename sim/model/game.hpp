#pragma once
// An immutable description of one game: mode, levers, structural parameters and type
// distributions. Solvers take it by const reference; solving it is the cheap "state" step.
#include <string_view>

#include "model/distribution.hpp"
#include "model/levers.hpp"
#include "model/parameters.hpp"
#include "model/qre_game.hpp"
#include "model/reputation_game.hpp"

namespace detsim {

enum class Mode { policy, tying_hands, sinking_costs, qre, reputation };

// Sinking-costs mode (MODEL.md §4.6.2): does showing assets also move p_J, pi and tau (Slantchev's
// dual role), or is it a pure sunk cost at the reduced form of s = s-bar (Fearon's sinking costs)?
enum class VisibilitySignal { dual_role, cost_only };

std::string_view mode_name(Mode m);  // "policy", "tying-hands", "sinking-costs", "qre", "reputation"
std::string_view visibility_signal_name(VisibilitySignal v);  // "dual-role", "cost-only"

struct Game {
  Mode mode = Mode::policy;
  VisibilitySignal visibility_signal = VisibilitySignal::dual_role;
  Levers levers;
  StructuralParameters parameters;
  TypeDistribution patron_resolve = TypeDistribution::uniform(0.0, 4.0);   // F, v >= 0
  TypeDistribution challenger_cost = TypeDistribution::uniform(-0.5, 1.0); // G
  QreSettings qre;                // mode qre only (MODEL.md §4.8)
  ReputationSettings reputation;  // mode reputation only (§4.9)
};

}  // namespace detsim
