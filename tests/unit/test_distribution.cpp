// Type distributions: cdf, pdf, quantile and partial mean must agree with each other, so each is
// checked against another computed a different way (numerical integration, inversion).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "model/distribution.hpp"

using detsim::TypeDistribution;

namespace {

// Composite Simpson integral of f over [a, b] with n (even) intervals.
template <class F>
double simpson(F f, double a, double b, int n = 4000) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

std::vector<TypeDistribution> examples() {
  return {TypeDistribution::uniform(-0.5, 1.0), TypeDistribution::truncated_normal(1.0, 0.8, 0.0, 4.0),
          TypeDistribution::truncated_normal(-2.0, 1.0, 0.0, 3.0), TypeDistribution::scaled_beta(2.0, 5.0, 0.0, 4.0),
          TypeDistribution::scaled_beta(1.5, 1.5, -1.0, 2.0)};
}

}  // namespace

TEST_CASE("every type distribution's cdf is the integral of its pdf", "[distribution]") {
  for (const auto& d : examples()) {
    INFO(d.describe());
    for (double t : {0.1, 0.37, 0.5, 0.81}) {
      const double x = d.lo() + t * (d.hi() - d.lo());
      CHECK(d.cdf(x) == Approx(simpson([&](double v) { return d.pdf(v); }, d.lo(), x)).margin(1e-9));
    }
    CHECK(d.cdf(d.lo()) == 0.0);
    CHECK(d.cdf(d.hi()) == 1.0);
    CHECK(d.cdf(-INFINITY) == 0.0);
    CHECK(d.cdf(INFINITY) == 1.0);
  }
}

TEST_CASE("quantile inverts the cdf", "[distribution]") {
  for (const auto& d : examples()) {
    INFO(d.describe());
    for (double p : {0.001, 0.2, 0.5, 0.77, 0.999}) CHECK(d.cdf(d.quantile(p)) == Approx(p).margin(1e-12));
  }
}

TEST_CASE("partial mean is the integral of t dF(t)", "[distribution]") {
  for (const auto& d : examples()) {
    INFO(d.describe());
    const double a = d.lo() + 0.2 * (d.hi() - d.lo()), b = d.lo() + 0.9 * (d.hi() - d.lo());
    CHECK(d.partial_mean(a, b) == Approx(simpson([&](double v) { return v * d.pdf(v); }, a, b)).margin(1e-9));
    CHECK(d.partial_mean(-1e9, 1e9) == Approx(d.mean()).margin(1e-12));
    CHECK(d.partial_mean(b, a) == 0.0);
  }
  CHECK(TypeDistribution::uniform(0, 4).mean() == Approx(2.0).epsilon(1e-15));
}

TEST_CASE("reversed or empty supports are refused", "[distribution]") {
  CHECK_THROWS_AS(TypeDistribution::uniform(1, 1), std::invalid_argument);
  CHECK_THROWS_AS(TypeDistribution::uniform(2, 1), std::invalid_argument);
  CHECK_THROWS_AS(TypeDistribution::uniform(0, INFINITY), std::invalid_argument);
  CHECK_THROWS_AS(TypeDistribution::truncated_normal(0, 0, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(TypeDistribution::scaled_beta(0, 1, 0, 1), std::invalid_argument);
}
