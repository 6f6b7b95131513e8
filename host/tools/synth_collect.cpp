// Collects the Yosys runs of scripts/synth.sh into synth/results.json and prints the table.
//   synth_collect RESULTS.json RUN_DIR [DOCS.md]
// With DOCS.md (docs/rtl.md), its synthesis table is rewritten from the results as well.
// RUN_DIR holds, per run, NAME.stat.json (Yosys `stat -json`), NAME.seconds and NAME.version,
// and where measured NAME.netlist.json (the flattened netlist, for the deepest register-to-register
// path), NAME.ltp.log (Yosys `ltp -noff`) and NAME.sta.log (Yosys `sta`),
// NAME being engine-FAMILY, tile-FAMILY-ROWSxCOLUMNS or array-FAMILY-TILESxROWSxCOLUMNS. Fails on
// latches and unmapped cells. Runs already in RESULTS.json that RUN_DIR does not repeat are kept
// when they come from the same Yosys version, so a partial `make synth` updates what it re-ran.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "estimate/netlist_depth.hpp"
#include "estimate/synth_results.hpp"
#include "estimate/synth_table.hpp"
#include "io/input_error.hpp"

namespace fs = std::filesystem;
using namespace ionarray::estimate;

namespace {

std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

std::map<std::string, long> cells_of(const fs::path& stat_json) {
  std::ifstream in(stat_json);
  const auto j = nlohmann::json::parse(in);
  std::map<std::string, long> cells;
  for (const auto& [cell, count] : j.at("design").at("num_cells_by_type").items()) cells[cell] = count.get<long>();
  return cells;
}

// The first number after `marker` in a Yosys log, or `none`.
template <typename T>
T number_after(const fs::path& log, const std::string& marker, T none) {
  std::ifstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find(marker);
    if (at == std::string::npos) continue;
    std::smatch m;
    const std::string rest = line.substr(at + marker.size());
    if (std::regex_search(rest, m, std::regex(R"([0-9]+(\.[0-9]+)?)"))) return static_cast<T>(std::stod(m[0]));
  }
  return none;
}

// The path depth of a run, from whichever of its netlist and logs exist. An engine's products
// must be DSP48E2s with their registers on UltraScale+ (ionarray_dsp_mul.sv instantiates them):
// `ok` turns false when one is not.
PathDepth depth_of(const fs::path& dir, const std::string& stem, bool& ok) {
  PathDepth d;
  const fs::path netlist = dir / (stem + ".netlist.json");
  if (!fs::exists(netlist)) return d;
  std::ifstream in(netlist);
  const auto j = nlohmann::json::parse(in);
  std::string top;
  for (const auto& [name, module] : j.at("modules").items())
    if (module.value("attributes", nlohmann::json::object()).contains("top")) top = name;
  const NetlistDepth n = netlist_depth(j, top);
  d.levels = n.levels;
  d.cells = n.cells;
  if (n.registered_dsps + n.unregistered_dsps > 0)
    fmt::print("synth: {}: {} DSPs with their A/B, M and P registers, {} without\n", stem, n.registered_dsps, n.unregistered_dsps);
  if (stem == "engine-xcup" && n.unregistered_dsps > 0) {
    fmt::print(stderr, "synth: {}: {} DSP48E2 without all of their registers\n", stem, n.unregistered_dsps);
    ok = false;
  }
  for (const auto& type : n.path) d.path += (d.path.empty() ? "" : " ") + type;
  d.ltp_cells = number_after<long>(dir / (stem + ".ltp.log"), "(length=", -1);
  const double sta_ps = number_after<double>(dir / (stem + ".sta.log"), "Latest arrival time in", -1.0);
  d.sta_ns = sta_ps < 0 ? -1.0 : sta_ps / 1000;
  return d;
}

bool same_run(const SynthRun& a, const SynthRun& b) {
  return a.kind == b.kind && a.family == b.family && a.tiles == b.tiles && a.rows == b.rows && a.columns == b.columns;
}

