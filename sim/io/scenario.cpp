#include "io/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <toml++/toml.h>

#include "io/parameter_table.hpp"
#include "model/reduced_form.hpp"
#include "mc/design.hpp"
#include "mc/prior.hpp"

namespace detsim {
namespace {

constexpr std::array<std::string_view, 8> known_sections = {"scenario", "levers", "parameters", "types", "sweep", "run",
                                                           "qre", "reputation"};
constexpr std::array<std::string_view, 6> sweep_keys = {"design", "axes", "samples", "points", "cell", "reference"};
constexpr std::array<std::string_view, 5> design_names = {"grid", "lhs", "sobol", "points", "cells"};
constexpr std::array<std::string_view, 4> run_keys = {"draws", "games", "seed", "per_draw"};
constexpr std::array<std::string_view, 7> prior_names = {"uniform", "normal", "truncated_normal", "beta",
                                                         "lognormal", "discrete", "weights"};
constexpr std::array<std::string_view, 4> scenario_keys = {"name", "description", "mode", "visibility_signal"};
constexpr std::array<std::string_view, 2> type_keys = {"patron_resolve", "challenger_cost"};
constexpr std::array<std::string_view, 5> mode_names = {"policy", "tying-hands", "sinking-costs", "qre", "reputation"};
constexpr std::array<std::string_view, 3> distribution_names = {"uniform", "truncated_normal", "beta"};

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// Where a value came from: "file.toml:12" or "--set levers.visibility=1.5".
class Locator {
 public:
  explicit Locator(std::string file) : file_(std::move(file)) {}
  void mark_override(const std::string& dotted, const std::string& text) { overrides_[dotted] = text; }
  std::string where(const std::string& dotted, const toml::source_region& src) const {
    if (auto it = overrides_.find(dotted); it != overrides_.end()) return "--set " + it->second;
    if (src.begin.line == 0) return file_;  // a key left at its default: no line to name
    return file_ + ":" + std::to_string(src.begin.line);
  }
  bool overridden(const std::string& dotted) const { return overrides_.count(dotted) > 0; }
  [[noreturn]] void fail(const std::string& dotted, const toml::source_region& src, const std::string& what) const {
    throw ScenarioError(where(dotted, src) + ": " + dotted + ": " + what);
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::map<std::string, std::string> overrides_;
};

std::string describe_type(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date or time";
  }
}

// A number for a message (6 significant digits, as a stream prints it).
std::string shortest(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

double read_number(const Locator& loc, const std::string& dotted, const toml::node& n, const Range& range,
                   std::string_view meaning, bool allow_bool = false) {
  double x;
  if (allow_bool && n.is_boolean()) {
    x = *n.value<bool>() ? 1.0 : 0.0;
  } else if (n.is_number()) {
    x = *n.value<double>();
  } else {
    loc.fail(dotted, n.source(),
             "expected a number" + std::string(allow_bool ? " or true/false" : "") + ", got " + describe_type(n) +
                 "; valid range " + range.describe() + " (" + std::string(meaning) + ")");
  }
  if (!range.contains(x)) {
    loc.fail(dotted, n.source(),
             "value " + shortest(x) + " is outside the valid range " + range.describe() + " (" + std::string(meaning) + ")");
  }
  return x;
}

std::string read_string(const Locator& loc, const std::string& dotted, const toml::node& n) {
  if (!n.is_string()) loc.fail(dotted, n.source(), "expected a string, got " + describe_type(n));
  return *n.value<std::string>();
}

[[noreturn]] void unknown_key(const Locator& loc, std::string_view section, std::string_view key,
                              const toml::source_region& src, std::span<const std::string_view> valid) {
  std::string msg = "unknown key";
  if (auto guess = did_you_mean(key, valid)) msg += "; did you mean " + std::string(section) + "." + *guess + "?";
  msg += " (valid keys in [" + std::string(section) + "]: " + join(valid) + ")";
  loc.fail(std::string(section) + "." + std::string(key), src, msg);
}

TypeDistribution read_distribution(const Locator& loc, const std::string& dotted, const toml::node& n,
                                   bool non_negative_support) {
  const std::string forms =
      "expected { uniform = [lo, hi] }, { truncated_normal = [mean, sd, lo, hi] } or { beta = [alpha, beta, lo, hi] }";
  const toml::table* t = n.as_table();
  if (!t || t->size() != 1) loc.fail(dotted, n.source(), forms);
  const auto entry = t->begin();
  const std::string kind(entry->first.str());
  const toml::node& value = entry->second;
  const toml::array* a = value.as_array();
  const std::size_t want = kind == "uniform" ? 2 : 4;
  if (kind != "uniform" && kind != "truncated_normal" && kind != "beta") {
    std::string msg = "unknown distribution '" + kind + "'";
    if (auto guess = did_you_mean(kind, distribution_names)) msg += "; did you mean " + *guess + "?";
    loc.fail(dotted, n.source(), msg + "; " + forms);
  }
  if (!a || a->size() != want) loc.fail(dotted, n.source(), kind + " needs " + std::to_string(want) + " numbers; " + forms);
  std::array<double, 4> x{};
  for (std::size_t i = 0; i < want; ++i) {
    const toml::node& e = *a->get(i);
    if (!e.is_number() || !std::isfinite(*e.value<double>()))
      loc.fail(dotted, n.source(), kind + " needs finite numbers; " + forms);
    x[i] = *e.value<double>();
  }
  const double lo = want == 2 ? x[0] : x[2], hi = want == 2 ? x[1] : x[3];
  if (!(lo < hi))
    loc.fail(dotted, n.source(), "the bounds must satisfy lo < hi (got lo = " + std::to_string(lo) +
                                     ", hi = " + std::to_string(hi) + ")");
  if (non_negative_support && lo < 0)
    loc.fail(dotted, n.source(), "the patron's resolve v is a loss and must be >= 0: lower bound must be in [0, inf)");
  if (kind == "truncated_normal" && !(x[1] > 0)) loc.fail(dotted, n.source(), "the standard deviation must be > 0");
  if (kind == "beta" && !(x[0] > 0 && x[1] > 0)) loc.fail(dotted, n.source(), "beta shape parameters must be > 0");
  try {
    if (kind == "uniform") return TypeDistribution::uniform(lo, hi);
    if (kind == "truncated_normal") return TypeDistribution::truncated_normal(x[0], x[1], lo, hi);
    return TypeDistribution::scaled_beta(x[0], x[1], lo, hi);
  } catch (const std::invalid_argument& e) {
    loc.fail(dotted, n.source(), e.what());
  }
}

// A structural parameter given as a table is a prior: the analyst's uncertainty about it.
mc::Prior read_prior(const Locator& loc, const std::string& dotted, const toml::node& n, const ParameterSpec& spec) {
  const std::string forms =
      "expected a number or a prior: { uniform = [lo, hi] }, { normal = [mean, sd] }, "
      "{ truncated_normal = [mean, sd, lo, hi] }, { beta = [a, b] } or { beta = [a, b, lo, hi] }, "
      "{ lognormal = [mu, sigma] }, { discrete = [values...], weights = [...] }";
  const toml::table* t = n.as_table();
  if (!t || t->empty()) loc.fail(dotted, n.source(), forms);
  auto numbers = [&](const toml::node* node, const std::string& what) {
    std::vector<double> out;
    const toml::array* a = node ? node->as_array() : nullptr;
    if (!a) loc.fail(dotted, n.source(), what + " needs a list of numbers; " + forms);
    for (const auto& e : *a) {
      if (!e.is_number()) loc.fail(dotted, n.source(), what + " needs a list of numbers; " + forms);
      out.push_back(*e.value<double>());
    }
    return out;
  };
  std::string kind;
  for (auto&& [k, v] : *t) {
    const std::string key(k.str());
    if (std::find(prior_names.begin(), prior_names.end(), key) == prior_names.end()) {
      std::string msg = "unknown prior '" + key + "'";
      if (auto guess = did_you_mean(key, prior_names)) msg += "; did you mean " + *guess + "?";
      loc.fail(dotted, n.source(), msg + "; " + forms);
    }
    if (key != "weights") kind = key;
  }
  if (kind.empty() || (t->size() != 1 && kind != "discrete")) loc.fail(dotted, n.source(), forms);
  const std::vector<double> x = numbers(t->get(kind), kind);
  auto need = [&](std::size_t count, const char* shape) {
    if (x.size() != count) loc.fail(dotted, n.source(), kind + " needs " + shape + "; " + forms);
  };
  mc::Prior prior;
  try {
    if (kind == "uniform") need(2, "[lo, hi]"), prior = mc::Prior::uniform(x[0], x[1]);
    else if (kind == "normal") need(2, "[mean, sd]"), prior = mc::Prior::normal(x[0], x[1]);
    else if (kind == "truncated_normal") need(4, "[mean, sd, lo, hi]"), prior = mc::Prior::truncated_normal(x[0], x[1], x[2], x[3]);
    else if (kind == "lognormal") need(2, "[mu, sigma]"), prior = mc::Prior::lognormal(x[0], x[1]);
    else if (kind == "beta") {
      if (x.size() == 2) prior = mc::Prior::beta(x[0], x[1]);
      else need(4, "[a, b] or [a, b, lo, hi]"), prior = mc::Prior::beta(x[0], x[1], x[2], x[3]);
    } else {
      std::vector<double> w = t->contains("weights") ? numbers(t->get("weights"), "weights") : std::vector<double>(x.size(), 1.0);
      if (w.size() != x.size()) loc.fail(dotted, n.source(), "discrete needs as many weights as values");
      prior = mc::Prior::discrete(x, w);
    }
  } catch (const std::invalid_argument& e) {
    loc.fail(dotted, n.source(), e.what());
  }
  const Range& r = spec.range;
  if (!prior.within(r.lo, r.allow_infinity ? std::numeric_limits<double>::infinity() : r.hi, r.lo_open,
                    r.hi_open && !r.allow_infinity))
    loc.fail(dotted, n.source(), "the prior " + prior.describe() + " reaches outside the valid range " + r.describe() +
                                     " (" + std::string(spec.meaning) + ")");
  return prior;
}

std::uint64_t read_count(const Locator& loc, const std::string& dotted, const toml::node& n, std::uint64_t lo,
                         std::uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!n.is_integer()) loc.fail(dotted, n.source(), "expected a whole number in " + range + ", got " + describe_type(n));
  const std::int64_t v = *n.value<std::int64_t>();
  if (v < 0 || static_cast<std::uint64_t>(v) < lo || static_cast<std::uint64_t>(v) > hi)
    loc.fail(dotted, n.source(), "value " + std::to_string(v) + " is outside the valid range " + range);
  return static_cast<std::uint64_t>(v);
}

// One design axis: `levers.visibility = [0, 0.5, 1]` or `= { from = 0, to = 1, steps = 5 }`.
mc::Axis read_axis(const Locator& loc, const std::string& where, const std::string& name, const toml::node& n,
                   const ParameterSpec& spec) {
  const std::string forms = "expected a list of values [a, b, ...] or { from = A, to = B, steps = N }";
  auto check = [&](double x) {
    if (!spec.range.contains(x)) {
      std::ostringstream v;
      v << x;
      loc.fail(where, n.source(), "value " + v.str() + " is outside the valid range " + spec.range.describe() + " of " + name);
    }
    return x;
  };
  if (const toml::array* a = n.as_array()) {
    std::vector<double> values;
    for (const auto& e : *a) {
      if (!e.is_number() && !(spec.key == "warning" && e.is_boolean())) loc.fail(where, n.source(), forms);
      values.push_back(check(e.is_boolean() ? (*e.value<bool>() ? 1.0 : 0.0) : *e.value<double>()));
    }
    if (values.empty()) loc.fail(where, n.source(), "an axis needs at least one value");
    return mc::Axis::list(name, values);
  }
  const toml::table* t = n.as_table();
  if (!t || !t->contains("from") || !t->contains("to")) loc.fail(where, n.source(), forms);
  for (auto&& [k, v] : *t)
    if (k.str() != "from" && k.str() != "to" && k.str() != "steps")
      loc.fail(where, n.source(), "unknown key '" + std::string(k.str()) + "' in an axis range; " + forms);
  const toml::node* from = t->get("from");
  const toml::node* to = t->get("to");
  if (!from->is_number() || !to->is_number()) loc.fail(where, n.source(), forms);
  const std::size_t steps = t->contains("steps") ? read_count(loc, where, *t->get("steps"), 1, 100000) : 0;
  try {
    return mc::Axis::range(name, check(*from->value<double>()), check(*to->value<double>()), steps);
  } catch (const std::invalid_argument& e) {
    loc.fail(where, n.source(), e.what());
  }
}

const ParameterSpec& axis_spec(const Locator& loc, const std::string& where, const std::string& name,
                               const toml::source_region& src) {
  const auto dot = name.find('.');
  const ParameterSpec* spec =
      dot == std::string::npos ? nullptr : find_parameter(name.substr(0, dot), name.substr(dot + 1));
  if (!spec) {
    std::vector<std::string> names;
    for (const auto& s : parameter_specs()) names.push_back(std::string(s.section) + "." + std::string(s.key));
    std::vector<std::string_view> views(names.begin(), names.end());
    std::string msg = "'" + name + "' is not a lever or parameter";
    if (auto guess = did_you_mean(name, views)) msg += "; did you mean " + *guess + "?";
    loc.fail(where, src, msg);
  }
  return *spec;
}

mc::AxisTarget target_of(const ParameterSpec& spec) {
  return {std::string(spec.section) + "." + std::string(spec.key), spec.lever, spec.parameter};
}

// [sweep]: which cells to run. Axes are ordered as written in the file (then --set ones).
void read_sweep(const toml::table& sweep, const Locator& loc, const std::string& scenario_dir, Scenario& sc) {
  mc::RunSpec& run = sc.run;
  for (auto&& [k, v] : sweep)
    if (std::find(sweep_keys.begin(), sweep_keys.end(), k.str()) == sweep_keys.end())
      unknown_key(loc, "sweep", k.str(), k.source(), sweep_keys);
  std::string design = "grid";
  if (const toml::node* d = sweep.get("design")) {
    design = read_string(loc, "sweep.design", *d);
    if (std::find(design_names.begin(), design_names.end(), design) == design_names.end()) {
      std::string msg = "unknown design '" + design + "'";
      if (auto guess = did_you_mean(design, design_names)) msg += "; did you mean '" + *guess + "'?";
      loc.fail("sweep.design", d->source(), msg + " (valid: " + join(design_names) + ")");
    }
  }
  // Axes in document order: toml++ keeps keys sorted, the source position keeps the author's order.
  struct Found {
    toml::source_position pos;
    std::string name;
    const toml::node* node;
  };
  std::vector<Found> found;
  if (const toml::node* axes_node = sweep.get("axes")) {
    const toml::table* axes = axes_node->as_table();
    if (!axes) loc.fail("sweep.axes", axes_node->source(), "expected a table of axes, e.g. levers.warning = [0, 1]");
    for (auto&& [section, inner] : *axes) {
      const toml::table* keys = inner.as_table();
      if (!keys) loc.fail("sweep.axes." + std::string(section.str()), inner.source(), "expected SECTION.KEY = values");
      for (auto&& [key, node] : *keys)
        found.push_back({node.source().begin, std::string(section.str()) + "." + std::string(key.str()), &node});
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    const bool a_file = a.pos.line > 0, b_file = b.pos.line > 0;  // overrides have no position in the file
    if (a_file != b_file) return a_file;
    return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
  });
  std::vector<mc::Axis> axes;
  for (const auto& f : found) {
    const std::string where = "sweep.axes." + f.name;
    const ParameterSpec& spec = axis_spec(loc, where, f.name, f.node->source());
    axes.push_back(read_axis(loc, where, f.name, *f.node, spec));
    run.axes.push_back(target_of(spec));
  }

  const toml::node* samples_node = sweep.get("samples");
  try {
    if (design == "grid") {
      run.design = mc::grid_design(axes);
    } else if (design == "lhs" || design == "sobol") {
      if (!samples_node) loc.fail("sweep.samples", sweep.source(), "design '" + design + "' needs samples = N");
      if (axes.empty()) loc.fail("sweep.axes", sweep.source(), "design '" + design + "' needs axes given as { from, to }");
      const std::size_t n = read_count(loc, "sweep.samples", *samples_node, 1, 10000000);
      run.design = design == "lhs" ? mc::latin_hypercube_design(axes, n, run.seed) : mc::sobol_design(axes, n);
    } else if (design == "points") {
      const toml::node* p = sweep.get("points");
      if (!p) loc.fail("sweep.points", sweep.source(), "design 'points' needs points = \"FILE.csv\"");
      std::string file = read_string(loc, "sweep.points", *p);
      if (!file.empty() && file[0] != '/') file = scenario_dir + "/" + file;
      std::ifstream in(file);
      if (!in) loc.fail("sweep.points", p->source(), "cannot read the points file '" + file + "'");
      std::stringstream text;
      text << in.rdbuf();
      run.design = mc::points_design(text.str(), file);
      run.axes.clear();
      for (const auto& name : run.design.axis_names)
        run.axes.push_back(target_of(axis_spec(loc, "sweep.points", name, p->source())));
      for (std::size_t i = 0; i < run.design.n_cells; ++i)
        for (std::size_t a = 0; a < run.axes.size(); ++a) {
          const ParameterSpec& spec = axis_spec(loc, "sweep.points", run.axes[a].key, p->source());
          const double x = run.design.value(i, a);
          if (!spec.range.contains(x)) {
            std::ostringstream v;
            v << x;
            throw ScenarioError(file + ": point " + std::to_string(i + 1) + ": " + run.axes[a].key + " = " + v.str() +
                                " is outside the valid range " + spec.range.describe());
          }
        }
    } else {  // cells: named points written in the scenario
      const toml::array* cells = sweep.get("cell") ? sweep.get("cell")->as_array() : nullptr;
      if (!cells || cells->empty())
        loc.fail("sweep.cell", sweep.source(), "design 'cells' needs [[sweep.cell]] tables with a name and lever/parameter values");
      run.design = mc::Design{};
      run.design.kind = mc::DesignKind::points;
      std::vector<std::map<std::string, double>> values;
      for (const auto& cell_node : *cells) {
        const toml::table* cell = cell_node.as_table();
        if (!cell) loc.fail("sweep.cell", cell_node.source(), "expected a table");
        std::map<std::string, double> v;
        std::string name = "cell" + std::to_string(values.size());
        for (auto&& [section, inner] : *cell) {
          if (section.str() == "name") {
            name = read_string(loc, "sweep.cell.name", inner);
            continue;
          }
          const toml::table* keys = inner.as_table();
          if (!keys) loc.fail("sweep.cell." + std::string(section.str()), inner.source(), "expected { key = value, ... }");
          for (auto&& [key, node] : *keys) {
            const std::string dotted = std::string(section.str()) + "." + std::string(key.str());
            const ParameterSpec& spec = axis_spec(loc, "sweep.cell", dotted, node.source());
            v[dotted] = read_number(loc, "sweep.cell." + dotted, node, spec.range, spec.meaning, spec.key == "warning");
            if (std::find(run.design.axis_names.begin(), run.design.axis_names.end(), dotted) == run.design.axis_names.end()) {
              run.design.axis_names.push_back(dotted);
              run.axes.push_back(target_of(spec));
            }
          }
        }
        sc.run.cell_names.push_back(name);
        values.push_back(v);
      }
      const Game& base = sc.game;
      for (const auto& v : values)
        for (std::size_t a = 0; a < run.axes.size(); ++a) {
          auto it = v.find(run.design.axis_names[a]);
          const mc::AxisTarget& t = run.axes[a];
          run.design.points.push_back(it != v.end() ? it->second : t.lever ? base.levers.*(t.lever) : base.parameters.*(t.parameter));
        }
      run.design.n_cells = values.size();
    }
  } catch (const std::invalid_argument& e) {
    loc.fail("sweep", sweep.source(), e.what());
  }
  // Every cell's summary is held in memory until the results file is written.
  constexpr std::size_t max_cells = 10'000'000;
  if (run.design.n_cells > max_cells)
    loc.fail("sweep", sweep.source(), "the design has " + std::to_string(run.design.n_cells) +
                                          " cells; at most 10000000 (the limit of sweep.samples): use fewer axis values");
  if (const toml::node* r = sweep.get("reference")) {
    if (r->is_string()) {
      const std::string name = *r->value<std::string>();
      auto it = std::find(run.cell_names.begin(), run.cell_names.end(), name);
      if (it == run.cell_names.end()) loc.fail("sweep.reference", r->source(), "no cell is named '" + name + "'");
      run.reference_cell = static_cast<std::size_t>(it - run.cell_names.begin());
    } else {
      run.reference_cell = read_count(loc, "sweep.reference", *r, 0, run.design.n_cells - 1);
    }
  }
}

void read_run(const toml::table& t, const Locator& loc, mc::RunSpec& run) {
  for (auto&& [k, v] : t) {
    const std::string key(k.str()), dotted = "run." + key;
    if (key == "draws") run.draws = read_count(loc, dotted, v, 1, 1'000'000'000'000ULL);
    else if (key == "games") run.games_per_draw = read_count(loc, dotted, v, 0, 1'000'000'000'000ULL);
    else if (key == "seed") {
      if (!v.is_integer() || *v.value<std::int64_t>() < 0)
        loc.fail(dotted, v.source(), "expected a whole number >= 0 (the seed of every random stream)");
      run.seed = static_cast<std::uint64_t>(*v.value<std::int64_t>());
    } else if (key == "per_draw") {
      if (!v.is_boolean()) loc.fail(dotted, v.source(), "expected true or false");
      run.per_draw = *v.value<bool>();
    } else {
      unknown_key(loc, "run", key, k.source(), run_keys);
    }
  }
}

void apply_override(toml::table& root, Locator& loc, const std::string& text) {
  const auto eq = text.find('=');
  const std::string path = text.substr(0, eq);
  const auto dot = path.find('.');
  if (eq == std::string::npos || dot == std::string::npos || path.find('.', dot + 1) != std::string::npos ||
      dot == 0 || dot + 1 == path.size())
    throw ScenarioError("--set " + text + ": expected SECTION.KEY=VALUE, e.g. --set levers.visibility=0.5");
  const std::string section = path.substr(0, dot), key = path.substr(dot + 1), value = text.substr(eq + 1);
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value, "--set " + text);
  } catch (const toml::parse_error&) {
    // Not a TOML value: a bare word is taken as a string (--set scenario.mode=tying-hands).
    if (value.empty() || value.find_first_of("[]{}=\"'#\n") != std::string::npos)
      throw ScenarioError("--set " + text + ": '" + value +
                          "' is not a TOML value (numbers like 0.5, strings like \"tying-hands\", "
                          "tables like { uniform = [0, 2] })");
    parsed.insert_or_assign("v", value);
  }
  toml::table* sec = root[section].as_table();
  if (!sec) {
    if (root.contains(section)) throw ScenarioError("--set " + text + ": " + section + " is not a section");
    root.insert_or_assign(section, toml::table{});
    sec = root[section].as_table();
  }
  sec->insert_or_assign(key, *parsed.get("v"));
  loc.mark_override(path, text);
}

