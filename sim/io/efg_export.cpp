#include "io/efg_export.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "model/qre_game.hpp"

namespace detsim {

std::string efg_number(double x) {
  // Continued fractions give the best rational approximations; stop at the first exact one.
  double rest = x;
  long long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  for (int i = 0; i < 40 && std::isfinite(rest); ++i) {
    const double a = std::floor(rest);
    if (std::abs(a) > 1e12) break;
    const long long ai = static_cast<long long>(a);
    const long long p2 = ai * p1 + p0, q2 = ai * q1 + q0;
    if (q2 > 100000) break;
    p0 = p1, q0 = q1, p1 = p2, q1 = q2;
    if (std::abs(x - static_cast<double>(p1) / static_cast<double>(q1)) <= 1e-15 * std::max(1.0, std::abs(x)))
      return q1 == 1 ? std::to_string(p1) : std::to_string(p1) + "/" + std::to_string(q1);
    const double frac = rest - a;
    if (frac == 0) break;
    rest = 1 / frac;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string export_efg(const Game& game, const std::string& title) {
  const DiscreteSignalGame d = make_discrete_game(game.qre, game.parameters, game.levers);
  const char* type_name[2] = {"L", "H"};
  const char* signal_name[2] = {"omit", "warn"};
  std::ostringstream o;
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += (c == '"' ? std::string("\\\"") : std::string(1, c));
    return q + "\"";
  };
  o << "EFG 2 R " << quoted(title) << " { \"Patron\" \"Challenger\" }\n";
  o << quoted("detsim: discrete signalling game of docs/model.md §10 (patron type L or H; warning; challenge; resist)")
    << "\n\n";
  int outcome = 0, chance_set = 1;
  auto terminal = [&](const std::string& name, double patron, double challenger) {
    o << "t \"\" " << ++outcome << " " << quoted(name) << " { " << efg_number(patron) << ", "
      << efg_number(challenger) << " }\n";
  };
  o << "c \"Nature\" " << chance_set++ << " \"types\" { \"L\" " << efg_number(1 - d.prior_high) << " \"H\" "
    << efg_number(d.prior_high) << " } 0\n";
  for (int t = 0; t < 2; ++t) {
    // Patron infosets: 1, 2 = signal of L, H; 3..6 = response of type t after signal w.
    o << "p \"\" 1 " << 1 + t << " " << quoted(std::string("P_") + type_name[t] + " signal") << " { \"omit\" \"warn\" } 0\n";
    for (int w = 0; w < 2; ++w) {
      const double m = d.policy_cost[w];
      const std::string tag = std::string(type_name[t]) + "," + signal_name[w];
      o << "p \"\" 2 " << 1 + w << " " << quoted(std::string("C after ") + signal_name[w])
        << " { \"no challenge\" \"challenge\" } 0\n";
      terminal("SQ " + tag, -m, 0.0);
      if (d.tripwire > 0) {
        o << "c \"\" " << chance_set++ << " \"tripwire\" { \"automatic\" " << efg_number(d.tripwire)
          << " \"deliberate\" " << efg_number(1 - d.tripwire) << " } 0\n";
        terminal("war (tripwire) " + tag, d.war[t][w] - m, d.challenger_war[w]);
      }
      o << "p \"\" 1 " << 3 + 2 * t + w << " " << quoted("P_" + tag + " response") << " { \"resist\" \"back down\" } 0\n";
      terminal("war " + tag, d.war[t][w] - m, d.challenger_war[w]);
      terminal("PBD " + tag, d.back_down[t][w] - m, d.challenger_alone);
    }
  }
  return o.str();
}

}  // namespace detsim
