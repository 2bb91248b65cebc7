// The generic invariant suite, run over every mode and every shipped scenario (as OpenSpiel runs
// one random-simulation test over every game): probabilities are probabilities, beliefs follow
// Bayes' rule from the patron's strategy, the equilibrium condition holds at the cutoff, and no
// type of either player gains by deviating. Beliefs and payoffs are recomputed here by quadrature
// and direct payoff sums, not by the solver's own helpers.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <random>
#include <vector>

#include "fixtures.hpp"
#include "../qre/discrete_invariants.hpp"
#include "io/scenario.hpp"
#include "solve/signalling.hpp"
#include "solve/solve.hpp"

using namespace detsim;

namespace {

double integrate(const std::function<double(double)>& f, double a, double b, int n = 2000) {
  if (!(a < b)) return 0.0;
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

void check_invariants(const Game& g, const Solution& s) {
  REQUIRE(s.is_equilibrium());
  // Probabilities.
  double total = 0;
  for (double p : s.outcomes) {
    CHECK(p >= -1e-15);
    CHECK(p <= 1 + 1e-15);
    total += p;
  }
  CHECK(total == Approx(1.0).margin(1e-12));

  const TypeDistribution& F = g.patron_resolve;
  const TypeDistribution& G = g.challenger_cost;
  auto pdf = [&](double v) { return F.pdf(v); };
  double mass_total = 0;
  for (int w = 0; w < s.n_branches; ++w) {
    const Branch& b = s.branches[w];
    const CrisisResponse& c = b.crisis;
    const ReducedForm& r = b.form;
    INFO("branch " << w);
    // Bayes: the branch's mass, credibility and posterior mean from the patron's strategy.
    const double mass = integrate(pdf, b.belief.lo, b.belief.hi);
    CHECK(b.mass == Approx(mass).margin(1e-7));
    mass_total += b.mass;
    if (b.mass > 1e-9) {
      const double resisters = integrate(pdf, std::clamp(c.v_F, b.belief.lo, b.belief.hi), b.belief.hi);
      if (c.kind == CrisisKind::pure) CHECK(c.q == Approx(resisters / mass).margin(1e-6));
      CHECK(b.posterior_mean == Approx(integrate([&](double v) { return v * F.pdf(v); }, b.belief.lo, b.belief.hi) / mass).margin(1e-6));
    }
    // Patron's response: resist exactly when phi W(v) >= B(v).
    for (int j = 0; j <= 200; ++j) {
      const double v = F.lo() + (F.hi() - F.lo()) * j / 200;
      const double gain = c.phi * r.patron_war(v) - r.patron_backs_down(v);
      if (std::abs(v - c.v_F) > 1e-9) CHECK((v >= c.v_F) == (gain >= 0));
    }
    // Challenger's choices given credibility q: challenge exactly when Psi(k) >= 0, fight exactly
    // when war beats backing down.
    for (int j = 0; j <= 200; ++j) {
      const double k = G.lo() + (G.hi() - G.lo()) * j / 200;
      const double resisted = std::max(r.challenger_war(k), -r.challenger_backdown_cost);
      const double Psi = r.tripwire * r.challenger_war(k) +
                         (1 - r.tripwire) * (c.q * resisted + (1 - c.q) * r.challenger_alone(k));
      if (c.kind == CrisisKind::pure && std::abs(k - c.k_star) > 1e-9 && std::abs(Psi) > 1e-12)
        CHECK((k <= c.k_star) == (Psi > 0));
      if (std::isfinite(r.challenger_backdown_cost) && std::abs(k - c.k_fight) > 1e-9)
        CHECK((k <= c.k_fight) == (r.challenger_war(k) >= -r.challenger_backdown_cost));
    }
    if (c.kind == CrisisKind::pure) CHECK(c.gamma == Approx(G.cdf(c.k_star)).margin(1e-15));
  }
  CHECK(mass_total == Approx(1.0).margin(1e-12));

  if (s.n_branches == 2) {
    // Signal choice: each type's payoff is the direct sum over what follows, and no type gains by
    // switching sides of the cutoff.
    auto value = [&](int w, double v) {
      const Branch& b = s.branches[w];
      const ReducedForm& r = b.form;
      const double resist = b.crisis.phi * r.patron_war(v), back = r.patron_backs_down(v);
      return -b.signal_cost + b.crisis.gamma * (r.tripwire * r.patron_war(v) + (1 - r.tripwire) * std::max(resist, back));
    };
    for (int j = 0; j <= 400; ++j) {
      const double v = F.lo() + (F.hi() - F.lo()) * j / 400;
      const double gain_from_signal = value(1, v) - value(0, v);
      const double tol = 1e-9;
      if (v > s.cutoff + 1e-9) CHECK(gain_from_signal >= -tol);
      if (v < s.cutoff - 1e-9) CHECK(gain_from_signal <= tol);
    }
    const bool interior = s.cutoff > F.lo() && s.cutoff < F.hi();
    if (interior) CHECK(std::abs(signalling_condition(g, s.cutoff)) < 1e-11);
  }
}

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(DETSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".toml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("invariants hold on every shipped scenario", "[invariants]") {
  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 5);
  for (const auto& f : files) {
    INFO(f);
    const Scenario sc = load_scenario(f);
    if (sc.game.mode == Mode::qre || sc.game.mode == Mode::reputation) {  // discrete types or several crises
      test::check_discrete_mode_invariants(sc.game);
      continue;
    }
    check_invariants(sc.game, solve(sc.game));
  }
}

TEST_CASE("invariants hold in every mode on random admissible games", "[invariants]") {
  struct Setting {
    Mode mode;
    VisibilitySignal visibility;
    double backdown_cost;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const Setting settings[] = {{Mode::policy, VisibilitySignal::dual_role, inf},
                              {Mode::policy, VisibilitySignal::dual_role, 0.2},
                              {Mode::tying_hands, VisibilitySignal::dual_role, inf},
                              {Mode::tying_hands, VisibilitySignal::dual_role, 0.2},
                              {Mode::sinking_costs, VisibilitySignal::dual_role, inf},
                              {Mode::sinking_costs, VisibilitySignal::cost_only, inf}};
  std::mt19937_64 rng(2025);
  for (const auto& st : settings) {
    int solved = 0, none = 0;
    for (int i = 0; i < 60; ++i) {
      Game g = test::random_admissible(rng, st.mode);
      g.visibility_signal = st.visibility;
      g.parameters.challenger_backdown_cost = st.backdown_cost;
      g.parameters.visibility_cost = std::uniform_real_distribution<double>(0.0, 0.6)(rng);
      const Solution s = solve(g);
      INFO("mode " << mode_name(st.mode) << " " << visibility_signal_name(st.visibility) << " beta_C "
                   << st.backdown_cost << ", draw " << i);
      if (!s.is_equilibrium()) {  // allowed only where single crossing can fail (dual-role SC)
        CHECK(st.mode == Mode::sinking_costs);
        ++none;
        continue;
      }
      check_invariants(g, s);
      ++solved;
    }
    CHECK(solved >= 50);
  }
}

TEST_CASE("invariants hold in the qre and reputation modes on random games", "[invariants]") {
  std::mt19937_64 rng(5);
  auto u = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  for (int i = 0; i < 12; ++i) {
    Game g = test::random_admissible(rng, Mode::policy);
    g.mode = Mode::qre;
    g.qre.resolve_low = u(0, 1);
    g.qre.resolve_high = g.qre.resolve_low + u(0.1, 3);
    g.qre.prior_high = u(0.1, 0.9);
    g.qre.challenger_cost = u(-0.5, 1);
    g.qre.lambda = 200;
    INFO("qre draw " << i);
    test::check_discrete_mode_invariants(g);
    g.mode = Mode::reputation;
    g.reputation.crises = 3;
    g.reputation.patron = i % 2 ? ReputationPatron::myopic : ReputationPatron::forward_looking;
    g.reputation.discount = u(0, 0.95);
    INFO("reputation draw " << i);
    test::check_discrete_mode_invariants(g);
  }
}

TEST_CASE("invariants hold for non-uniform type distributions", "[invariants]") {
  for (Mode mode : {Mode::policy, Mode::tying_hands, Mode::sinking_costs}) {
    Game g = test::unified_baseline(mode, {0, 0.5, 0.7});
    g.patron_resolve = TypeDistribution::truncated_normal(2.0, 1.2, 0.0, 4.0);
    g.challenger_cost = TypeDistribution::scaled_beta(2.0, 3.0, -0.5, 1.0);
    INFO(mode_name(mode));
    check_invariants(g, solve(g));
  }
}
