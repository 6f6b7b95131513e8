// [plasticity] in layouts (what it builds, how it refuses bad input) and plastic chips on
// reference://: conductances programmed by the overlap of input pulses and the neurons' spikes,
// read back through the device API.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "input_errors.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"
#include "temp_files.hpp"

using namespace ionarray;
using ionarray::testing::has;
using ionarray::testing::layout_error;
using ionarray::testing::TempDir;

namespace {

// One tile of 2 x 2 lif neurons driven by 60-step row pulses of 2.5 V; row 0 is the input of
// neuron 0 (150 uS), the rest weak. The synapses: the VTEAM thresholds with a chip's
// resistances (4 kohm .. 100 kohm: 250 uS .. 10 uS) and slow rates.
std::string chip(const std::string& plasticity, const std::string& grid = "[1, 1]") {
  return R"([chip]
tiles = )" + grid + R"(
rows = 2
columns = 2
[neurons]
set = "lif"
[synapses]
kind = "inline"
g_max = 250e-6
levels = 1001
unit = "uS"
matrix = [[150, 5], [20, 150]]
[pulses]
voltage = 2.5
steps = 60
[run]
steps = 400
)" + plasticity;
}

const std::string kSynapse = R"(base = "vteam"
[synapse]
r_on = 4e3
r_off = 100e3
k_on = -2e3
k_off = 2e3
)";

const std::string kPulses = R"([plasticity.pulses]
pre_head = 0.015
pre_head_steps = 1
pre_tail = -0.15
post_head = 0.15
post_head_steps = 5
post_tail = -0.015
post_tail_steps = 10
)";

double g(const std::vector<double>& m, int row, int column) { return m[static_cast<std::size_t>(row * 2 + column)]; }
doctest::Approx near(double x, double relative = 1e-9) { return doctest::Approx(x).epsilon(relative).scale(0); }

}  // namespace

TEST_CASE("[plasticity] builds the synapse set, its spreads, the region and the pulses") {
  TempDir dir;
  dir.write("synapse.toml", kSynapse);
  const auto l = load_layout(dir.write("chip.toml", chip("[plasticity]\nset = \"synapse.toml\"\ntiles = [1]\nc2c = 0.1\nd2d = 0.05\n" +
                                                         kPulses, "[1, 2]")));
  const auto& p = l.spec.plasticity;
  CHECK_FALSE(p.plastic(0));
  CHECK(p.plastic(1));
  CHECK(p.synapse.r_on == 4e3);
  CHECK(p.synapse.k_on == -2e3);
  CHECK(p.synapse.v_on == -0.2);  // from the base set
  CHECK(p.synapse.c2c == 0.1);
  CHECK(p.synapse.d2d == 0.05);
  CHECK(p.pulses.pre_tail == -0.15);
  CHECK(p.pulses.post_head_steps == 5);
  CHECK(p.pulses.post_steps() == 15);
  CHECK_FALSE(p.pulses.idle_rows_grounded);
  // Without tiles: every tile; an inline set.
  const auto all = load_layout(dir.write("all.toml", chip("[plasticity]\nset = { base = \"vteam\", synapse = { r_on = 4e3, "
                                                          "r_off = 1e5 } }\n" + kPulses, "[1, 2]")));
  CHECK(all.spec.plasticity.plastic(0));
  CHECK(all.spec.plasticity.plastic(1));
}

