# make bitstream BOARD=<board>: the board top rtl/boards/<board>/ionarray_<board>_top.sv with its
# constraints constraints/boards/<board>/ionarray_<board>.xdc through Vivado in non-project batch
# mode (synthesis, placement, routing, timing summary, bitstream), everything in
# BUILD/bitstream/<board>/.
#   vivado -mode batch -nojournal -source scripts/vivado_bitstream.tcl -tclargs BOARD BUILD [NAME=VALUE ...]
# NAME=VALUE set the top's parameters (TILES, ROWS, COLUMNS, TILES_PER_ENGINE, PCLK_DIVIDE,
# PCLK_PHASE). Stops with exit 1 and one line saying why when a constraint is still TO FILL, when
# a constraint or design rule raised a critical warning before placement, or when timing is not
# met (then no bitstream is written, unless IONARRAY_IGNORE_TIMING=1 is in the environment).

set root [file normalize [file join [file dirname [info script]] ..]]
if {[llength $argv] < 2} {
  puts "vivado_bitstream.tcl: usage: -tclargs BOARD BUILD \[NAME=VALUE ...\]"
  exit 1
}
set board [lindex $argv 0]
set build [file normalize [lindex $argv 1]]
set params [lrange $argv 2 end]

# The boards and their parts (KC705: XC7K325T-2FFG900C).
set parts [dict create kc705 xc7k325tffg900-2]
if {![dict exists $parts $board]} {
  puts "make bitstream: no board '$board' (boards: [join [dict keys $parts] {, }])"
  exit 1
}
set part [dict get $parts $board]
set top ionarray_${board}_top
set xdc $root/constraints/boards/$board/ionarray_$board.xdc
set gen $build/generated/rtl
set out $build/bitstream/$board

# A constraint left TO FILL is an empty "set NAME {}": refuse before spending an hour on it.
set fh [open $xdc]
set missing {}
foreach line [split [read $fh] "\n"] {
  if {[regexp {^\s*set\s+(\S+)\s+\{\}} $line -> name]} { lappend missing $name }
}
close $fh
if {[llength $missing] > 0} {
  puts "make bitstream: [file tail $xdc] still has TO FILL values: [join $missing {, }] (see its comments and docs/usb-board-bringup.md)"
  exit 1
}

# The RTL: rtl/core/sources.txt through scripts/rtl_sources.sh, in the order scripts/synth.sh
# reads it, the generated packages first, then the USB board logic and the board top.
proc rtl_part {part} {
  global root
  return [exec bash -c {root=$1; source "$root/scripts/rtl_sources.sh"; rtl_part "$2"} rtl_part $root $part]
}
set sources [concat $gen/ionarray_formats_pkg.sv $gen/ionarray_engine_pkg.sv [rtl_part package] [rtl_part pipeline] \
  $gen/ionarray_host_link_pkg.sv [rtl_part tile] $gen/ionarray_regs_pkg.sv $gen/ionarray_regs.sv \
  [rtl_part array] $root/rtl/top/ionarray_kernel.sv \
  $root/rtl/top/ionarray_fx3_bridge.sv $root/rtl/top/ionarray_usb_system.sv \
  $root/rtl/boards/$board/$top.sv]
foreach f [concat $sources $gen/ionarray_tables.svh] {
  if {![file exists $f]} {
    puts "make bitstream: $f is missing (the generated packages: cmake --build $build --target formats_generated host_link_generated registers_generated)"
    exit 1
  }
}

proc stop_on_critical_warnings {stage} {
  set n [get_msg_config -severity {CRITICAL WARNING} -count]
  if {$n > 0} {
    puts "make bitstream: $n critical warning(s) by the end of $stage (a constraint that did not apply, or a design rule); see the log"
    exit 1
  }
}

file mkdir $out
read_verilog -sv $sources
read_xdc $xdc
set generics {}
foreach p $params { lappend generics -generic $p }
synth_design -top $top -part $part -include_dirs [list $gen] {*}$generics
stop_on_critical_warnings synthesis
opt_design
stop_on_critical_warnings opt_design
place_design
phys_opt_design
route_design
write_checkpoint -force $out/${top}_routed.dcp

report_timing_summary -max_paths 10 -report_unconstrained -file $out/timing_summary.rpt
check_timing -file $out/check_timing.rpt
report_utilization -file $out/utilization.rpt
report_io -file $out/io.rpt
# Setup and hold of the bus at the FPGA's pins.
report_datasheet -file $out/datasheet.rpt

set setup [get_timing_paths -setup -max_paths 1 -nworst 1]
set hold [get_timing_paths -hold -max_paths 1 -nworst 1]
set wns [expr {[llength $setup] ? [get_property SLACK $setup] : "none"}]
set whs [expr {[llength $hold] ? [get_property SLACK $hold] : "none"}]
puts "make bitstream: worst setup slack $wns ns, worst hold slack $whs ns ($out/timing_summary.rpt)"
if {$wns eq "none" || $whs eq "none" || $wns < 0 || $whs < 0} {
  if {![info exists ::env(IONARRAY_IGNORE_TIMING)] || $::env(IONARRAY_IGNORE_TIMING) ne "1"} {
    puts "make bitstream: timing not met (worst setup $wns ns, hold $whs ns), no bitstream written: see $out/timing_summary.rpt (FX3 bus: PCLK_PHASE, PCLK_DIVIDE; docs/usb-board-bringup.md)"
    exit 1
  }
  puts "make bitstream: timing not met; writing the bitstream anyway (IONARRAY_IGNORE_TIMING=1)"
}
write_bitstream -force $out/ionarray_$board.bit
puts "make bitstream: $out/ionarray_$board.bit"
