#include "mc/reputation_sim.hpp"

#include <map>
#include <tuple>

#include "mc/rng.hpp"
#include "model/reduced_form.hpp"
#include "solve/reputation.hpp"

namespace detsim::mc {

ReputationCounts simulate_reputation(const Game& game, std::uint64_t seed, std::uint64_t first, std::uint64_t count) {
  const int T = game.reputation.crises;
  const ReducedForm r = reduce(game.parameters, game.levers);
  const bool two_type = game.reputation.patron == ReputationPatron::two_type;
  const ReputationPath path = two_type ? solve_reputation_path(game) : ReputationPath{};
  ReputationCounts c;
  c.outcomes.assign(T, {});
  c.credibility_sum.assign(T, 0.0);
  // Equilibrium play depends only on (crisis, belief): solve each on-path belief once.
  std::map<std::tuple<int, double, double>, ReputationState> cache;
  auto state = [&](int t, double lo, double hi) {
    const auto key = std::make_tuple(t, lo, hi);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, reputation_state(game, t, lo, hi)).first;
    return it->second;
  };
  for (std::uint64_t i = first; i < first + count; ++i) {
    const double u_type = uniform(seed, i, 0, Purpose::patron_type, 0);
    const double v = game.patron_resolve.quantile(u_type);
    const bool resolute = u_type < game.reputation.prior_resolute;  // two-type only
    double lo = game.patron_resolve.lo(), hi = game.patron_resolve.hi(), mu = game.reputation.prior_resolute;
    for (int t = 1; t <= T; ++t) {
      const std::uint64_t crisis = static_cast<std::uint64_t>(t);
      double gamma, q, cutoff = 0;
      bool resists;
      if (two_type) {
        const int n = T - t + 1;
        gamma = kreps_wilson_challenge(path.b_kw, path.a_kw, mu, n);
        const double beta = kreps_wilson_weak_resist(path.b_kw, mu, n);
        q = mu + (1 - mu) * beta;
        resists = resolute || uniform(seed, i, crisis, Purpose::patron_mixing, 0) < beta;
      } else {
        const ReputationState s = state(t, lo, hi);
        gamma = s.gamma;
        q = s.q;
        cutoff = s.cutoff;
        resists = v >= cutoff;
      }
      c.credibility_sum[t - 1] += q;
      Outcome o = Outcome::status_quo;
      if (uniform(seed, i, crisis, Purpose::challenger_type, 0) < gamma) {
        const bool slip = uniform(seed, i, crisis, Purpose::tripwire, 0) < r.tripwire;
        if (slip || resists) {
          o = uniform(seed, i, crisis, Purpose::nuclear_coin, 0) < r.escalation ? Outcome::nuclear_war
                                                                                 : Outcome::conventional_war;
        } else {
          o = Outcome::patron_backs_down;
        }
        if (!slip) {  // a deliberate choice: C updates
          if (two_type) {
            mu = resists ? kreps_wilson_posterior_after_resist(path.b_kw, mu, T - t + 1) : 0.0;
          } else {
            if (resists) lo = std::max(lo, cutoff);
            else hi = std::min(hi, cutoff);
          }
        }
      }
      ++c.outcomes[t - 1][static_cast<std::size_t>(o)];
    }
    ++c.sequences;
  }
  return c;
}

}  // namespace detsim::mc
