#!/bin/sh
# Every example, run for a few hundred steps on each given device, gives exactly the spikes of
# fixed:// (the same chip, the same inputs, the fixed-point golden model).
# Usage: cli_examples_equal.sh IONARRAY EXAMPLES_DIR OUT_DIR STEPS DEVICE...
set -u
ionarray=$1 examples=$2 out=$3 steps=$4
shift 4
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"
for layout in "$examples"/*.toml; do
  name=$(basename "$layout" .toml)
  "$ionarray" run "$layout" --backend fixed --steps "$steps" --no-record --out "$out/$name-fixed" >/dev/null || fail "$name on fixed://"
  for device in "$@"; do
    dir="$out/$name-$(echo "$device" | tr -c 'a-z0-9\n' '_')"
    "$ionarray" run "$layout" --backend "$device" --steps "$steps" --no-record --out "$dir" >/dev/null || fail "$name on $device"
    cmp -s "$out/$name-fixed/spikes.csv" "$dir/spikes.csv" || fail "$name: $device differs from fixed://"
    echo "$name on $device: $(($(wc -l < "$dir/spikes.csv") - 1)) spikes, identical to fixed://"
  done
done
echo "ALL IDENTICAL"
