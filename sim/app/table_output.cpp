#include <cmath>
#include <cstdio>
#include <sstream>

#include "app/report.hpp"
#include "model/reduced_form.hpp"

namespace detsim::app {
namespace {

std::string fmt(double x, int digits = 4) {
  if (std::isnan(x)) return "-";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

void row(std::ostringstream& o, const std::string& label, const std::string& value, const std::string& note = "") {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-34s %12s  %s\n", label.c_str(), value.c_str(), note.c_str());
  o << buf;
}

}  // namespace

std::string solution_table(const Scenario& sc, const Solution& s) {
  const Game& g = sc.game;
  std::ostringstream o;
  o << "scenario  " << sc.name << "  (" << mode_name(g.mode) << " mode";
  if (g.mode == Mode::sinking_costs) o << ", " << visibility_signal_name(g.visibility_signal);
  o << ")\nlevers    warning " << fmt(g.levers.warning, 2) << ", visibility " << fmt(g.levers.visibility, 2)
    << ", burden " << fmt(burden_share(g.parameters, g.levers), 2)
    << (g.parameters.burden_from_provision ? " (olson-zeckhauser)" : "") << "\ncase      " << case_name(s.equilibrium_case);
  if (s.n_equilibria != 1) o << "  (" << s.n_equilibria << " equilibria; the lowest stable cutoff is selected)";
  o << "\n\n";
  if (s.mode == Mode::policy || s.mode == Mode::reputation) {  // reputation: crisis 1 under the prior
    const CrisisResponse& c = s.branches[0].crisis;
    row(o, "resist cutoff v_F", fmt(c.v_F), "patron types v >= v_F fight if challenged");
    row(o, "credibility q", fmt(c.q), "Pr(patron resists deliberately)");
    row(o, "effective credibility q~", fmt(c.q_tilde), "with the tripwire");
    row(o, "challenge cutoff k*", fmt(c.k_star), "challenger types k <= k* challenge");
    if (std::isfinite(g.parameters.challenger_backdown_cost)) row(o, "fight share phi", fmt(c.phi), "Pr(challenger fights | resisted)");
  } else {
    const char* sig = g.mode == Mode::sinking_costs ? "show assets" : "warn";
    if (!std::isnan(s.cutoff))  // qre: two discrete types, no cutoff
      row(o, "signalling cutoff", fmt(s.cutoff), std::string("patron types v >= cutoff ") + sig);
    for (int w = 1; w >= 0; --w) {
      const Branch& b = s.branches[w];
      const std::string tag = w ? std::string(" | ") + sig : std::string(" | not");
      row(o, "Pr(branch)" + tag, fmt(b.mass));
      row(o, "resist cutoff v_F" + tag, fmt(b.crisis.v_F));
      row(o, "credibility q" + tag, fmt(b.crisis.q), b.mass > 0 ? "" : "(off path)");
      row(o, "Pr(challenge)" + tag, fmt(b.crisis.gamma));
    }
    row(o, "bluff rate", fmt(s.measures.bluff_rate), "Pr(would back down | signalled)");
  }
  o << "\n";
  for (std::size_t i = 0; i < n_outcomes; ++i) row(o, "Pr(" + std::string(outcome_codes[i]) + ")", fmt(s.outcomes[i]));
  o << "\n";
  const Measures& m = s.measures;
  row(o, "Pr(challenge)", fmt(m.p_challenge));
  row(o, "Pr(war)", fmt(m.p_war));
  row(o, "abandonment risk", fmt(m.abandonment_risk), "Pr(PBD | challenge)");
  row(o, "expected utility, patron", fmt(m.eu_patron), "status quo = 0");
  row(o, "expected utility, challenger", fmt(m.eu_challenger));
  for (const auto& w : sc.warnings) o << "warning: " << w << "\n";
  return o.str();
}

}  // namespace detsim::app
