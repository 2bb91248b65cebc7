// detsim export-efg: the discrete game of a qre scenario in Gambit's .efg format.
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "io/efg_export.hpp"
#include "io/scenario.hpp"

namespace detsim::app {

int cmd_export_efg(const std::vector<std::string>& args) {
  ScenarioOptions so;
  std::string output;
  po::options_description desc(
      "Usage: detsim export-efg SCENARIO.toml [--set SECTION.KEY=VALUE]... [-o FILE.efg]\n\n"
      "Write the scenario's discrete game (mode qre, docs/model.md §10) in Gambit's .efg format.\nOptions");
  add_scenario_options(desc, so);
  desc.add_options()("output,o", po::value<std::string>(&output), "write to FILE instead of standard output")(
      "help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (so.scenario.empty()) throw po::error("missing SCENARIO: detsim export-efg SCENARIO.toml (see --help)");
  const Scenario sc = load_scenario(so.scenario, so.overrides);
  if (sc.game.mode != Mode::qre)
    throw ScenarioError(so.scenario + ": scenario.mode: export-efg writes the discrete game of mode 'qre' (this scenario is '" +
                        std::string(mode_name(sc.game.mode)) + "'; add --set scenario.mode=qre)");
  const std::string text = export_efg(sc.game, sc.name);
  if (output.empty()) {
    std::cout << text;
    return exit_ok;
  }
  std::ofstream out(output, std::ios::binary);
  if (!(out << text) || !out.flush()) {
    std::cerr << "detsim export-efg: cannot write " << output << "\n";
    return exit_io;
  }
  return exit_ok;
}

}  // namespace detsim::app