// [qre] (MODEL.md §4.8) and [reputation] (§4.9): settings of the discrete and repeated-crisis modes.
struct DiscreteKey {
  std::string_view section, key, meaning;
  Range range;
  double* (*slot)(Game&);
};
const std::array<DiscreteKey, 18>& discrete_keys() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr Range real{-inf, inf, true, true}, non_negative{0, inf, false, true}, open_unit{0, 1, true, true},
      unit{0, 1};
  static const std::array<DiscreteKey, 18> keys = {{
      {"qre", "resolve_low", "v_L, the low type's resolve", non_negative, [](Game& g) { return &g.qre.resolve_low; }},
      {"qre", "resolve_high", "v_H, the high type's resolve", non_negative, [](Game& g) { return &g.qre.resolve_high; }},
      {"qre", "prior_high", "mu = Pr(high type)", open_unit, [](Game& g) { return &g.qre.prior_high; }},
      {"qre", "challenger_cost", "k of the single challenger type", real, [](Game& g) { return &g.qre.challenger_cost; }},
      {"qre", "lambda", "logit precision reported by solve (end of the branch)", {0, 1e6}, [](Game& g) { return &g.qre.lambda; }},
      {"qre", "lambdas", "precisions to report along the branch (ascending, <= lambda, at most 12)", {0, 1e6}, nullptr},
      {"qre", "p_alone", "p_R given directly", unit, [](Game& g) { return &g.qre.p_alone; }},
      {"qre", "war_loss_weight", "A_W given directly", real, [](Game& g) { return &g.qre.war_loss_weight; }},
      {"qre", "war_cost", "X given directly", real, [](Game& g) { return &g.qre.war_cost; }},
      {"qre", "challenger_war_value", "alpha_W given directly", real, [](Game& g) { return &g.qre.challenger_war_value; }},
      {"qre", "challenger_war_slope", "omega_W given directly", real, [](Game& g) { return &g.qre.challenger_war_slope; }},
      {"qre", "escalation", "pi given directly (scales Pr(NUC) only)", unit, [](Game& g) { return &g.qre.escalation; }},
      {"reputation", "crises", "T, the number of crises (integer; forward-looking: at most 6)", {1, 20}, nullptr},
      {"reputation", "patron", "myopic, forward-looking or two-type", {0, 0}, nullptr},
      {"reputation", "discount", "delta, the forward-looking patron's discount factor", {0, 1, false, true}, [](Game& g) { return &g.reputation.discount; }},
      {"reputation", "weak_resolve", "two-type: the weak type's resolve v_L", non_negative, [](Game& g) { return &g.reputation.weak_resolve; }},
      {"reputation", "prior_resolute", "two-type: mu, the prior that the patron is resolute", open_unit, [](Game& g) { return &g.reputation.prior_resolute; }},
      {"reputation", "challenger_cost", "two-type: k of the single challenger type", real, [](Game& g) { return &g.reputation.challenger_cost; }},
  }};
  return keys;
}

