#!/usr/bin/env bash
# Installs every Debian 12 package detsim needs to build, test and run.
# Quiet and quick when everything is already there; needs root (or sudo) otherwise.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  libeigen3-dev libboost-program-options-dev libboost-math-dev libboost-random-dev
  libtomlplusplus-dev librandom123-dev libhdf5-dev hdf5-tools
  catch2 libbenchmark-dev nlohmann-json3-dev
  python3 python3-numpy python3-h5py python3-xarray python3-netcdf4 python3-h5netcdf
  # analysis (analysis/python) and its tests
  python3-pandas python3-matplotlib python3-pytest
  # cluster build and its tests: MPI, a single-node Slurm
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev slurm-wlm munge
  # classroom server, its charting library from npm, and the browser test
  libcpp-httplib-dev chromium
  # fuzzing (libFuzzer) and sanitizer runtimes
  clang libclang-rt-14-dev libomp-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm may come from outside Debian (they conflict with Debian's): install only if absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
