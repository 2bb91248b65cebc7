#!/usr/bin/env bash
# Every test: install what is missing, build (release), run the whole suite through ctest.
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
# The MPI build (DETSIM_MPI=ON): MPI at 1-3 ranks and a private single-node Slurm (docs/cluster.md).
cmake --preset mpi >/dev/null
cmake --build --preset mpi
ctest --preset mpi
# Sanitizers (ASan+UBSan suite, TSan engine) and bounded fuzzing: docs/reliability.md.
bash tests/reliability/ci_hardening.sh
