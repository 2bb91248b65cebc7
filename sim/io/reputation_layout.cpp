#include "io/reputation_layout.hpp"

#include "mc/rng.hpp"
#include "solve/reputation.hpp"

namespace detsim {

results::Dataset reputation_dataset(const Scenario& sc, const mc::ReputationCounts& counts, const Provenance& prov) {
  const Game& g = sc.game;
  const ReputationPath path = solve_reputation_path(g);
  const std::size_t T = path.crises.size();
  results::Dataset ds;
  results::Dimension crisis{"crisis", "", "crisis number (1 = first)"};
  for (std::size_t t = 1; t <= T; ++t) crisis.values.push_back(static_cast<double>(t));
  results::Dimension outcome{"outcome", "", "terminal outcome of the crisis"};
  for (auto code : outcome_codes) outcome.labels.emplace_back(code);
  ds.dims = {crisis, outcome};
  std::vector<std::uint64_t> count;
  std::vector<double> prob, gamma, cred, rep, cred_sim;
  for (std::size_t t = 0; t < T; ++t) {
    for (std::size_t o = 0; o < n_outcomes; ++o) {
      count.push_back(counts.outcomes[t][o]);
      prob.push_back(path.crises[t].outcomes[o]);
    }
    gamma.push_back(path.crises[t].p_challenge);
    cred.push_back(path.crises[t].credibility);
    rep.push_back(path.crises[t].reputation);
    cred_sim.push_back(counts.sequences ? counts.credibility_sum[t] / static_cast<double>(counts.sequences) : 0.0);
  }
  ds.variables = {
      {"outcome_count", {"crisis", "outcome"}, "1", "simulated crisis sequences ending the crisis in this outcome", count},
      {"outcome_probability", {"crisis", "outcome"}, "1", "closed-form outcome probability of the crisis", prob},
      {"p_challenge", {"crisis"}, "1", "closed-form challenge probability gamma_t", gamma},
      {"credibility", {"crisis"}, "1", "closed-form E[q_t], the challenger's credibility of deliberate resistance", cred},
      {"credibility_simulated", {"crisis"}, "1", "mean credibility over the simulated sequences", cred_sim},
      {"reputation", {"crisis"}, "1", "credibility (two types: Pr(resolute)) on histories without a back-down", rep},
  };
  ds.attributes = {{"title", "detsim reputation run: " + sc.name},
                   {"model", "EDSG-1 repeated crises (docs/model.md §11)"},
                   {"mode", "reputation"},
                   {"patron", std::string(reputation_patron_names[static_cast<std::size_t>(g.reputation.patron)])},
                   {"crises", static_cast<std::int64_t>(T)},
                   {"discount", g.reputation.discount},
                   {"sequences", counts.sequences},
                   {"detsim_version", prov.version},
                   {"git_revision", prov.git_revision},
                   {"compiler", prov.compiler},
                   {"build_type", prov.build_type},
                   {"compiler_flags", prov.cxx_flags},
                   {"seed", sc.run.seed},
                   {"draws", sc.run.draws},
                   {"rng_layout", std::string(mc::rng_layout) + "; sequence i, crisis t: see docs/output.md"},
                   {"scenario", sc.resolved_toml},
                   {"scenario_path", sc.path},
                   {"command", prov.command}};
  return ds;
}

}  // namespace detsim
