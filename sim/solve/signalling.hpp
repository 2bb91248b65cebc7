#pragma once
// Signalling modes (MODEL.md §4.6): the patron's type chooses a signal; types v >= cutoff send it.
// Tying hands: the warning (w = 1 vs 0). Sinking costs: visible assets (s = s-bar vs 0).
#include "solve/solution.hpp"

namespace detsim {

struct SignallingOptions {
  bool force_generic = false;  // skip the tying-hands shortcut (tests compare both paths)
  int grid_intervals = 2048;   // generic search: Phi on this many intervals plus the kinks
};

Solution solve_signalling(const Game& game, SignallingOptions options = {});

// Phi(x): payoff of signalling minus not signalling for the cutoff type x, when exactly the types
// v >= x signal and the challenger's beliefs are Bayes-consistent with that (D1 off path).
double signalling_condition(const Game& game, double x);

// Tying hands, case (i) (no bluffing) closed form of §4.6.1, before its validity check.
// NaN when the denominator is not positive.
double tying_hands_closed_form(const Game& game);

}  // namespace detsim
