// detsim merge: shard files of one run (detsim run --shard K/N) into the single run's results file.
#include <csignal>
#include <filesystem>
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "cluster/shard_file.hpp"
#include "io/results_file.hpp"

namespace detsim::app {

int cmd_merge(const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  std::string output;
  po::options_description desc(
      "Usage: detsim merge SHARD.h5... -o OUT.h5 [--force]\n\n"
      "Combine the shard files of one run (detsim run --shard K/N, e.g. a job array) into the results\n"
      "file the run would have written in one piece. Refuses shards of different scenarios, seeds or\n"
      "builds and cells given twice, and names the cells (and shards) that are missing.\nOptions");
  desc.add_options()("output,o", po::value(&output)->value_name("OUT.h5"), "merged results file (required)")(
      "force", "overwrite an existing OUT.h5")("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("shards", po::value(&inputs)->composing());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("shards", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (inputs.empty()) throw po::error("no shard files: detsim merge SHARD.h5... -o OUT.h5");
  if (output.empty()) throw po::error("missing -o OUT.h5");
  const bool force = vm.count("force") > 0;
  if (std::filesystem::exists(output) && !force) {
    std::cerr << "detsim merge: " << output << " already exists; use --force to overwrite it or -o to write elsewhere\n";
    return exit_usage;
  }
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(in, output, ec)) {
      std::cerr << "detsim merge: the output " << output << " is also an input\n";
      return exit_usage;
    }
  }
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit becomes a write error, not a silent kill
  std::vector<cluster::ShardInput> shards;
  for (const auto& in : inputs) {
    try {
      shards.push_back({in, results::read(in)});
    } catch (const results::ResultsError& e) {
      std::cerr << "detsim merge: " << e.what() << "\n";
      return exit_io;
    }
  }
  results::Dataset merged;
  try {
    merged = cluster::merge_shards(shards);
  } catch (const cluster::MergeError& e) {
    std::cerr << "detsim merge: " << e.what() << "\n";
    return exit_usage;
  }
  try {
    results::write(output, merged, force);
  } catch (const results::ResultsError& e) {
    std::cerr << "detsim merge: " << e.what() << "\n";
    return exit_io;
  }
  std::cout << "merged " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " -> " << output << "\n";
  return exit_ok;
}

}  // namespace detsim::app
