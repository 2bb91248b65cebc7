// libFuzzer target: the results reader used by `detsim info` and `detsim merge`, on arbitrary bytes.
// HDF5 reads from a path, so each input is written to a per-process scratch file first.
// A damaged file must end in ResultsError, never in a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "io/results_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/detsim-fuzz-results-" + std::to_string(getpid()) + ".h5";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  const bool written = size == 0 || std::fwrite(data, 1, size, f) == size;  // fwrite(nullptr, ...) is UB
  std::fclose(f);
  if (!written) return 0;
  try {
    const detsim::results::Dataset ds = detsim::results::read(path);
    for (const auto& d : ds.dims) (void)detsim::results::length(d);
  } catch (const detsim::results::ResultsError&) {
  }
  std::remove(path.c_str());
  return 0;
}
