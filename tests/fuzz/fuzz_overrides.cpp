// libFuzzer target: `--set SECTION.KEY=VALUE` overrides (one per input line) applied to a small
// scenario with a sweep, then validated like a file. Errors must be ScenarioError, nothing else.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "io/scenario.hpp"

namespace {
constexpr const char* base_scenario = R"([scenario]
name = "fuzz"
[levers]
warning = 1
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
[sweep.axes]
levers.visibility = [0, 1]
[run]
draws = 10
)";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> overrides;
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(lines, line) && overrides.size() < 16;) overrides.push_back(line);
  try {
    const detsim::Scenario sc = detsim::parse_scenario(base_scenario, "base.toml", overrides);
    (void)sc.run.n_cells();
  } catch (const detsim::ScenarioError&) {
  }
  return 0;
}
