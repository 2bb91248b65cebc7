#!/usr/bin/env bash
# 1 versus 2 MPI ranks on this machine, for the same sweep (docs/performance.md).
# Usage: bench/cluster/ranks.sh [DETSIM]   (an MPI build: cmake --preset mpi; default build/mpi/sim/detsim)
# Prints wall times of: 1 process x 2 threads, 1 rank x 1 thread, 2 ranks x 1 thread, 2 ranks x 2 threads;
# every output is checked to be byte-identical to the first.
set -euo pipefail
detsim=$(realpath "${1:-build/mpi/sim/detsim}")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > policy.toml <<'TOML'
[scenario]
name = "bench-policy"
mode = "policy"
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
patron_nuclear_cost = { uniform = [1, 3] }
challenger_cost_ratio_alone = { beta = [8, 2] }
[run]
draws = 400000
games = 2
seed = 3
[sweep.axes]
levers.warning = [0, 1]
levers.visibility = { from = 0, to = 1, steps = 8 }
TOML
sed -e 's/bench-policy/bench-sinking/' -e 's/"policy"/"sinking-costs"/' -e 's/draws = 400000/draws = 1500/' policy.toml > sinking.toml
timed() {  # label, output, command...
  local label=$1 out=$2; shift 2
  local t0=$(date +%s.%N)
  "$@" -o "$out" -q >/dev/null
  local t1=$(date +%s.%N)
  printf "  %-28s %7.2f s\n" "$label" "$(echo "$t1 - $t0" | bc -l)"
}
for s in policy sinking; do
  echo "$s: 16 cells ($(grep '^draws' $s.toml))"
  timed "1 process x 2 threads" $s-serial.h5 "$detsim" run $s.toml --threads 2
  timed "1 rank x 1 thread" $s-r1t1.h5 mpirun -np 1 --bind-to none "$detsim" run $s.toml --threads 1
  timed "2 ranks x 1 thread" $s-r2t1.h5 mpirun -np 2 --bind-to core "$detsim" run $s.toml --threads 1
  timed "2 ranks x 2 threads" $s-r2t2.h5 mpirun -np 2 --bind-to none "$detsim" run $s.toml --threads 2
  for f in $s-r1t1.h5 $s-r2t1.h5 $s-r2t2.h5; do cmp -s $s-serial.h5 $f || { echo "  $f differs from the serial file"; exit 1; }; done
  echo "  (all outputs byte-identical)"
done
