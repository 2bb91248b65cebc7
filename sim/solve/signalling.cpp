#include "solve/signalling.hpp"

#include <algorithm>
#include <array>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <optional>

namespace detsim {
namespace {

constexpr double zero_tolerance = 1e-12;   // |Phi| at or below this counts as a root (tangencies, pools)
constexpr int max_grid_points = 4100;       // grid_intervals + 1 + kinks must fit
constexpr int verification_types = 200;     // best-response check on this many patron types

// The two branches of a signalling game for a given cutoff x: [1] types v >= x signal, [0] the rest.
class SignallingGame {
 public:
  explicit SignallingGame(const Game& g) : F_(g.patron_resolve), G_(g.challenger_cost) {
    const StructuralParameters& p = g.parameters;
    Levers on = g.levers, off = g.levers;
    if (g.mode == Mode::tying_hands) {
      on.warning = 1.0;
      off.warning = 0.0;
    } else {
      on.visibility = p.signal_visibility;
      off.visibility = g.visibility_signal == VisibilitySignal::dual_role ? 0.0 : p.signal_visibility;
    }
    form_[1] = reduce(p, on);
    form_[0] = reduce(p, off);
    if (g.mode == Mode::tying_hands) {
      cost_[1] = form_[1].policy_cost;
      cost_[0] = form_[0].policy_cost;
    } else {  // the sunk cost is paid only by the types that show assets
      cost_[1] = p.visibility_cost * p.signal_visibility;
      cost_[0] = 0.0;
    }
  }

  const TypeDistribution& F() const { return F_; }
  const TypeDistribution& G() const { return G_; }
  const ReducedForm& form(int w) const { return form_[w]; }
  double cost(int w) const { return cost_[w]; }
  double v_lo() const { return F_.lo(); }
  double v_hi() const { return F_.hi(); }

  // Off-path beliefs (D1): at x = v_lo the non-signaller is the lowest type, at x = v_hi the signaller
  // is the highest type; the degenerate interval is a point mass.
  Belief belief(int w, double x) const { return w == 1 ? Belief{x, v_hi()} : Belief{v_lo(), x}; }

  // Value of being challenged: tau W + (1 - tau) max(phi W, B).
  double continuation(int w, const CrisisResponse& c, double v) const {
    const ReducedForm& r = form_[w];
    const double W = r.patron_war(v);
    return r.tripwire * W + (1.0 - r.tripwire) * std::max(c.phi * W, r.patron_backs_down(v));
  }
  double payoff(int w, const CrisisResponse& c, double v) const {
    return -cost_[w] + c.gamma * continuation(w, c, v);
  }

  struct Evaluation {
    std::array<CrisisResponse, 2> crisis;
    double phi;  // Phi(x)
  };
  Evaluation evaluate(double x) const {
    Evaluation e;
    e.crisis[1] = respond(form_[1], F_, G_, belief(1, x));
    e.crisis[0] = respond(form_[0], F_, G_, belief(0, x));
    e.phi = payoff(1, e.crisis[1], x) - payoff(0, e.crisis[0], x);
    return e;
  }
  double Phi(double x) const { return evaluate(x).phi; }

  // A candidate is an equilibrium if every type on a grid prefers the signal its side of x prescribes.
  bool verify(double x) const {
    const Evaluation e = evaluate(x);
    if (e.crisis[0].kind == CrisisKind::no_equilibrium || e.crisis[1].kind == CrisisKind::no_equilibrium)
      return false;
    const double span = v_hi() - v_lo();
    for (int j = 0; j <= verification_types; ++j) {
      const double v = v_lo() + span * j / verification_types;
      const double u1 = payoff(1, e.crisis[1], v), u0 = payoff(0, e.crisis[0], v);
      const double tol = 1e-9 * (1.0 + std::abs(u1) + std::abs(u0));
      if (v > x + 1e-12 * span && u1 < u0 - tol) return false;
      if (v < x - 1e-12 * span && u0 < u1 - tol) return false;
    }
    return true;
  }

  double root_between(double a, double b, double fa, double fb) const {
    std::uintmax_t max_iter = 200;
    const auto bracket = boost::math::tools::toms748_solve(
        [this](double x) { return Phi(x); }, a, b, fa, fb,
        [](double lo, double hi) { return hi - lo <= 1e-14 * (1.0 + std::abs(lo)); }, max_iter);
    const double f_lo = std::abs(Phi(bracket.first)), f_hi = std::abs(Phi(bracket.second));
    return f_lo <= f_hi ? bracket.first : bracket.second;
  }

