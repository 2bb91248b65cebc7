// The Gambit .efg export: structure (players, information sets, chance probabilities, payoffs)
// checked against the model by parsing the file back.
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "io/efg_export.hpp"
#include "io/scenario.hpp"
#include "model/qre_game.hpp"

using namespace detsim;

namespace {

double rational(const std::string& s) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return std::stod(s);
  return std::stod(s.substr(0, slash)) / std::stod(s.substr(slash + 1));
}

}  // namespace

TEST_CASE("numbers are written as exact rationals where they are", "[efg]") {
  CHECK(efg_number(0.15) == "3/20");
  CHECK(efg_number(-0.355) == "-71/200");
  CHECK(efg_number(1.0 / 3) == "1/3");
  CHECK(efg_number(2.0) == "2");
  CHECK(efg_number(0.0) == "0");
  CHECK(rational(efg_number(3.141592653589793)) == 3.141592653589793);  // no small rational: 17 digits
}

TEST_CASE("export-efg writes the discrete game's tree", "[efg]") {
  for (double tau : {0.0, 0.2}) {
    Scenario sc = load_scenario(std::string(DETSIM_SOURCE_DIR) + "/scenarios/qre-signalling.toml",
                                {"parameters.tripwire_ground=" + std::to_string(tau / 0.5), "levers.burden=0.5"});
    const Game& g = sc.game;
    const DiscreteSignalGame d = make_discrete_game(g.qre, g.parameters, g.levers);
    INFO("tau " << d.tripwire);
    const std::string text = export_efg(g, "test");
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    CHECK(line == "EFG 2 R \"test\" { \"Patron\" \"Challenger\" }");
    const std::regex chance(R"re(^c "[^"]*" (\d+) "[^"]*" \{ "([^"]+)" (\S+) "([^"]+)" (\S+) \} 0$)re");
    const std::regex player(R"re(^p "" ([12]) (\d+) "[^"]*" \{ "([^"]+)" "([^"]+)" \} 0$)re");
    const std::regex terminal(R"re(^t "" (\d+) "([^"]*)" \{ (\S+), (\S+) \}$)re");
    std::map<int, int> patron_sets, challenger_sets;
    std::set<int> outcomes;
    int chance_nodes = 0, terminals = 0;
    std::smatch m;
    int type = -1, signal = -1;  // where we are in the preorder walk
    while (std::getline(in, line)) {
      if (std::regex_match(line, m, chance)) {
        ++chance_nodes;
        const double p0 = rational(m[3]), p1 = rational(m[5]);
        CHECK(p0 + p1 == Approx(1.0).margin(1e-15));
        if (m[2] == "L") CHECK(p1 == Approx(d.prior_high).margin(1e-15));
        else CHECK(p0 == Approx(d.tripwire).margin(1e-15));
      } else if (std::regex_match(line, m, player)) {
        const int pl = std::stoi(m[1]), set = std::stoi(m[2]);
        if (pl == 1) {
          ++patron_sets[set];
          if (set <= 2) type = set - 1;
          else CHECK(set == 3 + 2 * type + signal);  // response infoset of (type, signal)
        } else {
          ++challenger_sets[set];
          signal = set - 1;  // C's infoset is the signal it saw, whatever the type
        }
      } else if (std::regex_match(line, m, terminal)) {
        ++terminals;
        CHECK(outcomes.insert(std::stoi(m[1])).second);  // outcome numbers are unique
        const std::string name = m[2];
        const double up = rational(m[3]), uc = rational(m[4]);
        if (name.rfind("SQ", 0) == 0) {
          CHECK(up == Approx(-d.policy_cost[signal]).margin(1e-15));
          CHECK(uc == 0.0);
        } else if (name.rfind("war", 0) == 0) {
          CHECK(up == Approx(d.war[type][signal] - d.policy_cost[signal]).margin(1e-15));
          CHECK(uc == Approx(d.challenger_war[signal]).margin(1e-15));
        } else {
          REQUIRE(name.rfind("PBD", 0) == 0);
          CHECK(up == Approx(d.back_down[type][signal] - d.policy_cost[signal]).margin(1e-15));
          CHECK(uc == Approx(d.challenger_alone).margin(1e-15));
        }
      } else {
        CHECK((line.empty() || line.front() == '"'));
      }
    }
    const bool slip = d.tripwire > 0;
    CHECK(chance_nodes == 1 + (slip ? 4 : 0));
    CHECK(terminals == 4 * (slip ? 4 : 3));
    CHECK(patron_sets.size() == 6);  // two signal agents, four response agents
    for (const auto& [set, nodes] : patron_sets) CHECK(nodes == 1);  // each agent decides at one node
    CHECK(challenger_sets.size() == 2);  // C sees only the signal: both types' nodes in one infoset
    for (const auto& [set, nodes] : challenger_sets) CHECK(nodes == 2);
  }
}
