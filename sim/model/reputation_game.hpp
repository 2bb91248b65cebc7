#pragma once
// Settings of the reputation mode (MODEL.md §4.9): T crises against one patron whose resolve v
// persists while each crisis brings a fresh challenger type k. Read from the scenario's [reputation].
#include <array>
#include <cstdint>
#include <string_view>

namespace detsim {

enum class ReputationPatron : std::uint8_t {
  myopic,           // §4.9(a): resists iff v >= v_F in every crisis
  forward_looking,  // §4.9(b): discounts later crises (delta) and solves them by backward induction
  two_type,         // §4.9(c): Kreps–Wilson chain store (weak type v_L or a resolute type)
};

// The scenario's names of the patron kinds, indexed by ReputationPatron.
inline constexpr std::array<std::string_view, 3> reputation_patron_names = {"myopic", "forward-looking", "two-type"};

inline constexpr int max_reputation_crises = 6;

struct ReputationSettings {
  int crises = 2;                 // T, 1..6
  ReputationPatron patron = ReputationPatron::myopic;
  double discount = 0.9;          // delta in [0, 1) (forward-looking)
  // Two-type (Kreps–Wilson) case: the weak type's resolve, the prior that the patron is resolute
  // (always resists), and the single challenger type.
  double weak_resolve = 0.2;
  double prior_resolute = 0.3;
  double challenger_cost = 0.3;
};

}  // namespace detsim
