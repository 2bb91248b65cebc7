#pragma once
// The message a scenario text is refused with, or "(accepted)": for tests of bad input.
#include <string>
#include <vector>

#include "io/scenario.hpp"

namespace detsim::test {

inline std::string scenario_error(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse_scenario(text, "bad.toml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace detsim::test