void read_discrete_setting(const Locator& loc, const std::string& section, const std::string& key, const toml::node& node,
                           const toml::source_region& key_src, Game& g) {
  const std::string dotted = section + "." + key;
  const DiscreteKey* spec = nullptr;
  std::vector<std::string_view> valid;
  for (const auto& d : discrete_keys()) {
    if (d.section != section) continue;
    valid.push_back(d.key);
    if (d.key == key) spec = &d;
  }
  if (!spec) unknown_key(loc, section, key, key_src, valid);
  if (dotted == "reputation.patron") {
    const std::string v = read_string(loc, dotted, node);
    const auto name = std::find(reputation_patron_names.begin(), reputation_patron_names.end(), v);
    if (name == reputation_patron_names.end())
      loc.fail(dotted, node.source(), "unknown value '" + v + "' (valid: " + join(reputation_patron_names) + ")");
    g.reputation.patron = static_cast<ReputationPatron>(name - reputation_patron_names.begin());
  } else if (dotted == "reputation.crises") {
    if (!node.is_integer()) loc.fail(dotted, node.source(), "expected an integer in [1, 20], got " + describe_type(node));
    const auto T = *node.value<std::int64_t>();
    if (T < 1 || T > 20) loc.fail(dotted, node.source(), "value " + std::to_string(T) + " is outside the valid range [1, 20]");
    g.reputation.crises = static_cast<int>(T);
  } else if (dotted == "qre.lambdas") {
    const toml::array* a = node.as_array();
    if (!a || a->empty() || a->size() > max_qre_lambdas)
      loc.fail(dotted, node.source(), "expected an array of 1 to 12 numbers in [0, 1e6], ascending");
    g.qre.n_lambdas = 0;
    for (const auto& x : *a) {
      const double l = read_number(loc, dotted, x, spec->range, spec->meaning);
      if (g.qre.n_lambdas > 0 && !(l > g.qre.lambdas[g.qre.n_lambdas - 1]))
        loc.fail(dotted, x.source(), "values must be strictly ascending");
      g.qre.lambdas[g.qre.n_lambdas++] = l;
    }
  } else {
    *spec->slot(g) = read_number(loc, dotted, node, spec->range, spec->meaning);
  }
}

