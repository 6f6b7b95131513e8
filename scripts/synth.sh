#!/usr/bin/env bash
# make synth: Yosys synth_xilinx of the pipelined neuron engine, of tile shells (a tile with its engine
# left out as a black box, so each tile shape is quick and the engine is counted once) and of
# array shells (the board-level top ionarray_kernel, i.e. array core and register block, with its
# tiles left out), for UltraScale+ (xcup) and 7 series (xc7); plastic tile shells are tile shells
# built with every row plastic and ROW_VOLTAGE_LEVELS row voltages (what plastic layouts need). Writes synth/results.json and
# the synthesis table of docs/rtl.md (SYNTH_DOCS), and prints the table.
# Fails on latches, unmapped cells, tile memories not in block RAM, and on constructs Yosys
# 0.23 silently misreads ("implicitly declared" struct members).
#   SYNTH_FAMILIES="xcup xc7"  SYNTH_SHAPES="16x16 32x32 64x32 32x64"  (ROWSxCOLUMNS, tile and plastic shells)
#   SYNTH_ARRAYS="4x16x16 16x16x16 4x32x32 16x32x32"  (TILESxROWSxCOLUMNS)  SYNTH_ENGINE=1
#   (an empty list or SYNTH_ENGINE=0 skips those runs; the results of the runs made replace the
#   same runs in synth/results.json and the others are kept)
#   BUILD=build (generated packages, synth_collect)  SYNTH_RESULTS=synth/results.json
# For every run, the deepest register-to-register path of the flattened
# netlist: logic levels (synth_collect, estimate/netlist_depth.hpp), Yosys `ltp -noff` over the
# logic cells alone (registers, block RAM and DSPs deleted from a copy), and on xc7, where
# Yosys has cell delays, Yosys `sta`. Yosys does no placement or routing: timing closure needs Vivado.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${BUILD:-$root/build}" && pwd)
gen=$build/generated/rtl
runs=$build/synth
results=${SYNTH_RESULTS:-$root/synth/results.json}
read -r -a families <<< "${SYNTH_FAMILIES:-xcup xc7}"
read -r -a shapes <<< "${SYNTH_SHAPES-16x16 32x32 64x32 32x64}"
read -r -a arrays <<< "${SYNTH_ARRAYS-4x16x16 16x16x16 4x32x32 16x32x32}"

command -v yosys >/dev/null || { echo "synth: yosys not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
[ -f "$gen/ionarray_tables.svh" ] || { echo "synth: $gen has no generated packages: build the formats_generated target" >&2; exit 1; }

source "$root/scripts/rtl_sources.sh"
packages="$gen/ionarray_formats_pkg.sv $gen/ionarray_engine_pkg.sv $(rtl_part package)"
engine_rtl="$packages $(rtl_part pipeline)"
tile_rtl="$engine_rtl $gen/ionarray_host_link_pkg.sv $(rtl_part tile)"
kernel_rtl="$tile_rtl $gen/ionarray_regs_pkg.sv $gen/ionarray_regs.sv $(rtl_part array)$root/rtl/top/ionarray_kernel.sv"
map="-noiopad -noclkbuf"  # a core inside a design: no I/O buffers, no global clock buffer

rm -rf "$runs"
mkdir -p "$runs"

# defines FAMILY: on UltraScale+ the 27 x 18 products are DSP48E2 instances with their registers
# (rtl/core/ionarray_dsp_mul.sv says why).
defines() { [ "$1" = xcup ] && echo "-DIONARRAY_DSP48E2" || true; }

# depth NAME FAMILY: the Yosys commands that record a flattened netlist's path depth.
depth() {
  local name=$1 family=$2 cmds
  cmds="flatten; write_json $runs/$name.netlist.json; read_verilog -lib -specify +/xilinx/cells_sim.v"
  if [ "$family" = xc7 ]; then cmds="$cmds; tee -q -o $runs/$name.sta.log sta"; fi
  echo "$cmds; delete t:FD* t:SRL* t:RAMB* t:DSP48E2; tee -q -o $runs/$name.ltp.log ltp -noff"
}

# run NAME SCRIPT: one Yosys run, its statistics, wall time and version.
run() {
  local name=$1 script=$2 start end
  echo "synth: $name ..."
  start=$(date +%s.%N)
  if ! yosys -q -l "$runs/$name.log" -p "$script; tee -q -o $runs/$name.stat.json stat -json; check -assert${3:+; $3}" >/dev/null; then
    echo "synth: $name failed; see $runs/$name.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  if grep -q "is implicitly declared" "$runs/$name.log"; then
    echo "synth: $name: Yosys misread a construct (implicitly declared identifiers); see $runs/$name.log" >&2
    exit 1
  fi
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", e - s }' > "$runs/$name.seconds"
  yosys -V > "$runs/$name.version"
}

# The array shells and tile shells first (a few minutes each), then the engines (the long runs).
# Every run is flattened (the black boxes stay cells): Yosys 0.23's `stat -json` writes the
# hierarchy of a design more than one level deep as text inside its JSON.
for family in "${families[@]}"; do
  for array in "${arrays[@]}"; do
    IFS=x read -r tiles rows columns <<< "$array"
    run "array-$family-$array" "read_verilog -sv -I$gen $kernel_rtl; blackbox ionarray_tile;
         chparam -set TILES $tiles -set ROWS $rows -set COLUMNS $columns ionarray_kernel;
         hierarchy -top ionarray_kernel; rename -top array_shell; synth_xilinx -family $family -top array_shell -flatten $map" \
        "$(depth "array-$family-$array" "$family")"
  done
done
for family in "${families[@]}"; do
  for shape in "${shapes[@]}"; do
    rows=${shape%x*}
    columns=${shape#*x}
    run "tile-$family-$shape" "read_verilog -sv $(defines "$family") -I$gen $tile_rtl; chparam -set ROWS $rows -set COLUMNS $columns ionarray_tile;
         hierarchy -top ionarray_tile; blackbox *ionarray_engine_pipeline*; rename -top tile_shell;
         synth_xilinx -family $family -top tile_shell -flatten $map" "$(depth "tile-$family-$shape" "$family")"
  done
done
levels=$(sed -n 's/.*ROW_VOLTAGE_LEVELS = \([0-9]*\);.*/\1/p' "$gen/ionarray_formats_pkg.sv")
for family in "${families[@]}"; do
  for shape in "${shapes[@]}"; do
    rows=${shape%x*}
    columns=${shape#*x}
    run "plastic-$family-$shape" "read_verilog -sv $(defines "$family") -I$gen $tile_rtl;
         chparam -set ROWS $rows -set COLUMNS $columns -set PLASTIC_ROWS $rows -set ROW_LEVELS $levels ionarray_tile;
         hierarchy -top ionarray_tile; blackbox *ionarray_engine_pipeline*; rename -top plastic_shell;
         synth_xilinx -family $family -top plastic_shell -flatten $map" "$(depth "plastic-$family-$shape" "$family")"
  done
done
if [ "${SYNTH_ENGINE:-1}" != 0 ]; then
  for family in "${families[@]}"; do
    run "engine-$family" "read_verilog -sv $(defines "$family") -I$gen $engine_rtl;
         synth_xilinx -family $family -top ionarray_engine_pipeline -flatten $map" "$(depth "engine-$family" "$family")"
  done
fi

mkdir -p "$(dirname "$results")"
"$build/synth_collect" "$results" "$runs" "${SYNTH_DOCS:-$root/docs/rtl.md}"
