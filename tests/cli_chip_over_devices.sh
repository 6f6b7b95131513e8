#!/bin/sh
# The same chip, one device against several (--backend URI1,URI2,...) and against fixed:// on a
# thread pool (--threads): spikes.csv identical byte for byte.
# Usage: cli_chip_over_devices.sh IONARRAY LAYOUT OUT_DIR STEPS
set -u
ionarray=$1 layout=$2 out=$3 steps=$4
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"
"$ionarray" run "$layout" --backend fixed --steps "$steps" --no-record --out "$out/one" >/dev/null || fail "one fixed:// device"
spikes=$(($(wc -l < "$out/one/spikes.csv") - 1))
[ "$spikes" -gt 100 ] || fail "only $spikes spikes on one device: too few to compare"
n=0
for backend in fixed,fixed fixed,verilator,fixed-link "verilator://,verilator://" "fixed --threads 2" "fixed://?kernel=scalar --threads 3"; do
  n=$((n + 1))
  # (word splitting of $backend on purpose: some carry --threads)
  # shellcheck disable=SC2086
  set -- --backend $backend
  "$ionarray" run "$layout" "$@" --steps "$steps" --no-record --out "$out/$n" >/dev/null || fail "$backend"
  cmp -s "$out/one/spikes.csv" "$out/$n/spikes.csv" || fail "$backend differs from one fixed:// device"
  echo "$backend: $spikes spikes, identical to one device"
done
echo "ALL IDENTICAL"
