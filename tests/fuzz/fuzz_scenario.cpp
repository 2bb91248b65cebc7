// libFuzzer target: a scenario file's text through the TOML parser and every validation rule.
// Bad input must end in ScenarioError (exit status 2 in detsim), never in a crash, hang or UB.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const detsim::Scenario sc = detsim::parse_scenario(text, "fuzz.toml", {});
    (void)sc.run.n_cells();
  } catch (const detsim::ScenarioError&) {
  }
  return 0;
}
