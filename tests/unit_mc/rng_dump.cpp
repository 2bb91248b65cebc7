// Prints Philox blocks for keys read from stdin, one "seed draw game purpose block" per line, so
// tests/unit_mc/test_rng_numpy.py can compare them with numpy's Philox. Output per key:
//   seed draw game purpose block  w0 w1 w2 w3  u0 u1 u2 u3  v0 v1 v2 v3
// w = raw words (decimal), u = u01(w) and v = uniform(seed, draw, game, purpose, 4*block + i),
// both as hex floats so nothing is lost in printing.
#include <cinttypes>
#include <cstdio>

#include "mc/rng.hpp"

int main() {
  using namespace detsim::mc;
  std::uint64_t seed, draw, game, purpose, block;
  while (std::scanf("%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64, &seed, &draw, &game, &purpose,
                    &block) == 5) {
    const auto p = static_cast<Purpose>(purpose);
    const Block w = philox_block(seed, draw, game, p, block);
    std::printf("%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, seed, draw, game, purpose, block);
    for (std::uint64_t x : w) std::printf(" %" PRIu64, x);
    for (std::uint64_t x : w) std::printf(" %a", u01(x));
    for (std::uint64_t i = 0; i < 4; ++i) std::printf(" %a", uniform(seed, draw, game, p, 4 * block + i));
    std::printf("\n");
  }
  return 0;
}
