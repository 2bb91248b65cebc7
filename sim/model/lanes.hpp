#pragma once
// Monte Carlo draws side by side. The batched policy solver runs the very formulas of the
// scalar one on GCC/Clang vector types, so every lane is the scalar result bit for bit: IEEE
// +, -, *, / are exactly rounded, -ffp-contract=off forbids fused multiply-adds, and the only
// transcendental (exp) is glibc's scalar exp on each lane.
#include <cmath>
#include <cstdint>

namespace detsim {

// The functions that run the lane loops (marked DETSIM_LANE_CLONES) are compiled for the baseline
// and for AVX2 and AVX-512 machines (GCC picks one when the program loads); lanes are eight doubles
// on each, so results do not change.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define DETSIM_LANE_CLONES [[gnu::target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")]]
#else
#define DETSIM_LANE_CLONES
#endif

inline constexpr int lane_count = 8;
using Lanes = double __attribute__((vector_size(lane_count * sizeof(double))));
using LaneMask = std::int64_t __attribute__((vector_size(lane_count * sizeof(std::int64_t))));

// x in every lane (T is double or Lanes).
template <class T>
[[gnu::always_inline]] inline T splat(double x) {
  return T{} + x;
}

// c ? a : b, elementwise for lanes (where both sides are evaluated; a division by zero in the lane
// not taken is harmless, floating-point exceptions are not trapped).
template <class C, class T>
[[gnu::always_inline]] inline T pick(C c, T a, T b) {
  return c ? a : b;
}
template <class T>
[[gnu::always_inline]] inline T lane_min(T a, T b) {
  return pick(b < a, b, a);  // std::min's choice: a unless b < a
}
template <class T>
[[gnu::always_inline]] inline T lane_clamp(T x, double lo, double hi) {
  return pick(x < lo, splat<T>(lo), pick(hi < x, splat<T>(hi), x));  // std::clamp's choice
}

inline double lane_exp(double x) { return std::exp(x); }
[[gnu::always_inline]] inline Lanes lane_exp(Lanes x) {
  Lanes r;
  for (int k = 0; k < lane_count; ++k) r[k] = std::exp(x[k]);
  return r;
}

[[gnu::always_inline]] inline Lanes load_lanes(const double* p) {
  Lanes v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
[[gnu::always_inline]] inline void store_lanes(double* p, Lanes v) { __builtin_memcpy(p, &v, sizeof v); }

}  // namespace detsim
