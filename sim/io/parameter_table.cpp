#include "io/parameter_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <vector>

namespace detsim {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr Range unit_interval{0.0, 1.0};
constexpr Range non_negative{0.0, inf, false, true};
constexpr Range positive{0.0, inf, true, true};
constexpr Range any_real{-inf, inf, true, true};
constexpr Range open_unit{0.0, 1.0, true, true};

using P = StructuralParameters;
using L = Levers;

const std::array<ParameterSpec, 30> specs = {{
    {"levers", "warning", "w", "rhetoric strength: 0 warning omitted, 1 explicit warning (true/false accepted)", "share", unit_interval, &L::warning, nullptr},
    {"levers", "visibility", "s", "visibility of US strategic assets", "share", unit_interval, &L::visibility, nullptr},
    {"levers", "burden", "b", "protege's share of allied conventional defence", "share", unit_interval, &L::burden, nullptr},
    {"parameters", "challenger_strength", "K_C", "challenger's conventional strength", "strength units", positive, nullptr, &P::challenger_strength},
    {"parameters", "allied_strength", "K_A", "allied conventional strength (split by b between protege and patron)", "strength units", positive, nullptr, &P::allied_strength},
    {"parameters", "visibility_power", "g_s", "strength that visible strategic assets add in a joint war", "strength units", non_negative, nullptr, &P::visibility_power},
    {"parameters", "patron_war_cost_base", "c_0", "patron's conventional war cost", "payoff (SQ = 0)", non_negative, nullptr, &P::patron_war_cost_base},
    {"parameters", "patron_war_cost_ground", "c_1", "extra patron war cost of its own ground forces, times (1 - b)", "payoff", non_negative, nullptr, &P::patron_war_cost_ground},
    {"parameters", "audience_cost_treaty", "a_0", "patron's cost of backing down from the treaty alone", "payoff", non_negative, nullptr, &P::audience_cost_treaty},
    {"parameters", "audience_cost_warning", "a_w", "extra cost of backing down after the explicit warning", "payoff", non_negative, nullptr, &P::audience_cost_warning},
    {"parameters", "escalation_logit_base", "l_0", "log-odds of nuclear escalation in a joint war", "log-odds", any_real, nullptr, &P::escalation_logit_base},
    {"parameters", "escalation_logit_visibility", "l_s", "log-odds added per unit of visibility", "log-odds", any_real, nullptr, &P::escalation_logit_visibility},
    {"parameters", "escalation_logit_warning", "l_w", "log-odds added by the warning (declaratory channel; keep 0)", "log-odds", any_real, nullptr, &P::escalation_logit_warning},
    {"parameters", "escalation_logit_burden", "l_b", "log-odds added per unit of burden share", "log-odds", any_real, nullptr, &P::escalation_logit_burden},
    {"parameters", "escalation_probability", "pi", "fixed escalation probability (replaces the logistic when set)", "probability", unit_interval, nullptr, &P::escalation_probability},
    {"parameters", "tripwire_visibility", "tau_s", "automatic involvement per unit of visibility", "probability", unit_interval, nullptr, &P::tripwire_visibility},
    {"parameters", "tripwire_ground", "tau_b", "automatic involvement of US ground forces, times (1 - b)", "probability", unit_interval, nullptr, &P::tripwire_ground},
    {"parameters", "patron_nuclear_cost", "kappa_P", "patron's cost of a nuclear war", "payoff", non_negative, nullptr, &P::patron_nuclear_cost},
    {"parameters", "challenger_nuclear_cost", "kappa_C0", "challenger's cost of a nuclear war ('end of regime')", "payoff", non_negative, nullptr, &P::challenger_nuclear_cost},
    {"parameters", "challenger_nuclear_cost_warning", "kappa_Cw", "nuclear cost added by the warning (declaratory channel; keep 0)", "payoff", non_negative, nullptr, &P::challenger_nuclear_cost_warning},
    {"parameters", "challenger_cost_ratio_alone", "psi", "challenger's war cost against the protege alone, relative to a joint war", "ratio", unit_interval, nullptr, &P::challenger_cost_ratio_alone},
    {"parameters", "challenger_backdown_cost", "beta_C", "challenger's cost of backing down after resistance (inf: never backs down)", "payoff", {0.0, inf, false, false, true}, nullptr, &P::challenger_backdown_cost},
    {"parameters", "visibility_cost", "m_s", "patron's sunk cost per unit of visibility", "payoff", non_negative, nullptr, &P::visibility_cost},
    {"parameters", "signal_visibility", "s_bar", "visibility shown when signalling in sinking-costs mode", "share", {0.0, 1.0, true, false}, nullptr, &P::signal_visibility},
    // Appended, never inserted: a prior's Philox slot follows this order (docs/output.md).
    {"parameters", "allied_strength_burden_elasticity", "eta", "Olson–Zeckhauser channel: K_A(b) = K_A (1 + eta (b - b_ref)); eta < 0: free-riding weakens the alliance", "1/share", any_real, nullptr, &P::allied_strength_burden_elasticity},
    {"parameters", "burden_reference", "b_ref", "burden share at which K_A(b) = K_A", "share", unit_interval, nullptr, &P::burden_reference},
    {"parameters", "patron_income", "y_P", "levers.burden = \"olson-zeckhauser\": the patron's income", "income units", positive, nullptr, &P::patron_income},
    {"parameters", "protege_income", "y_R", "levers.burden = \"olson-zeckhauser\": the protege's income", "income units", positive, nullptr, &P::protege_income},
    {"parameters", "patron_private_weight", "alpha_P", "levers.burden = \"olson-zeckhauser\": the patron's weight on private consumption", "weight", open_unit, nullptr, &P::patron_private_weight},
    {"parameters", "protege_private_weight", "alpha_R", "levers.burden = \"olson-zeckhauser\": the protege's weight on private consumption", "weight", open_unit, nullptr, &P::protege_private_weight},
}};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

bool Range::contains(double x) const {
  if (std::isnan(x)) return false;
  if (std::isinf(x)) return allow_infinity && x > 0;
  if (lo_open ? !(x > lo) : !(x >= lo)) return false;
  if (hi_open ? !(x < hi) : !(x <= hi)) return false;
  return true;
}

std::string Range::describe() const {
  std::ostringstream s;
  s << (lo_open ? '(' : '[') << number(lo) << ", " << (allow_infinity ? std::string("inf") : number(hi))
    << (!hi_open || allow_infinity ? ']' : ')');
  return s.str();
}

std::span<const ParameterSpec> parameter_specs() { return specs; }

const ParameterSpec* find_parameter(std::string_view section, std::string_view key) {
  for (const auto& s : specs)
    if (s.section == section && s.key == key) return &s;
  return nullptr;
}

std::optional<std::string> did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string> best;
  // A truncated name ("audience_cost") is a likely typo of the first key it begins.
  if (word.size() >= 4)
    for (auto c : candidates)
      if (c.size() > word.size() && c.substr(0, word.size()) == word) return std::string(c);
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace detsim
