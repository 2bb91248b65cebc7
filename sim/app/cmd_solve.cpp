// detsim solve: the equilibrium at the scenario's parameter values, as a table or as JSON.
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/qre_report.hpp"
#include "app/report.hpp"
#include "solve/solve.hpp"

namespace detsim::app {

int cmd_solve(const std::vector<std::string>& args) {
  ScenarioOptions so;
  po::options_description desc(
      "Usage: detsim solve SCENARIO.toml [--set SECTION.KEY=VALUE]... [--json]\n\n"
      "Solve the scenario's game at its parameter values and print the equilibrium.\nOptions");
  add_scenario_options(desc, so);
  desc.add_options()("json", "print one JSON object instead of a table")("help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (so.scenario.empty()) throw po::error("missing SCENARIO: detsim solve SCENARIO.toml (see --help)");
  const Scenario sc = load_scenario(so.scenario, so.overrides);
  const Solution s = solve(sc.game);
  if (vm.count("json")) {
    std::cout << solution_json(sc, s).dump(2) << "\n";
  } else {
    std::cout << solution_table(sc, s);
    if (sc.game.mode == Mode::qre) std::cout << qre_table(sc.game);
    if (sc.game.mode == Mode::reputation) std::cout << reputation_table(sc.game);
  }
  return exit_ok;
}

}  // namespace detsim::app
