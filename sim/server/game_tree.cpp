#include "server/game_tree.hpp"

#include <string>

namespace detsim::server {
namespace {

using nlohmann::json;

json node(const std::string& label, double p, double reach, json children = json::array()) {
  return {{"label", label}, {"p", p}, {"reach", reach}, {"children", std::move(children)}};
}

json leaf(const std::string& label, Outcome o, double p, double reach) {
  json n = node(label, p, reach);
  n["outcome"] = std::string(outcome_codes[static_cast<std::size_t>(o)]);
  return n;
}

json war(double pi, double reach) {
  return json::array({leaf("stays conventional", Outcome::conventional_war, 1.0 - pi, reach * (1.0 - pi)),
                      leaf("escalates to nuclear use", Outcome::nuclear_war, pi, reach * pi)});
}

// One branch of play as the crisis of crisis.hpp: the same arithmetic as compute_outcomes.
json crisis(const Branch& b, double reach) {
  const CrisisResponse& c = b.crisis;
  const double tau = b.form.tripwire, pi = b.form.escalation;
  // Share of this branch's patron types that resist deliberately (a point mass off path).
  const double resist = b.mass > 0 ? b.resist_mass / b.mass : (c.q);
  const double challenged = reach * c.gamma;
  const double deliberate = challenged * (1.0 - tau);
  const double resisted = deliberate * resist;
  json challenge = node("Challenger challenges", c.gamma, challenged, json::array({
      node("tripwire: forces drag the patron in", tau, challenged * tau, war(pi, challenged * tau)),
      node("no tripwire: the patron decides", 1.0 - tau, deliberate, json::array({
          node("Patron resists", resist, resisted, json::array({
              leaf("Challenger backs down", Outcome::rebuffed, 1.0 - c.phi, resisted * (1.0 - c.phi)),
              node("Challenger fights", c.phi, resisted * c.phi, war(pi, resisted * c.phi))})),
          leaf("Patron backs down (abandons the protege)", Outcome::patron_backs_down, 1.0 - resist,
               deliberate * (1.0 - resist))}))}));
  return json::array({leaf("No challenge", Outcome::status_quo, 1.0 - c.gamma, reach * (1.0 - c.gamma)),
                      std::move(challenge)});
}

}  // namespace

json game_tree(const Game& game, const Solution& s) {
  if (s.n_branches == 1) return node("Challenger (sees the levers)", 1.0, 1.0, crisis(s.branches[0], 1.0));
  const bool tying = game.mode == Mode::tying_hands;
  const std::string send = tying ? "Patron warns" : "Patron shows strategic assets";
  const std::string silent = tying ? "Patron omits the warning" : "Patron keeps assets out of sight";
  const Branch& sent = s.branches[1];
  const Branch& none = s.branches[0];
  return node("Patron (knows its stake)", 1.0, 1.0, json::array({
      node(send, sent.mass, sent.mass, crisis(sent, sent.mass)),
      node(silent, none.mass, none.mass, crisis(none, none.mass))}));
}

}  // namespace detsim::server
