#pragma once
// Counter-based random numbers: Philox4x64-10 (Random123). A random number is a pure function
// of (seed, draw, game, purpose, block), never of thread or call order, so results do not depend
// on the thread count, rank count or shard split, and draw i sees the same numbers in every cell
// (common random numbers).
//
// Layout (recorded in results files; changing it changes every result):
//   key     = { seed, 0 }
//   counter = { block, game, draw, purpose }      (word 0 first; numpy treats word 0 as least significant)
//   one block = 4 raw 64-bit words; uniform in [0,1) = (raw >> 11) * 2^-53   (numpy's random())
// numpy reproduction: np.random.Philox(key=[seed, 0], counter=C).random_raw(4), where C is the
// 256-bit counter above minus 1 (numpy increments before its first block), equals block(...).
#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace detsim::mc {

// What a random number is for: a tag in counter word 3, so streams for different purposes never
// overlap. Values are part of the results-file contract: append new ones, never renumber.
enum class Purpose : std::uint64_t {
  parameter_prior = 0,    // one uniform per uncertain structural parameter (index = parameter slot)
  patron_type = 1,        // patron resolve v ~ F
  challenger_type = 2,    // challenger war cost k ~ G
  tripwire = 3,           // automatic involvement of the patron (tau)
  challenger_mixing = 4,  // challenger's mixed strategy: challenge / fight or back down
  patron_mixing = 5,      // patron's mixed strategy (QRE, indifferent types)
  nuclear_coin = 6,       // escalation of a joint war (pi)
  design = 7,             // experimental designs: Latin hypercube permutations and jitter
  bootstrap = 8,          // resampling for interval estimates
  game_play = 9,          // sampled games: one block feeds two games (32-bit halves, see engine.hpp)
};

using Block = std::array<std::uint64_t, 4>;

// The 4 raw words of one Philox4x64-10 block. Inline and branch-free (10 rounds, unrolled).
inline Block philox_block(std::uint64_t seed, std::uint64_t draw, std::uint64_t game, Purpose purpose,
                          std::uint64_t block = 0) noexcept {
  const r123::Philox4x64::ctr_type ctr = {{block, game, draw, static_cast<std::uint64_t>(purpose)}};
  const r123::Philox4x64::key_type key = {{seed, 0}};
  const auto r = r123::Philox4x64()(ctr, key);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

// Many Philox blocks at once, for counters that differ only in the draw word: lane k of word w is
// philox_block(seed, draw[k], game, purpose, block)[w] (the same rounds and constants as Random123's
// Philox4x64-10, on SIMD lanes; tests compare them word for word). W is a vector of 64-bit words,
// e.g. WordLanes16: sixteen lanes keep two independent multiply chains in flight.
using WordLanes16 = std::uint64_t __attribute__((vector_size(16 * sizeof(std::uint64_t))));

// High and low words of a * m, from 32-bit products: SIMD units have no 64 x 64 -> 128 multiply.
template <class W>
[[gnu::always_inline]] inline W mulhilo_lanes(W a, std::uint64_t m, W& lo) noexcept {
  constexpr std::uint64_t low32 = 0xffffffffULL;
  const W a0 = a & low32, a1 = a >> 32;
  const std::uint64_t m0 = m & low32, m1 = m >> 32;
  const W p00 = a0 * m0, p01 = a0 * m1, p10 = a1 * m0, p11 = a1 * m1;
  // Carries without overflow: t <= (2^32-1)^2 + 2^32-1 and u <= 2^32-1 + (2^32-1)^2, both < 2^64.
  const W t = p01 + (p00 >> 32);
  const W u = (t & low32) + p10;
  lo = a * m;
  return p11 + (t >> 32) + (u >> 32);
}

template <class W>
[[gnu::always_inline]] inline std::array<W, 4> philox_lanes(std::uint64_t seed, W draw, std::uint64_t game,
                                                             Purpose purpose, std::uint64_t block = 0) noexcept {
  W c0 = W{} + block, c1 = W{} + game, c2 = draw, c3 = W{} + static_cast<std::uint64_t>(purpose);
  std::uint64_t k0 = seed, k1 = 0;
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {  // the key schedule (Weyl sequence) between rounds
      k0 += PHILOX_W64_0;
      k1 += PHILOX_W64_1;
    }
    W lo0, lo1;
    const W hi0 = mulhilo_lanes(c0, PHILOX_M4x64_0, lo0);
    const W hi1 = mulhilo_lanes(c2, PHILOX_M4x64_1, lo1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  return {c0, c1, c2, c3};
}

// A raw word to a double in [0, 1) on the 2^-53 grid, exactly as numpy's Generator.random().
inline constexpr double u01(std::uint64_t raw) noexcept {
  return static_cast<double>(raw >> 11) * 0x1.0p-53;
}

// The index-th uniform of a (draw, game, purpose) stream: word index % 4 of block index / 4.
// E.g. the prior of parameter slot j in draw i is uniform(seed, i, 0, Purpose::parameter_prior, j).
inline double uniform(std::uint64_t seed, std::uint64_t draw, std::uint64_t game, Purpose purpose,
                      std::uint64_t index) noexcept {
  return u01(philox_block(seed, draw, game, purpose, index >> 2)[index & 3]);
}

// Human-readable layout, stored with results so a reader can reproduce every number.
inline constexpr const char* rng_layout =
    "Philox4x64-10 (Random123); key = {seed, 0}; counter = {block, game, draw, purpose}; "
    "u = (raw >> 11) * 2^-53; numpy: Philox(key=[seed, 0], counter=counter - 1).random_raw()";

}  // namespace detsim::mc
