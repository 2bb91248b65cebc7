// detsim run: the main job. Solves and plays every cell of the scenario's design under parameter
// uncertainty, checkpoints finished cells, and writes one results file atomically.
#include <detsim/build_info.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "io/checkpoint.hpp"
#include "io/results_file.hpp"
#include "io/results_layout.hpp"

namespace detsim::app {
namespace {

std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) { stop_requested.store(true); }

// True when PATH holds the finished results of this scenario made by this build.
bool made_by_this_run(const std::string& path, const Scenario& sc, const Provenance& prov) {
  try {
    const results::Dataset ds = results::read(path);
    const auto text = [&](const char* key) {
      const auto it = ds.attributes.find(key);
      const std::string* s = it == ds.attributes.end() ? nullptr : std::get_if<std::string>(&it->second);
      return s ? *s : std::string();
    };
    return text("scenario") == sc.resolved_toml && text("detsim_version") == prov.version &&
           text("git_revision") == prov.git_revision && text("compiler") == prov.compiler &&
           text("compiler_flags") == prov.cxx_flags;
  } catch (const results::ResultsError&) {
    return false;  // not a results file: certainly not this run's
  }
}

std::string default_output(const Scenario& sc) {
  const std::string stem = sc.name.empty() ? std::filesystem::path(sc.path).stem().string() : sc.name;
  return stem + ".h5";
}

std::string pct(double p, double se) {
  char buf[48];
  if (std::isnan(p)) return "         -";
  if (std::isnan(se)) std::snprintf(buf, sizeof buf, "%6.2f%%   ", 100 * p);
  else std::snprintf(buf, sizeof buf, "%6.2f%% ±%.2f", 100 * p, 196 * se);
  return buf;
}

void print_summary(const Scenario& sc, const std::vector<mc::CellResult>& cells, const std::string& output) {
  const mc::RunSpec& run = sc.run;
  std::printf("\n%s: %zu cell%s x %llu draws%s -> %s\n", sc.name.c_str(), cells.size(), cells.size() == 1 ? "" : "s",
              static_cast<unsigned long long>(run.draws),
              run.games_per_draw ? (" x " + std::to_string(run.games_per_draw) + " games").c_str() : "", output.c_str());
  std::printf("outcome probabilities, mean over parameter draws (± 95%% Monte Carlo interval)\n");
  std::printf("  %-34s %-15s %-15s %-15s %-15s %-15s\n", "cell", "SQ", "REBUFFED", "PBD", "CONV", "NUC");
  const std::size_t shown = std::min<std::size_t>(cells.size(), 12);
  for (std::size_t c = 0; c < shown; ++c) {
    const mc::CellSummary& s = cells[c].summary;
    std::string label = cell_label(run, c);
    if (label.size() > 34) label = label.substr(0, 31) + "...";
    std::printf("  %-34s", label.c_str());
    for (std::size_t o = 0; o < n_outcomes; ++o) std::printf(" %-15s", pct(s.mean[o], s.se[o]).c_str());
    std::printf("\n");
    if (s.solved < s.draws)
      std::printf("  %-34s (%llu of %llu draws had no equilibrium and are left out)\n", "",
                  static_cast<unsigned long long>(s.draws - s.solved), static_cast<unsigned long long>(s.draws));
  }
  if (cells.size() > shown) std::printf("  ... %zu more cells in the file\n", cells.size() - shown);
  if (run.reference_cell) {
    std::printf("paired difference from %s (same draws; ± 95%% interval)\n", cell_label(run, *run.reference_cell).c_str());
    for (std::size_t c = 0; c < shown; ++c) {
      if (c == *run.reference_cell) continue;
      const mc::CellSummary& s = cells[c].summary;
      std::printf("  %-34s", cell_label(run, c).substr(0, 34).c_str());
      for (std::size_t o = 0; o < n_outcomes; ++o) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%+6.2f ±%.2f", 100 * s.difference_mean[o], 196 * s.difference_se[o]);
        std::printf(" %-15s", buf);
      }
      std::printf("\n");
    }
  }
  if (run.games_per_draw) {
    std::printf("sampled games (frequency and Wilson 95%% interval)\n");
    for (std::size_t c = 0; c < shown; ++c) {
      const mc::CellSummary& s = cells[c].summary;
      std::uint64_t n = 0;
      for (auto k : s.games) n += k;
      std::printf("  %-34s", cell_label(run, c).substr(0, 34).c_str());
      for (std::size_t o = 0; o < n_outcomes; ++o) {
        const auto ci = mc::wilson_interval(s.games[o], n);
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.4f [%.4f,%.4f]", n ? double(s.games[o]) / n : 0.0, ci[0], ci[1]);
        std::printf(" %s", buf);
      }
      std::printf("\n");
    }
  }
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  ScenarioOptions so;
  std::string output;
  std::uint64_t draws = 0, games = 0, seed = 0;
  int threads = 0;
  po::options_description desc(
      "Usage: detsim run SCENARIO.toml [-o OUT.h5] [--draws N] [--games N] [--seed S] [--threads T]\n"
      "                  [--set SECTION.KEY=VALUE]... [--per-draw] [--resume] [--force]\n\n"
      "Run the scenario's design: for every cell, N draws of the uncertain parameters (the same draws\n"
      "in every cell), the equilibrium of each draw, and optionally sampled games. Writes a results\n"
      "file (HDF5, opens with xarray) atomically and prints a summary.\nOptions");
  add_scenario_options(desc, so);
  desc.add_options()("output,o", po::value(&output)->value_name("OUT.h5"), "results file (default: NAME.h5 from the scenario's name)")(
      "draws", po::value(&draws)->value_name("N"), "parameter draws per cell (overrides run.draws)")(
      "games", po::value(&games)->value_name("N"), "sampled games per draw (overrides run.games)")(
      "seed", po::value(&seed)->value_name("S"), "seed of every random stream (overrides run.seed)")(
      "threads", po::value(&threads)->value_name("T"), "OpenMP threads (default: all cores; results do not depend on it)")(
      "per-draw", "also write every draw's parameters and outcome probabilities (sensitivity analysis)")(
      "resume", "continue an interrupted run from its checkpoint")(
      "force", "overwrite an existing results file")("quiet,q", "no progress output")("help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (so.scenario.empty()) throw po::error("missing SCENARIO: detsim run SCENARIO.toml (see --help)");
  if (threads < 0) throw po::error("--threads must be >= 0");
  // Command-line run settings are overrides like any other, so the results file records them.
  std::vector<std::string> overrides = so.overrides;
  if (vm.count("draws")) overrides.push_back("run.draws=" + std::to_string(draws));
  if (vm.count("games")) overrides.push_back("run.games=" + std::to_string(games));
  if (vm.count("seed")) overrides.push_back("run.seed=" + std::to_string(seed));
  if (vm.count("per-draw")) overrides.push_back("run.per_draw=true");
  const Scenario sc = load_scenario(so.scenario, overrides);
  for (const auto& w : sc.warnings) std::cerr << "detsim: warning: " << w << "\n";
  if (output.empty()) output = default_output(sc);
  const bool force = vm.count("force") > 0, resume = vm.count("resume") > 0;
  const bool output_exists = std::filesystem::exists(output);
  if (output_exists && !force && !resume) {
    std::cerr << "detsim run: " << output << " already exists; use --force to overwrite it or -o to write elsewhere\n";
    return exit_usage;
  }

  if (sc.run.per_draw) {
    // Per-draw output is the one thing that grows with draws: refuse what cannot fit in memory.
    const double bytes = 8.0 * n_outcomes * static_cast<double>(sc.run.draws) * static_cast<double>(sc.run.n_cells());
    if (bytes > 8.0 * (1ull << 30)) {
      std::cerr << "detsim run: --per-draw with " << sc.run.draws << " draws x " << sc.run.n_cells()
                << " cells needs " << bytes / (1ull << 30) << " GiB; use fewer draws or cells for per-draw output\n";
      return exit_usage;
    }
  }

  std::ostringstream command;
  command << "detsim run " << so.scenario;
  for (const auto& o : overrides) command << " --set '" << o << "'";
  const Provenance prov{command.str(), build::version, build::git_revision, build::compiler, build::build_type,
                        build::cxx_flags};
  const std::string fingerprint = sc.resolved_toml + "\n--\n" + prov.version + " " + prov.git_revision + " " +
                                  prov.compiler + " " + prov.cxx_flags + "\n";

  if (output_exists && resume && !force) {
    // A requeued job whose run already finished: succeed if the file is this run's, refuse otherwise.
    if (!std::filesystem::exists(output + ".partial.d") && made_by_this_run(output, sc, prov)) {
      std::cerr << "detsim run: " << output << " is already complete; nothing to resume\n";
      return exit_ok;
    }
    std::cerr << "detsim run: " << output << " already exists and is not this run's finished output; "
              << "use --force to overwrite it or -o to write elsewhere\n";
    return exit_usage;
  }

  const mc::RunSpec& run = sc.run;
  const std::size_t n_cells = run.n_cells();
  std::vector<mc::CellResult> cells(n_cells);
  std::vector<bool> have(n_cells, false);
  Checkpoint checkpoint(output, fingerprint);
  if (checkpoint.exists() && !resume && !force) {
    std::cerr << "detsim run: " << checkpoint.directory() << " holds the finished cells of an interrupted run; "
              << "add --resume to continue it, or --force to start again\n";
    return exit_usage;
  }
  try {
    if (resume && !checkpoint.exists()) std::cerr << "detsim run: no checkpoint to resume; starting from the beginning\n";
    for (auto& [index, cell] : checkpoint.open(resume))
      if (index < n_cells) {
        cells[index] = std::move(cell);
        have[index] = true;
      }
  } catch (const CheckpointError& e) {
    std::cerr << "detsim run: " << e.what() << "\n";
    return exit_io;
  }

  stop_requested = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit becomes a write error, not a silent kill
  std::size_t resumed = 0;
  for (bool h : have) resumed += h;
  std::atomic<std::uint64_t> done{resumed * run.draws};
  mc::EngineOptions options{threads, &stop_requested, &done};
  bool interrupted = false;
  {
    Progress progress(n_cells * run.draws, done, !vm.count("quiet"));
    for (std::size_t c = 0; c < n_cells && !interrupted; ++c) {
      if (have[c]) continue;
      bool completed = false;
      mc::CellResult r = mc::run_cell(run, c, options, completed);
      if (!completed) {
        interrupted = true;
        break;
      }
      try {
        checkpoint.save(r);
      } catch (const CheckpointError& e) {
        progress.finish();
        std::cerr << "detsim run: " << e.what() << "\n";
        return exit_io;
      }
      cells[c] = std::move(r);
      have[c] = true;
      interrupted = stop_requested.load();
    }
  }
  if (interrupted) {
    std::size_t finished = 0;
    for (bool h : have) finished += h;
    std::cerr << "detsim run: interrupted; " << finished << " of " << n_cells << " cells are saved in "
              << checkpoint.directory() << "; continue with the same command and --resume\n";
    return 130;
  }
  try {
    results::write(output, build_dataset(sc, cells, prov), force);
  } catch (const results::ResultsError& e) {
    std::cerr << "detsim run: " << e.what() << "; the finished cells are kept in " << checkpoint.directory()
              << ": fix the cause and rerun with --resume\n";
    return exit_io;
  }
  checkpoint.remove();
  print_summary(sc, cells, output);
  return exit_ok;
}

}  // namespace detsim::app
