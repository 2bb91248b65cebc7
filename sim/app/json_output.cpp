#include <cmath>

#include "app/qre_report.hpp"
#include "app/report.hpp"
#include "model/reduced_form.hpp"

namespace detsim::app {
namespace {

// JSON has no NaN or infinity: those become null.
nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json branch_json(const Branch& b) {
  const CrisisResponse& c = b.crisis;
  return {{"p_branch", b.mass},
          {"v_F", num(c.v_F)},
          {"q", c.q},
          {"q_tilde", c.q_tilde},
          {"k_star", num(c.k_star)},
          {"gamma", c.gamma},
          {"phi", c.phi},
          {"mixed", c.kind == CrisisKind::mixed},
          {"posterior_mean_resolve", num(b.posterior_mean)},
          {"escalation", b.form.escalation},
          {"tripwire", b.form.tripwire},
          {"audience_cost", b.form.audience_cost},
          {"signal_cost", b.signal_cost}};
}

}  // namespace

nlohmann::json solution_json(const Scenario& scenario, const Solution& s) {
  const Game& g = scenario.game;
  const Measures& m = s.measures;
  // Reputation mode reports its first crisis like a policy-mode crisis, plus the per-crisis path.
  const bool policy = s.mode == Mode::policy || s.mode == Mode::reputation;
  nlohmann::json j;
  j["scenario"] = scenario.name;
  j["mode"] = std::string(mode_name(s.mode));
  j["case"] = std::string(case_name(s.equilibrium_case));
  if (g.mode == Mode::sinking_costs) j["visibility_signal"] = std::string(visibility_signal_name(g.visibility_signal));
  j["levers"] = {{"warning", g.levers.warning}, {"visibility", g.levers.visibility}, {"burden", burden_share(g.parameters, g.levers)}};
  if (g.parameters.burden_from_provision) j["burden_model"] = "olson-zeckhauser";
  if (g.mode == Mode::tying_hands) j["note"] = "tying-hands mode: the patron chooses the warning; levers.warning is not used";
  if (g.mode == Mode::sinking_costs)
    j["note"] = "sinking-costs mode: the patron chooses visibility 0 or parameters.signal_visibility; levers.visibility is not used; 'warning' in key names means 'assets shown'";

  const Branch& b0 = s.branches[0];
  j["v_F"] = policy ? num(b0.crisis.v_F) : nlohmann::json(nullptr);
  j["q"] = policy ? num(b0.crisis.q) : nlohmann::json(nullptr);
  j["q_tilde"] = policy ? num(b0.crisis.q_tilde) : nlohmann::json(nullptr);
  j["k_star"] = policy ? num(b0.crisis.k_star) : nlohmann::json(nullptr);
  j["phi"] = policy ? num(b0.crisis.phi) : nlohmann::json(nullptr);
  j["cutoff"] = num(s.cutoff);
  j["p_challenge"] = num(m.p_challenge);
  nlohmann::json outcomes;
  for (std::size_t i = 0; i < n_outcomes; ++i) outcomes[std::string(outcome_codes[i])] = num(s.outcomes[i]);
  j["outcomes"] = outcomes;
  j["p_war"] = num(m.p_war);
  j["p_war_given_challenge"] = num(m.p_war_given_challenge);
  j["p_nuclear_given_war"] = num(m.p_nuclear_given_war);
  j["immediate_deterrence_success"] = num(m.immediate_deterrence_success);
  j["abandonment_risk"] = num(m.abandonment_risk);
  j["challenger_prevails"] = num(m.challenger_prevails);
  j["p_resist"] = num(m.p_resist);
  j["bluff_rate"] = num(m.bluff_rate);
  j["audience_cost_paid"] = num(m.audience_cost_paid);
  j["eu_patron"] = num(m.eu_patron);
  j["eu_challenger"] = num(m.eu_challenger);
  j["residual"] = s.residual;
  j["mixed_crisis"] = s.mixed_crisis;
  if (policy) {
    j["p_challenge_given_warning"] = nullptr;
    j["p_challenge_given_omission"] = nullptr;
    j["branches"] = nlohmann::json::array({branch_json(b0)});
  } else {
    j["p_challenge_given_warning"] = num(s.branches[1].crisis.gamma);
    j["p_challenge_given_omission"] = num(s.branches[0].crisis.gamma);
    j["v_F_warn"] = num(s.branches[1].crisis.v_F);
    j["v_F_omit"] = num(s.branches[0].crisis.v_F);
    nlohmann::json omit = branch_json(s.branches[0]), warn = branch_json(s.branches[1]);
    omit["signal"] = false;
    warn["signal"] = true;
    j["branches"] = nlohmann::json::array({omit, warn});
  }
  j["n_equilibria"] = s.n_equilibria;
  nlohmann::json eq = nlohmann::json::array(), stable = nlohmann::json::array();
  for (int i = 0; i < s.n_stored; ++i) {
    eq.push_back(s.equilibria[i]);
    stable.push_back(static_cast<bool>(s.stable[i]));
  }
  j["equilibria"] = eq;
  j["equilibria_stable"] = stable;
  if (g.mode == Mode::qre) j["qre"] = qre_json(g);
  if (g.mode == Mode::reputation) j["reputation"] = reputation_json(g);
  j["warnings"] = scenario.warnings;
  return j;
}

}  // namespace detsim::app