TEST_CASE("[plasticity] refuses what the chip or the formats cannot hold, naming the field") {
  TempDir dir;
  dir.write("synapse.toml", kSynapse);
  const auto refused = [&](const std::string& plasticity) {
    return layout_error(dir.write("chip.toml", chip(plasticity)));
  };
  const std::string set = "[plasticity]\nset = \"synapse.toml\"\n";
  // A region naming a tile the chip does not have.
  auto e = refused(set + "tiles = [0, 3]\n" + kPulses);
  CHECK(has(e, "plasticity.tiles"));
  CHECK(has(e, "0 .. 0"));
  // The published set's 50 ohm conducts 20 mS: above the crossbar's g_max.
  e = refused("[plasticity]\nset = \"vteam\"\n" + kPulses);
  CHECK(has(e, "plasticity.set"));
  CHECK(has(e, "above synapses.g_max = 0.00025 S"));
  CHECK(has(e, "r_on >= 4000 ohm"));
  // A presynaptic pulse that passes a threshold alone.
  e = refused(set + "[plasticity.pulses]\npre_head = 0.03\npost_head = 0.2\n");
  CHECK(has(e, "plasticity.pulses.pre_head = 0.03 V passes a threshold alone"));
  // Pulses whose overlaps never pass a threshold.
  e = refused(set + "[plasticity.pulses]\npre_head = 0.01\npost_head = 0.005\n");
  CHECK(has(e, "no synapse would ever be programmed"));
  // A head longer than the row's pulse, no column pulse, an unknown key, no pulses at all.
  CHECK(has(refused(set + "[plasticity.pulses]\npre_head_steps = 61\n"), "plasticity.pulses.pre_head_steps"));
  CHECK(has(refused(set + "[plasticity.pulses]\npost_head_steps = 0\n"), "a spike would put no pulse on its column"));
  CHECK(has(refused(set + "[plasticity.pulses]\npost_heat = 0.2\n"), "post_heat"));
  CHECK(has(refused(set), "[plasticity.pulses] is required"));
  CHECK(has(refused("[plasticity]\nset = \"vtaem\"\n" + kPulses), "known sets: vteam"));
  // Synapse parameter files: the file, the line and the field.
  dir.write("bad.toml", "base = \"vteam\"\n[synapse]\nr_on = 4e3\nv_on = 0.5\n");
  e = refused("[plasticity]\nset = \"bad.toml\"\n" + kPulses);
  CHECK(has(e, "bad.toml:4"));
  CHECK(has(e, "synapse.v_on = 0.5 is out of range"));
  dir.write("typo.toml", "base = \"vteam\"\n[synapse]\nr_onn = 4e3\n");
  CHECK(has(refused("[plasticity]\nset = \"typo.toml\"\n" + kPulses), "r_onn"));
}

TEST_CASE("plastic layouts are refused by MPI runs, naming [plasticity]") {
  TempDir dir;
  dir.write("synapse.toml", kSynapse);
  const auto l = load_layout(dir.write("chip.toml", chip("[plasticity]\nset = \"synapse.toml\"\n" + kPulses)));
  check_fixed_point_capacity(l);  // the fixed-point array holds it
  try {
    check_static_crossbar(l, "an MPI run");
    FAIL("a plastic layout passed the static crossbar check");
  } catch (const InputError& e) {
    CHECK(has(e.what(), "plasticity"));
    CHECK(has(e.what(), "an MPI run holds its crossbar fixed"));
  }
}

