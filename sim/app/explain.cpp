// Plain-language account of an equilibrium, for classrooms. Every number quoted comes from the
// solution; the sentences only say which mechanism each number belongs to.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "app/qre_report.hpp"
#include "app/report.hpp"
#include "model/reduced_form.hpp"
#include "solve/solve.hpp"

namespace detsim::app {
namespace {

std::string pct(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * p);
  return buf;
}
std::string num(double x) {
  if (std::isinf(x)) return x > 0 ? "infinity" : "minus infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}
std::string pp(double d) {
  if (std::abs(d) < 5e-4) d = 0.0;  // no "-0.0 pp"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f pp", 100.0 * d);
  return buf;
}

void describe_levers(std::ostringstream& o, const Game& g) {
  // In a signalling mode the patron chooses one lever itself; the scenario's value of it is not used.
  const std::string warning = g.mode == Mode::tying_hands ? "the patron's choice (below)"
                              : g.levers.warning >= 1       ? "included"
                              : g.levers.warning <= 0       ? "omitted"
                                                            : "softened (strength " + num(g.levers.warning) + ")";
  const std::string visibility = g.mode == Mode::sinking_costs ? "shown or not at the patron's choice (below)"
                                 : g.levers.visibility >= 0.99  ? "regularly visible"
                                                                : "visible at " + pct(g.levers.visibility) + " of the regular level";
  o << "The allies' levers: the warning is " << warning << ", strategic assets are " << visibility
    << ", and the protege carries " << pct(burden_share(g.parameters, g.levers)) << " of the allied conventional defence"
    << (g.parameters.burden_from_provision ? " (the share the allies choose when each pays for common defence as it sees fit: Olson and Zeckhauser's voluntary provision)" : "")
    << ".\n";
}

void describe_crisis(std::ostringstream& o, const Branch& b, const std::string& after) {
  const CrisisResponse& c = b.crisis;
  const ReducedForm& r = b.form;
  o << "  - If challenged" << after << ", a patron fights when its stake v is at least " << num(c.v_F)
    << ": below that, abandoning the protege (an expected loss of p_R v plus an audience cost of "
    << num(r.audience_cost) << ") is cheaper than war. The challenger believes this with probability q = " << pct(c.q) << ".\n";
  if (r.tripwire > 0)
    o << "  - Forces on the ground and visible assets drag the patron in automatically with probability "
      << pct(r.tripwire) << ", so a challenge meets the patron with probability " << pct(c.q_tilde) << ".\n";
  o << "  - A challenger challenges when its war cost k is at most " << num(c.k_star)
    << ": then war with the patron (won with probability " << pct(r.p_joint) << ", nuclear with probability "
    << pct(r.escalation) << ") or a fight against the protege alone (won with probability " << pct(r.p_alone)
    << ") is worth more than the status quo. That is " << pct(c.gamma) << " of challenger types.\n";
  if (std::isfinite(r.challenger_backdown_cost))
    o << "  - A resisted challenger fights on only if its cost is below " << num(c.k_fight)
      << "; " << pct(c.phi) << " of challengers would fight, the rest back down (REBUFFED).\n";
}

void describe_signalling(std::ostringstream& o, const Game& g, const Solution& s) {
  const bool th = g.mode == Mode::tying_hands;
  const std::string send = th ? "issue the warning" : "show strategic assets";
  const Branch& sent = s.branches[1];
  const Branch& silent = s.branches[0];
  switch (s.equilibrium_case) {
    case EquilibriumCase::all_signal:
      o << "Every patron type chooses to " << send << ", so the signal says nothing; a patron that did not would be read as the weakest type.\n";
      break;
    case EquilibriumCase::none_signal:
      o << "No patron type chooses to " << send << ": it would cost more than it deters; a patron that did would be read as the most resolved type.\n";
      break;
    default:
      o << "Patron types with stake v >= " << num(s.cutoff) << " (" << pct(sent.mass) << " of them) " << send
        << "; the others do not.\n";
  }
  if (sent.mass > 0 && s.measures.bluff_rate > 0)
    o << "Of the signallers, " << pct(s.measures.bluff_rate) << " are bluffing: they would still back down if challenged"
      << (th ? ", paying the audience cost of the broken warning" : ", having sunk the cost for nothing") << ".\n";
  else if (sent.mass > 0)
    o << "Nobody bluffs: every patron that signals would fight if challenged.\n";
  o << "The challenger reads the signal: it challenges with probability " << pct(sent.crisis.gamma) << " after the signal and "
    << pct(silent.crisis.gamma) << " without it" << (silent.crisis.gamma > sent.crisis.gamma ? ", so silence is read as weakness" : "") << ".\n";
  o << "After the signal:\n";
  describe_crisis(o, sent, " after signalling");
  o << "Without it:\n";
  describe_crisis(o, silent, " without the signal");
}

void describe_outcomes(std::ostringstream& o, const Solution& s) {
  o << "Outcomes: status quo " << pct(s.p(Outcome::status_quo)) << ", challenge rebuffed " << pct(s.p(Outcome::rebuffed))
    << ", patron backs down (the protege fights alone) " << pct(s.p(Outcome::patron_backs_down)) << ", conventional war "
    << pct(s.p(Outcome::conventional_war)) << ", nuclear war " << pct(s.p(Outcome::nuclear_war)) << ".\n";
  o << "Given a challenge, the patron abandons the protege with probability " << pct(s.measures.abandonment_risk)
    << " and war follows with probability " << pct(s.measures.p_war_given_challenge) << ".\n";
}

void compare_with_ncg4(std::ostringstream& o, const Game& g, const Solution& here) {
  const Levers now = g.levers;
  const bool endogenous = g.parameters.burden_from_provision;  // b is the allies' choice in both: not a lever
  if (now.warning == ncg4_levers.warning && now.visibility == ncg4_levers.visibility &&
      (endogenous || now.burden == ncg4_levers.burden)) {
    o << "\nThese are the NCG4 levers (January 2025); run `detsim explain scenarios/ncg5.toml` to see the change.\n";
    return;
  }
  Game base = g;
  base.levers = ncg4_levers;
  const Solution ref = solve(base);
  o << "\nCompared with the NCG4 levers (warning included, regular visibility, burden "
    << (endogenous ? std::string("chosen by the allies as here") : num(ncg4_levers.burden)) << ") under the same parameters:\n";
  o << "  Pr(challenge) " << pct(ref.measures.p_challenge) << " -> " << pct(here.measures.p_challenge) << " ("
    << pp(here.measures.p_challenge - ref.measures.p_challenge) << "), Pr(war) " << pct(ref.measures.p_war) << " -> "
    << pct(here.measures.p_war) << ", Pr(patron backs down) " << pct(ref.p(Outcome::patron_backs_down)) << " -> "
    << pct(here.p(Outcome::patron_backs_down)) << ".\n";
  o << "  One lever at a time, starting from NCG4:\n";
  struct Step {
    const char* what;
    double Levers::*lever;
  };
  const Step steps[] = {{"the warning", &Levers::warning}, {"visibility", &Levers::visibility}, {"the burden share", &Levers::burden}};
  for (const auto& step : steps) {
    if (now.*step.lever == ncg4_levers.*step.lever || (endogenous && step.lever == &Levers::burden)) continue;
    if ((g.mode == Mode::tying_hands && step.lever == &Levers::warning) ||
        (g.mode == Mode::sinking_costs && step.lever == &Levers::visibility))
      continue;  // the patron chooses this one: the scenario's value does not enter
    Game one = base;
    one.levers.*step.lever = now.*step.lever;
    const Solution moved = solve(one);
    o << "    changing " << step.what << " alone: Pr(challenge) " << pp(moved.measures.p_challenge - ref.measures.p_challenge)
      << ", Pr(war) " << pp(moved.measures.p_war - ref.measures.p_war) << ", Pr(patron backs down) "
      << pp(moved.p(Outcome::patron_backs_down) - ref.p(Outcome::patron_backs_down)) << "\n";
  }
  if (g.mode == Mode::policy)
    o << "  Read war and abandonment together: fewer wars can mean more challenges that the patron does not answer.\n";
}

}  // namespace

std::string explain(const Scenario& sc, const Solution& s) {
  const Game& g = sc.game;
  std::ostringstream o;
  o << sc.name << " (" << mode_name(g.mode) << " mode)\n";
  if (!sc.description.empty()) o << sc.description << "\n";
  o << "\n";
  describe_levers(o, g);
  if (!s.is_equilibrium()) {
    o << "No equilibrium in cutoff strategies was found for these parameters, so detsim reports no outcome.\n";
    return o.str();
  }
  if (g.mode == Mode::qre || g.mode == Mode::reputation) {  // discrete or repeated games: no NCG4 comparison
    if (g.mode == Mode::qre)
      o << "Every choice is made with logit errors (precision lambda = " << num(g.qre.lambda)
        << "): a patron of low or high resolve warns or not, and the challenger reads the warning with Bayes' rule.\n";
    else
      o << "The patron's resolve persists over " << g.reputation.crises
        << " crises and each crisis brings a new challenger, who learns from the patron's deliberate choices. In the first crisis:\n";
    describe_outcomes(o, s);
    o << (g.mode == Mode::qre ? qre_table(g) : reputation_table(g));
    o << "\nThe parameters are illustrative, not calibrated: read the direction and size of changes, not the levels.\n";
    return o.str();
  }
  if (g.mode == Mode::policy) {
    o << "The levers are public and chosen in advance, so the challenger learns nothing about the patron's resolve from them.\n";
    describe_crisis(o, s.branches[0], "");
  } else {
    if (g.mode == Mode::tying_hands)
      o << "Here the patron chooses whether to warn. A warning ties its hands: backing down afterwards costs an extra "
        << num(g.parameters.audience_cost_warning) << ", so only a patron that means it can afford to warn.\n";
    else
      o << "Here the patron chooses whether to show its strategic assets, at a sunk cost of "
        << num(g.parameters.visibility_cost * g.parameters.signal_visibility) << " paid whatever happens next.\n";
    describe_signalling(o, g, s);
    if (s.n_equilibria > 1)
      o << "(" << s.n_equilibria << " equilibria exist for these parameters; detsim shows the most informative stable one.)\n";
  }
  describe_outcomes(o, s);
  compare_with_ncg4(o, g, s);
  o << "\nThe parameters are illustrative, not calibrated: read the direction and size of changes, not the levels.\n";
  return o.str();
}

}  // namespace detsim::app
