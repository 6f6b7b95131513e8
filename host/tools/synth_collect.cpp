// Collects the Yosys runs of scripts/synth.sh into synth/results.json and prints the table.
//   synth_collect RESULTS.json RUN_DIR
// RUN_DIR holds, per run, NAME.stat.json (Yosys `stat -json`), NAME.seconds and NAME.version,
// NAME being engine-FAMILY or tile-FAMILY-ROWSxCOLUMNS. Fails on latches and unmapped cells.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "estimate/synth_results.hpp"
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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: synth_collect RESULTS.json RUN_DIR\n");
    return 2;
  }
  const std::regex name_re(R"((engine|tile)-(xcup|xc7)(?:-(\d+)x(\d+))?\.stat\.json)");
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
    run.kind = m[1] == "engine" ? "engine" : "tile_shell";
    run.family = m[2];
    if (run.kind == "tile_shell") {
      run.rows = std::stoi(m[3]);
      run.columns = std::stoi(m[4]);
    }
    run.seconds = std::stod(first_line(path.parent_path() / (stem + ".seconds")));
    results.tool = first_line(path.parent_path() / (stem + ".version"));
    auto cells = cells_of(path);
    if (run.kind == "tile_shell") cells.erase("ionarray_engine");  // the black box, counted by the engine run
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
    if (run.kind == "tile_shell" && run.resources.bram36 == 0) {
      fmt::print(stderr, "synth: {}: no block RAM: the tile memories were not mapped to RAMB18/RAMB36\n", stem);
      ok = false;
    }
    results.runs.push_back(run);
  }
  if (results.runs.empty()) {
    fmt::print(stderr, "synth: no runs in {}\n", argv[2]);
    return 1;
  }
  fmt::print("{:<22} {:>6} {:>10} {:>10} {:>6} {:>8} {:>8}\n", "run", "family", "LUT", "FF", "DSP", "BRAM36", "seconds");
  for (const auto& r : results.runs)
    fmt::print("{:<22} {:>6} {:>10.0f} {:>10.0f} {:>6.0f} {:>8.1f} {:>8.0f}\n",
               r.kind == "engine" ? std::string("engine") : fmt::format("tile shell {}x{}", r.rows, r.columns), r.family,
               r.resources.luts, r.resources.ffs, r.resources.dsps, r.resources.bram36, r.seconds);
  fmt::print("(tile = tile shell + engine: the tile runs leave the engine out as a black box)\n");
  try {
    save_synth_results(results, argv[1]);
  } catch (const ionarray::InputError& e) {
    fmt::print(stderr, "synth: {}\n", e.what());
    return 1;
  }
  fmt::print("synth: wrote {}\n", argv[1]);
  return ok ? 0 : 1;
}
