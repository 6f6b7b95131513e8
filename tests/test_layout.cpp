// Layout files: what they build, and how they refuse bad input.
#include <doctest/doctest.h>

#include <string>

#include "input_errors.hpp"
#include "backends/open_device.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"
#include "temp_files.hpp"

using namespace ionarray;
using ionarray::testing::has;
using ionarray::testing::layout_error;
using ionarray::testing::TempDir;

namespace {
const std::string kBase = R"([chip]
tiles = [2, 3]
rows = 8
columns = 4
[neurons]
set = "lif"
d2d = 0.1
[synapses]
kind = "identity"
g_max = 100e-6
levels = 2
[pulses]
voltage = 2.0
steps = 3
[routing]
pattern = "ring"
ring = 3
[[routing.route]]
from = [5, 1]
to = [[0, 7], [1, 6]]
[[input]]
kind = "poisson"
tiles = [0, 3]
probability = 0.02
[run]
steps = 500
seed = 4
)";

}  // namespace

TEST_CASE("a layout builds the chip it describes") {
  TempDir dir;
  const auto l = load_layout(dir.write("chip.toml", kBase));
  CHECK(l.grid_rows == 2);
  CHECK(l.grid_columns == 3);
  CHECK(l.spec.tiles == 6);
  CHECK(l.spec.neurons() == 24);
  CHECK(l.spec.neuron.device.d2d == 0.1);
  CHECK(l.spec.conductance[0][0 * 4 + 0] == doctest::Approx(100e-6));  // identity
  CHECK(l.spec.conductance[0][1 * 4 + 0] == 0.0);
  // Ring of three: tile 2 wraps to tile 0, tile 5 to tile 3; the explicit route adds two rows.
  CHECK(l.spec.routes[2 * 4 + 1].front().tile == 0);
  CHECK(l.spec.routes[5 * 4 + 0].front().tile == 3);
  CHECK(l.spec.routes[5 * 4 + 1].size() == 3);
  CHECK(l.inputs.poisson.at(0).tiles == std::vector<int>{0, 3});
  CHECK(l.steps == 500);
  CHECK(l.seed == 4);
}

TEST_CASE("layout errors name file, line, field and what is allowed") {
  TempDir dir;
  auto variant = [&](const std::string& from, const std::string& to) {
    std::string text = kBase;
    text.replace(text.find(from), from.size(), to);
    return dir.write("bad.toml", text);
  };
  auto p = variant("levels = 2", "levels = 2\nlevles = 3");
  auto msg = layout_error(p);
  CHECK(has(msg, p + ":12"));
  CHECK(has(msg, "synapses.levles"));
  CHECK(has(msg, "allowed:"));

  p = variant("to = [[0, 7], [1, 6]]", "to = [[0, 9]]");
  msg = layout_error(p);
  CHECK(has(msg, "routing.route.to"));
  CHECK(has(msg, "row 0 .. 7"));

  p = variant("kind = \"identity\"", "kind = \"diagonal\"");
  CHECK(has(layout_error(p), "allowed: \"random\", \"sparse\", \"identity\""));

  p = variant("probability = 0.02", "probability = 2");
  CHECK(has(layout_error(p), "input.probability = 2 is out of range"));

  p = variant("[run]\nsteps = 500", "[runs]\nsteps = 500");
  CHECK(has(layout_error(p), "run is required"));
}

TEST_CASE("event files: columns, ranges and order are checked") {
  TempDir dir;
  std::string text = kBase;
  text += "\n[[input]]\nkind = \"csv\"\nfile = \"events.csv\"\n";
  const auto path = dir.write("chip.toml", text);
  dir.write("events.csv", "step,tile,row\n0,0,1\n10,5,7\n");
  CHECK(load_layout(path).inputs.events.size() == 2);
  dir.write("events.csv", "step,tile,row\n10,0,1\n3,0,1\n");
  CHECK(has(layout_error(path), "events.csv:3"));
  dir.write("events.csv", "step,tile,row\n1,6,1\n");
  CHECK(has(layout_error(path), "tile"));
}

TEST_CASE("the fixed backend's capacity limits are explained, with the excess") {
  TempDir dir;
  std::string text = kBase;
  text.replace(text.find("rows = 8"), 8, "rows = 300");
  const auto l = load_layout(dir.write("big.toml", text));
  CHECK_NOTHROW(open_device("reference://")->check(l));
  try {
    check_fixed_point_capacity(l);
    FAIL("expected a capacity error");
  } catch (const InputError& e) {
    CHECK(has(e.what(), "holds 256 rows; the layout asks for 300 (44 too many)"));
  }
}

TEST_CASE("a chip too large for this machine's memory is refused up front, naming its size") {
  TempDir dir;
  std::string text = kBase;
  text.replace(text.find("tiles = [2, 3]"), 14, "tiles = [1000, 1000]");
  text.replace(text.find("rows = 8"), 8, "rows = 256");
  text.replace(text.find("columns = 4"), 11, "columns = 256");
  CHECK_THROWS_WITH_AS(load_layout(dir.write("huge.toml", text)),
                       doctest::Contains("1000000 tiles of 256 x 256 are 6.55e+10 synapses"), InputError);
}
