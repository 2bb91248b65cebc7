#include "io/results_layout.hpp"

#include <cmath>
#include <sstream>

#include "io/parameter_table.hpp"
#include "mc/rng.hpp"

namespace detsim {
namespace {

using results::Dataset;
using results::Dimension;
using results::Variable;

std::string short_name(const std::string& dotted) { return dotted.substr(dotted.find('.') + 1); }

const ParameterSpec& spec_of(const std::string& dotted) {
  const auto dot = dotted.find('.');
  return *find_parameter(dotted.substr(0, dot), dotted.substr(dot + 1));
}

// Cell-major copy of one per-cell array into a variable's data (cells outermost).
template <class T, class Get>
std::vector<T> gather(const std::vector<mc::CellResult>& cells, std::size_t per_cell, Get get) {
  std::vector<T> out;
  out.reserve(cells.size() * per_cell);
  for (const auto& c : cells)
    for (std::size_t k = 0; k < per_cell; ++k) out.push_back(get(c.summary, k));
  return out;
}

std::vector<std::string> with(std::vector<std::string> dims, std::initializer_list<std::string> more) {
  dims.insert(dims.end(), more);
  return dims;
}

}  // namespace

std::string cell_label(const mc::RunSpec& run, std::size_t cell) {
  if (!run.cell_names.empty()) return run.cell_names[cell];
  if (run.axes.empty()) return "all";
  std::ostringstream s;
  for (std::size_t a = 0; a < run.axes.size(); ++a)
    s << (a ? ", " : "") << short_name(run.axes[a].key) << "=" << run.design.value(cell, a);
  return s.str();
}

Dataset build_dataset(const Scenario& sc, const std::vector<mc::CellResult>& cells, const Provenance& prov) {
  const mc::RunSpec& run = sc.run;
  Dataset ds;
  std::vector<std::string> cell_dims;

  // Design dimensions: one per axis for grids; a `sample` dimension otherwise.
  if (run.design.kind == mc::DesignKind::grid) {
    for (std::size_t a = 0; a < run.axes.size(); ++a) {
      const ParameterSpec& spec = spec_of(run.axes[a].key);
      Dimension d;
      d.name = short_name(run.axes[a].key);
      d.values = run.design.axis_values[a];
      d.units = std::string(spec.unit);
      d.long_name = std::string(spec.meaning);
      d.attributes["scenario_key"] = run.axes[a].key;
      ds.dims.push_back(d);
      cell_dims.push_back(d.name);
    }
  } else {
    Dimension d;
    d.name = "sample";
    if (!run.cell_names.empty()) {
      d.labels = run.cell_names;
    } else {
      for (std::size_t i = 0; i < run.n_cells(); ++i) d.values.push_back(static_cast<double>(i));
    }
    d.long_name = "design point (" + std::string(mc::design_kind_name(run.design.kind)) + ")";
    ds.dims.push_back(d);
    cell_dims.push_back("sample");
  }
  ds.dims.push_back({.name = "outcome", .long_name = "terminal outcome",
                     .labels = {"SQ", "REBUFFED", "PBD", "CONV", "NUC"},
                     .attributes = {{"description", "SQ status quo; REBUFFED challenge rebuffed; PBD patron backs down "
                                                    "(protege fights alone); CONV conventional war; NUC nuclear war"}}});
  ds.dims.push_back({.name = "quantile", .units = "1", .long_name = "quantile level over parameter draws",
                     .values = {mc::quantile_levels.begin(), mc::quantile_levels.end()}});
  {
    Dimension bin{.name = "bin", .units = "1", .long_name = "histogram bin centre (outcome probability)"};
    for (std::size_t k = 0; k < mc::histogram_bins; ++k) bin.values.push_back((k + 0.5) / mc::histogram_bins);
    bin.attributes["bin_width"] = 1.0 / mc::histogram_bins;
    ds.dims.push_back(bin);
  }
  {
    Dimension m{.name = "measure", .long_name = "outcome measure (docs/model.md §6)"};
    for (const auto& info : mc::measure_info) m.labels.emplace_back(info.name);
    ds.dims.push_back(m);
  }
  {
    Dimension c{.name = "case", .long_name = "equilibrium case"};
    for (std::size_t k = 0; k < n_equilibrium_cases; ++k)
      c.labels.emplace_back(case_name(static_cast<EquilibriumCase>(k)));
    ds.dims.push_back(c);
  }
  ds.dims.push_back({.name = "bound", .long_name = "interval bound", .labels = {"lower", "upper"}});

  // Design values as variables over `sample` for non-grid designs.
  if (run.design.kind != mc::DesignKind::grid) {
    for (std::size_t a = 0; a < run.axes.size(); ++a) {
      const ParameterSpec& spec = spec_of(run.axes[a].key);
      std::vector<double> v;
      for (std::size_t i = 0; i < run.n_cells(); ++i) v.push_back(run.design.value(i, a));
      ds.variables.push_back({.name = short_name(run.axes[a].key), .dims = {"sample"}, .units = std::string(spec.unit),
                              .long_name = std::string(spec.meaning), .data = v,
                              .attributes = {{"scenario_key", run.axes[a].key}}});
    }
  }

  const auto O = n_outcomes;
  auto add = [&](std::string name, std::vector<std::string> dims, std::string units, std::string long_name,
                 results::Data data) {
    ds.variables.push_back({.name = std::move(name), .dims = std::move(dims), .units = std::move(units),
                            .long_name = std::move(long_name), .data = std::move(data)});
  };
  add("outcome_probability", with(cell_dims, {"outcome"}), "1",
      "mean over parameter draws of the equilibrium outcome probability (Rao-Blackwellised)",
      gather<double>(cells, O, [](const mc::CellSummary& s, std::size_t o) { return s.mean[o]; }));
  add("outcome_probability_se", with(cell_dims, {"outcome"}), "1", "Monte Carlo standard error of outcome_probability",
      gather<double>(cells, O, [](const mc::CellSummary& s, std::size_t o) { return s.se[o]; }));
  add("outcome_probability_quantile", with(cell_dims, {"outcome", "quantile"}), "1",
      "quantiles over parameter draws of the outcome probability (resolution 0.001)",
      gather<double>(cells, O * mc::n_quantiles, [](const mc::CellSummary& s, std::size_t k) {
        return s.quantile[k / mc::n_quantiles][k % mc::n_quantiles];
      }));
  add("outcome_probability_histogram", with(cell_dims, {"outcome", "bin"}), "draws",
      "number of parameter draws whose outcome probability falls in each bin",
      gather<std::uint64_t>(cells, O * mc::histogram_bins, [](const mc::CellSummary& s, std::size_t k) {
        return s.histogram[k / mc::histogram_bins][k % mc::histogram_bins];
      }));
  if (run.games_per_draw > 0) {
    add("games_count", with(cell_dims, {"outcome"}), "games", "sampled games ending in each outcome",
        gather<std::uint64_t>(cells, O, [](const mc::CellSummary& s, std::size_t o) { return s.games[o]; }));
    add("games_frequency_interval", with(cell_dims, {"outcome", "bound"}), "1",
        "Wilson 95% interval of the sampled outcome frequency",
        gather<double>(cells, O * 2, [](const mc::CellSummary& s, std::size_t k) {
          std::uint64_t n = 0;
          for (auto c : s.games) n += c;
          return mc::wilson_interval(s.games[k / 2], n)[k % 2];
        }));
  }
  add("measure_mean", with(cell_dims, {"measure"}), "",
      "mean over parameter draws of each measure (over the draws where it is defined)",
      gather<double>(cells, mc::n_measures, [](const mc::CellSummary& s, std::size_t j) { return s.measure_mean[j]; }));
  add("measure_se", with(cell_dims, {"measure"}), "", "Monte Carlo standard error of measure_mean",
      gather<double>(cells, mc::n_measures, [](const mc::CellSummary& s, std::size_t j) { return s.measure_se[j]; }));
  add("measure_count", with(cell_dims, {"measure"}), "draws", "number of draws where the measure is defined",
      gather<std::uint64_t>(cells, mc::n_measures, [](const mc::CellSummary& s, std::size_t j) { return s.measure_count[j]; }));
  {
    std::string units;
    for (const auto& info : mc::measure_info) units += (units.empty() ? "" : "; ") + std::string(info.name) + ": " + std::string(info.units);
    ds.variables[ds.variables.size() - 3].attributes["measure_units"] = units;
    std::string meaning;
    for (const auto& info : mc::measure_info) meaning += (meaning.empty() ? "" : "; ") + std::string(info.name) + ": " + std::string(info.long_name);
    ds.variables[ds.variables.size() - 3].attributes["measure_descriptions"] = meaning;
  }
  add("equilibrium_case_count", with(cell_dims, {"case"}), "draws", "draws by equilibrium case",
      gather<std::uint64_t>(cells, n_equilibrium_cases, [](const mc::CellSummary& s, std::size_t c) { return s.cases[c]; }));
  add("draws_solved", cell_dims, "draws", "draws with an equilibrium (the others are counted under no-equilibrium-found)",
      gather<std::uint64_t>(cells, 1, [](const mc::CellSummary& s, std::size_t) { return s.solved; }));
  add("mixed_crisis_count", cell_dims, "draws", "draws in which the challenger mixes (tau = psi = 0, beta_C finite)",
      gather<std::uint64_t>(cells, 1, [](const mc::CellSummary& s, std::size_t) { return s.mixed_crisis; }));
  add("n_equilibria_mean", cell_dims, "1", "mean number of equilibria found per draw",
      gather<double>(cells, 1, [](const mc::CellSummary& s, std::size_t) { return s.n_equilibria_mean; }));
  add("worst_residual", cell_dims, "payoff", "largest equilibrium-condition residual over draws",
      gather<double>(cells, 1, [](const mc::CellSummary& s, std::size_t) { return s.worst_residual; }));
  if (run.reference_cell) {
    const std::string ref = cell_label(run, *run.reference_cell);
    add("outcome_probability_difference", with(cell_dims, {"outcome"}), "1",
        "paired difference from the reference cell (" + ref + "), same parameter draws",
        gather<double>(cells, O, [](const mc::CellSummary& s, std::size_t o) { return s.difference_mean[o]; }));
    add("outcome_probability_difference_se", with(cell_dims, {"outcome"}), "1",
        "standard error of the paired difference (common random numbers)",
        gather<double>(cells, O, [](const mc::CellSummary& s, std::size_t o) { return s.difference_se[o]; }));
    ds.variables[ds.variables.size() - 2].attributes["reference_cell"] = ref;
  }
  if (run.per_draw) {
    ds.dims.push_back({.name = "draw", .size = static_cast<std::size_t>(run.draws)});
    Dimension parameter{.name = "parameter", .long_name = "uncertain structural parameter"};
    std::vector<const mc::UncertainParameter*> sampled;
    for (const auto& u : run.uncertain)
      if (!run.axis_sets(u.member)) {
        sampled.push_back(&u);
        parameter.labels.push_back(short_name(u.key));
      }
    if (!sampled.empty()) {
      ds.dims.push_back(parameter);
      add("draw_parameter", {"draw", "parameter"}, "", "parameter values of each draw (the same in every cell)",
          mc::sampled_parameter_values(run));
      std::vector<std::int32_t> slots;
      std::vector<std::string> priors;
      for (const auto* u : sampled) {
        slots.push_back(static_cast<std::int32_t>(u->slot));
        priors.push_back(u->prior.describe());
      }
      add("parameter_slot", {"parameter"}, "", "Philox word of the parameter: uniform(seed, draw, 0, parameter_prior, slot)", slots);
      add("parameter_prior", {"parameter"}, "", "prior of the parameter", priors);
    }
    std::vector<double> per;
    for (const auto& c : cells) per.insert(per.end(), c.per_draw.begin(), c.per_draw.end());
    add("draw_outcome_probability", with(cell_dims, {"draw", "outcome"}), "1",
        "equilibrium outcome probabilities of each draw (NaN where no equilibrium was found)", per);
  }

  auto& at = ds.attributes;
  at["title"] = "detsim results: " + sc.name;
  at["Conventions"] = "CF-1.8";
  at["model"] = "EDSG-1 (extended-deterrence signalling game)";
  at["mode"] = std::string(mode_name(sc.game.mode));
  at["design"] = std::string(mc::design_kind_name(run.design.kind));
  at["detsim_version"] = prov.version;
  at["git_revision"] = prov.git_revision;
  at["compiler"] = prov.compiler;
  at["build_type"] = prov.build_type;
  at["compiler_flags"] = prov.cxx_flags;
  at["seed"] = run.seed;
  at["draws"] = run.draws;
  at["games_per_draw"] = run.games_per_draw;
  at["rng_layout"] = std::string(mc::rng_layout) +
                     "; parameter slot j of draw i: uniform(seed, i, 0, parameter_prior, j); games: see docs/output.md";
  at["scenario"] = sc.resolved_toml;
  at["scenario_path"] = sc.path;
  at["command"] = prov.command;
  std::string priors;
  for (const auto& u : run.uncertain) priors += (priors.empty() ? "" : "; ") + u.key + " ~ " + u.prior.describe();
  at["priors"] = priors.empty() ? std::string("none") : priors;
  return ds;
}

}  // namespace detsim
