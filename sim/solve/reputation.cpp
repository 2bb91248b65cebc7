#include "solve/reputation.hpp"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

#include "model/reduced_form.hpp"

namespace detsim {
namespace {

// Tolerance for "mu equals the threshold b^n" (posteriors are set to b^(n-1) exactly).
bool at_threshold(double mu, double threshold) { return std::abs(mu - threshold) <= 1e-12 * std::max(1.0, threshold); }

// Adds one belief's play to crisis c: reached with probability p, challenged with probability gamma,
// deliberate-resistance credibility q; war and pbd are the unconditional war / back-down probabilities.
void add_play(ReputationCrisis& c, double p, double gamma, double q, double war, double pbd, double escalation) {
  c.outcomes[static_cast<std::size_t>(Outcome::status_quo)] += p * (1 - gamma);
  c.outcomes[static_cast<std::size_t>(Outcome::patron_backs_down)] += pbd;
  c.outcomes[static_cast<std::size_t>(Outcome::conventional_war)] += war * (1 - escalation);
  c.outcomes[static_cast<std::size_t>(Outcome::nuclear_war)] += war * escalation;
  c.p_challenge += p * gamma;
  c.credibility += p * q;
}

// Records crisis c and moves on to the next crisis's beliefs (those reached with positive probability).
template <class Belief>
void close_crisis(ReputationPath& path, ReputationCrisis& c, std::map<Belief, double>& states,
                  const std::map<Belief, double>& next) {
  c.n_states = static_cast<int>(states.size());
  path.crises.push_back(c);
  states.clear();
  for (const auto& [k, p] : next)
    if (p > 0) states.emplace(k, p);
}

// The continuous-type game (myopic or forward-looking) solved by backward induction on intervals.
struct IntervalGame {
  ReducedForm r;
  TypeDistribution F, G;
  double delta = 0;
  int T = 1;

  struct State {
    double cutoff, q, q_tilde, gamma;
  };

  // C's response to credibility q under belief I and the patron's cutoff c.
  State respond_to(double c, double lo, double hi) const {
    State s;
    s.cutoff = c;
    const double mass = F.cdf(hi) - F.cdf(lo);
    if (mass > 0) s.q = c <= lo ? 1.0 : (c >= hi ? 0.0 : (F.cdf(hi) - F.cdf(c)) / mass);
    else s.q = lo >= c ? 1.0 : 0.0;
    s.q_tilde = r.tripwire + (1 - r.tripwire) * s.q;
    s.gamma = G.cdf(challenge_cutoff(r, s.q_tilde));
    return s;
  }

  // Value to type v of crises t..T when C believes v ~ F on [lo, hi], all play in equilibrium.
  double value(int t, double v, double lo, double hi) const {
    if (t > T || delta == 0.0) return 0.0;
    const State s = state(t, lo, hi);
    const double stay = value(t + 1, v, lo, hi);
    const double resist = r.patron_war(v) + delta * value(t + 1, v, s.cutoff, hi);
    const double back = r.patron_backs_down(v) + delta * value(t + 1, v, lo, std::max(lo, s.cutoff));
    const double challenged = r.tripwire * (r.patron_war(v) + delta * stay) + (1 - r.tripwire) * std::max(resist, back);
    return s.gamma * challenged + (1 - s.gamma) * delta * stay;
  }

  // Gain from resisting over backing down for type x when types >= x resist (belief splits at x).
  double resist_gain(int t, double x, double lo, double hi) const {
    double g = r.patron_war(x) - r.patron_backs_down(x);
    if (t < T && delta > 0) g += delta * (value(t + 1, x, x, hi) - value(t + 1, x, lo, x));
    return g;
  }

