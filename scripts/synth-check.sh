#!/usr/bin/env bash
# Quick check (seconds, in ctest when yosys is installed) that Yosys 0.23 still reads the engine,
# tile, array core and board-level top RTL completely and finds no latch, and that no memory of
# the array core became registers; `make synth` does the full synthesis.
#   scripts/synth-check.sh GENERATED_RTL_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
source "$root/scripts/rtl_sources.sh"
sources="$gen/ionarray_formats_pkg.sv $gen/ionarray_engine_pkg.sv $(rtl_part package) $gen/ionarray_host_link_pkg.sv $root/rtl/core/ionarray_engine.sv
  $(rtl_part pipeline) $(rtl_part tile)"
kernel_sources="$gen/ionarray_regs_pkg.sv $gen/ionarray_regs.sv $(rtl_part array)$root/rtl/top/ionarray_kernel.sv"
no_latch="select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr"
yosys -q -l "$log" -p "read_verilog -sv -I$gen $(echo $sources); chparam -set ROWS 16 -set COLUMNS 16 ionarray_tile;
  hierarchy -top ionarray_tile; proc; $no_latch" >/dev/null
yosys -q -l "$log.kernel" -p "read_verilog -sv -I$gen $(echo $sources $kernel_sources); blackbox ionarray_tile;
  chparam -set TILES 4 -set ROWS 16 -set COLUMNS 16 ionarray_kernel; hierarchy -top ionarray_kernel; proc; $no_latch" >/dev/null
cat "$log.kernel" >> "$log"
rm -f "$log.kernel"
# The array core's large memories (event queue, routes, spike list, output FIFO) must stay memories.
for memory in events_q routes_q spiked_q out_mem; do
  if grep -q "Replacing memory \\\\$memory with list of registers" "$log"; then
    echo "synth-check: Yosys turned the array core's $memory into registers (a memory written under a reset?)" >&2
    exit 1
  fi
done
if grep -q "is implicitly declared" "$log"; then
  echo "synth-check: Yosys misread the RTL (struct members or names it cannot resolve):" >&2
  grep "is implicitly declared" "$log" | head -5 >&2
  exit 1
fi
echo "synth-check: Yosys reads the engine, tile, array core and kernel RTL; no latches; the core's memories stay memories"
