// Conductances given in the layout (inline matrices, CSV files) and DC drives: what they build,
// and how they refuse bad input.
#include <doctest/doctest.h>

#include <string>

#include "input_errors.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"
#include "temp_files.hpp"

using namespace ionarray;
using ionarray::testing::has;
using ionarray::testing::layout_error;
using ionarray::testing::TempDir;

namespace {
// Two tiles of 2 rows x 3 columns; 5 levels up to 40 uS are 0, 10, 20, 30, 40 uS.
const std::string kHead = R"([chip]
tiles = [1, 2]
rows = 2
columns = 3
[neurons]
set = "lif"
[pulses]
voltage = 2.0
[run]
steps = 100
)";

// Relative to the value: doctest's default Approx adds a scale of 1, far above conductances in S.
doctest::Approx near(double x, double relative = 1e-9) { return doctest::Approx(x).epsilon(relative).scale(0); }
double g(const Layout& l, int tile, int row, int column) {
  return l.spec.conductance[static_cast<std::size_t>(tile)][static_cast<std::size_t>(row * l.spec.columns + column)];
}
}  // namespace

TEST_CASE("an inline matrix for all tiles is quantized to the nearest level") {
  TempDir dir;
  const auto l = load_layout(dir.write("chip.toml", kHead + R"([synapses]
kind = "inline"
g_max = 40e-6
levels = 5
unit = "uS"
matrix = [[0, 12, 40],
          [26, 0, 9]]
)"));
  for (int tile = 0; tile < 2; ++tile) {
    CHECK(g(l, tile, 0, 0) == 0.0);
    CHECK(g(l, tile, 0, 1) == near(10e-6));  // 12 -> 10
    CHECK(g(l, tile, 0, 2) == near(40e-6));
    CHECK(g(l, tile, 1, 0) == near(30e-6));  // 26 -> 30
    CHECK(g(l, tile, 1, 2) == near(10e-6));  // 9 -> 10
  }
}

TEST_CASE("per-tile matrices override the common one, spread varies programmed synapses only") {
  TempDir dir;
  const auto l = load_layout(dir.write("chip.toml", kHead + R"([synapses]
kind = "inline"
g_max = 40e-6
levels = 5
spread = 0.1
seed = 3
matrix = [[10e-6, 0, 0], [0, 0, 0]]
[[synapses.tile]]
tile = 1
matrix = [[0, 0, 0], [0, 0, 40e-6]]
)"));
  CHECK(g(l, 0, 0, 0) != 10e-6);                           // spread moved it off the level
  CHECK(g(l, 0, 0, 0) == near(10e-6, 0.4));  // 0.1 sd: within 3.5 sd
  CHECK(g(l, 0, 1, 2) == 0.0);
  CHECK(g(l, 1, 0, 0) == 0.0);
  CHECK(g(l, 1, 1, 2) == near(40e-6, 0.4));
  CHECK(g(l, 1, 1, 2) != 40e-6);
}

TEST_CASE("inline matrices: shape, range and coverage errors name the line and what is allowed") {
  TempDir dir;
  const auto syn = [&](const std::string& body) { return dir.write("bad.toml", kHead + "[synapses]\nkind = \"inline\"\ng_max = 40e-6\n" + body); };
  // kHead has 10 lines; [synapses] is line 11, kind 12, g_max 13, the body from 14.
  auto p = syn("matrix = [[0, 0, 0],\n [0, 0]]\n");
  auto msg = layout_error(p);
  CHECK(has(msg, p + ":15"));
  CHECK(has(msg, "synapses.matrix row 1 has 2 values; it must have 3"));

  p = syn("matrix = [[0, 0, 0]]\n");
  CHECK(has(layout_error(p), "has 1 rows; it must be a 2 x 3 matrix"));

  p = syn("matrix = [[0, 0, 0],\n [0, -1e-6, 0]]\n");
  msg = layout_error(p);
  CHECK(has(msg, p + ":15"));
  CHECK(has(msg, "row 1, column 1: -1e-06 S is out of range; allowed 0 .. synapses.g_max = 4e-05 S"));

  p = syn("matrix = [[0, 0, 50e-6], [0, 0, 0]]\n");
  CHECK(has(layout_error(p), "5e-05 S is out of range"));

  p = syn("[[synapses.tile]]\ntile = 0\nmatrix = [[0, 0, 0], [0, 0, 0]]\n");
  CHECK(has(layout_error(p), "tiles without one: 1"));

  p = syn("[[synapses.tile]]\ntile = 2\nmatrix = [[0, 0, 0], [0, 0, 0]]\n");
  CHECK(has(layout_error(p), "synapses.tile.tile = 2 is out of range; allowed 0 .. 1"));

  p = syn("matrix = [0, 0]\n");
  CHECK(has(layout_error(p), "synapses.matrix row 0 must be an array of 3 numbers"));

  p = syn("[[synapses.tile]]\ntile = 0\nmatrix = [[0, 0, 0], [0, 0, 0]]\n[[synapses.tile]]\ntile = 0\nmatrix = [[0, 0, 0], [0, 0, 0]]\n");
  msg = layout_error(p);
  CHECK(has(msg, p + ":18"));
  CHECK(has(msg, "tile 0 has a matrix already: one [[synapses.tile]] per tile"));

  p = syn("matrix = [[0, 0, 0], [0, 0, 0]]\ndensity = 0.5\n");
  CHECK(has(layout_error(p), "unknown key 'density' in [synapses]"));
}

TEST_CASE("conductances from a CSV file: listed synapses programmed, the rest 0, errors at the CSV's line") {
  TempDir dir;
  const auto path = dir.write("chip.toml", kHead + "[synapses]\nkind = \"csv\"\nfile = \"g.csv\"\ng_max = 40e-6\nlevels = 5\n");
  dir.write("g.csv", "tile,row,column,g\n1,1,2,31e-6\n0,0,1,40e-6\n");
  const auto l = load_layout(path);
  CHECK(g(l, 1, 1, 2) == near(30e-6));
  CHECK(g(l, 0, 0, 1) == near(40e-6));
  CHECK(g(l, 0, 1, 2) == 0.0);
  CHECK(g(l, 1, 0, 1) == 0.0);

  const auto csv = (dir.path() / "g.csv").string();
  dir.write("g.csv", "tile,row,column,g\n0,0,0,1e-6\n0,2,0,1e-6\n");
  auto msg = layout_error(path);
  CHECK(has(msg, csv + ":3: row = 2 is out of range; allowed an integer 0 .. 1 (chip.rows = 2)"));
  dir.write("g.csv", "tile,row,column,g\n2,0,0,1e-6\n");
  CHECK(has(layout_error(path), csv + ":2: tile = 2 is out of range; allowed an integer 0 .. 1"));
  dir.write("g.csv", "tile,row,column,g\n0,0,3,1e-6\n");
  CHECK(has(layout_error(path), "column = 3 is out of range; allowed an integer 0 .. 2 (chip.columns = 3)"));
  dir.write("g.csv", "tile,row,column,g\n0,0,0,-1e-6\n");
  CHECK(has(layout_error(path), csv + ":2: g = -1e-06 S is out of range; allowed 0 .. synapses.g_max = 4e-05 S"));
  dir.write("g.csv", "tile,row,column,g\n0,0,0,1e-3\n");
  CHECK(has(layout_error(path), "g = 0.001 S is out of range"));
  dir.write("g.csv", "tile,row,column,g\n0,0,0,1e-6\n\n0,0,0,2e-6\n");
  CHECK(has(layout_error(path), csv + ":4: synapse tile 0, row 0, column 0 is listed twice (first on line 2)"));
  dir.write("g.csv", "tile,row,col,g\n");
  CHECK(has(layout_error(path), "expected 'tile,row,column,g'"));
}

TEST_CASE("a DC drive is the chip's v_bias, a drive per tile is refused with the reason") {
  TempDir dir;
  const std::string syn = "[synapses]\nkind = \"identity\"\n";
  auto l = load_layout(dir.write("dc.toml", kHead + syn + "[[input]]\nkind = \"dc\"\nvoltage = 1.5\n"));
  CHECK(l.spec.v_bias == 1.5);
  l = load_layout(dir.write("dc.toml", kHead + syn + "[[input]]\nkind = \"dc\"\nvoltage = 1.5\ntiles = [1, 0]\n"));
  CHECK(l.spec.v_bias == 1.5);
  auto p = dir.write("dc.toml", kHead + syn + "[[input]]\nkind = \"dc\"\nvoltage = 1.5\ntiles = [1]\n");
  CHECK(has(layout_error(p), "input.tiles: a DC drive reaches every tile (0 .. 1)"));
  p = dir.write("dc.toml", kHead + syn + "[[input]]\nkind = \"dc\"\n");
  CHECK(has(layout_error(p), "input.voltage is required"));
  p = dir.write("dc.toml", kHead + syn + "[[input]]\nkind = \"dc\"\nvoltage = 1\n[[input]]\nkind = \"dc\"\nvoltage = 2\n");
  CHECK(has(layout_error(p), "one DC drive per chip"));
  std::string biased = kHead;
  biased.replace(biased.find("set = \"lif\""), 11, "set = \"lif\"\nv_bias = 0.5");
  p = dir.write("dc.toml", biased + syn + "[[input]]\nkind = \"dc\"\nvoltage = 1\n");
  CHECK(has(layout_error(p), "neurons.v_bias = 0.5 V is a DC drive already"));
}

TEST_CASE("record: neurons, ranges, fields and decimation, errors name what is allowed") {
  TempDir dir;
  const std::string syn = "[synapses]\nkind = \"identity\"\n";
  auto l = load_layout(dir.write("r.toml", kHead + syn + "[record]\nneurons = [[1, 2], [0, 0, 1]]\nfields = [\"g\", \"vm\"]\ndecimation = 10\nvcd = true\n"));
  REQUIRE(l.record.neurons.size() == 3);
  CHECK(l.record.neurons[0].tile == 1);
  CHECK(l.record.neurons[0].neuron == 2);
  CHECK(l.record.neurons[2].tile == 0);
  CHECK(l.record.neurons[2].neuron == 1);
  CHECK(l.record.fields == std::vector<TraceField>{TraceField::g, TraceField::vm});
  CHECK(l.record.decimation == 10);
  CHECK(l.record.vcd);
  CHECK_FALSE(load_layout(dir.write("r.toml", kHead + syn)).record.enabled());

  auto p = dir.write("r.toml", kHead + syn + "[record]\nneurons = [[0, 3]]\n");
  CHECK(has(layout_error(p), "[0, 3]: record.neurons entries are [tile, neuron] or [tile, first, last] (inclusive), tile 0 .. 1, neuron 0 .. 2"));
  p = dir.write("r.toml", kHead + syn + "[record]\nneurons = [[0, 0, 2], [0, 1]]\n");
  CHECK(has(layout_error(p), "tile 0, neuron 1 is listed twice"));
  p = dir.write("r.toml", kHead + syn + "[record]\nneurons = [[0, 0]]\nfields = [\"v\"]\n");
  CHECK(has(layout_error(p), "unknown field \"v\"; allowed: \"vm\", \"f\", \"r\", \"s\", \"g\""));
  p = dir.write("r.toml", kHead + syn + "[record]\nneurons = [[0, 0]]\ndecimation = 0\n");
  CHECK(has(layout_error(p), "record.decimation = 0 is out of range"));
}

TEST_CASE("parameter sets per region: tiles of another set, c2c and d2d inherited unless given, bad regions refused") {
  TempDir dir;
  const std::string chip = R"(
[chip]
tiles = [1, 4]
rows = 8
columns = 8
[neurons]
set = "lif"
c2c = false
d2d = 0.1
[synapses]
kind = "identity"
[pulses]
voltage = 1.0
[run]
steps = 10
)";
  const auto l = load_layout(dir.write("regions.toml", chip + R"(
[[neurons.region]]
tiles = [2, 3]
set = "oscillator"
d2d = 0.2
)"));
  REQUIRE(l.spec.tile_neuron.size() == 4);
  CHECK(l.spec.neuron_of(0).name == "lif");
  CHECK(l.spec.neuron_of(1).name == "lif");
  CHECK(l.spec.neuron_of(2).name == "oscillator");
  CHECK(l.spec.neuron_of(3).device.d2d == 0.2);
  CHECK_FALSE(l.spec.neuron_of(3).device.c2c);  // inherited from [neurons]
  CHECK(has(layout_error(dir.write("twice.toml", chip + R"(
[[neurons.region]]
tiles = [1]
set = "oscillator"
[[neurons.region]]
tiles = [1, 2]
set = "lif"
)")), "tile 1 is in two regions"));
  CHECK(has(layout_error(dir.write("outside.toml", chip + R"(
[[neurons.region]]
tiles = [4]
set = "oscillator"
)")), "neurons.region.tiles"));
}

TEST_CASE("a parameter set given inline in the layout, overriding its base field by field") {
  TempDir dir;
  const std::string head = R"(
[chip]
tiles = [1, 2]
rows = 4
columns = 4
[synapses]
kind = "identity"
[pulses]
voltage = 1.0
[run]
steps = 10
)";
  const auto l = load_layout(dir.write("inline.toml", head + R"(
[neurons]
set = "lif"
[[neurons.region]]
tiles = [1]
set = { base = "lif", device = { mu = 120.0 }, circuit = { c = 5e-9 } }
)"));
  CHECK(l.spec.neuron_of(0).device.mu == reference::named_set("lif").device.mu);
  CHECK(l.spec.neuron_of(1).device.mu == 120.0);
  CHECK(l.spec.neuron_of(1).circuit.c == 5e-9);
  CHECK(has(layout_error(dir.write("bad.toml", head + R"(
[neurons]
set = { base = "lif", device = { mu = -1.0 } }
)")), "device.mu"));
}
