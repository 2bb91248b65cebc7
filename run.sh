#!/usr/bin/env bash
# The main job: install what is missing, build, run the NCG5 scenario under parameter uncertainty
# (results in results/ncg5.h5, summary on screen), then explain its equilibrium in plain words.
# Usage: ./run.sh [SCENARIO.toml]   (default scenarios/ncg5.toml)
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target detsim | grep -v '^\[' || true
scenario="${1:-scenarios/ncg5.toml}"
mkdir -p results
out="results/$(basename "$scenario" .toml).h5"
./build/release/sim/detsim run "$scenario" -o "$out" --force
echo
./build/release/sim/detsim explain "$scenario"
