#pragma once
// What a solver returns: a fixed-size value (no allocation), so the Monte Carlo loop can solve
// millions of games without touching the heap.
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "model/game.hpp"
#include "model/outcome.hpp"
#include "model/reduced_form.hpp"
#include "solve/crisis.hpp"

namespace detsim {

inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

enum class EquilibriumCase : std::uint8_t {
  policy,         // exogenous levers: the crisis subgame under the prior
  separating,     // interior cutoff; every signaller resists if challenged (no bluffing)
  bluffing,       // interior cutoff; some signallers back down if challenged
  all_signal,     // boundary pool: every type signals (off-path non-signaller = lowest type)
  none_signal,    // boundary pool: no type signals (off-path signaller = highest type)
  no_equilibrium,  // no candidate survived the best-response check: outcomes are NaN
};
inline constexpr std::size_t n_equilibrium_cases = 6;
std::string_view case_name(EquilibriumCase c);

// One branch of play: all patron types that send the same signal (policy mode has one branch).
struct Branch {
  ReducedForm form;          // reduced form in this branch
  double signal_cost = 0;    // paid up front by every type in the branch (includes m_s s)
  Belief belief;             // challenger's belief after seeing this branch's signal
  double mass = 0;           // Pr(patron's type is in this branch); 0 off the equilibrium path
  double resist_mass = 0;    // Pr(type in this branch and v >= v_F)
  double posterior_mean = not_a_number;  // E[v | branch]; NaN off path
  CrisisResponse crisis;
};

struct Measures {
  double p_challenge = 0;                 // 1 - Pr(SQ)
  double p_war = 0;                       // CONV + NUC
  double p_war_given_challenge = not_a_number;
  double p_nuclear_given_war = not_a_number;
  double immediate_deterrence_success = not_a_number;  // Pr(REBUFFED | challenge)
  double abandonment_risk = not_a_number;              // Pr(PBD | challenge)
  double challenger_prevails = 0;         // Pr(PBD) p_R + Pr(CONV) p_J
  double p_resist = 0;                    // ex ante Pr(patron would resist deliberately)
  double bluff_rate = not_a_number;       // Pr(v < v_F | signal sent); signalling modes
  double audience_cost_paid = not_a_number;  // Pr(signal sent and patron backs down); signalling modes
  double eu_patron = 0;                   // ex ante expected utility, SQ = 0
  double eu_challenger = 0;
};

inline constexpr std::size_t max_reported_equilibria = 8;

struct Solution {
  Mode mode = Mode::policy;
  EquilibriumCase equilibrium_case = EquilibriumCase::policy;
  int n_branches = 1;                 // policy: 1 ([0]); signalling: 2 ([0] no signal, [1] signal)
  std::array<Branch, 2> branches{};
  double cutoff = not_a_number;       // types v >= cutoff signal; NaN in policy mode
  double residual = 0;                // |Phi(cutoff)| or the fixed-point residual
  int n_equilibria = 1;               // every equilibrium found (may exceed the stored list)
  int n_stored = 0;
  std::array<double, max_reported_equilibria> equilibria{};  // cutoffs, ascending
  std::array<bool, max_reported_equilibria> stable{};
  bool mixed_crisis = false;          // some branch's challenger mixes (tau = psi = 0, beta_C finite)
  OutcomeProbabilities outcomes{};
  Measures measures;

  bool is_equilibrium() const { return equilibrium_case != EquilibriumCase::no_equilibrium; }
  double p(Outcome o) const { return outcomes[static_cast<std::size_t>(o)]; }
};

// Fills outcomes and measures from the branches (MODEL.md §4.7, §6.1).
void compute_outcomes(const Game& game, Solution& s);

}  // namespace detsim
