#pragma once
// Distributions of the players' private types (MODEL.md §0): patron resolve v ~ F, challenger
// war cost k ~ G. One value type behind one interface (support, cdf, pdf, quantile, partial mean),
// so solvers stay free of virtual calls and allocation. Uniform is closed form and inline; the
// others go through Boost.Math.
#include <string>

#include "model/lanes.hpp"

namespace detsim {

enum class DistributionKind { uniform, truncated_normal, scaled_beta };

// A uniform law on [lo, hi]: the closed forms behind TypeDistribution's uniform kind, written for a
// double and for Lanes (the batched policy solver evaluates eight draws' types at once).
struct UniformLaw {
  double lo = 0, hi = 1, inv_width = 1;  // inv_width = 1 / (hi - lo)

  // Pr(type <= x); defined for every x, including +-infinity (NaN gives 0).
  template <class T>
  [[gnu::always_inline]] T cdf(T x) const {
    return pick(x > lo, pick(x < hi, (x - lo) * inv_width, splat<T>(1.0)), splat<T>(0.0));
  }
  // Integral of t dF(t) over [a, b], clipped to the support.
  template <class T>
  [[gnu::always_inline]] T partial_mean(T a, T b) const {
    a = pick(a > lo, a, splat<T>(lo));
    b = pick(b < hi, b, splat<T>(hi));
    return pick(a < b, 0.5 * (b * b - a * a) * inv_width, splat<T>(0.0));
  }
};

class TypeDistribution {
 public:
  // All constructors require lo < hi, finite; throw std::invalid_argument otherwise.
  static TypeDistribution uniform(double lo, double hi);
  static TypeDistribution truncated_normal(double mean, double sd, double lo, double hi);
  static TypeDistribution scaled_beta(double alpha, double beta, double lo, double hi);

  DistributionKind kind() const { return kind_; }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  double shape1() const { return a_; }  // normal: mean; beta: alpha
  double shape2() const { return b_; }  // normal: sd;   beta: beta

  // Pr(type <= x); defined for every x, including +-infinity.
  double cdf(double x) const { return kind_ == DistributionKind::uniform ? uniform_law().cdf(x) : cdf_general(x); }
  double pdf(double x) const;
  double quantile(double p) const;  // p in [0,1]
  // Integral of t dF(t) over [a, b] (a <= b, clipped to the support).
  double partial_mean(double a, double b) const {
    return kind_ == DistributionKind::uniform ? uniform_law().partial_mean(a, b) : partial_mean_general(a, b);
  }
  // The uniform kind's closed forms (meaningful for kind() == uniform).
  UniformLaw uniform_law() const { return {lo_, hi_, inv_width_}; }
  double mean() const { return kind_ == DistributionKind::uniform ? 0.5 * (lo_ + hi_) : partial_mean_general(lo_, hi_); }

  std::string describe() const;  // e.g. "uniform[0, 4]"

 private:
  TypeDistribution(DistributionKind kind, double a, double b, double lo, double hi);
  double cdf_general(double x) const;
  double partial_mean_general(double a, double b) const;

  DistributionKind kind_ = DistributionKind::uniform;
  double a_ = 0, b_ = 0;        // shape parameters (unused for uniform)
  double lo_ = 0, hi_ = 1;      // support
  double inv_width_ = 1;        // 1 / (hi - lo)
  double z_lo_ = 0, z_mass_ = 1;  // truncated normal: Phi(lo), Phi(hi) - Phi(lo)
};

}  // namespace detsim
