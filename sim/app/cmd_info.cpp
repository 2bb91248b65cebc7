// detsim info: what a results file holds and where it came from.
#include <cstdio>
#include <iostream>
#include <variant>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "io/results_file.hpp"

namespace detsim::app {

int cmd_info(const std::vector<std::string>& args) {
  std::string path;
  po::options_description desc("Usage: detsim info RESULTS.h5\n\nDescribe a results file: dimensions, variables, provenance.\nOptions");
  desc.add_options()("scenario", po::value(&path), "results file")("scenario-text", "also print the resolved scenario")(
      "help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (path.empty()) throw po::error("missing RESULTS file: detsim info RESULTS.h5");
  results::Dataset ds;
  try {
    ds = results::read(path);
  } catch (const results::ResultsError& e) {
    std::cerr << "detsim info: " << e.what() << "\n";
    return exit_io;
  }
  auto text = [&](const char* key) {
    auto it = ds.attributes.find(key);
    if (it == ds.attributes.end()) return std::string("-");
    return std::visit([](const auto& v) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) return v;
      else return std::to_string(v);
    }, it->second);
  };
  if (ds.attributes.find("model") == ds.attributes.end()) {
    std::cerr << "detsim info: " << path << " is not a detsim results file (no 'model' attribute)\n";
    return exit_usage;
  }
  std::printf("%s\n  model      %s\n  mode       %s, design %s\n  draws      %s per cell, %s games per draw, seed %s\n",
              text("title").c_str(), text("model").c_str(), text("mode").c_str(), text("design").c_str(),
              text("draws").c_str(), text("games_per_draw").c_str(), text("seed").c_str());
  std::printf("  made by    detsim %s (git %s), %s %s\n  command    %s\n  priors     %s\n", text("detsim_version").c_str(),
              text("git_revision").c_str(), text("compiler").c_str(), text("build_type").c_str(), text("command").c_str(),
              text("priors").c_str());
  std::printf("dimensions\n");
  for (const auto& d : ds.dims) std::printf("  %-14s %6zu  %s\n", d.name.c_str(), results::length(d), d.long_name.c_str());
  std::printf("variables\n");
  for (const auto& v : ds.variables) {
    std::string dims;
    for (const auto& d : v.dims) dims += (dims.empty() ? "" : ", ") + d;
    std::printf("  %-34s (%s)  %s\n", v.name.c_str(), dims.c_str(), v.long_name.c_str());
  }
  if (vm.count("scenario-text")) std::printf("scenario\n%s\n", text("scenario").c_str());
  return exit_ok;
}

}  // namespace detsim::app
