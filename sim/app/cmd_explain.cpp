// detsim explain: the equilibrium in plain words, for teaching.
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/report.hpp"
#include "solve/solve.hpp"

namespace detsim::app {

int cmd_explain(const std::vector<std::string>& args) {
  ScenarioOptions so;
  po::options_description desc(
      "Usage: detsim explain SCENARIO.toml [--set SECTION.KEY=VALUE]...\n\n"
      "Explain the scenario's equilibrium in plain words: who warns, who bluffs, who backs down,\n"
      "why the challenger does what it does, and how the levers differ from the NCG4 statement.\nOptions");
  add_scenario_options(desc, so);
  desc.add_options()("help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (so.scenario.empty()) throw po::error("missing SCENARIO: detsim explain SCENARIO.toml (see --help)");
  const Scenario sc = load_scenario(so.scenario, so.overrides);
  std::cout << explain(sc, solve(sc.game));
  for (const auto& w : sc.warnings) std::cerr << "detsim: warning: " << w << "\n";
  return exit_ok;
}

}  // namespace detsim::app
