#pragma once
// The five terminal outcomes (MODEL.md §0).
#include <array>
#include <cstddef>
#include <string_view>

namespace detsim {

enum class Outcome : std::size_t {
  status_quo = 0,  // SQ: no challenge
  rebuffed = 1,    // REBUFFED: challenge, allies resist, challenger backs down
  patron_backs_down = 2,  // PBD: abandonment, the protege fights alone
  conventional_war = 3,   // CONV: joint war stays conventional
  nuclear_war = 4,        // NUC: joint war escalates to nuclear use
};
inline constexpr std::size_t n_outcomes = 5;
inline constexpr std::array<std::string_view, n_outcomes> outcome_codes = {"SQ", "REBUFFED", "PBD", "CONV", "NUC"};

using OutcomeProbabilities = std::array<double, n_outcomes>;

}  // namespace detsim