Scenario build(toml::table& root, Locator& loc, const std::string& path) {
  Scenario sc;
  sc.path = path;
  Game& g = sc.game;
  for (auto&& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    if (std::find(known_sections.begin(), known_sections.end(), section) == known_sections.end()) {
      std::string msg = "unknown section [" + section + "]";
      if (auto guess = did_you_mean(section, known_sections)) msg += "; did you mean [" + *guess + "]?";
      throw ScenarioError(loc.where(section, section_key.source()) + ": " + msg +
                          " (valid sections: " + join(known_sections) + ")");
    }
    const toml::table* t = section_node.as_table();
    if (!t) loc.fail(section, section_node.source(), "expected a table [" + section + "]");
    if (section == "sweep" || section == "run") continue;  // after the game: they refer to it
    for (auto&& [k, node] : *t) {
      const std::string key(k.str()), dotted = section + "." + key;
      if (section == "scenario") {
        if (key == "name") sc.name = read_string(loc, dotted, node);
        else if (key == "description") sc.description = read_string(loc, dotted, node);
        else if (key == "mode") {
          const std::string m = read_string(loc, dotted, node);
          if (m == "policy") g.mode = Mode::policy;
          else if (m == "tying-hands") g.mode = Mode::tying_hands;
          else if (m == "sinking-costs") g.mode = Mode::sinking_costs;
          else if (m == "qre") g.mode = Mode::qre;
          else if (m == "reputation") g.mode = Mode::reputation;
          else {
            std::string msg = "unknown mode '" + m + "'";
            if (auto guess = did_you_mean(m, mode_names)) msg += "; did you mean '" + *guess + "'?";
            loc.fail(dotted, node.source(), msg + " (valid: " + join(mode_names) + ")");
          }
        } else if (key == "visibility_signal") {
          const std::string v = read_string(loc, dotted, node);
          if (v == "dual-role") g.visibility_signal = VisibilitySignal::dual_role;
          else if (v == "cost-only") g.visibility_signal = VisibilitySignal::cost_only;
          else loc.fail(dotted, node.source(), "unknown value '" + v + "' (valid: dual-role, cost-only)");
        } else {
          unknown_key(loc, section, key, k.source(), scenario_keys);
        }
      } else if (section == "qre" || section == "reputation") {
        read_discrete_setting(loc, section, key, node, k.source(), g);
      } else if (section == "types") {
        if (key == "patron_resolve") g.patron_resolve = read_distribution(loc, dotted, node, true);
        else if (key == "challenger_cost") g.challenger_cost = read_distribution(loc, dotted, node, false);
        else unknown_key(loc, section, key, k.source(), type_keys);
      } else {  // levers, parameters
        const ParameterSpec* spec = find_parameter(section, key);
        if (!spec) {
          std::vector<std::string_view> valid;
          for (const auto& s : parameter_specs())
            if (s.section == section) valid.push_back(s.key);
          unknown_key(loc, section, key, k.source(), valid);
        }
        if (spec->parameter && node.is_table()) {
          const mc::Prior prior = read_prior(loc, dotted, node, *spec);
          g.parameters.*(spec->parameter) = prior.central();
          const auto slot = static_cast<std::size_t>(spec - parameter_specs().data());
          sc.run.uncertain.push_back({dotted, spec->parameter, slot, prior});
          continue;
        }
        if (spec->lever && node.is_table())
          loc.fail(dotted, node.source(), "levers take a number; to vary a lever, make it an axis in [sweep.axes]");
        if (spec->lever == &Levers::burden && node.is_string()) {  // MODEL.md §2.2: the allies choose b
          if (*node.value<std::string>() != "olson-zeckhauser")
            loc.fail(dotted, node.source(), "unknown value '" + *node.value<std::string>() +
                                                "' (valid: a number in [0, 1], or \"olson-zeckhauser\")");
          g.parameters.burden_from_provision = true;
          continue;
        }
        const double x = read_number(loc, dotted, node, spec->range, spec->meaning, spec->key == "warning");
        if (spec->lever) g.levers.*(spec->lever) = x;
        else g.parameters.*(spec->parameter) = x;
      }
    }
  }

  // Priors in the order of the parameter table; each takes the next Philox word (slot), so four
  // uncertain parameters share one block and a draw costs as few blocks as possible.
  std::sort(sc.run.uncertain.begin(), sc.run.uncertain.end(),
            [](const mc::UncertainParameter& a, const mc::UncertainParameter& b) { return a.slot < b.slot; });
  for (std::size_t j = 0; j < sc.run.uncertain.size(); ++j) sc.run.uncertain[j].slot = j;
  if (const toml::table* run = root["run"].as_table()) read_run(*run, loc, sc.run);
  if (const toml::table* sweep = root["sweep"].as_table()) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    read_sweep(*sweep, loc, dir.empty() ? "." : dir, sc);
  } else {
    sc.run.design = mc::grid_design({});
  }

  // Cross-field rules (MODEL.md "Validation rules").
  const StructuralParameters& p = g.parameters;
  auto src = [&](const char* dotted) {  // where a key was written (none when it took its default)
    const toml::node* n = root.at_path(dotted).node();
    return n ? n->source() : toml::source_region{};
  };
  if (p.burden_from_provision)
    for (const auto& axis : sc.run.axes)
      if (axis.lever == &Levers::burden)
        loc.fail("levers.burden", src("levers.burden"),
                 "is \"olson-zeckhauser\" (set by the allies' incomes and weights), so the design cannot also set it; "
                 "sweep parameters.protege_income or the weights instead");
  if (g.mode == Mode::qre) {
    if (!(g.qre.resolve_low < g.qre.resolve_high))
      loc.fail("qre.resolve_high", src("qre.resolve_high"), "must exceed qre.resolve_low (the high type is more resolved)");
    if (g.qre.lambdas[g.qre.n_lambdas - 1] > g.qre.lambda)
      loc.fail("qre.lambdas", src("qre.lambdas"), "every reported precision must be <= qre.lambda (the end of the branch)");
    if (p.challenger_can_back_down())
      sc.warnings.push_back("qre mode: the challenger always fights after resistance; challenger_backdown_cost is not used");
  }
  if (g.mode == Mode::reputation) {
    // One game, simulated as T crises: nothing would read a prior or a design, so refuse them.
    if (!sc.run.uncertain.empty()) {
      const std::string& key = sc.run.uncertain.front().key;
      loc.fail(key, src(key.c_str()), "mode 'reputation' simulates one game: give a number, not a prior "
                                      "(priors apply to the Monte Carlo modes: policy, tying-hands, sinking-costs)");
    }
    if (sc.run.n_cells() != 1)
      loc.fail("sweep", src("sweep"), "mode 'reputation' simulates one game, but the design has " +
                                          std::to_string(sc.run.n_cells()) + " cells; run one scenario per setting");
    if (g.reputation.patron == ReputationPatron::forward_looking && g.reputation.crises > max_reputation_crises) {
      loc.fail("reputation.crises", src("reputation.crises"),
               "the forward-looking patron is solved by backward induction on belief intervals for at most 6 crises");
    }
    if (p.challenger_can_back_down())
      sc.warnings.push_back("reputation mode: the challenger always fights after resistance; challenger_backdown_cost is not used");
    if (g.reputation.patron == ReputationPatron::two_type) {  // the Kreps–Wilson mapping (MODEL.md §4.9c)
      const ReducedForm r = reduce(p, g.levers);
      const double k = g.reputation.challenger_cost, v = g.reputation.weak_resolve;
      const double UR = r.challenger_alone(k), UW = r.challenger_war(k);
      const double B = r.patron_backs_down(v), W = r.patron_war(v);
      if (!(UR > 0 && UW < 0 && B > W && -B / (B - W) > 1 && r.tripwire == 0))
        loc.fail("reputation.patron", src("reputation.patron"),
                 "two-type needs tau = 0, U_R > 0 > U_W for the challenger and a_KW = -B_L/(B_L - W_L) > 1 for the "
                 "weak patron (here tau = " + std::to_string(r.tripwire) + ", U_R = " + std::to_string(UR) +
                 ", U_W = " + std::to_string(UW) + ", a_KW = " + std::to_string(-B / (B - W)) + ")");
    }
  }
  // Which of the keys a cross-field rule involves to name in its message: one set by --set, else one
  // written in the file (as a value or a sweep axis), else the first (then the message names the file).
  auto blame = [&](std::initializer_list<std::string> keys) -> std::pair<std::string, toml::source_region> {
    for (const auto& k : keys)
      if (loc.overridden(k)) return {k, {}};
    for (const auto& k : keys) {
      if (const toml::node* n = root.at_path(k).node()) return {k, n->source()};
      const std::string axis = k.substr(k.find('.') + 1);
      if (const toml::table* axes = root.at_path("sweep.axes.parameters").as_table())
        if (const toml::node* n = axes->get(axis)) return {k, n->source()};
    }
    return {*keys.begin(), {}};
  };
  // The extremes a parameter takes in any cell and draw: its design axis, else its prior, else its value.
  auto extent = [&](double StructuralParameters::*m) -> std::pair<double, double> {
    const mc::Design& d = sc.run.design;
    for (std::size_t a = 0; a < sc.run.axes.size(); ++a)
      if (sc.run.axes[a].parameter == m) {
        std::vector<double> v = d.axis_values.size() > a && !d.axis_values[a].empty() ? d.axis_values[a] : std::vector<double>{};
        if (v.empty())
          for (std::size_t c = 0; c < d.n_cells; ++c) v.push_back(d.points[c * d.n_axes() + a]);
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        return {*lo, *hi};
      }
    for (const auto& u : sc.run.uncertain)
      if (u.member == m) return {u.prior.support().lo, u.prior.support().hi};
    return {p.*m, p.*m};
  };
  auto highest = [&](double StructuralParameters::*m) { return extent(m).second; };
  auto lowest = [&](double StructuralParameters::*m) { return extent(m).first; };
  {
    // K_A(b) = K_A (1 + eta (b - b_ref)) > 0 for every b in [0, 1]: bilinear, so the corners decide.
    using SP = StructuralParameters;
    const double etas[] = {lowest(&SP::allied_strength_burden_elasticity), highest(&SP::allied_strength_burden_elasticity)};
    const double refs[] = {lowest(&SP::burden_reference), highest(&SP::burden_reference)};
    for (double eta : etas)
      for (double ref : refs)
        for (double b : {0.0, 1.0})
          if (!(1.0 + eta * (b - ref) > 0.0)) {
            const auto [key, src] = blame({"parameters.allied_strength_burden_elasticity", "parameters.burden_reference"});
            loc.fail(key, src,
                     "1 + eta (b - b_ref) must stay > 0 for every burden share b in [0, 1] (allied strength must be "
                     "positive); here eta = " + shortest(eta) + " and b_ref = " + shortest(ref) + " fail at b = " + shortest(b));
          }
  }
  if (highest(&StructuralParameters::tripwire_visibility) + highest(&StructuralParameters::tripwire_ground) > 1.0) {
    const auto [key, src] = blame({"parameters.tripwire_ground", "parameters.tripwire_visibility"});
    loc.fail(key, src,
             "tripwire_visibility + tripwire_ground must be <= 1 for every value their priors allow "
             "(they are probabilities of automatic involvement)");
  }
  const ReducedForm r = reduce(p, g.levers);
  if (p.challenger_nuclear_cost < g.challenger_cost.hi())
    sc.warnings.push_back("challenger_nuclear_cost (" + std::to_string(p.challenger_nuclear_cost) +
                          ") < the highest challenger cost type (" + std::to_string(g.challenger_cost.hi()) +
                          "): nuclear war then attracts high-cost challenger types");
  if (p.patron_nuclear_cost <= r.patron_war_cost + r.p_joint * g.patron_resolve.hi())
    sc.warnings.push_back("patron_nuclear_cost <= c_P + p_J v_hi: escalation makes resisting more attractive "
                          "for high-resolve patrons");
  if (!p.warning_is_pure_tying_hands())
    sc.warnings.push_back("escalation_logit_warning or challenger_nuclear_cost_warning is non-zero: declaratory "
                          "channels beyond tying hands; Pr(challenge) may be non-monotone in the warning");
  sc.run.base = g;
  sc.resolved_toml = [&] {
    std::ostringstream s;
    s << root;
    return s.str();
  }();
  // docs/scenarios.md: an unnamed scenario takes its file's name (after the text above is fixed, so
  // provenance records the scenario exactly as given).
  if (sc.name.empty()) sc.name = std::filesystem::path(path).stem().string();
  return sc;
}

Scenario parse_table(toml::table root, const std::string& source_name, const std::vector<std::string>& overrides) {
  Locator loc(source_name);
  for (const auto& o : overrides) apply_override(root, loc, o);
  return build(root, loc, source_name);
}

}  // namespace

Scenario parse_scenario(const std::string& toml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(source_name + ":" + std::to_string(e.source().begin.line) + ": TOML syntax error: " +
                        std::string(e.description()));
  }
  return parse_table(std::move(root), source_name, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ScenarioError(path + ": scenario file not found");
  if (std::filesystem::is_directory(path, ec)) throw ScenarioError(path + ": is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot open the scenario file for reading");
  std::stringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, overrides);
}

}  // namespace detsim
