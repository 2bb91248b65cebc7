// detsim: subcommand dispatch, and the one place that turns errors into exit statuses.
#include <detsim/build_info.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "io/scenario.hpp"

namespace {

constexpr const char* usage =
    "Usage: detsim COMMAND [OPTIONS]\n\n"
    "Commands:\n"
    "  run SCENARIO.toml       the main job: Monte Carlo over the scenario's design, results to HDF5\n"
    "  solve SCENARIO.toml     the equilibrium at the scenario's parameter values (--json for machines)\n"
    "  explain SCENARIO.toml   the equilibrium in plain words, compared with the NCG4 levers\n"
    "  info RESULTS.h5         what a results file holds, with its provenance\n"
    "  merge SHARDS... -o OUT  the shard files of a job array (run --shard K/N) into one results file\n"
    "  export-efg SCENARIO.toml  the discrete game of a qre scenario in Gambit's .efg format\n"
    "  serve [--port 8080]     the classroom page on http://127.0.0.1:8080/ (works offline)\n\n"
    "Options:\n"
    "  --version               version and git revision\n"
    "  --help                  this help; 'detsim COMMAND --help' for a command's options\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace detsim::app;
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    std::cout << usage;
    return all.empty() ? exit_usage : exit_ok;
  }
  if (all[0] == "--version") {
    std::cout << "detsim " << detsim::build::version << " (git " << detsim::build::git_revision << ", "
              << detsim::build::compiler << ", " << detsim::build::build_type << ")\n";
    return exit_ok;
  }
  const std::string command = all[0];
  const std::vector<std::string> args(all.begin() + 1, all.end());
  try {
    if (command == "solve") return cmd_solve(args);
    if (command == "explain") return cmd_explain(args);
    if (command == "run") return cmd_run(args);
    if (command == "info") return cmd_info(args);
    if (command == "merge") return cmd_merge(args);
    if (command == "export-efg") return cmd_export_efg(args);
    if (command == "serve") return cmd_serve(args);
    std::cerr << "detsim: unknown command '" << command << "'\n\n" << usage;
    return exit_usage;
  } catch (const detsim::ScenarioError& e) {
    std::cerr << "detsim: " << e.what() << "\n";
    return exit_usage;
  } catch (const po::error& e) {
    std::cerr << "detsim " << command << ": " << e.what() << " (see 'detsim " << command << " --help')\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "detsim " << command << ": internal error: " << e.what() << "\n";
    return 1;
  }
}