// Adds the runs of the results file at `path` that `results` does not repeat, if both come from
// the same Yosys.
void keep_earlier_runs(SynthResults& results, const std::string& path) {
  if (!fs::exists(path)) return;
  const SynthResults earlier = load_synth_results(path);
  if (earlier.tool != results.tool) {
    fmt::print("synth: {} came from {}; its runs are not kept\n", path, earlier.tool);
    return;
  }
  for (const auto& run : earlier.runs)
    if (std::none_of(results.runs.begin(), results.runs.end(), [&](const SynthRun& r) { return same_run(r, run); }))
      results.runs.push_back(run);
  std::sort(results.runs.begin(), results.runs.end(), [](const SynthRun& a, const SynthRun& b) {
    return std::tie(a.kind, a.family, a.tiles, a.rows, a.columns) < std::tie(b.kind, b.family, b.tiles, b.rows, b.columns);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    fmt::print(stderr, "usage: synth_collect RESULTS.json RUN_DIR [DOCS.md]\n");
    return 2;
  }
  const std::regex name_re(R"((engine|tile|plastic|array)-(xcup|xc7)(?:-(\d+)x(\d+)(?:x(\d+))?)?\.stat\.json)");
  SynthResults results;
  bool ok = true;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(argv[2])) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::smatch m;
    const std::string file = path.filename().string();
    if (!std::regex_match(file, m, name_re)) continue;
    const std::string stem = file.substr(0, file.size() - std::string(".stat.json").size());
    SynthRun run;
    run.kind = m[1] == "engine" ? "engine" : m[1] == "tile" ? "tile_shell" : m[1] == "plastic" ? "plastic_shell" : "array_shell";
    run.family = m[2];
    if (run.kind == "tile_shell" || run.kind == "plastic_shell") {
      run.rows = std::stoi(m[3]);
      run.columns = std::stoi(m[4]);
    } else if (run.kind == "array_shell") {
      run.tiles = std::stoi(m[3]);
      run.rows = std::stoi(m[4]);
      run.columns = std::stoi(m[5]);
    }
    run.seconds = std::stod(first_line(path.parent_path() / (stem + ".seconds")));
    results.tool = first_line(path.parent_path() / (stem + ".version"));
    auto cells = cells_of(path);
    // The black boxes, counted by the engine and tile runs.
    // (the engine is a parameterized module: its black box is named $paramod\ionarray_engine_pipeline\...)
    if (run.kind == "tile_shell" || run.kind == "plastic_shell")
      std::erase_if(cells, [](const auto& cell) { return cell.first.find("ionarray_engine_pipeline") != std::string::npos; });
    if (run.kind == "array_shell") cells.erase("ionarray_tile");
    const CellSummary s = summarize_cells(cells);
    run.resources = s.resources;
    if (s.latches != 0) {
      fmt::print(stderr, "synth: {}: {} latches (the RTL must have none)\n", stem, s.latches);
      ok = false;
    }
    for (const auto& cell : s.unmapped) {
      fmt::print(stderr, "synth: {}: cell {} left unmapped\n", stem, cell);
      ok = false;
    }
    if (run.kind != "engine" && run.resources.bram36 == 0) {
      fmt::print(stderr, "synth: {}: no block RAM: the {} were not mapped to RAMB18/RAMB36\n", stem,
                 run.kind == "array_shell" ? "array core's event queue and output FIFO" : "tile memories");
      ok = false;
    }
    run.depth = depth_of(path.parent_path(), stem, ok);
    results.runs.push_back(run);
  }
  if (results.runs.empty()) {
    fmt::print(stderr, "synth: no runs in {}\n", argv[2]);
    return 1;
  }
  try {
    keep_earlier_runs(results, argv[1]);
  } catch (const ionarray::InputError& e) {
    fmt::print(stderr, "synth: {}\n", e.what());
    return 1;
  }
  fmt::print("{:<34} {:>6} {:>10} {:>10} {:>6} {:>8} {:>8} {:>7}\n", "run", "family", "LUT", "FF", "DSP", "BRAM36", "seconds", "levels");
  for (const auto& r : results.runs)
    fmt::print("{:<34} {:>6} {:>10.0f} {:>10.0f} {:>6.0f} {:>8.1f} {:>8.0f} {:>7}\n", run_name(r),
               r.family,
               r.resources.luts, r.resources.ffs, r.resources.dsps, r.resources.bram36, r.seconds,
               r.depth.levels >= 0 ? fmt::format("{:g}", r.depth.levels) : std::string("-"));
  fmt::print("(tile = tile shell + engine, array = array shell + tiles: black boxes leave those out)\n");
  try {
    save_synth_results(results, argv[1]);
  } catch (const ionarray::InputError& e) {
    fmt::print(stderr, "synth: {}\n", e.what());
    return 1;
  }
  fmt::print("synth: wrote {}\n", argv[1]);
  if (argc > 3) {
    try {
      std::ifstream in(argv[3]);
      const std::string document((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::string updated = with_synth_table(document, synth_table_markdown(results), argv[3]);
      std::ofstream(argv[3]) << updated;
    } catch (const ionarray::InputError& e) {
      fmt::print(stderr, "synth: {}\n", e.what());
      return 1;
    }
    fmt::print("synth: rewrote the synthesis table of {}\n", argv[3]);
  }
  return ok ? 0 : 1;
}