 private:
  const TypeDistribution& F_;
  const TypeDistribution& G_;
  std::array<ReducedForm, 2> form_;
  std::array<double, 2> cost_{};
};

struct Candidate {
  double x;
  bool stable;
};

Solution assemble(const Game& g, const SignallingGame& sg, double x, bool boundary) {
  const TypeDistribution& F = sg.F();
  const SignallingGame::Evaluation e = sg.evaluate(x);
  Solution s;
  s.mode = g.mode;
  s.n_branches = 2;
  s.cutoff = x;
  s.residual = boundary ? 0.0 : std::abs(e.phi);
  for (int w = 0; w < 2; ++w) {
    Branch& b = s.branches[w];
    b.form = sg.form(w);
    b.signal_cost = sg.cost(w);
    b.belief = sg.belief(w, x);
    b.crisis = e.crisis[w];
    const double F_lo = F.cdf(b.belief.lo), F_hi = F.cdf(b.belief.hi);
    b.mass = F_hi - F_lo;
    if (b.mass > 0) {
      b.resist_mass = b.crisis.v_F >= b.belief.hi ? 0.0 : F_hi - F.cdf(std::max(b.belief.lo, b.crisis.v_F));
      b.posterior_mean = F.partial_mean(b.belief.lo, b.belief.hi) / b.mass;
    }
    s.mixed_crisis = s.mixed_crisis || b.crisis.kind == CrisisKind::mixed;
  }
  compute_outcomes(g, s);
  const Branch& sent = s.branches[1];
  if (boundary)
    s.equilibrium_case = x <= sg.v_lo() ? EquilibriumCase::all_signal : EquilibriumCase::none_signal;
  else
    s.equilibrium_case = sent.mass - sent.resist_mass > 1e-15 ? EquilibriumCase::bluffing : EquilibriumCase::separating;
  return s;
}

Solution with_single_equilibrium(Solution s) {
  s.n_equilibria = 1;
  s.n_stored = 1;
  s.equilibria[0] = s.cutoff;
  s.stable[0] = true;
  return s;
}

// Tying hands under A1-A3 with beta_C = inf: Phi rises on [v_lo, v_F(a_0)] and is >= 0 beyond
// (MODEL.md §4.6.1), so there is one equilibrium: a boundary pool, the case (i) closed form, or a
// single bracketed root in the bluffing region. Returns nothing if a degenerate case needs the
// generic search.
std::optional<Solution> solve_tying_hands_monotone(const Game& g, const SignallingGame& sg) {
  const double v_lo = sg.v_lo(), v_hi = sg.v_hi();
  const double Phi_lo = sg.Phi(v_lo);
  if (Phi_lo >= 0) return with_single_equilibrium(assemble(g, sg, v_lo, true));

  const double closed = tying_hands_closed_form(g);
  const double vF1 = resist_cutoff(sg.form(1)), vF0 = resist_cutoff(sg.form(0));
  if (vF1 <= closed && closed <= vF0 && v_lo < closed && closed < v_hi)
    return with_single_equilibrium(assemble(g, sg, closed, false));

  const double upper = std::min(vF1, v_hi);
  if (upper > v_lo) {
    const double Phi_up = sg.Phi(upper);
    if (Phi_up == 0.0 && upper < v_hi) return with_single_equilibrium(assemble(g, sg, upper, false));
    if (Phi_up > 0) return with_single_equilibrium(assemble(g, sg, sg.root_between(v_lo, upper, Phi_lo, Phi_up), false));
  }
  if (sg.Phi(v_hi) <= 0) return with_single_equilibrium(assemble(g, sg, v_hi, true));
  return std::nullopt;
}

// Every equilibrium: Phi on a grid plus the kinks, sign changes refined by TOMS 748, points with
// |Phi| <= tol accepted (tangencies; a flat stretch counts once, at its lowest point), boundary
// pools added, each candidate verified by best responses, payoff-equivalent candidates merged.
// Selects the lowest stable cutoff.
Solution solve_generic(const Game& g, const SignallingGame& sg, int intervals) {
  const double v_lo = sg.v_lo(), v_hi = sg.v_hi();
  intervals = std::clamp(intervals, 16, max_grid_points - 8);
  std::array<double, max_grid_points> xs{};
  std::array<double, max_grid_points> fs{};
  int n = 0;
  for (int i = 0; i <= intervals; ++i) xs[n++] = v_lo + (v_hi - v_lo) * i / intervals;
  xs[intervals] = v_hi;
  for (int w = 0; w < 2; ++w) {
    const double kink = resist_cutoff(sg.form(w));
    if (kink > v_lo && kink < v_hi) xs[n++] = kink;
  }
  std::sort(xs.begin(), xs.begin() + n);
  n = static_cast<int>(std::unique(xs.begin(), xs.begin() + n) - xs.begin());
  for (int i = 0; i < n; ++i) fs[i] = sg.Phi(xs[i]);
  auto sign = [&](int i) { return fs[i] > zero_tolerance ? 1 : (fs[i] < -zero_tolerance ? -1 : 0); };

  std::array<Candidate, 2 * max_reported_equilibria> found;
  // Candidates that give the same outcome distribution and the same expected payoffs (e.g. nobody
  // challenges on either branch, so Phi vanishes on a stretch) are one equilibrium for every
  // reported purpose: keep the lowest cutoff.
  struct Signature {
    OutcomeProbabilities outcomes;
    double eu_patron, eu_challenger;
  };
  std::array<Signature, 2 * max_reported_equilibria> found_signature;
  int n_found = 0, n_total = 0;
  auto same = [](const Signature& a, const Signature& b) {
    for (std::size_t i = 0; i < n_outcomes; ++i)
      if (std::abs(a.outcomes[i] - b.outcomes[i]) > 1e-12) return false;
    return std::abs(a.eu_patron - b.eu_patron) <= 1e-12 && std::abs(a.eu_challenger - b.eu_challenger) <= 1e-12;
  };
  auto add = [&](double x, bool stable) {
    if (!sg.verify(x)) return;
    const Solution at = assemble(g, sg, x, x <= v_lo || x >= v_hi);
    const Signature sig{at.outcomes, at.measures.eu_patron, at.measures.eu_challenger};
    for (int i = 0; i < n_found; ++i)
      if (same(found_signature[i], sig)) {
        found[i].stable = found[i].stable || stable;
        return;
      }
    ++n_total;
    if (n_found < static_cast<int>(found.size())) {
      found_signature[n_found] = sig;
      found[n_found++] = {x, stable};
    }
  };
  // First non-zero sign strictly after a zero stretch starting at i (0 if none).
  auto sign_after = [&](int i) {
    while (i < n && sign(i) == 0) ++i;
    return i < n ? sign(i) : 0;
  };

  if (fs[0] >= -zero_tolerance) add(v_lo, true);
  for (int i = 0; i + 1 < n; ++i) {
    if (i > 0 && sign(i) == 0 && sign(i - 1) != 0) add(xs[i], sign(i - 1) < 0 && sign_after(i) > 0);
    if (sign(i) * sign(i + 1) < 0) add(sg.root_between(xs[i], xs[i + 1], fs[i], fs[i + 1]), sign(i) < 0);
  }
  const bool stretch_reaches_top = sign(n - 1) == 0 && n >= 2 && sign(n - 2) == 0;
  if (fs[n - 1] <= zero_tolerance && !stretch_reaches_top) add(v_hi, true);

  if (n_total == 0) {
    Solution s;
    s.mode = g.mode;
    s.n_branches = 2;
    s.equilibrium_case = EquilibriumCase::no_equilibrium;
    s.n_equilibria = 0;
    s.outcomes.fill(not_a_number);
    return s;
  }
  int chosen = -1;
  for (int i = 0; i < n_found && chosen < 0; ++i)
    if (found[i].stable) chosen = i;
  if (chosen < 0) chosen = 0;
  const double x = found[chosen].x;
  Solution s = assemble(g, sg, x, x <= v_lo || x >= v_hi);
  s.n_equilibria = n_total;
  s.n_stored = std::min(n_found, static_cast<int>(max_reported_equilibria));
  for (int i = 0; i < s.n_stored; ++i) {
    s.equilibria[i] = found[i].x;
    s.stable[i] = found[i].stable;
  }
  return s;
}

}  // namespace

double tying_hands_closed_form(const Game& g) {
  const SignallingGame sg(g);
  const ReducedForm& r1 = sg.form(1);
  const ReducedForm& r0 = sg.form(0);
  const double tau = r0.tripwire;
  const double g1 = sg.G().cdf(challenge_cutoff(r1, 1.0));
  const double g0 = sg.G().cdf(challenge_cutoff(r0, tau));
  const double num = (g1 - tau * g0) * r0.X - (1.0 - tau) * g0 * r0.audience_cost;
  const double den = (1.0 - tau) * g0 * r0.p_alone - (g1 - tau * g0) * r0.A_W;
  return den > 0 ? num / den : not_a_number;
}

double signalling_condition(const Game& game, double x) { return SignallingGame(game).Phi(x); }

Solution solve_signalling(const Game& game, SignallingOptions options) {
  const SignallingGame sg(game);
  const StructuralParameters& p = game.parameters;
  const bool monotone = game.mode == Mode::tying_hands && !options.force_generic && !p.challenger_can_back_down() &&
                        (p.warning_is_pure_tying_hands() ||
                         (p.has_escalation_override() && p.challenger_nuclear_cost_warning == 0.0));
  if (monotone) {
    if (auto s = solve_tying_hands_monotone(game, sg)) return *s;
  }
  return solve_generic(game, sg, options.grid_intervals);
}

}  // namespace detsim
