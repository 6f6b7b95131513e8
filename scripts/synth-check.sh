#!/usr/bin/env bash
# Quick check (seconds, in ctest when yosys is installed) that Yosys 0.23 still reads the engine
# and tile RTL completely and finds no latch; `make synth` does the full synthesis.
#   scripts/synth-check.sh GENERATED_RTL_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
sources="$gen/ionarray_formats_pkg.sv $gen/ionarray_tables_pkg.sv $root/rtl/core/ionarray_arith_pkg.sv
  $root/rtl/core/ionarray_engine_pkg.sv $gen/ionarray_host_link_pkg.sv $root/rtl/core/ionarray_engine.sv
  $root/rtl/core/ionarray_ram.sv $root/rtl/core/ionarray_tile.sv"
yosys -q -l "$log" -p "read_verilog -sv $(echo $sources); chparam -set ROWS 16 -set COLUMNS 16 ionarray_tile;
  hierarchy -top ionarray_tile; proc; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr" >/dev/null
if grep -q "is implicitly declared" "$log"; then
  echo "synth-check: Yosys misread the RTL (struct members or names it cannot resolve):" >&2
  grep "is implicitly declared" "$log" | head -5 >&2
  exit 1
fi
echo "synth-check: Yosys reads the engine and tile RTL; no latches"
