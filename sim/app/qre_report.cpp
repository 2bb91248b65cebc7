#include "app/qre_report.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include <iostream>

#include "app/commands.hpp"
#include "io/reputation_layout.hpp"
#include "solve/qre.hpp"
#include "solve/reputation.hpp"

namespace detsim::app {
namespace {

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json point_json(const QrePoint& p) {
  nlohmann::json o;
  for (std::size_t i = 0; i < n_outcomes; ++i) o[std::string(outcome_codes[i])] = p.outcomes[i];
  return {{"lambda", p.lambda},
          {"warn_low", p.sigma[qre_warn_low]},
          {"warn_high", p.sigma[qre_warn_high]},
          {"challenge_after_omission", p.sigma[qre_challenge_omit]},
          {"challenge_after_warning", p.sigma[qre_challenge_warn]},
          {"resist", {{"low_omit", p.resist[0][0]}, {"low_warn", p.resist[0][1]},
                      {"high_omit", p.resist[1][0]}, {"high_warn", p.resist[1][1]}}},
          {"belief_high_after_omission", p.belief_high[0]},
          {"belief_high_after_warning", p.belief_high[1]},
          {"p_challenge", p.p_challenge},
          {"p_war", p.p_war},
          {"outcomes", o},
          {"residual", p.residual}};
}

QreBranch branch_of(const Game& game, const DiscreteSignalGame& d) {
  const std::vector<double> requested(game.qre.lambdas.begin(), game.qre.lambdas.begin() + game.qre.n_lambdas);
  return trace_qre_branch(d, game.qre.lambda, requested);
}

std::string fmt(double x) {
  if (!std::isfinite(x)) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.6f", x);
  return b;
}

}  // namespace

nlohmann::json qre_json(const Game& game) {
  const DiscreteSignalGame d = make_discrete_game(game.qre, game.parameters, game.levers);
  const QreBranch branch = branch_of(game, d);
  nlohmann::json j;
  j["solution_concept"] = "agent logit quantal response equilibrium, principal branch (docs/model.md §10)";
  j["lambda"] = game.qre.lambda;
  nlohmann::json at = nlohmann::json::array();
  for (const auto& p : branch.requested) at.push_back(point_json(p));
  j["at_lambdas"] = at;
  nlohmann::json lam = nlohmann::json::array(), sL = lam, sH = lam, c0 = lam, c1 = lam, pc = lam;
  for (const auto& p : branch.points) {
    lam.push_back(p.lambda);
    sL.push_back(p.sigma[qre_warn_low]);
    sH.push_back(p.sigma[qre_warn_high]);
    c0.push_back(p.sigma[qre_challenge_omit]);
    c1.push_back(p.sigma[qre_challenge_warn]);
    pc.push_back(p.p_challenge);
  }
  j["branch"] = {{"lambda", lam}, {"warn_low", sL}, {"warn_high", sH}, {"challenge_after_omission", c0},
                 {"challenge_after_warning", c1}, {"p_challenge", pc}, {"steps_rejected", branch.steps_rejected}};
  const QreLimit L = qre_limit(d);
  if (L.available)
    j["pbe_limit"] = {{"warn_low", L.warn_low}, {"warn_high", L.warn_high}, {"challenge_after_omission", L.challenge_omit},
                      {"challenge_after_warning", L.challenge_warn}, {"p_challenge", L.p_challenge}, {"p_war", L.p_war}};
  else
    j["pbe_limit"] = nullptr;
  return j;
}

nlohmann::json reputation_json(const Game& game) {
  const ReputationPath path = solve_reputation_path(game);
  nlohmann::json j;
  j["patron"] = reputation_patron_names[static_cast<std::size_t>(game.reputation.patron)];
  j["crises"] = game.reputation.crises;
  if (game.reputation.patron == ReputationPatron::forward_looking) j["discount"] = game.reputation.discount;
  if (game.reputation.patron == ReputationPatron::two_type) j["kreps_wilson"] = {{"b", path.b_kw}, {"a", path.a_kw}};
  nlohmann::json per = nlohmann::json::array();
  int t = 1;
  for (const auto& c : path.crises) {
    nlohmann::json o;
    for (std::size_t i = 0; i < n_outcomes; ++i) o[std::string(outcome_codes[i])] = c.outcomes[i];
    per.push_back({{"crisis", t++}, {"p_challenge", c.p_challenge}, {"credibility", c.credibility},
                   {"reputation", num(c.reputation)}, {"first_cutoff", num(c.first_cutoff)},
                   {"n_beliefs", c.n_states}, {"outcomes", o}});
  }
  j["per_crisis"] = per;
  return j;
}

std::string qre_table(const Game& game) {
  const DiscreteSignalGame d = make_discrete_game(game.qre, game.parameters, game.levers);
  const QreBranch branch = branch_of(game, d);
  std::string out = "\nlogit QRE along the principal branch (s = Pr(warn), c = Pr(challenge))\n"
                    "  lambda        s_L        s_H        c_0        c_1   Pr(ch)    Pr(war)\n";
  for (const auto& p : branch.requested) {
    char b[160];
    std::snprintf(b, sizeof b, "%8g %10.6f %10.6f %10.6f %10.6f %8.5f %10.6f\n", p.lambda, p.sigma[0], p.sigma[1],
                  p.sigma[2], p.sigma[3], p.p_challenge, p.p_war);
    out += b;
  }
  const QreLimit L = qre_limit(d);
  if (L.available)
    out += "  PBE limit  " + fmt(L.warn_low) + "   " + fmt(L.warn_high) + "   " + fmt(L.challenge_omit) + "   " +
           fmt(L.challenge_warn) + "\n";
  return out;
}

int run_discrete_mode(const Scenario& sc, const std::string& output, const Provenance& prov, bool overwrite) {
  if (sc.game.mode == Mode::qre)
    throw ScenarioError(sc.path + ": scenario.mode: detsim run does not simulate mode 'qre'; use detsim solve "
                        "(it reports the QRE branch)");
  if (sc.game.mode != Mode::reputation) return -1;
  const mc::ReputationCounts counts = mc::simulate_reputation(sc.game, sc.run.seed, 0, sc.run.draws);
  try {
    results::write(output, reputation_dataset(sc, counts, prov), overwrite);
  } catch (const results::ResultsError& e) {
    std::cerr << "detsim run: " << e.what() << "\n";
    return exit_io;
  }
  std::cout << "wrote " << output << ": " << counts.sequences << " sequences of " << sc.game.reputation.crises
            << " crises\n";
  return exit_ok;
}

std::string reputation_table(const Game& game) {
  const ReputationPath path = solve_reputation_path(game);
  std::string out = "\nper crisis    Pr(ch)  credibility  reputation      SQ     PBD    CONV     NUC\n";
  int t = 1;
  for (const auto& c : path.crises) {
    char b[200];
    std::snprintf(b, sizeof b, "  %2d       %8.5f   %8.5f   %9s %7.4f %7.4f %7.4f %7.4f\n", t++, c.p_challenge,
                  c.credibility, fmt(c.reputation).c_str(), c.outcomes[0], c.outcomes[2], c.outcomes[3], c.outcomes[4]);
    out += b;
  }
  return out;
}

}  // namespace detsim::app
