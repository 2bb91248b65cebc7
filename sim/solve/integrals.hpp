#pragma once
// The two integrals of linear payoffs over a range of types that ex ante utilities are made of.
// Law is TypeDistribution or UniformLaw; T is double, or Lanes for the batched policy solver
// (there both sides are computed and the empty ranges masked; one game skips the work).
#include <type_traits>

#include "model/lanes.hpp"

namespace detsim {

// Integral over t in [lo, hi] of (-slope t - intercept) dF: the patron's linear payoffs W and B.
template <class Law, class T>
[[gnu::always_inline]] inline T integrate_linear(const Law& F, T lo, T hi, T slope, T intercept) {
  auto value = [&] { return -slope * F.partial_mean(lo, hi) - intercept * (F.cdf(hi) - F.cdf(lo)); };
  if constexpr (std::is_same_v<T, double>) return lo < hi ? value() : 0.0;
  else return pick(lo < hi, value(), T{});
}

// Integral over k in [lo, hi] of (n - d k) dG: the challenger's linear challenge value.
template <class Law, class T>
[[gnu::always_inline]] inline T integrate_challenge(const Law& G, T lo, T hi, T n, T d) {
  auto value = [&] { return n * (G.cdf(hi) - G.cdf(lo)) - d * G.partial_mean(lo, hi); };
  if constexpr (std::is_same_v<T, double>) return lo < hi ? value() : 0.0;
  else return pick(lo < hi, value(), T{});
}

}  // namespace detsim
