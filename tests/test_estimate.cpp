// The arithmetic of `ionarray estimate`: cell counts to resources, the tile scaling model, how
// many tiles fit a part and which resource limits them, the step cycles, and bad part names.
// Expected values are worked out by hand from the inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "estimate/estimate.hpp"
#include "estimate/netlist_depth.hpp"
#include "estimate/synth_table.hpp"
#include "io/input_error.hpp"
#include "ionarray/plastic_synapse.hpp"
#include "temp_files.hpp"

using namespace ionarray;
using namespace ionarray::estimate;

TEST_CASE("estimate: Yosys cells become LUT, FF, DSP and block RAM, with latches and unmapped cells reported") {
  const CellSummary s = summarize_cells({{"LUT6", 10}, {"LUT3", 5}, {"RAM32M", 2}, {"SRLC32E", 1}, {"FDRE", 7}, {"FDCE", 3},
                                         {"DSP48E2", 4}, {"RAMB18E2", 3}, {"RAMB36E2", 1}, {"CARRY8", 9}, {"MUXF7", 2},
                                         {"LDCE", 1}, {"$mul", 1}, {"INV", 2}});
  CHECK(s.resources.luts == 26);  // 10 + 5 + 2 x 4 + 1 + 2
  CHECK(s.resources.ffs == 10);
  CHECK(s.resources.dsps == 4);
  CHECK(s.resources.bram36 == 2.5);  // 3 halves + 1
  CHECK(s.latches == 1);
  REQUIRE(s.unmapped.size() == 1);
  CHECK(s.unmapped[0] == "$mul");
}

TEST_CASE("estimate: tiles per part and the resource that limits them") {
  const Resources tile{1000, 2000, 10, 2};
  // xc7a100t: 63400 / 1000 = 63 by LUT, 126800 / 2000 = 63 by FF, 240 / 10 = 24 by DSP, 135 / 2 = 67 by BRAM.
  PartFit fit = fit_on_part(tile, find_part("xc7a100t"));
  CHECK(fit.tiles == 24);
  CHECK(fit.limit == "DSP");
  CHECK(fit.per_tile == 10);
  CHECK(fit.available == 240);
  // xcu250: 1728 by LUT and FF, 1228 by DSP, 1344 by BRAM.
  fit = fit_on_part(tile, find_part("xcu250"));
  CHECK(fit.tiles == 1228);
  CHECK(fit.limit == "DSP");
  // No DSP use; xc7k325t: 445 / 10 = 44 by BRAM, 2038 by LUT.
  fit = fit_on_part({100, 100, 0, 10}, find_part("xc7k325t"));
  CHECK(fit.tiles == 44);
  CHECK(fit.limit == "BRAM");
  // xcu55c: 1303680 / 200000 = 6 by LUT.
  fit = fit_on_part({200000, 1000, 1, 1}, find_part("xcu55c"));
  CHECK(fit.tiles == 6);
  CHECK(fit.limit == "LUT");
  // A tile larger than the part: 0, by the resource it has too little of.
  fit = fit_on_part({1000, 1000, 300, 1}, find_part("xc7a100t"));
  CHECK(fit.tiles == 0);
  CHECK(fit.limit == "DSP");
}

