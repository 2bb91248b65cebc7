#!/usr/bin/env bash
# Prints every performance figure detsim reports, measured in one run (ratios mean something only
# within one run on a shared machine). Usage: bench/run_benchmarks.sh [BUILD_DIR]   (default build/release,
# after ./test.sh or a build; the build directory must have been configured with DETSIM_BUILD_BENCH=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
cmake --build "$build" --target detsim bench_solvers bench_engine bench_qre >/dev/null
echo "== solvers (one solve per iteration)"
$build/bench/bench_solvers --benchmark_min_time=0.5
echo "== QRE branch (lambda 0 to 1000; target under 10 ms) and reputation solvers"
$build/bench/bench_qre --benchmark_min_time=0.2
echo "== engine (per core; Arg = threads)"
$build/bench/bench_engine --benchmark_min_time=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bench.toml" <<'TOML'
[scenario]
name = "bench"
[levers]
warning = 0
visibility = 0.5
burden = 0.7
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
patron_nuclear_cost = { uniform = [1, 3] }
challenger_nuclear_cost = { uniform = [3, 7] }
escalation_logit_base = { uniform = [-3.5, -2.5] }
allied_strength = { uniform = [2.5, 3.5] }
TOML
echo "== whole runs: detsim run versus numpy, same policy-mode work, one core"
n=2000000
start=$(date +%s.%N)
$build/sim/detsim run "$tmp/bench.toml" -o "$tmp/a.h5" --draws $n --threads 1 -q >/dev/null
end=$(date +%s.%N)
detsim_rate=$(echo "$n / ($end - $start)" | bc -l)
printf 'detsim run: %d draws in %.3f s = %.3g draws/s (including start-up and the results file)\n' $n "$(echo "$end - $start" | bc -l)" "$detsim_rate"
numpy_line=$(/usr/bin/python3 bench/numpy_policy.py $n)
echo "$numpy_line"
numpy_rate=$(echo "$numpy_line" | sed -E 's/.*= ([0-9.e+]+) draws\/s.*/\1/')
# awk, not bc: numpy's rate is printed in e-notation, which bc misreads.
awk -v a="$detsim_rate" -v b="$numpy_rate" 'BEGIN { printf "ratio detsim / numpy: %.2f\n", a / b }'
echo "== peak memory (resident set) of detsim run: flat in draws"
for draws in 10000 1000000; do
  /usr/bin/time -f "draws=$draws: %M KB peak, %e s" $build/sim/detsim run "$tmp/bench.toml" -o "$tmp/m$draws.h5" \
    --draws $draws --threads 2 -q >/dev/null
done
echo "== MPI ranks: bench/cluster/ranks.sh (needs the mpi preset; see docs/performance.md)"
