#include "estimate/synth_results.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/input_error.hpp"

namespace ionarray::estimate {
namespace {

// LUT sites each Xilinx LUT-RAM or shift-register primitive occupies (UG474, UG574).
const std::map<std::string, double> kLutSites = {
    {"LUT1", 1},      {"LUT2", 1},      {"LUT3", 1},       {"LUT4", 1},       {"LUT5", 1},      {"LUT6", 1},
    {"LUT6_2", 1},    {"SRL16E", 1},    {"SRLC32E", 1},    {"RAM32X1S", 1},   {"RAM64X1S", 1},  {"RAM128X1S", 2},
    {"RAM256X1S", 4}, {"RAM32X1D", 2},  {"RAM64X1D", 2},   {"RAM128X1D", 4},  {"RAM256X1D", 8}, {"RAM32M", 4},
    {"RAM64M", 4},    {"RAM32M16", 8},  {"RAM64M8", 8},    {"RAM512X1S", 8},
    {"INV", 1}};  // an inverter is a LUT1 (Vivado absorbs many into neighbouring LUTs: an upper bound)
const std::map<std::string, double> kFlipFlops = {{"FDRE", 1}, {"FDSE", 1}, {"FDCE", 1}, {"FDPE", 1}};
const std::map<std::string, double> kDsps = {{"DSP48E1", 1}, {"DSP48E2", 1}};
const std::map<std::string, double> kBram36 = {{"RAMB36E1", 1}, {"RAMB36E2", 1}, {"RAMB18E1", 0.5}, {"RAMB18E2", 0.5}};
// Cells that use none of the four resources counted here.
const char* const kFree[] = {"CARRY4", "CARRY8", "MUXF7", "MUXF8", "MUXF9", "BUFG", "IBUF", "OBUF", "GND", "VCC"};

double lookup(const std::map<std::string, double>& table, const std::string& cell) {
  const auto it = table.find(cell);
  return it == table.end() ? 0 : it->second;
}

}  // namespace

CellSummary summarize_cells(const std::map<std::string, long>& cells_by_type) {
  CellSummary s;
  for (const auto& [cell, count] : cells_by_type) {
    const double n = static_cast<double>(count);
    if (cell == "LDCE" || cell == "LDPE" || cell.find("DLATCH") != std::string::npos || cell.find("dlatch") != std::string::npos) {
      s.latches += count;
    } else if (kLutSites.count(cell)) {
      s.resources.luts += n * lookup(kLutSites, cell);
    } else if (kFlipFlops.count(cell)) {
      s.resources.ffs += n;
    } else if (kDsps.count(cell)) {
      s.resources.dsps += n;
    } else if (kBram36.count(cell)) {
      s.resources.bram36 += n * lookup(kBram36, cell);
    } else if (std::find(std::begin(kFree), std::end(kFree), cell) == std::end(kFree)) {
      s.unmapped.push_back(cell);
    }
  }
  return s;
}

namespace {

double number(const nlohmann::json& j, const std::string& path, const std::string& where, const std::string& field) {
  if (!j.contains(field) || !j.at(field).is_number())
    throw InputError(path, 0, where + field, "missing or not a number");
  const double v = j.at(field).get<double>();
  if (v < 0) throw InputError(path, 0, where + field, fmt::format("must be >= 0, got {}", v));
  return v;
}

}  // namespace

SynthResults load_synth_results(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "", "cannot open the synthesis results (run `make synth` to produce them)");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, "", fmt::format("not valid JSON: {}", e.what()));
  }
  if (!j.contains("runs") || !j.at("runs").is_array()) throw InputError(path, 0, "runs", "missing or not an array");
  SynthResults r;
  r.tool = j.value("tool", "");
  for (std::size_t k = 0; k < j.at("runs").size(); ++k) {
    const auto& e = j.at("runs")[k];
    const std::string where = fmt::format("runs[{}].", k);
    SynthRun run;
    run.kind = e.value("kind", "");
    run.family = e.value("family", "");
    if (run.kind != "engine" && run.kind != "tile_shell" && run.kind != "plastic_shell" && run.kind != "array_shell")
      throw InputError(path, 0, where + "kind",
                       fmt::format("'{}'; allowed: engine, tile_shell, plastic_shell, array_shell", run.kind));
    if (run.family != "xcup" && run.family != "xc7")
      throw InputError(path, 0, where + "family", fmt::format("'{}'; allowed: xcup, xc7", run.family));
    if (run.kind != "engine") {
      run.rows = static_cast<int>(number(e, path, where, "rows"));
      run.columns = static_cast<int>(number(e, path, where, "columns"));
      if (run.rows < 1 || run.columns < 1) throw InputError(path, 0, where + "rows", "shells need rows and columns >= 1");
    }
    if (run.kind == "array_shell") {
      run.tiles = static_cast<int>(number(e, path, where, "tiles"));
      if (run.tiles < 1) throw InputError(path, 0, where + "tiles", "array shells need tiles >= 1");
    }
    run.seconds = e.contains("seconds") ? number(e, path, where, "seconds") : 0;
    run.resources = {number(e, path, where, "luts"), number(e, path, where, "ffs"), number(e, path, where, "dsps"), number(e, path, where, "bram36")};
    if (e.contains("depth")) {
      const auto& d = e.at("depth");
      const std::string at = where + "depth.";
      run.depth.levels = number(d, path, at, "levels");
      run.depth.cells = static_cast<long>(number(d, path, at, "cells"));
      run.depth.path = d.value("path", "");
      if (d.contains("ltp_cells")) run.depth.ltp_cells = static_cast<long>(number(d, path, at, "ltp_cells"));
      if (d.contains("sta_ns")) run.depth.sta_ns = number(d, path, at, "sta_ns");
    }
    r.runs.push_back(run);
  }
  return r;
}

std::string run_name(const SynthRun& run) {
  if (run.kind == "engine") return "engine";
  if (run.kind == "tile_shell") return fmt::format("tile shell {} x {}", run.rows, run.columns);
  if (run.kind == "plastic_shell") return fmt::format("plastic tile shell {} x {}", run.rows, run.columns);
  return fmt::format("array shell, {} tiles of {} x {}", run.tiles, run.rows, run.columns);
}

void save_synth_results(const SynthResults& results, const std::string& path) {
  nlohmann::json j;
  j["tool"] = results.tool;
  j["runs"] = nlohmann::json::array();
  for (const auto& run : results.runs) {
    nlohmann::json e = {{"kind", run.kind}, {"family", run.family}, {"seconds", run.seconds},
                        {"luts", run.resources.luts}, {"ffs", run.resources.ffs}, {"dsps", run.resources.dsps},
                        {"bram36", run.resources.bram36}};
    if (run.kind != "engine") {
      e["rows"] = run.rows;
      e["columns"] = run.columns;
    }
    if (run.kind == "array_shell") e["tiles"] = run.tiles;
    if (run.depth.levels >= 0) {
      nlohmann::json d = {{"levels", run.depth.levels}, {"cells", run.depth.cells}, {"path", run.depth.path}};
      if (run.depth.ltp_cells >= 0) d["ltp_cells"] = run.depth.ltp_cells;
      if (run.depth.sta_ns >= 0) d["sta_ns"] = run.depth.sta_ns;
      e["depth"] = d;
    }
    j["runs"].push_back(e);
  }
  std::ofstream out(path);
  if (!out) throw InputError(path, 0, "", "cannot write the synthesis results");
  out << j.dump(2) << '\n';
}

}  // namespace ionarray::estimate
