// The engine's fast paths must give exactly what the general definitions give: the inlined
// uniform prior is the documented inverse cdf bit for bit, on and off the 2^-53 grid.
#include <catch2/catch.hpp>

#include "mc/prior.hpp"
#include "mc/rng.hpp"

#include <algorithm>

using namespace detsim::mc;

TEST_CASE("the inlined uniform prior is the general inverse cdf bit for bit", "[kernels]") {
  const Prior p = Prior::uniform(-3.5, 2.25);
  // The documented expression lo + u (hi - lo), capped at hi, at the ends of the grid and inside it.
  for (const std::uint64_t raw : {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{1} << 63, std::uint64_t{12345}}) {
    const double u = u01(raw);
    CHECK(p.sample(u) == std::min(-3.5 + u * (2.25 - -3.5), 2.25));
  }
  CHECK(p.sample(u01(~std::uint64_t{0})) <= 2.25);
  // Outside [0, 1 - 2^-53] (never produced by u01) the general path clamps u first, and meets the
  // inlined path at the end of the grid.
  CHECK(p.sample(1.5) == p.sample(1.0 - 0x1.0p-53));
  CHECK(p.sample(-1.0) == -3.5);
}
