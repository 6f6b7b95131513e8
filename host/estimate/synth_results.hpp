#pragma once
// Synthesis results (Yosys synth_xilinx cell counts turned into FPGA resources), as `make synth`
// writes them to synth/results.json and `ionarray estimate` reads them.
#include <map>
#include <string>
#include <vector>

namespace ionarray::estimate {

struct Resources {
  double luts = 0, ffs = 0, dsps = 0, bram36 = 0;  // block RAM in 36 Kb units (a RAMB18 is 0.5)
  Resources operator+(const Resources& o) const { return {luts + o.luts, ffs + o.ffs, dsps + o.dsps, bram36 + o.bram36}; }
  Resources operator*(double k) const { return {luts * k, ffs * k, dsps * k, bram36 * k}; }
};

// What a synthesized netlist's cells amount to. LUTs include LUT RAM and shift registers (they
// occupy LUT sites); latches are counted apart (the RTL must have none); cells Yosys left
// unmapped (names starting with '$') are listed, since their cost is unknown.
struct CellSummary {
  Resources resources;
  long latches = 0;
  std::vector<std::string> unmapped;
};
CellSummary summarize_cells(const std::map<std::string, long>& cells_by_type);

// The deepest register-to-register path of a run's netlist (estimate/netlist_depth.hpp), and
// what Yosys's own passes say of it. Routing is in none of them.
struct PathDepth {
  double levels = -1;   // logic levels (a CARRY4 counts half); < 0: not measured
  long cells = 0;       // cells on that path
  std::string path;     // their types, from the launching register
  long ltp_cells = -1;  // Yosys `ltp -noff` over the logic cells: the longest path in cells; < 0: not run
  double sta_ns = -1;   // Yosys `sta` latest arrival with its 7-series cell delays; < 0: not run
};

// One synthesis run: the engine alone, a tile with its engine left out (a black box), or the
// board-level top (array core and register block) with its tiles left out. Black boxes make the
// runs fast and count each part once: tile = tile shell + engine, array = array shell + tiles.
struct SynthRun {
  // "engine", "tile_shell", "plastic_shell" (a tile shell with every row plastic and
  // ROW_VOLTAGE_LEVELS row voltages) or "array_shell"
  std::string kind;
  std::string family;  // synth_xilinx -family: "xcup" or "xc7"
  int rows = 0, columns = 0;  // tile and array shells
  double seconds = 0;         // Yosys wall time
  Resources resources;
  int tiles = 0;  // array shell only
  PathDepth depth;
};

// "engine", "tile shell 32 x 32" or "array shell, 16 tiles of 32 x 32".
std::string run_name(const SynthRun& run);

struct SynthResults {
  std::string tool;  // Yosys version line
  std::vector<SynthRun> runs;
};

// Reads synth/results.json; a bad file is an InputError naming the file and the field.
SynthResults load_synth_results(const std::string& path);
void save_synth_results(const SynthResults& results, const std::string& path);

}  // namespace ionarray::estimate
