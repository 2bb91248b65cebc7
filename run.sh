#!/usr/bin/env bash
# The main job: install what is missing, build, and solve and explain the NCG5 scenario.
# Usage: ./run.sh [SCENARIO.toml]   (default scenarios/ncg5.toml)
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target detsim | grep -v '^\[' || true
scenario="${1:-scenarios/ncg5.toml}"
./build/release/sim/detsim solve "$scenario"
echo
./build/release/sim/detsim explain "$scenario"
