#pragma once
// Priors of uncertain structural parameters (the [parameters] entries of a scenario that are not
// plain numbers). A Prior is a small, trivially copyable value (no heap): sampling takes exactly
// one uniform and applies the inverse cdf, so a parameter's draw is a fixed function of its Philox
// word and cells share draws (common random numbers).
//
// A sampled value must still be checked against the key's valid range by the caller (the range
// table lives in io, which mc may not include); within() says whether the whole support fits.
#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>

namespace detsim::mc {

enum class PriorKind { fixed, uniform, normal, truncated_normal, beta, lognormal, discrete };

// The set of values a prior can take. Open ends are not attained (normal, lognormal's 0).
struct Support {
  double lo, hi;
  bool lo_open = false, hi_open = false;
};

class Prior {
 public:
  static constexpr std::size_t max_discrete = 16;

  Prior() = default;  // fixed(0), so arrays of priors can be default-constructed

  // All factories throw std::invalid_argument on bad shapes, naming the problem.
  static Prior fixed(double value);  // any value, including inf or NaN ("not set" sentinels)
  static Prior uniform(double lo, double hi);                        // finite lo < hi
  static Prior normal(double mu, double sd);                         // sd > 0
  static Prior truncated_normal(double mu, double sd, double lo, double hi);  // lo < hi, may be infinite
  static Prior beta(double a, double b, double lo = 0.0, double hi = 1.0);   // a, b > 0; finite lo < hi
  static Prior lognormal(double mu, double sigma);  // log X ~ normal(mu, sigma), sigma > 0
  // 1..max_discrete distinct non-NaN values with positive finite weights (normalised here).
  static Prior discrete(std::span<const double> values, std::span<const double> weights);

  PriorKind kind() const { return kind_; }
  bool is_fixed() const { return kind_ == PriorKind::fixed; }

  // Inverse cdf at u in [0, 1) (a Philox uniform). Monotone in u. Unbounded kinds clamp u to
  // [2^-54, 1 - 2^-53] so u = 0 gives a finite value (about mu - 8.3 sd for a normal).
  // Uniform priors (the common case) are inlined: the same expression as the general path, so the
  // same bits; u on the 2^-53 grid never exceeds u_max, so its clamp is the identity there.
  double sample(double u) const {
    if (kind_ == PriorKind::uniform && u >= 0.0 && u <= 1.0 - 0x1.0p-53) return sample_uniform(u);
    return sample_general(u);
  }
  // A uniform prior's inverse cdf for u in [0, 1 - 2^-53] (the engine's vectorised rows call it directly).
  double sample_uniform(double u) const { return std::min(lo_ + u * (hi_ - lo_), hi_); }

  // The mean: the value `detsim solve` uses for an uncertain parameter, and the natural centre
  // for sensitivity plots. Normal: mu; lognormal: exp(mu + sigma^2/2); beta: lo + (hi-lo) a/(a+b);
  // discrete: the weighted mean (inf if a value is inf).
  double central() const;

  Support support() const;
  // True when every value sample() can return lies in the range lo..hi (open ends excluded).
  bool within(double lo, double hi, bool lo_open = false, bool hi_open = false) const;

  // Short text in scenario terms, e.g. "uniform[0, 2]", "normal(0.4, 0.1)".
  std::string describe() const;

  // Shape parameters as given (for writers): uniform/beta/truncnormal bounds, normal mu/sd, ...
  double param1() const { return a_; }
  double param2() const { return b_; }
  std::span<const double> discrete_values() const { return {values_.data(), n_}; }
  std::span<const double> discrete_probabilities() const { return {probs_.data(), n_}; }

 private:
  double sample_general(double u) const;

  PriorKind kind_ = PriorKind::fixed;
  double a_ = 0, b_ = 0;    // fixed: value; normal/lognormal/truncnormal: mu, sd; beta: alpha, beta
  double lo_ = 0, hi_ = 0;  // bounds (uniform, truncnormal, beta)
  // Truncated normal in standard units, reflected to the lower tail for accuracy: see prior.cpp.
  bool reflect_ = false;
  double p_lo_ = 0, p_mass_ = 1;
  std::size_t n_ = 0;  // discrete: number of values (sorted ascending)
  std::array<double, max_discrete> values_{}, probs_{}, cum_{};
};

}  // namespace detsim::mc
