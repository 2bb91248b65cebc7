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
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
