#!/usr/bin/env bash
# Installs the Debian 12 packages ionarray builds and runs with; installs only what is missing.
#   scripts/install-deps.sh          build, run and test
#   scripts/install-deps.sh bench    also Brian2, which the benchmarks compare against
set -euo pipefail

packages=(
  build-essential cmake make pkg-config
  doctest-dev libcli11-dev libtoml11-dev nlohmann-json3-dev libfmt-dev
  libbenchmark-dev gnuplot-nox
  libusb-1.0-0-dev
  verilator zlib1g-dev
  libsystemc-dev  # systemc:// (SystemC 2.3 with TLM-2.0; verilator --sc)
  yosys       # make synth (Debian 12 ships 0.23; its SystemVerilog subset shapes rtl/core)
  clang libclang-rt-14-dev  # make fuzz: clang 14 and its libFuzzer and sanitizer runtimes
  python3-dev pybind11-dev python3-numpy python3-pytest  # the Python module (python/) and its tests
  python3-matplotlib  # the Python examples' plots (examples/python/)
  libopenmpi-dev openmpi-bin  # mpirun -np N ionarray run: a chip's tiles over MPI ranks
)
if [ "${1:-}" = "bench" ]; then
  packages+=(python3-brian)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root (or: sudo $0)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
