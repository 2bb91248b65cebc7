#pragma once
// The discrete game of MODEL.md §4.8 in Gambit's extensive-form format (.efg, version 2), so the
// QRE and the PBE can be cross-checked with Gambit's tools (gambit-logit, gambit-lcp).
#include <string>

#include "model/game.hpp"

namespace detsim {

// Payoffs and probabilities that are rationals with small denominators are written exactly (3/10),
// the others with 17 significant digits. Player 1 is the patron, player 2 the challenger.
std::string export_efg(const Game& game, const std::string& title);

// x as "p/q" when |x - p/q| <= 1e-15 max(1, |x|) for some q <= 100000, else a 17-digit decimal.
std::string efg_number(double x);

}  // namespace detsim
