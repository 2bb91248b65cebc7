#include "app/options.hpp"

namespace detsim::app {

void add_scenario_options(po::options_description& desc, ScenarioOptions& out) {
  desc.add_options()("scenario", po::value(&out.scenario), "scenario file (TOML)")(
      "set", po::value(&out.overrides)->composing()->value_name("SECTION.KEY=VALUE"),
      "override one scenario key, e.g. --set levers.visibility=0.5 (repeatable)");
}

po::variables_map parse_command(const std::vector<std::string>& args, const po::options_description& desc,
                                bool takes_scenario) {
  po::positional_options_description pos;
  if (takes_scenario) pos.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

}  // namespace detsim::app
