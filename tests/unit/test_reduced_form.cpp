// Layer A -> layer B (MODEL.md §4.2), checked against numbers worked out by hand.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "model/reduced_form.hpp"

using namespace detsim;

TEST_CASE("O7: the Fearon core embeds in the structural layer", "[reduced_form][oracle]") {
  Game g = test::fearon_core(Mode::policy, 0.55);
  const ReducedForm r = reduce(g.parameters, g.levers);
  CHECK(r.A_W == Approx(0.2).epsilon(1e-15));
  CHECK(r.X == Approx(0.6).epsilon(1e-15));
  CHECK(r.p_alone == 1.0);
  CHECK(r.audience_cost == Approx(0.55).epsilon(1e-15));
  CHECK(r.alpha_W == Approx(0.2).epsilon(1e-15));
  CHECK(r.omega_W == 1.0);
  CHECK(r.challenger_cost_ratio_alone == 0.0);
  CHECK(r.tripwire == 0.0);
}

TEST_CASE("the unified baseline at (w, s, b) = (0, 1, 0.5) has the reduced form of MODEL.md §4.6.2", "[reduced_form]") {
  const ReducedForm r = reduce(StructuralParameters{}, Levers{0.0, 1.0, 0.5});
  const double pi = 1.0 / (1.0 + std::exp(2.0));  // logistic(-3 + 1)
  CHECK(r.p_joint == Approx(0.2).epsilon(1e-15));
  CHECK(r.p_alone == Approx(0.4).epsilon(1e-15));
  CHECK(r.patron_war_cost == Approx(0.3).epsilon(1e-15));
  CHECK(r.escalation == Approx(pi).epsilon(1e-14));
  CHECK(r.tripwire == Approx(0.1).epsilon(1e-15));
  CHECK(r.X == Approx((1 - pi) * 0.3 + pi * 2.0).epsilon(1e-14));
  CHECK(r.X / r.Delta == Approx(2.2455).margin(5e-5));  // v_F quoted in MODEL.md
}

TEST_CASE("the logistic is symmetric and does not overflow", "[reduced_form]") {
  CHECK(logistic(0.0) == 0.5);
  CHECK(logistic(3.0) + logistic(-3.0) == Approx(1.0).epsilon(1e-15));
  CHECK(logistic(-800.0) == 0.0);
  CHECK(logistic(800.0) == 1.0);
}

TEST_CASE("a fixed escalation probability replaces the logistic", "[reduced_form]") {
  StructuralParameters p;
  p.escalation_probability = 0.3;
  CHECK(reduce(p, Levers{1, 1, 1}).escalation == 0.3);
}