TEST_CASE("estimate: an unknown part is refused with the known parts listed") {
  try {
    find_part("xcu280");
    FAIL("xcu280 was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("--part") != std::string::npos);
    CHECK(std::string(e.what()).find("unknown part 'xcu280'; known parts: xcu55c, xcu250, xc7k325t, xc7a100t") !=
          std::string::npos);
  }
}

TEST_CASE("estimate: the tile-shell model recovers row and column slopes, and refuses too few or collinear shapes") {
  SynthResults r;
  auto shell = [&](int rows, int columns) {
    // LUT = 100 + 3 rows + 50 columns, FF = 20 + 100 columns, DSP = columns, BRAM = 2 + columns / 4
    r.runs.push_back({"tile_shell", "xcup", rows, columns, 1.0,
                      {100.0 + 3 * rows + 50 * columns, 20.0 + 100 * columns, double(columns), 2 + columns / 4.0}});
  };
  shell(16, 16);
  shell(32, 32);
  CHECK_THROWS_AS(fit_shell_model(r, "xcup"), InputError);  // two shapes
  shell(64, 64);
  CHECK_THROWS_AS(fit_shell_model(r, "xcup"), InputError);  // three on one line
  shell(64, 32);
  const Resources at = fit_shell_model(r, "xcup").at(128, 256);
  CHECK(at.luts == doctest::Approx(100 + 384 + 12800));
  CHECK(at.ffs == doctest::Approx(20 + 25600));
  CHECK(at.dsps == doctest::Approx(256));
  CHECK(at.bram36 == doctest::Approx(66));
  CHECK_THROWS_AS(fit_shell_model(r, "xc7"), InputError);  // no runs of that family
  CHECK_THROWS_AS(engine_resources(r, "xcup"), InputError);
  // Plastic tile shells are a model of their own, used for tiles built with plastic rows or
  // more than one row voltage.
  CHECK_THROWS_AS(fit_shell_model(r, "xcup", "plastic_shell"), InputError);
  for (const auto& [rows, columns] : {std::pair{16, 16}, {32, 32}, {64, 32}})
    r.runs.push_back({"plastic_shell", "xcup", rows, columns, 1.0, {3000.0 + 10 * rows * 1.0, 2000, 7, 1.0 + rows / 16.0}});
  const Resources plastic = fit_shell_model(r, "xcup", "plastic_shell").at(128, 256);
  CHECK(plastic.luts == doctest::Approx(3000 + 1280));
  CHECK(plastic.dsps == doctest::Approx(7));
  CHECK(fit_shell_model(r, "xcup").at(128, 256).luts == doctest::Approx(at.luts));  // the tile shells' model unchanged
  CHECK(shell_kind({}) == "tile_shell");
  CHECK(shell_kind({.row_levels = 2}) == "plastic_shell");
  CHECK(shell_kind({.plastic_rows = 1}) == "plastic_shell");
}

TEST_CASE("estimate: tiles fit beside the array core's fixed share") {
  // xc7a100t LUT: (63400 - 3400) / 1000 = 60 tiles; DSP: (240 - 0) / 10 = 24.
  PartFit fit = fit_on_part({1000, 10, 10, 1}, find_part("xc7a100t"), {3400, 0, 0, 0});
  CHECK(fit.tiles == 24);
  CHECK(fit.limit == "DSP");
  fit = fit_on_part({1000, 10, 1, 1}, find_part("xc7a100t"), {3400, 0, 0, 0});
  CHECK(fit.tiles == 60);
  CHECK(fit.limit == "LUT");
  CHECK(fit.available == 60000);
  // A core larger than the part leaves room for none (not a negative count).
  fit = fit_on_part({1000, 10, 1, 1}, find_part("xc7a100t"), {70000, 0, 0, 0});
  CHECK(fit.tiles == 0);
  CHECK(fit.limit == "LUT");
}

TEST_CASE("estimate: the array-shell model recovers its tile and neuron slopes, and refuses too few shapes") {
  SynthResults r;
  auto array = [&](int tiles, int columns) {
    // LUT = 900 + 40 tiles + 3 neurons, FF = 500 + 20 tiles, DSP = 1, BRAM = 0.5 neurons / 64
    const double neurons = double(tiles) * columns;
    SynthRun run{"array_shell", "xc7", 16, columns, 1.0, {900 + 40.0 * tiles + 3 * neurons, 500 + 20.0 * tiles, 1, neurons / 128}};
    run.tiles = tiles;
    r.runs.push_back(run);
  };
  array(4, 16);
  array(16, 16);
  CHECK_THROWS_AS(fit_array_shell_model(r, "xc7"), InputError);  // two shapes
  array(4, 32);
  const ArrayShellModel m = fit_array_shell_model(r, "xc7");
  const Resources at = m.at(64, 256);
  CHECK(at.luts == doctest::Approx(900 + 40 * 64 + 3 * 64 * 256));
  CHECK(at.ffs == doctest::Approx(500 + 20 * 64));
  CHECK(at.dsps == doctest::Approx(1));
  CHECK(at.bram36 == doctest::Approx(128));
  CHECK(m.fixed().luts == doctest::Approx(900));
  CHECK(m.per_tile(256).luts == doctest::Approx(40 + 3 * 256));
  CHECK_THROWS_AS(fit_array_shell_model(r, "xcup"), InputError);
}

TEST_CASE("estimate: cycles per step") {
  // (rows + K columns + 7 + 85 + 3) + tiles + 6: the synaptic input's latency 7, the engine's 85,
  // K = min(tiles, tiles per engine)
  CHECK(cycles_per_step(1, 16, 16, 1) == 134);
  CHECK(cycles_per_step(16, 32, 32, 1) == 181);
  CHECK(cycles_per_step(4, 256, 128, 1) == 489);
  CHECK(cycles_per_step(16, 32, 32, 4) == 181 + 3 * 32);
  CHECK(cycles_per_step(2, 32, 32, 4) == 32 + 2 * 32 + 95 + 2 + 6);
  // More than one row voltage: the synaptic input a clock longer.
  CHECK(cycles_per_step(1, 16, 16, 1, {.row_levels = 2}) == 135);
  // Plastic rows: a walk of one synapse per cycle and the programming pipeline beside the neuron
  // phase; the step waits for the longer.
  CHECK(program_walk_cycles(16, 16) == 16 * 16 + fx::kSynapseProgramLatency + 3);
  CHECK(program_walk_cycles(0, 16) == 0);
  CHECK(cycles_per_step(1, 16, 16, 1, {.plastic_rows = 1}) == 134);  // 16 + 39 cycles: within the neurons' 108
  CHECK(cycles_per_step(1, 16, 16, 1, {.plastic_rows = 16}) == 16 + program_walk_cycles(16, 16) + 3 + 1 + 6);
  CHECK(cycles_per_step(4, 16, 16, 4, {.plastic_rows = 16}) == 16 + program_walk_cycles(16, 16) + 3 + 4 + 6);  // walks in parallel
}

TEST_CASE("estimate: synthesis results round-trip, and a bad file names the file and the field") {
  testing::TempDir dir;
  SynthResults r;
  r.tool = "Yosys test";
  r.runs.push_back({"engine", "xc7", 0, 0, 12.5, {100, 0, 7, 0}});
  r.runs.push_back({"tile_shell", "xc7", 16, 32, 3.0, {10, 20, 32, 4.5}});
  r.runs.push_back({"array_shell", "xc7", 16, 32, 7.0, {500, 600, 1, 2}, 4});
  r.runs.push_back({"plastic_shell", "xc7", 32, 16, 2.0, {30, 40, 9, 6}});
  r.runs[0].depth = {9.5, 17, "LUT6 CARRY4", 120, 3.25};
  const std::string path = (dir.path() / "results.json").string();
  save_synth_results(r, path);
  const SynthResults back = load_synth_results(path);
  REQUIRE(back.runs.size() == 4);
  CHECK(back.runs[3].kind == "plastic_shell");
  CHECK(back.runs[3].rows == 32);
  CHECK(run_name(back.runs[3]) == "plastic tile shell 32 x 16");
  CHECK(back.runs[2].kind == "array_shell");
  CHECK(back.runs[2].tiles == 4);
  CHECK(back.runs[2].columns == 32);
  CHECK(back.tool == "Yosys test");
  CHECK(back.runs[1].rows == 16);
  CHECK(back.runs[1].columns == 32);
  CHECK(back.runs[1].resources.bram36 == 4.5);
  CHECK(engine_resources(back, "xc7").dsps == 7);
  CHECK(back.runs[0].depth.levels == 9.5);
  CHECK(back.runs[0].depth.cells == 17);
  CHECK(back.runs[0].depth.path == "LUT6 CARRY4");
  CHECK(back.runs[0].depth.ltp_cells == 120);
  CHECK(back.runs[0].depth.sta_ns == 3.25);
  CHECK(back.runs[1].depth.levels < 0);  // not measured

  const std::string bad_family = dir.write("bad.json", R"({"runs": [{"kind": "engine", "family": "xcvu", "luts": 1, "ffs": 1, "dsps": 1, "bram36": 0}]})");
  CHECK_THROWS_WITH_AS(load_synth_results(bad_family), doctest::Contains("runs[0].family: 'xcvu'; allowed: xcup, xc7"), InputError);
  const std::string no_tiles = dir.write("no_tiles.json", R"({"runs": [{"kind": "array_shell", "family": "xc7", "rows": 16, "columns": 16, "luts": 1, "ffs": 1, "dsps": 1, "bram36": 0}]})");
  CHECK_THROWS_WITH_AS(load_synth_results(no_tiles), doctest::Contains("runs[0].tiles: missing or not a number"), InputError);
  const std::string no_luts = dir.write("no_luts.json", R"({"runs": [{"kind": "engine", "family": "xc7", "ffs": 1, "dsps": 1, "bram36": 0}]})");
  CHECK_THROWS_WITH_AS(load_synth_results(no_luts), doctest::Contains("no_luts.json"), InputError);
  CHECK_THROWS_WITH_AS(load_synth_results(no_luts), doctest::Contains("runs[0].luts: missing or not a number"), InputError);
  CHECK_THROWS_WITH_AS(load_synth_results((dir.path() / "absent.json").string()), doctest::Contains("make synth"), InputError);
}

TEST_CASE("estimate: netlist depth counts logic levels between registers (a CARRY4 half, a registered DSP and a LUT RAM's write a path end)") {
  // FDRE -> LUT6 -> CARRY4 -> CARRY4 -> FDRE, and a registered DSP48E2 feeding a LUT3 -> FDRE.
  const auto cell = [](const char* type, std::vector<std::pair<std::string, std::vector<int>>> inputs,
                       std::vector<std::pair<std::string, std::vector<int>>> outputs, nlohmann::json params = nlohmann::json::object()) {
    nlohmann::json c = {{"type", type}, {"parameters", params}, {"port_directions", nlohmann::json::object()},
                        {"connections", nlohmann::json::object()}};
    for (const auto& [port, bits] : inputs) c["port_directions"][port] = "input", c["connections"][port] = bits;
    for (const auto& [port, bits] : outputs) c["port_directions"][port] = "output", c["connections"][port] = bits;
    return c;
  };
  const nlohmann::json registered = {{"AREG", "01"}, {"BREG", "01"}, {"MREG", "1"}, {"PREG", "1"}};
  nlohmann::json netlist;
  auto& cells = netlist["modules"]["top"]["cells"];
  cells["launch"] = cell("FDRE", {{"D", {9}}}, {{"Q", {2}}});
  cells["lut"] = cell("LUT6", {{"I0", {2}}}, {{"O", {3}}});
  cells["c0"] = cell("CARRY4", {{"S", {3, 3, 3, 3}}}, {{"CO", {10, 11, 12, 4}}});
  cells["c1"] = cell("CARRY4", {{"CI", {4}}}, {{"O", {5, 13, 14, 15}}});
  cells["capture"] = cell("FDRE", {{"D", {5}}}, {{"Q", {9}}});
  const NetlistDepth d = netlist_depth(netlist, "top");
  CHECK(d.levels == doctest::Approx(2.0));
  CHECK(d.cells == 3);
  CHECK(d.path == std::vector<std::string>{"LUT6", "CARRY4", "CARRY4"});

  nlohmann::json dsp_netlist;
  auto& dsp_cells = dsp_netlist["modules"]["top"]["cells"];
  dsp_cells["launch"] = cell("FDRE", {{"D", {9}}}, {{"Q", {2}}});
  dsp_cells["dsp"] = cell("DSP48E2", {{"A", {2}}}, {{"P", {6}}}, registered);
  dsp_cells["lut3"] = cell("LUT3", {{"I0", {6}}}, {{"O", {7}}});
  dsp_cells["capture"] = cell("FDRE", {{"D", {7}}}, {{"Q", {9}}});
  const NetlistDepth with_registers = netlist_depth(dsp_netlist, "top");
  CHECK(with_registers.registered_dsps == 1);
  CHECK(with_registers.levels == doctest::Approx(1.0));
  // Without its multiplier register the DSP is logic on the path: DSP -> LUT3 is 2 levels.
  dsp_cells["dsp"]["parameters"]["MREG"] = "0";
  const NetlistDepth without = netlist_depth(dsp_netlist, "top");
  CHECK(without.unregistered_dsps == 1);
  CHECK(without.levels == doctest::Approx(2.0));
  // A LUT RAM is a level from its read address; its write data is taken at the clock edge.
  nlohmann::json ram_netlist;
  auto& ram_cells = ram_netlist["modules"]["top"]["cells"];
  ram_cells["launch"] = cell("FDRE", {{"D", {9}}}, {{"Q", {2}}});
  ram_cells["deep0"] = cell("LUT6", {{"I0", {2}}}, {{"O", {20}}});
  ram_cells["deep1"] = cell("LUT6", {{"I0", {20}}}, {{"O", {21}}});
  ram_cells["deep2"] = cell("LUT6", {{"I0", {21}}}, {{"O", {22}}});
  ram_cells["ram"] = cell("RAM64M8", {{"DIA", {22}}, {"WE", {22}}, {"ADDRA", {2, 2, 2, 2, 2, 2}}}, {{"DOA", {23}}});
  ram_cells["capture"] = cell("FDRE", {{"D", {23}}}, {{"Q", {9}}});
  const NetlistDepth ram = netlist_depth(ram_netlist, "top");
  CHECK(ram.levels == doctest::Approx(3.0));  // the write side, three LUTs; the read one level
  ram_cells["ram"]["connections"]["ADDRA"] = {22, 2, 2, 2, 2, 2};
  CHECK(netlist_depth(ram_netlist, "top").levels == doctest::Approx(4.0));  // the read address after the LUTs
  // A loop of logic is refused.
  cells["lut"]["connections"]["I0"] = {3};
  CHECK_THROWS_AS(netlist_depth(netlist, "top"), std::invalid_argument);
}

TEST_CASE("estimate: tiles whose quiet step fits a cycle budget") {
  for (const int k : {1, 2, 4})
    for (const int tiles : {1, 2, 3, 4, 5, 16}) {
      CAPTURE(k);
      CAPTURE(tiles);
      CHECK(tiles_within_cycles(cycles_per_step(tiles, 32, 32, k), 32, 32, k) == tiles);
      CHECK(tiles_within_cycles(cycles_per_step(tiles, 32, 32, k) - 1, 32, 32, k) == tiles - 1);
      const TileOptions plastic{.row_levels = 2, .plastic_rows = 8};  // the walk (295 cycles) outlasts up to 4 x 32 neurons
      CHECK(tiles_within_cycles(cycles_per_step(tiles, 32, 32, k, plastic), 32, 32, k, plastic) == tiles);
      CHECK(tiles_within_cycles(cycles_per_step(tiles, 32, 32, k, plastic) - 1, 32, 32, k, plastic) == tiles - 1);
    }
  CHECK(tiles_within_cycles(10, 32, 32, 1) == 0);
}

TEST_CASE("estimate: the clock band follows the deepest recorded path, and no recorded path is an error") {
  SynthResults r;
  r.runs.push_back({"engine", "xcup", 0, 0, 1.0, {100, 0, 32, 8}});
  r.runs.push_back({"tile_shell", "xcup", 32, 32, 1.0, {10, 20, 32, 4}});
  r.runs.push_back({"engine", "xc7", 0, 0, 1.0, {100, 0, 32, 8}});
  CHECK_THROWS_WITH_AS(derive_clock(r, "xcup"), doctest::Contains("no xcup run recorded its path depth"), InputError);
  r.runs[0].depth = {9, 18, "LUT3", -1, -1};
  r.runs[1].depth = {12.5, 20, "LUT6 CARRY4", -1, -1};
  const ClockBand band = derive_clock(r, "xcup");
  CHECK(band.levels == 12.5);
  CHECK(band.where == "tile shell 32 x 32");
  const ClockModel& m = clock_model("xcup");
  CHECK(band.low_mhz == doctest::Approx(1e3 / (m.overhead_ns + 12.5 * m.level_slow_ns)));
  CHECK(band.high_mhz == doctest::Approx(1e3 / (m.overhead_ns + 12.5 * m.level_fast_ns)));
  CHECK(band.low_mhz < band.high_mhz);
  // A plastic tile shell's path counts for tiles built with it only.
  r.runs.push_back({"plastic_shell", "xcup", 32, 32, 1.0, {10, 20, 32, 4}});
  r.runs.back().depth = {14, 20, "LUT6 MUXF7", -1, -1};
  CHECK(derive_clock(r, "xcup").levels == 12.5);
  CHECK(derive_clock(r, "xcup", false, true).levels == 14);
  CHECK(derive_clock(r, "xcup", true, true).where == "plastic tile shell 32 x 32");
  r.runs.pop_back();
  // A shallow path is capped.
  r.runs[1].depth.levels = 0.5;
  r.runs[0].depth.levels = 0.5;
  CHECK(derive_clock(r, "xcup").high_mhz == doctest::Approx(m.cap_mhz));
}

TEST_CASE("estimate: docs/rtl.md's synthesis table is synth/results.json's, as make synth writes it") {
  const SynthResults results = load_synth_results(IONARRAY_SOURCE_DIR "/synth/results.json");
  std::ifstream in(IONARRAY_SOURCE_DIR "/docs/rtl.md");
  const std::string document((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string table = synth_table_markdown(results);
  CHECK_MESSAGE(synth_table_of(document, "docs/rtl.md") == table,
                "docs/rtl.md's synthesis table is not the one synth/results.json gives: make synth (or synth_collect "
                "synth/results.json build/synth docs/rtl.md) writes it");
  // One row per run, and a changed figure changes the table.
  CHECK(std::count(table.begin(), table.end(), '\n') == static_cast<long>(results.runs.size()) + 2);
  SynthResults changed = results;
  changed.runs.front().resources.luts += 1;
  CHECK(synth_table_markdown(changed) != table);
  CHECK(with_synth_table(document, table, "docs/rtl.md") == document);
  CHECK_THROWS_WITH_AS(synth_table_of("no markers", "x.md"), doctest::Contains("x.md"), InputError);
}