  State state(int t, double lo, double hi) const {
    if (t == T || delta == 0.0) return respond_to(resist_cutoff(r), lo, hi);  // last crisis: myopic
    if (!(hi > lo)) {  // a point belief (off path): the one type resists or not; the cutoff stays finite
      if (resist_gain(t, lo, lo, hi) >= 0) return respond_to(lo, lo, hi);
      State s = respond_to(infinity, lo, hi);
      s.cutoff = hi;
      return s;
    }
    const double g_lo = resist_gain(t, lo, lo, hi);
    if (g_lo >= 0) return respond_to(lo, lo, hi);
    const double g_hi = resist_gain(t, hi, lo, hi);
    if (!std::isfinite(g_lo) || !std::isfinite(g_hi)) throw std::domain_error("reputation: non-finite resist gain");
    if (g_hi < 0) return respond_to(hi, lo, hi);
    boost::uintmax_t iterations = 60;
    const auto root = boost::math::tools::toms748_solve([&](double x) { return resist_gain(t, x, lo, hi); }, lo, hi,
                                                        g_lo, g_hi, [](double a, double b) { return b - a < 1e-12; },
                                                        iterations);
    return respond_to(0.5 * (root.first + root.second), lo, hi);
  }
};

IntervalGame interval_game(const Game& g) {
  IntervalGame ig{reduce(g.parameters, g.levers), g.patron_resolve, g.challenger_cost,
                  g.reputation.patron == ReputationPatron::forward_looking ? g.reputation.discount : 0.0,
                  g.reputation.crises};
  return ig;
}

ReputationPath continuous_path(const Game& game) {
  const IntervalGame ig = interval_game(game);
  const ReducedForm& r = ig.r;
  ReputationPath path;
  std::map<std::pair<double, double>, double> states{{{ig.F.lo(), ig.F.hi()}, 1.0}};
  for (int t = 1; t <= ig.T; ++t) {
    ReputationCrisis c;
    std::map<std::pair<double, double>, double> next;
    double unbeaten = 0, unbeaten_resolve = 0;
    for (const auto& [interval, p] : states) {
      const auto [lo, hi] = interval;
      const IntervalGame::State s = ig.state(t, lo, hi);
      if (lo == ig.F.lo() && hi == ig.F.hi()) c.first_cutoff = s.cutoff;  // C has seen no deliberate choice
      const double war = p * s.gamma * s.q_tilde, pbd = p * s.gamma * (1 - r.tripwire) * (1 - s.q);
      add_play(c, p, s.gamma, s.q, war, pbd, r.escalation);
      if (hi == ig.F.hi()) {  // histories without a back-down keep hi = v_hi
        unbeaten += p;
        unbeaten_resolve += p * s.q;
      }
      next[{lo, hi}] += p * (1 - s.gamma * (1 - r.tripwire));
      if (s.q > 0) next[{std::max(lo, s.cutoff), hi}] += p * s.gamma * (1 - r.tripwire) * s.q;
      if (s.q < 1) next[{lo, std::min(hi, s.cutoff)}] += pbd;
    }
    c.reputation = unbeaten > 0 ? unbeaten_resolve / unbeaten : not_a_number;
    close_crisis(path, c, states, next);
  }
  return path;
}

ReputationPath two_type_path(const Game& game) {
  const ReputationSettings& rs = game.reputation;
  const ReducedForm r = reduce(game.parameters, game.levers);
  const double UR = r.challenger_alone(rs.challenger_cost), UW = r.challenger_war(rs.challenger_cost);
  const double B = r.patron_backs_down(rs.weak_resolve), W = r.patron_war(rs.weak_resolve);
  ReputationPath path;
  path.b_kw = UR / (UR - UW);
  path.a_kw = -B / (B - W);
  if (!(UR > 0 && UW < 0 && path.a_kw > 1 && r.tripwire == 0))
    throw std::domain_error("two-type reputation needs U_R > 0 > U_W, a_KW > 1 and tau = 0 (docs/model.md §11)");
  // States: C's belief mu (= Pr(resolute | history)) with probability; mu = 0 after a back-down.
  std::map<double, double> states{{rs.prior_resolute, 1.0}};
  for (int t = 1; t <= rs.crises; ++t) {
    const int n = rs.crises - t + 1;
    ReputationCrisis c;
    std::map<double, double> next;
    double unbeaten = 0, unbeaten_mu = 0;
    for (const auto& [mu, p] : states) {
      const double gamma = kreps_wilson_challenge(path.b_kw, path.a_kw, mu, n);
      const double beta = kreps_wilson_weak_resist(path.b_kw, mu, n);
      const double resist = mu + (1 - mu) * beta;
      const double war = p * gamma * resist, pbd = p * gamma * (1 - resist);
      add_play(c, p, gamma, resist, war, pbd, r.escalation);
      if (mu > 0) {
        unbeaten += p;
        unbeaten_mu += p * mu;
      }
      next[mu] += p * (1 - gamma);
      if (resist > 0) next[kreps_wilson_posterior_after_resist(path.b_kw, mu, n)] += war;
      if (resist < 1) next[0.0] += pbd;
    }
    c.reputation = unbeaten > 0 ? unbeaten_mu / unbeaten : 0.0;
    close_crisis(path, c, states, next);
  }
  return path;
}

}  // namespace

double kreps_wilson_challenge(double b, double a, double mu, int n) {
  const double threshold = std::pow(b, n);
  if (at_threshold(mu, threshold)) return 1 - 1 / a;  // stays out with probability 1/a
  return mu < threshold ? 1.0 : 0.0;
}

double kreps_wilson_weak_resist(double b, double mu, int n) {
  if (n <= 1) return 0.0;  // the last crisis: the weak patron backs down
  const double threshold = std::pow(b, n - 1);
  if (mu >= threshold || at_threshold(mu, threshold)) return 1.0;
  return mu * (1 - threshold) / ((1 - mu) * threshold);
}

double kreps_wilson_posterior_after_resist(double b, double mu, int n) {
  if (n <= 1) return mu > 0 ? 1.0 : 0.0;
  const double threshold = std::pow(b, n - 1);
  return (mu < threshold && !at_threshold(mu, threshold)) ? threshold : mu;
}

ReputationPath solve_reputation_path(const Game& game) {
  return game.reputation.patron == ReputationPatron::two_type ? two_type_path(game) : continuous_path(game);
}

ReputationState reputation_state(const Game& game, int t, double lo, double hi) {
  const IntervalGame::State s = interval_game(game).state(t, lo, hi);
  return {s.cutoff, s.q, s.gamma};
}

double reputation_cutoff(const Game& game, int t, double lo, double hi) { return reputation_state(game, t, lo, hi).cutoff; }

Solution solve_reputation(const Game& game) {
  Solution s;
  s.mode = Mode::reputation;
  s.equilibrium_case = EquilibriumCase::policy;  // crisis 1 is a crisis subgame under the prior
  const ReputationPath path = solve_reputation_path(game);
  const ReputationCrisis& c = path.crises.front();
  Branch& b = s.branches[0];
  b.form = reduce(game.parameters, game.levers);
  b.signal_cost = b.form.policy_cost;
  b.mass = 1;
  b.belief = {game.patron_resolve.lo(), game.patron_resolve.hi()};
  b.posterior_mean = game.reputation.patron == ReputationPatron::two_type ? not_a_number : game.patron_resolve.mean();
  CrisisResponse& cr = b.crisis;
  cr.v_F = c.first_cutoff;
  cr.q = c.credibility;
  cr.q_tilde = b.form.tripwire + (1 - b.form.tripwire) * cr.q;
  cr.gamma = c.p_challenge;
  cr.k_star = game.reputation.patron == ReputationPatron::two_type ? not_a_number : challenge_cutoff(b.form, cr.q_tilde);
  b.resist_mass = cr.q;
  s.outcomes = c.outcomes;
  Measures& m = s.measures;
  m.p_challenge = c.p_challenge;
  m.p_war = s.p(Outcome::conventional_war) + s.p(Outcome::nuclear_war);
  m.p_war_given_challenge = m.p_challenge > 0 ? m.p_war / m.p_challenge : not_a_number;
  m.p_nuclear_given_war = m.p_war > 0 ? s.p(Outcome::nuclear_war) / m.p_war : not_a_number;
  m.immediate_deterrence_success = m.p_challenge > 0 ? 0.0 : not_a_number;
  m.abandonment_risk = m.p_challenge > 0 ? s.p(Outcome::patron_backs_down) / m.p_challenge : not_a_number;
  m.challenger_prevails = s.p(Outcome::patron_backs_down) * b.form.p_alone + s.p(Outcome::conventional_war) * b.form.p_joint;
  m.p_resist = cr.q;
  // The repeated game's expected utilities are not computed: NaN ("not reported"), not a false 0.
  m.eu_patron = not_a_number;
  m.eu_challenger = not_a_number;
  return s;
}

}  // namespace detsim
