// Philox streams: known answers, determinism, independence of (seed, draw, game, purpose, block),
// and the 53-bit conversion. Bit-exact agreement with numpy is checked by test_rng_numpy.py.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <set>

#include "mc/rng.hpp"

using namespace detsim::mc;

TEST_CASE("philox_block reproduces Random123's known answer for Philox4x64-10", "[rng]") {
  // kat_vectors: philox4x64 10 rounds, counter 0, key 0.
  const Block b = philox_block(0, 0, 0, Purpose::parameter_prior, 0);
  CHECK(b[0] == 0x16554d9eca36314cULL);
  CHECK(b[1] == 0xdb20fe9d672d0fdcULL);
  CHECK(b[2] == 0xd7e772cee186176bULL);
  CHECK(b[3] == 0x7e68b68aec7ba23bULL);
}

TEST_CASE("philox_block is a pure function of its arguments", "[rng]") {
  for (std::uint64_t i = 0; i < 100; ++i)
    CHECK(philox_block(99, i, 3, Purpose::patron_type, 2) == philox_block(99, i, 3, Purpose::patron_type, 2));
}

TEST_CASE("each counter word selects a different stream", "[rng]") {
  const Block base = philox_block(7, 11, 13, Purpose::challenger_type, 17);
  CHECK(philox_block(8, 11, 13, Purpose::challenger_type, 17) != base);
  CHECK(philox_block(7, 12, 13, Purpose::challenger_type, 17) != base);
  CHECK(philox_block(7, 11, 14, Purpose::challenger_type, 17) != base);
  CHECK(philox_block(7, 11, 13, Purpose::tripwire, 17) != base);
  CHECK(philox_block(7, 11, 13, Purpose::challenger_type, 18) != base);
  // Swapping draw and game must not give the same block (they sit in different counter words).
  CHECK(philox_block(7, 13, 11, Purpose::challenger_type, 17) != base);

  // No repeated 64-bit word over a grid of streams (a repeat has probability ~1e-12).
  std::set<std::uint64_t> words;
  std::size_t n = 0;
  for (std::uint64_t draw = 0; draw < 16; ++draw)
    for (std::uint64_t game = 0; game < 16; ++game)
      for (std::uint64_t p = 0; p <= 8; ++p)
        for (std::uint64_t blk = 0; blk < 4; ++blk)
          for (std::uint64_t w : philox_block(5, draw, game, static_cast<Purpose>(p), blk)) {
            words.insert(w);
            ++n;
          }
  CHECK(words.size() == n);
}

TEST_CASE("streams of different purposes, draws and games are uncorrelated", "[rng]") {
  // Sample correlation of n independent uniform pairs has sd 1/sqrt(n); 4 sd bounds.
  const std::uint64_t n = 100000;
  auto corr = [&](auto&& x, auto&& y) {
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
      const double a = x(i), b = y(i);
      sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
    }
    const double cov = sxy / n - sx / n * sy / n;
    return cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  };
  const double bound = 4.0 / std::sqrt(static_cast<double>(n));
  CHECK(std::abs(corr([](auto i) { return uniform(1, i, 0, Purpose::patron_type, 0); },
                      [](auto i) { return uniform(1, i, 0, Purpose::challenger_type, 0); })) < bound);
  CHECK(std::abs(corr([](auto i) { return uniform(1, i, 0, Purpose::nuclear_coin, 0); },
                      [](auto i) { return uniform(1, i + 1, 0, Purpose::nuclear_coin, 0); })) < bound);
  CHECK(std::abs(corr([](auto i) { return uniform(1, 5, i, Purpose::tripwire, 0); },
                      [](auto i) { return uniform(1, 5, i + 1, Purpose::tripwire, 0); })) < bound);
  CHECK(std::abs(corr([](auto i) { return uniform(1, i, 0, Purpose::parameter_prior, 0); },
                      [](auto i) { return uniform(1, i, 0, Purpose::parameter_prior, 1); })) < bound);
}

TEST_CASE("u01 maps raw words into 0 <= u < 1 on the 2^-53 grid", "[rng]") {
  CHECK(u01(0) == 0.0);
  CHECK(u01(~std::uint64_t{0}) == 1.0 - 0x1.0p-53);
  CHECK(u01(~std::uint64_t{0}) < 1.0);
  CHECK(u01(std::uint64_t{1} << 11) == 0x1.0p-53);  // resolution: one step of the top 53 bits
  CHECK(u01(std::uint64_t{1} << 63) == 0.5);
  CHECK(u01((std::uint64_t{1} << 11) - 1) == 0.0);  // the low 11 bits are dropped, as in numpy
  static_assert(u01(std::uint64_t{1} << 62) == 0.25);
  for (std::uint64_t i = 0; i < 1000; ++i)
    for (std::uint64_t w : philox_block(3, i, 0, Purpose::design)) {
      const double u = u01(w);
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      REQUIRE(std::ldexp(u, 53) == static_cast<double>(w >> 11));  // exact: no rounding
    }
}

TEST_CASE("uniform(index) reads word index % 4 of block index / 4", "[rng]") {
  for (std::uint64_t index = 0; index < 40; ++index)
    CHECK(uniform(9, 2, 1, Purpose::parameter_prior, index) ==
          u01(philox_block(9, 2, 1, Purpose::parameter_prior, index / 4)[index % 4]));
}

TEST_CASE("sixteen SIMD lanes give philox_block word for word", "[rng]") {
  // Seeds, draws and blocks with high bits set exercise every carry of the 32-bit partial products.
  const WordLanes16 lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{2025}, ~std::uint64_t{0}, std::uint64_t{0x8000000080000001}})
    for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1} << 40, ~std::uint64_t{0} - 40})
      for (const std::uint64_t block : {std::uint64_t{0}, std::uint64_t{3}, ~std::uint64_t{0}}) {
        const auto r = philox_lanes(seed, first + lane, 5, Purpose::parameter_prior, block);
        for (std::uint64_t k = 0; k < 16; ++k) {
          const Block expected = philox_block(seed, first + k, 5, Purpose::parameter_prior, block);
          for (std::size_t w = 0; w < 4; ++w) CHECK(r[w][k] == expected[w]);
        }
      }
}
