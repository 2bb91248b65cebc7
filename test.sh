#!/usr/bin/env bash
# Every test: install what is missing, build (release), run the whole suite through ctest.
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
