#pragma once
// Shared command-line handling for subcommands that read one scenario.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace detsim::app {

namespace po = boost::program_options;

struct ScenarioOptions {
  std::string scenario;
  std::vector<std::string> overrides;  // --set SECTION.KEY=VALUE
};

// Adds the positional SCENARIO and --set; parses args into vm. Throws po::error on bad options.
void add_scenario_options(po::options_description& desc, ScenarioOptions& out);
po::variables_map parse_command(const std::vector<std::string>& args, const po::options_description& desc,
                                bool takes_scenario);

}  // namespace detsim::app
