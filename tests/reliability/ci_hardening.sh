#!/usr/bin/env bash
# The hardening stages of CI (docs/reliability.md), run by test.sh after the release suite:
#   1. the whole ctest suite under ASan+UBSan (preset "sanitize": clang, -O1). The same build holds the
#      libFuzzer targets (-fsanitize=fuzzer-no-link, DETSIM_FUZZ=ON), so the suite's fuzz.replay.* tests
#      replay the seeds and committed regressions through the real libFuzzer binaries;
#   2. ThreadSanitizer on the OpenMP engine tests (preset "tsan": clang + LLVM libomp, whose
#      synchronisation TSan sees through the archer OMPT tool; GCC's libgomp is not instrumented);
#   3. each libFuzzer target of stage 1's build for DETSIM_FUZZ_SECONDS (default 15) s.
# DETSIM_HARDENING=0 skips them (e.g. a quick local run); CI runs them. Prints the time of each stage.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${DETSIM_HARDENING:-1}" = 0 ]; then
  if [ "${CI:-}" = true ]; then echo "ci_hardening: DETSIM_HARDENING=0 is not allowed in CI" >&2; exit 1; fi
  echo "ci_hardening: skipped (DETSIM_HARDENING=0)"
  exit 0
fi
stage() { echo "== ci_hardening: $1 took $(( $(date +%s) - $2 )) s"; }

t=$(date +%s)
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize
# The fuzz replays are part of this suite: make sure they are there (4 with the server, else 3).
replays=$(ctest --test-dir build/sanitize -N -R '^fuzz\.replay\.' | sed -n 's/^Total Tests: //p')
[ "${replays:-0}" -ge 3 ] || { echo "ci_hardening: the fuzz.replay.* tests are missing from build/sanitize" >&2; exit 1; }
# run.end_to_end's kill-and-resume sweep at a quarter of its draws: under ASan it is the suite's longest test.
DETSIM_E2E_LONG_DRAWS=15000 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --preset sanitize
stage "ASan+UBSan suite (with ${replays} fuzz replays)" "$t"

t=$(date +%s)
archer=$(ls /usr/lib/llvm-*/lib/libarcher.so 2>/dev/null | head -1)
[ -n "$archer" ] || { echo "ci_hardening: libarcher.so not found (Debian package libomp-14-dev)" >&2; exit 1; }
cmake --preset tsan >/dev/null
cmake --build --preset tsan
OMP_TOOL_LIBRARIES="$archer" TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=1" \
  ctest --test-dir build/tsan -R '^engine\.' --output-on-failure -j 1
stage "TSan engine tests" "$t"

t=$(date +%s)
tests/fuzz/run_fuzz.sh build/sanitize "${DETSIM_FUZZ_SECONDS:-15}"
stage "fuzzing" "$t"
