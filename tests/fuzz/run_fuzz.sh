#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time from seed corpora made of the shipped scenarios,
# the override seeds and results files made on the spot; prints executions and coverage per target.
# Usage: tests/fuzz/run_fuzz.sh [BUILD_DIR (default build/sanitize)] [SECONDS_PER_TARGET (default 60)]
# BUILD_DIR is a build of the "sanitize" preset (CI) or of the "fuzz" preset (the fuzz targets alone).
# Targets run side by side, DETSIM_FUZZ_JOBS at a time (default: the number of cores); each one is a
# single libFuzzer process, so each still gets SECONDS_PER_TARGET of one core.
# A crash, leak, timeout or out-of-memory fails the script; its input is left in BUILD_DIR/fuzz-artifacts/:
# fix the bug, then commit the input under tests/fuzz/regressions/TARGET/ so that ctest replays it.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/sanitize}
seconds=${2:-60}
jobs=${DETSIM_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
work=$build/fuzz-work
rm -rf "$work" && mkdir -p "$work" "$build/fuzz-artifacts"

# Seeds: scenario texts, override lines, and results files of several layouts.
mkdir -p "$work/seed-scenario" "$work/seed-overrides" "$work/seed-results_reader" "$work/seed-server_api"
cp scenarios/*.toml "$work/seed-scenario/"
cp tests/fuzz/seeds/overrides/* "$work/seed-overrides/"
cp tests/fuzz/seeds/server_api/* "$work/seed-server_api/"
for s in ncg5 ncg4-vs-ncg5 levers-sweep; do
  "$build/sim/detsim" run "scenarios/$s.toml" --draws 4 --games 2 -q -o "$work/seed-results_reader/$s.h5" >/dev/null 2>&1 ||
    { echo "run_fuzz: cannot make a seed results file from $s"; exit 1; }
done
"$build/sim/detsim" run scenarios/ncg5.toml --draws 3 --per-draw -q -o "$work/seed-results_reader/per-draw.h5" >/dev/null 2>&1 ||
  { echo "run_fuzz: cannot make the per-draw seed results file"; exit 1; }

targets="scenario overrides results_reader"
if [ -x "$build/tests/fuzz_server_api" ]; then targets="$targets server_api"
else echo "run_fuzz: fuzz_server_api not built (the classroom server is optional); not fuzzed"; fi
for t in $targets; do
  [ -x "$build/tests/fuzz_$t" ] || { echo "run_fuzz: $build/tests/fuzz_$t not built (build the sanitize or fuzz preset)"; exit 1; }
done

# Fuzzes one target; writes its table row to $work/$t.row and its verdict (0 or 1) to $work/$t.status.
fuzz_one() {
  local t=$1 log="$work/$1.log" maxlen=8192  # results files are 50-140 KB: a shorter limit would only fuzz truncated headers
  [ "$t" = results_reader ] && maxlen=262144
  mkdir -p "$work/corpus-$t"
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp "$build/tests/fuzz_$t" "$work/corpus-$t" "$work/seed-$t" tests/fuzz/regressions/$t \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" >"$log" 2>&1
  local rc=$? execs rate last cov ft result status=0
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  if [ $rc -ne 0 ] && grep -A4 -m1 'ERROR: AddressSanitizer' "$log" | grep -q '#1 .*libhdf5'; then
    # A fault inside libhdf5 itself (Debian's 1.10.8 trusts a corrupt file's heap sizes): reported, not
    # fixable in detsim, so it does not fail CI. Example input: tests/fuzz/hdf5_upstream/.
    result="HDF5-INTERNAL fault (not gating): $(grep -m1 -E 'ERROR: AddressSanitizer' "$log" | cut -c1-80)"
  elif [ $rc -ne 0 ] && grep -A6 -m1 'ERROR: libFuzzer: timeout' "$log" | grep -q 'libhdf5'; then
    # A hang inside libhdf5 on a crafted file (H5HG_read's global-heap loop in 1.10.8): upstream, as above.
    result="HDF5-INTERNAL hang (not gating): input in $build/fuzz-artifacts/"
  elif [ $rc -ne 0 ]; then
    result="FAILED (rc $rc): $(grep -m1 -E 'ERROR|SUMMARY|Test unit written' "$log")"
    status=1
  fi
  printf '%-16s %12s %8s %8s %10s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${rate:-?}" "$result" >"$work/$t.row"
  echo $status >"$work/$t.status"
}

running=0
for t in $targets; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '%-16s %12s %8s %8s %10s %s\n' target executions cov ft exec/s result
for t in $targets; do
  if [ -s "$work/$t.row" ]; then cat "$work/$t.row"; else printf '%-16s %s\n' "$t" "FAILED: no result"; status=1; fi
  [ "$(cat "$work/$t.status" 2>/dev/null)" = 0 ] || status=1
done
[ $status -eq 0 ] || echo "run_fuzz: logs in $work/*.log, inputs in $build/fuzz-artifacts/"
exit $status
