#include "solve/solve.hpp"

#include "solve/policy.hpp"
#include "solve/qre.hpp"
#include "solve/reputation.hpp"
#include "solve/signalling.hpp"

namespace detsim {

Solution solve(const Game& game) {
  if (game.mode == Mode::policy) return solve_policy(game);
  if (game.mode == Mode::qre) return solve_qre(game);
  if (game.mode == Mode::reputation) return solve_reputation(game);
  return solve_signalling(game);
}

std::string_view mode_name(Mode m) {
  switch (m) {
    case Mode::policy: return "policy";
    case Mode::tying_hands: return "tying-hands";
    case Mode::sinking_costs: return "sinking-costs";
    case Mode::qre: return "qre";
    case Mode::reputation: return "reputation";
  }
  return "?";
}

std::string_view visibility_signal_name(VisibilitySignal v) {
  return v == VisibilitySignal::dual_role ? "dual-role" : "cost-only";
}

}  // namespace detsim
