#include "server/classroom_api.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "app/report.hpp"
#include "io/parameter_table.hpp"
#include "io/scenario.hpp"
#include "mc/engine.hpp"
#include "server/embedded.hpp"
#include "server/game_tree.hpp"
#include "solve/solve.hpp"

namespace detsim::server {
namespace {

using nlohmann::json;

struct Preset {
  std::string_view id, label, file;
};
constexpr std::array<Preset, 3> presets = {{
    {"ncg4", "NCG4 (Jan 2025)", "ncg4.toml"},
    {"ncg5", "NCG5 (Nov 2025)", "ncg5.toml"},
    {"classroom", "Warning as a choice (classroom)", "classroom.toml"},
}};

constexpr std::array<std::string_view, 3> modes = {"policy", "tying-hands", "sinking-costs"};

// The controls of the page with classroom bounds (inside each key's valid range in the parameter
// table): wide enough to show every mechanism, narrow enough that a slider stays meaningful.
struct Control {
  std::string_view section, key, label;
  double lo, hi, step;
};
constexpr std::array<Control, 8> controls = {{
    {"levers", "warning", "Warning (0 omitted, 1 explicit)", 0, 1, 0.05},
    {"levers", "visibility", "Visibility of strategic assets", 0, 1, 0.05},
    {"levers", "burden", "Protege's share of conventional defence", 0, 1, 0.05},
    {"parameters", "audience_cost_warning", "Cost of breaking the warning", 0, 2, 0.05},
    {"parameters", "patron_nuclear_cost", "Patron's cost of nuclear war", 0, 6, 0.1},
    {"parameters", "challenger_nuclear_cost", "Challenger's cost of nuclear war", 0, 12, 0.1},
    {"parameters", "escalation_logit_base", "Log-odds of nuclear escalation", -6, 0, 0.1},
    {"parameters", "allied_strength", "Allied conventional strength", 0.5, 6, 0.1},
}};

const Preset& find_preset(const std::string& id) {
  for (const auto& p : presets)
    if (p.id == id) return p;
  std::string known;
  for (const auto& p : presets) known += (known.empty() ? "" : ", ") + std::string(p.id);
  throw ApiError(400, "unknown preset '" + id + "' (known: " + known + ")");
}

Scenario preset_scenario(const Preset& p, const std::vector<std::string>& overrides = {}) {
  const std::string_view text = embedded_file(p.file);
  if (text.empty()) throw ApiError(500, "preset '" + std::string(p.id) + "' is missing from this build");
  try {
    return parse_scenario(std::string(text), "preset " + std::string(p.id), overrides);
  } catch (const ScenarioError& e) {
    throw ApiError(400, e.what());
  }
}

double central_value(const Game& g, const Control& c) {
  const ParameterSpec* spec = find_parameter(c.section, c.key);
  return spec->lever ? g.levers.*(spec->lever) : g.parameters.*(spec->parameter);
}

std::string short_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

const json& member(const json& object, const char* key) {
  static const json none;
  const auto it = object.find(key);
  return it == object.end() ? none : *it;
}

void check_keys(const json& object, const std::string& where, std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) throw ApiError(400, where + " must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    std::string list;
    for (auto a : allowed) {
      known = known || key == a;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (!known) throw ApiError(400, "unknown key '" + key + "' in " + where + " (known: " + list + ")");
  }
}

// The request as --set overrides on its preset. A value equal to the preset's central value is not
// overridden, so the preset's priors stay in place for the Monte Carlo button.
struct Settings {
  const Preset* preset = nullptr;
  Scenario base;  // the preset as shipped: the reference solution and the central values
  std::vector<std::string> overrides;
};

Settings read_settings(const json& request, std::initializer_list<std::string_view> allowed) {
  check_keys(request, "the request", allowed);
  Settings s;
  const json& preset = member(request, "preset");
  if (!preset.is_null() && !preset.is_string()) throw ApiError(400, "'preset' must be a string");
  s.preset = &find_preset(preset.is_string() ? preset.get<std::string>() : "ncg5");
  s.base = preset_scenario(*s.preset);
  const Game& base = s.base.game;

  const json& mode = member(request, "mode");
  if (!mode.is_null()) {
    if (!mode.is_string()) throw ApiError(400, "'mode' must be a string: policy, tying-hands or sinking-costs");
    const std::string m = mode.get<std::string>();
    bool known = false;
    for (auto k : modes) known = known || m == k;
    if (!known) throw ApiError(400, "unknown mode '" + m + "' (known: policy, tying-hands, sinking-costs)");
    if (m != mode_name(base.mode)) s.overrides.push_back("scenario.mode=\"" + m + "\"");
  }
  for (const char* section : {"levers", "parameters"}) {
    const json& values = member(request, section);
    if (values.is_null()) continue;
    if (!values.is_object()) throw ApiError(400, std::string("'") + section + "' must be a JSON object");
    for (const auto& [key, value] : values.items()) {
      const Control* control = nullptr;
      for (const auto& c : controls)
        if (c.section == section && c.key == key) control = &c;
      if (!control) throw ApiError(400, "unknown key '" + std::string(section) + "." + key + "' (the page's controls are listed by GET /api/presets)");
      if (!value.is_number()) throw ApiError(400, std::string(section) + "." + key + " must be a number");
      const double x = value.get<double>();
      if (!(x >= control->lo && x <= control->hi))
        throw ApiError(400, std::string(section) + "." + key + " = " + value.dump() + " is out of range [" +
                                short_number(control->lo) + ", " + short_number(control->hi) + "]");
      // json's dump prints the shortest text that reads back as the same double.
      if (x != central_value(base, *control)) s.overrides.push_back(std::string(section) + "." + key + "=" + json(x).dump());
    }
  }
  return s;
}

double milliseconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

json settings_json(const Scenario& sc, const Settings& s) {
  json j = {{"preset", s.preset->id}, {"mode", std::string(mode_name(sc.game.mode))}, {"overrides", s.overrides}};
  for (const auto& c : controls) j[std::string(c.section)][std::string(c.key)] = central_value(sc.game, c);
  return j;
}

}  // namespace

json presets_json() {
  json out;
  for (const auto& p : presets) {
    const Scenario sc = preset_scenario(p);
    json values;
    for (const auto& c : controls) values[std::string(c.section)][std::string(c.key)] = central_value(sc.game, c);
    out["presets"].push_back({{"id", p.id}, {"label", p.label}, {"description", sc.description},
                              {"mode", std::string(mode_name(sc.game.mode))}, {"levers", values["levers"]},
                              {"parameters", values["parameters"]}});
  }
  out["modes"] = modes;
  for (const auto& c : controls)
    out["controls"].push_back({{"section", c.section}, {"key", c.key}, {"label", c.label},
                               {"min", c.lo}, {"max", c.hi}, {"step", c.step}});
  out["outcomes"] = outcome_codes;
  out["limits"] = {{"min_draws", api_limits.min_draws}, {"max_draws", api_limits.max_draws},
                   {"default_draws", api_limits.default_draws}};
  return out;
}

json solve_request(const json& request) {
  const auto t0 = std::chrono::steady_clock::now();
  const Settings settings = read_settings(request, {"preset", "mode", "levers", "parameters"});
  const Scenario sc = preset_scenario(*settings.preset, settings.overrides);
  const Solution s = solve(sc.game);
  const Scenario& reference = settings.base;
  json out;
  out["settings"] = settings_json(sc, settings);
  out["solution"] = app::solution_json(sc, s);
  out["reference"] = app::solution_json(reference, solve(reference.game));
  out["tree"] = game_tree(sc.game, s);
  out["explain"] = app::explain(sc, s);
  out["elapsed_ms"] = milliseconds_since(t0);
  return out;
}

json montecarlo_request(const json& request) {
  static std::atomic<int> running{0};
  const auto t0 = std::chrono::steady_clock::now();
  const Settings settings = read_settings(request, {"preset", "mode", "levers", "parameters", "draws", "seed"});
  std::uint64_t draws = api_limits.default_draws;
  if (const json& d = member(request, "draws"); !d.is_null()) {
    if (!d.is_number_integer() || d.get<double>() < double(api_limits.min_draws) || d.get<double>() > double(api_limits.max_draws))
      throw ApiError(400, "'draws' must be an integer in [" + std::to_string(api_limits.min_draws) + ", " +
                              std::to_string(api_limits.max_draws) + "]");
    draws = d.get<std::uint64_t>();
  }
  Scenario sc = preset_scenario(*settings.preset, settings.overrides);
  mc::RunSpec spec = sc.run;
  if (const json& seed = member(request, "seed"); !seed.is_null()) {
    if (!seed.is_number_unsigned()) throw ApiError(400, "'seed' must be a non-negative integer");
    spec.seed = seed.get<std::uint64_t>();
  }
  spec.draws = draws;
  spec.games_per_draw = 0;
  spec.per_draw = false;
  spec.reference_cell.reset();

  // Guard on the number of runs in flight: the pool keeps serving solves meanwhile.
  if (running.fetch_add(1) >= api_limits.max_concurrent_montecarlo) {
    running.fetch_sub(1);
    throw ApiError(503, "the server is busy with other Monte Carlo runs; try again in a moment");
  }
  struct Release {
    std::atomic<int>& n;
    ~Release() { n.fetch_sub(1); }
  } release{running};

  mc::EngineOptions options;
  options.threads = 1;  // one request, one core: the thread pool serves the others
  bool completed = false;
  const mc::CellResult result = mc::run_cell(spec, 0, options, completed);
  const mc::CellSummary& c = result.summary;

  json out;
  out["settings"] = settings_json(sc, settings);
  out["draws"] = c.draws;
  out["solved"] = c.solved;
  out["seed"] = spec.seed;
  json uncertain = json::array();
  for (const auto& u : spec.uncertain) uncertain.push_back(u.key);
  out["uncertain"] = uncertain;
  out["quantile_levels"] = mc::quantile_levels;
  for (std::size_t o = 0; o < n_outcomes; ++o) {
    out["outcomes"][std::string(outcome_codes[o])] = {
        {"mean", c.mean[o]}, {"se", c.se[o]}, {"min", c.min[o]}, {"max", c.max[o]},
        {"quantiles", c.quantile[o]}, {"histogram", c.histogram[o]}};
  }
  out["elapsed_ms"] = milliseconds_since(t0);
  return out;
}

}  // namespace detsim::server
