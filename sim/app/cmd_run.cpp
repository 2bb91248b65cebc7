// detsim run: the main job. Solves and plays every cell of the scenario's design under parameter
// uncertainty, checkpoints finished cells, and writes one results file atomically.
#include <detsim/build_info.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <unistd.h>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "app/qre_report.hpp"
#include "cluster/session.hpp"
#include "cluster/shard.hpp"
#include "cluster/shard_file.hpp"
#include "io/checkpoint.hpp"
#include "io/results_file.hpp"
#include "io/results_layout.hpp"
#include "mc/prior_table.hpp"

namespace detsim::app {
namespace {

std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) { stop_requested.store(true); }

// True when PATH holds the finished results of this scenario made by this build.
// shard: "K/N", or empty for a whole run.
bool made_by_this_run(const std::string& path, const Scenario& sc, const Provenance& prov, const std::string& shard) {
  try {
    const results::Dataset ds = results::read(path);
    const auto text = [&](const char* key) {
      const auto it = ds.attributes.find(key);
      const std::string* s = it == ds.attributes.end() ? nullptr : std::get_if<std::string>(&it->second);
      return s ? *s : std::string();
    };
    return text("scenario") == sc.resolved_toml && text("detsim_version") == prov.version &&
           text("git_revision") == prov.git_revision && text("compiler") == prov.compiler &&
           text("compiler_flags") == prov.cxx_flags && text("shard") == shard;
  } catch (const results::ResultsError&) {
    return false;  // not a results file: certainly not this run's
  }
}

double physical_memory_bytes() {
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
}

std::string default_output(const Scenario& sc, const std::optional<cluster::ShardSpec>& shard) {
  if (shard) return sc.name + ".shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count) + ".h5";
  return sc.name + ".h5";
}

std::string pct(double p, double se) {
  char buf[48];
  if (std::isnan(p)) return "         -";
  if (std::isnan(se)) std::snprintf(buf, sizeof buf, "%6.2f%%   ", 100 * p);
  else std::snprintf(buf, sizeof buf, "%6.2f%% ±%.2f", 100 * p, 196 * se);
  return buf;
}

// Prints the cells `computed` (the first 12 of them) of `cells`, all cells of the run.
void print_summary(const Scenario& sc, const std::vector<mc::CellResult>& cells, const std::vector<std::size_t>& computed,
                   const std::string& output) {
  const mc::RunSpec& run = sc.run;
  std::printf("\n%s: %zu cell%s x %llu draws%s -> %s\n", sc.name.c_str(), computed.size(), computed.size() == 1 ? "" : "s",
              static_cast<unsigned long long>(run.draws),
              run.games_per_draw ? (" x " + std::to_string(run.games_per_draw) + " games").c_str() : "", output.c_str());
  std::printf("outcome probabilities, mean over parameter draws (± 95%% Monte Carlo interval)\n");
  std::printf("  %-34s %-15s %-15s %-15s %-15s %-15s\n", "cell", "SQ", "REBUFFED", "PBD", "CONV", "NUC");
  const std::size_t shown = std::min<std::size_t>(computed.size(), 12);
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t c = computed[k];
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
  if (computed.size() > shown) std::printf("  ... %zu more cells in the file\n", computed.size() - shown);
  if (run.reference_cell) {
    std::printf("paired difference from %s (same draws; ± 95%% interval)\n", cell_label(run, *run.reference_cell).c_str());
    for (std::size_t k = 0; k < shown; ++k) {
      const std::size_t c = computed[k];
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
    for (std::size_t k = 0; k < shown; ++k) {
      const std::size_t c = computed[k];
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
  // One process, or one rank of an MPI job: every rank parses the same command line and scenario;
  // rank 0 alone checks files, hands out cells, prints and writes.
  std::unique_ptr<cluster::Session> launched;
  try {
    launched = std::make_unique<cluster::Session>();
  } catch (const cluster::LaunchError& e) {
    std::cerr << "detsim run: " << e.what() << "\n";
    return exit_usage;
  }
  cluster::Session& session = *launched;
  if (!session.root()) std::cerr.rdbuf(nullptr);  // the root reports errors once for the whole job
  ScenarioOptions so;
  std::string output, shard_text;
  std::string draws, games, seed;  // text: validated (with the range) as run.* overrides
  int threads = 0;
  po::options_description desc(
      "Usage: detsim run SCENARIO.toml [-o OUT.h5] [--draws N] [--games N] [--seed S] [--threads T]\n"
      "                  [--set SECTION.KEY=VALUE]... [--per-draw] [--shard K/N|slurm] [--resume] [--force]\n"
      "       mpirun -np R detsim run ...   (a build with DETSIM_MPI=ON: ranks share the cells)\n\n"
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
      "shard", po::value(&shard_text)->value_name("K/N"),
      "compute only shard K of N of the cells (job arrays; 'slurm': K and N from SLURM_ARRAY_TASK_ID/COUNT); "
      "combine the shard files with detsim merge")(
      "resume", "continue an interrupted run from its checkpoint")(
      "force", "overwrite an existing results file")("quiet,q", "no progress output")("help,h", "show this help");
  const auto vm = parse_command(args, desc, true);
  if (vm.count("help")) {
    if (session.root()) std::cout << desc << "\n";
    return exit_ok;
  }
  if (so.scenario.empty()) throw po::error("missing SCENARIO: detsim run SCENARIO.toml (see --help)");
  if (threads < 0) throw po::error("--threads must be >= 0");
  std::optional<cluster::ShardSpec> shard;
  if (vm.count("shard")) {
    try {
      shard = cluster::parse_shard(shard_text, cluster::slurm_environment());
    } catch (const std::invalid_argument& e) {
      throw po::error(e.what());
    }
  }
  // Command-line run settings are overrides like any other, so the results file records them.
  std::vector<std::string> overrides = so.overrides;
  if (vm.count("draws")) overrides.push_back("run.draws=" + draws);
  if (vm.count("games")) overrides.push_back("run.games=" + games);
  if (vm.count("seed")) overrides.push_back("run.seed=" + seed);
  if (vm.count("per-draw")) overrides.push_back("run.per_draw=true");
  const Scenario sc = load_scenario(so.scenario, overrides);
  if (session.root())
    for (const auto& w : sc.warnings) std::cerr << "detsim: warning: " << w << "\n";
  if (output.empty()) output = default_output(sc, shard);
  const bool force = vm.count("force") > 0, resume = vm.count("resume") > 0;
  const mc::RunSpec& run = sc.run;
  const std::size_t n_cells = run.n_cells();
  const std::string shard_name = shard ? cluster::to_string(*shard) : std::string();

  std::ostringstream command;
  command << "detsim run " << so.scenario;
  for (const auto& o : overrides) command << " --set '" << o << "'";
  if (shard) command << " --shard " << shard_name;
  const Provenance prov{command.str(), build::version, build::git_revision, build::compiler, build::build_type,
                        build::cxx_flags};

  if (sc.game.mode == Mode::qre || sc.game.mode == Mode::reputation) {
    // Discrete modes (sim/app/qre_report.cpp) run on one process: the root; the other ranks wait for its status.
    if (shard) throw po::error("--shard applies to Monte Carlo designs; mode '" + std::string(mode_name(sc.game.mode)) +
                               "' runs as one job");
    if (sc.game.mode == Mode::qre) return run_discrete_mode(sc, output, prov, force);  // refuses, on every rank alike
    // One write, no checkpoint: --resume has only a finished file to recognise (as for a Monte Carlo run).
    const auto job = [&]() -> int {
      if (std::filesystem::exists(output) && !force) {
        if (resume && made_by_this_run(output, sc, prov, "")) {
          std::cerr << "detsim run: " << output << " is already complete; nothing to resume\n";
          return exit_ok;
        }
        std::cerr << "detsim run: " << output
                  << (resume ? " already exists and is not this run's finished output; " : " already exists; ")
                  << "use --force to overwrite it or -o to write elsewhere\n";
        return exit_usage;
      }
      return run_discrete_mode(sc, output, prov, force);
    };
    return session.agree(session.root() ? job() : 0);
  }
  const std::string fingerprint = sc.resolved_toml + "\n--\n" + prov.version + " " + prov.git_revision + " " +
                                  prov.compiler + " " + prov.cxx_flags + "\n" +
                                  (shard ? "shard " + shard_name + "\n" : std::string());

  {
    // Every cell's summary stays in memory until the file is written (about three copies: the
    // results, the dataset, the file image): refuse a design that cannot fit rather than crash.
    const double bytes = 3.0 * sizeof(mc::CellResult) * static_cast<double>(n_cells);
    const double physical = physical_memory_bytes();
    if (physical > 0 && bytes > 0.5 * physical) {
      std::cerr << "detsim run: " << n_cells << " cells need about " << bytes / (1ull << 30)
                << " GiB in memory, more than half of this machine's " << physical / (1ull << 30)
                << " GiB; use a design with fewer cells\n";
      return exit_usage;
    }
  }
  std::vector<mc::CellResult> cells(n_cells);
  std::vector<bool> have(n_cells, false);
  Checkpoint checkpoint(output, fingerprint);
  // The root's checks before any work; -1: go ahead.
  constexpr int go = -1;
  const auto check_before_run = [&]() -> int {
    const bool output_exists = std::filesystem::exists(output);
    if (output_exists && !force && !resume) {
      std::cerr << "detsim run: " << output << " already exists; use --force to overwrite it or -o to write elsewhere\n";
      return exit_usage;
    }
    if (run.per_draw) {
      // Per-draw output is the one thing that grows with draws: refuse what cannot fit in memory.
      const double bytes = 8.0 * n_outcomes * static_cast<double>(run.draws) * static_cast<double>(n_cells);
      if (bytes > 8.0 * (1ull << 30)) {
        std::cerr << "detsim run: --per-draw with " << run.draws << " draws x " << n_cells
                  << " cells needs " << bytes / (1ull << 30) << " GiB; use fewer draws or cells for per-draw output\n";
        return exit_usage;
      }
    }
    if (output_exists && resume && !force) {
      // A requeued job whose run already finished: succeed if the file is this run's, refuse otherwise.
      if (made_by_this_run(output, sc, prov, shard_name)) {
        // A kill between the final rename and the checkpoint's removal leaves both: the file is whole.
        std::error_code ignored;
        std::filesystem::remove_all(checkpoint.directory(), ignored);
        std::cerr << "detsim run: " << output << " is already complete; nothing to resume\n";
        return exit_ok;
      }
      std::cerr << "detsim run: " << output << " already exists and is not this run's finished output; "
                << "use --force to overwrite it or -o to write elsewhere\n";
      return exit_usage;
    }
    if (checkpoint.exists() && !resume && !force) {
      std::cerr << "detsim run: " << checkpoint.directory() << " holds the finished cells of an interrupted run; "
                << "add --resume to continue it, or --force to start again\n";
      return exit_usage;
    }
    try {
      if (resume && !checkpoint.exists()) std::cerr << "detsim run: no checkpoint to resume; starting from the beginning\n";
      for (auto& [index, cell] : checkpoint.open(resume))
        if (index < n_cells && cluster::in_shard(shard.value_or(cluster::ShardSpec{}), index)) {
          cells[index] = std::move(cell);
          have[index] = true;
        }
    } catch (const CheckpointError& e) {
      std::cerr << "detsim run: " << e.what() << "\n";
      return exit_io;
    }
    return go;
  };
  if (const int status = session.agree(session.root() ? check_before_run() : go); status != go) return status;

  const std::vector<std::size_t> mine = cluster::shard_cells(shard.value_or(cluster::ShardSpec{}), n_cells);
  std::vector<std::size_t> todo;
  for (std::size_t c : mine)
    if (!have[c]) todo.push_back(c);

  stop_requested = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit becomes a write error, not a silent kill
  std::atomic<std::uint64_t> done{(mine.size() - todo.size()) * run.draws};
  mc::EngineOptions options{threads, &stop_requested, &done};
  // Several cells: draw the costly priors once for all of them (results are the same either way).
  // At most 1 GiB and a quarter of memory, shared by the MPI ranks on this node; above that each
  // cell samples them itself.
  mc::PriorTable prior_table;
  if (todo.size() > 1) {
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    const double ranks_here = std::max(1.0, local ? std::atof(local) : 1.0);
    const double quarter = 0.25 * physical_memory_bytes();
    const auto budget = static_cast<std::size_t>(std::min(quarter, static_cast<double>(std::size_t{1} << 30)) / ranks_here);
    prior_table = mc::PriorTable::build(run, budget, threads, &stop_requested);
    if (!prior_table.empty()) options.prior_table = &prior_table;
  }
  cluster::FarmResult outcome;
  std::string save_error;
  {
    Progress progress(mine.size() * run.draws, done, session.root() && !vm.count("quiet"));
    outcome = cluster::compute_cells(session, run, todo, options, [&](mc::CellResult&& r) {
      try {
        checkpoint.save(r);
      } catch (const CheckpointError& e) {
        save_error = e.what();
        return false;
      }
      const std::size_t c = r.summary.cell;
      cells[c] = std::move(r);
      have[c] = true;
      return true;
    });
  }
  if (!session.root()) return session.agree(0);
  const auto finish = [&](int status) { return session.agree(status); };
  if (outcome == cluster::FarmResult::failed) {
    std::cerr << "detsim run: " << save_error << "\n";
    return finish(exit_io);
  }
  if (outcome == cluster::FarmResult::interrupted) {
    std::size_t finished = 0;
    for (bool h : have) finished += h;
    std::cerr << "detsim run: interrupted; " << finished << " of " << mine.size() << " cells are saved in "
              << checkpoint.directory() << "; continue with the same command and --resume\n";
    return finish(130);
  }
  try {
    results::Dataset ds;
    if (shard) {
      // Cells of other shards: blanks of the right shape (mark_shard fills them with NaN).
      for (std::size_t c = 0; c < n_cells; ++c)
        if (!have[c]) {
          cells[c].summary.cell = c;
          if (run.per_draw) cells[c].per_draw.assign(run.draws * n_outcomes, std::nan(""));
        }
      ds = build_dataset(sc, cells, prov);
      const std::size_t n_cell_dims = run.design.kind == mc::DesignKind::grid ? run.axes.size() : 1;
      cluster::mark_shard(ds, n_cell_dims, have, shard_name, cluster::describe_rule(*shard));
    } else {
      ds = build_dataset(sc, cells, prov);
    }
    results::write(output, ds, force);
  } catch (const results::ResultsError& e) {
    std::cerr << "detsim run: " << e.what() << "; the finished cells are kept in " << checkpoint.directory()
              << ": fix the cause and rerun with --resume\n";
    return finish(exit_io);
  }
  checkpoint.remove();
  print_summary(sc, cells, mine, output);
  return finish(exit_ok);
}

}  // namespace detsim::app
