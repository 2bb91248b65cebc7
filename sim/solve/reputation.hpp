#pragma once
// Reputation over T crises (MODEL.md §4.9): the patron's resolve v persists, each crisis brings a
// fresh challenger type k, and the challenger learns from the patron's deliberate choices only.
// Myopic patron (closed form per belief interval), forward-looking patron (backward induction on
// belief intervals, T <= 6) and the Kreps–Wilson two-type chain store.
#include <vector>

#include "model/outcome.hpp"
#include "solve/solution.hpp"

namespace detsim {

// Kreps–Wilson with b = q-bar (C's indifference credibility) and a = a_KW > 1, n crises remaining.
double kreps_wilson_challenge(double b, double a, double mu, int n);     // Pr(challenge)
double kreps_wilson_weak_resist(double b, double mu, int n);             // beta_n
double kreps_wilson_posterior_after_resist(double b, double mu, int n);  // Pr(resolute | resisted)

struct ReputationCrisis {
  double p_challenge = 0;   // gamma_t, unconditional
  double credibility = 0;   // E[q_t]: Pr(deliberate resistance) under C's belief, averaged over histories
  double reputation = 0;    // mu_t: two-type, Pr(resolute | never backed down); otherwise E[Pr(v >= c_t)] on that path
  double first_cutoff = not_a_number;  // resist cutoff while C still holds the prior (continuous types)
  int n_states = 0;         // distinct on-path beliefs
  OutcomeProbabilities outcomes{};
};

struct ReputationPath {
  std::vector<ReputationCrisis> crises;
  double b_kw = not_a_number, a_kw = not_a_number;  // two-type mapping
};

ReputationPath solve_reputation_path(const Game& game);
// Continuous types: equilibrium play in crisis t (1..T) when C believes v ~ F on [lo, hi]: the
// patron resists deliberately iff v >= cutoff, C challenges with probability gamma.
struct ReputationState {
  double cutoff = 0, q = 0, gamma = 0;
};
ReputationState reputation_state(const Game& game, int t, double lo, double hi);
// Forward-looking patron: the crisis-t cutoff when C believes v ~ F on [lo, hi] (t = 1..T).
double reputation_cutoff(const Game& game, int t, double lo, double hi);
// Mode reputation: crisis 1 as a Solution (branch 0), for solve/explain/the invariant suite.
Solution solve_reputation(const Game& game);

}  // namespace detsim
