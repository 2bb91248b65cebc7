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

namespace detsim {
namespace {

constexpr std::array<std::string_view, 4> known_sections = {"scenario", "levers", "parameters", "types"};
constexpr std::array<std::string_view, 4> scenario_keys = {"name", "description", "mode", "visibility_signal"};
constexpr std::array<std::string_view, 2> type_keys = {"patron_resolve", "challenger_cost"};
constexpr std::array<std::string_view, 3> mode_names = {"policy", "tying-hands", "sinking-costs"};
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
    return file_ + ":" + std::to_string(src.begin.line);
  }
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
    std::ostringstream v;
    v << x;
    loc.fail(dotted, n.source(),
             "value " + v.str() + " is outside the valid range " + range.describe() + " (" + std::string(meaning) + ")");
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
          else if (m == "qre" || m == "reputation")
            loc.fail(dotted, node.source(), "mode '" + m + "' is planned but not available in this version (valid: " + join(mode_names) + ")");
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
        const double x = read_number(loc, dotted, node, spec->range, spec->meaning, spec->key == "warning");
        if (spec->lever) g.levers.*(spec->lever) = x;
        else g.parameters.*(spec->parameter) = x;
      }
    }
  }

  // Cross-field rules (MODEL.md "Validation rules").
  const StructuralParameters& p = g.parameters;
  if (p.tripwire_visibility + p.tripwire_ground > 1.0) {
    const toml::node* n = root.at_path("parameters.tripwire_ground").node();
    const toml::node* m = root.at_path("parameters.tripwire_visibility").node();
    const toml::source_region src = n ? n->source() : (m ? m->source() : toml::source_region{});
    loc.fail("parameters.tripwire_ground", src,
             "tripwire_visibility + tripwire_ground must be <= 1 (they are probabilities of automatic involvement)");
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
  sc.resolved_toml = [&] {
    std::ostringstream s;
    s << root;
    return s.str();
  }();
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
