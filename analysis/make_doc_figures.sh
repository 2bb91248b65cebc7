#!/bin/bash
# Regenerates the figures of docs/analysis.md (docs/figures/*.png) from the shipped scenarios.
#   analysis/make_doc_figures.sh [path/to/detsim]     (default: build/release/sim/detsim)
# Modest draws keep it to about a minute; the same detsim build gives the same PNGs byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
detsim=${1:-${DETSIM:-build/release/sim/detsim}}
[ -x "$detsim" ] || { echo "make_doc_figures.sh: no detsim binary at $detsim (build it, or pass its path)" >&2; exit 2; }
python=/usr/bin/python3
plot="$python analysis/python/detsim-plot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=docs/figures
mkdir -p "$out"

"$detsim" run scenarios/ncg4-vs-ncg5.toml -o "$work/pairs.h5" --draws 4000 --per-draw -q > /dev/null
"$detsim" run scenarios/levers-sweep.toml -o "$work/sweep.h5" --draws 500 -q > /dev/null
"$detsim" run scenarios/sensitivity-lhs.toml -o "$work/lhs.h5" --draws 400 -q > /dev/null

$plot "$work/pairs.h5" --out "$out" --format png --prefix ncg4-vs-ncg5- --only outcomes,waterfall
$plot "$work/sweep.h5" --out "$out" --format png --prefix levers-sweep- --only heatmaps
$plot "$work/sweep.h5" --out "$out" --format png --prefix levers-sweep- --only fan \
      --fan-along visibility --fix warning=0 --fix burden=0.7
$plot "$work/lhs.h5" --out "$out" --format png --prefix sensitivity-lhs- --only tornado
ls -l "$out"/*.png