TEST_CASE("reference:// and fixed://: an input pulse overlapping its neuron's spike potentiates that synapse only") {
  TempDir dir;
  dir.write("synapse.toml", kSynapse);
  const auto l = load_layout(dir.write("chip.toml", chip("[plasticity]\nset = \"synapse.toml\"\n" + kPulses)));
  // Words of 16 bits on fixed://: within 0.1 %; the reference model exactly.
  for (const std::string backend : {"reference://", "fixed://"}) {
    const double tolerance = backend == "fixed://" ? 1e-3 : 1e-6;
    CAPTURE(backend);
    auto device = open_device(backend);
    device->load(l);
    REQUIRE(device->can_read_conductances());
    const auto before = device->read_conductances(0);
    CHECK(g(before, 0, 0) == near(150e-6, tolerance));
    CHECK(g(before, 0, 1) == near(10e-6, tolerance));  // 5 uS is below 1/R_off: the device holds 10 uS
    const std::vector<InputEvent> input = {{.step = 100, .tile = 0, .row = 0}};
    const auto spikes = device->run(400, input);
    const auto after = device->read_conductances(0);
    // Row 0 is active at steps 100 .. 159 (its head at 100); each spike of neuron 0 at step s puts
    // the column's head (+0.15 V) on steps s+1 .. s+5: under the row's tail (-0.15 V) that is
    // -0.3 V, 0.1 V past v_on, moving x by k_on (0.3/0.2 - 1)^3 dt per step.
    int overlap = 0;
    for (const auto& s : spikes) {
      CHECK(s.neuron == 0);
      for (auto k = s.step + 1; k <= s.step + 5; ++k) overlap += k >= 101 && k <= 159;
    }
    REQUIRE(overlap > 0);
    const double x0 = (1 / 150e-6 - 4e3) / 96e3;
    const double x = x0 + overlap * -2e3 * std::pow(0.5, 3) * 1e-6;
    CHECK(g(after, 0, 0) == near(1 / (4e3 + 96e3 * x), tolerance));
    CHECK(g(after, 0, 0) > g(before, 0, 0));
    CHECK(g(after, 0, 1) == g(before, 0, 1));  // row 0 active, neuron 1 silent: the row's pulse alone
    CHECK(g(after, 1, 0) == g(before, 1, 0));  // row 1 never active: it floats
    CHECK(g(after, 1, 1) == g(before, 1, 1));
    CHECK_THROWS_AS(device->read_conductances(1), DeviceError);
  }
}

TEST_CASE("[[pulses.rows]] drives rows at their own voltage, [plasticity] rows keeps the others fixed") {
  TempDir dir;
  dir.write("synapse.toml", kSynapse);
  const std::string rows_table = "[[pulses.rows]]\nrows = [1, 1]\nvoltage = -0.5\n";
  auto text = chip("[plasticity]\nset = \"synapse.toml\"\nrows = [0, 0]\n" + kPulses);
  text.insert(text.find("[run]"), rows_table);
  const auto l = load_layout(dir.write("chip.toml", text));
  CHECK(l.spec.row_voltage_of(0) == 2.5);
  CHECK(l.spec.row_voltage_of(1) == -0.5);
  CHECK(l.spec.plasticity.first_row == 0);
  CHECK(l.spec.plasticity.last_row == 0);
  for (const std::string backend : {"reference://", "fixed://"}) {
    CAPTURE(backend);
    const double tolerance = backend == "fixed://" ? 1e-3 : 1e-6;
    auto device = open_device(backend);
    device->load(l);
    const auto g0 = device->read_conductances(0);
    CHECK(g(g0, 0, 1) == near(10e-6, tolerance));  // plastic row: the device's bound
    CHECK(g(g0, 1, 0) == near(20e-6, tolerance));  // fixed row: as programmed
    // Row 1 at -0.5 V pulls neuron 0 below 0 V: no plasticity there, and the row's voltage is used.
    const std::vector<InputEvent> input = {{.step = 0, .tile = 0, .row = 1}};
    device->run(10, input);
    CHECK(device->read_state(0, 0).vm < 0);
    CHECK(device->read_conductances(0) == g0);
  }
  // Refused: rows off the chip, a row in two groups.
  auto bad = chip("");
  bad.insert(bad.find("[run]"), "[[pulses.rows]]\nrows = [1, 2]\nvoltage = 0.0\n");
  CHECK(has(layout_error(dir.write("bad.toml", bad)), "pulses.rows.rows"));
  bad = chip("");
  bad.insert(bad.find("[run]"), rows_table + rows_table);
  CHECK(has(layout_error(dir.write("bad2.toml", bad)), "row 1 is in two [[pulses.rows]] groups"));
  CHECK(has(layout_error(dir.write("bad3.toml", chip("[plasticity]\nset = \"synapse.toml\"\nrows = [1, 0]\n" + kPulses))),
            "the first row must not exceed the last"));
}
