# Vitis HLS: C synthesis of the XRT kernel ionarray_link, the top xrt:// loads (run from the
# repository root by `make hls`). Part, clock and top are overridable:
#   vitis_hls -f hls/scripts/csynth.tcl -tclargs xcu250-figd2104-2L-e 4.0
#   vitis_hls -f hls/scripts/csynth.tcl -tclargs xcu55c-fsvh2892-2L-e 4.0 ionarray_top   (the AXI-Stream top)
set part  [expr {[llength $argv] > 0 ? [lindex $argv 0] : "xcu55c-fsvh2892-2L-e"}]
set clock [expr {[llength $argv] > 1 ? [lindex $argv 1] : "4.0"}]
set top   [expr {[llength $argv] > 2 ? [lindex $argv 2] : "ionarray_link"}]
set build [expr {[info exists ::env(BUILD)] ? $::env(BUILD) : "build"}]

open_project -reset $build/hls/$top
set_top $top
add_files hls/top/$top.cpp -cflags "-std=c++17 -Ihls -Ihls/top -I$build/generated"
open_solution -reset "solution_${part}" -flow_target vitis
set_part $part
create_clock -period $clock -name default
config_interface -m_axi_latency 64
csynth_design
exit
