// State traces: the VCD format GTKWave reads, the CSV of a recorded run, files complete after a
// failure, and state read through the host link (read_state) on fixed-link:// and verilator://,
// and from the array on fixed://.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "experiments/trace_recorder.hpp"
#include "fixed/fixed_array.hpp"
#include "io/csv_reader.hpp"
#include "io/vcd_writer.hpp"
#include "layout/layout.hpp"
#include "temp_files.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::TempDir;

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ostringstream s;
  s << std::ifstream(p).rdbuf();
  return s.str();
}
std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Two oscillator neurons under a 0.75 V DC drive, both recorded.
const std::string kLayout = R"([chip]
tiles = [1, 1]
rows = 1
columns = 2
[neurons]
set = "oscillator"
[synapses]
kind = "identity"
[pulses]
voltage = 1.0
[[input]]
kind = "dc"
voltage = 0.75
[record]
neurons = [[0, 0, 1]]
fields = ["vm", "g"]
decimation = 5
[run]
steps = 20
)";
}  // namespace

TEST_CASE("VCD timescale: the largest 1, 10 or 100 of a unit that divides the step") {
  std::uint64_t ticks = 0;
  CHECK(VcdWriter::timescale_for(1e-6, ticks) == "1 us");
  CHECK(ticks == 1);
  CHECK(VcdWriter::timescale_for(2.5e-7, ticks) == "10 ns");
  CHECK(ticks == 25);
  CHECK(VcdWriter::timescale_for(5e-5, ticks) == "10 us");
  CHECK(ticks == 5);
  CHECK(VcdWriter::timescale_for(1e-3, ticks) == "1 ms");
  CHECK(ticks == 1);
}

TEST_CASE("VCD file: declarations in nested scopes, then changes in time order (IEEE 1364 section 18.2)") {
  TempDir dir;
  const auto path = dir.path() / "t.vcd";
  {
    VcdWriter vcd(path, 2.5e-7, "test");
    const int vm = vcd.add_real({"chip", "tile_0", "neuron_1"}, "vm");
    const int spike = vcd.add_wire({"chip", "tile_0", "neuron_1"}, "spike");
    const int other = vcd.add_real({"chip", "tile_1", "neuron_0"}, "vm");
    vcd.set_real(0, vm, 0.5);
    vcd.set_bit(0, spike, false);
    vcd.set_real(0, other, -1.25e-3);
    vcd.set_bit(3, spike, false);
    vcd.set_bit(2, spike, true);  // out of order, before the commit: allowed
    vcd.commit_before(3);
    CHECK_THROWS_AS(vcd.set_real(2, vm, 1.0), std::logic_error);
  }
  const auto text = slurp(path);
  CHECK(text.find("$timescale 10 ns $end") != std::string::npos);
  CHECK(text.find("$scope module chip $end\n$scope module tile_0 $end\n$scope module neuron_1 $end\n"
                  "$var real 64 ! vm $end\n$var wire 1 \" spike $end\n$upscope $end\n$upscope $end\n"
                  "$scope module tile_1 $end\n$scope module neuron_0 $end\n$var real 64 # vm $end\n") != std::string::npos);
  CHECK(count(text, "$scope") == count(text, "$upscope"));
  // Times in timescale ticks: steps 0, 2, 3 of 25 ticks each.
  CHECK(text.find("$enddefinitions $end\n#0\nr0.5 !\n0\"\nr-0.00125 #\n#50\n1\"\n#75\n0\"\n") != std::string::npos);
}

TEST_CASE("a recorded run on reference:// writes samples every `decimation` steps in physical units") {
  TempDir dir;
  const auto layout = load_layout(dir.write("r.toml", kLayout));
  auto device = open_device("reference://");
  REQUIRE(device->can_read_state());
  device->load(layout);
  const OutputDir out(dir.path() / "out");
  {
    TraceRecorder traces(layout.record, layout.spec.neuron.circuit.dt, out, out.file("t.vcd"));
    traces.sample(*device);
    for (int k = 0; k < 4; ++k) {
      traces.spikes(device->run(5, {}));
      traces.sample(*device);
    }
  }
  const auto csv = read_numeric_csv(out.file("traces.csv").string(), {"step", "time_s", "tile", "neuron", "vm_V", "g_S"});
  REQUIRE(csv.rows.size() == 10);  // steps 0, 5, 10, 15, 20 for two neurons
  // Before any spike the device is off: C charges from 0 V through Rin towards the drive,
  // Vm = V (1 - exp(-t / (Rin C))).
  const double tau = layout.spec.neuron.circuit.r_in * layout.spec.neuron.circuit.c;
  for (std::size_t k = 0; k < csv.rows.size(); ++k) {
    const auto& r = csv.rows[k];
    CAPTURE(k);
    CHECK(r[0] == 5.0 * static_cast<double>(k / 2));
    CHECK(std::abs(r[1] - r[0] * 1e-6) <= 1e-15);
    CHECK(r[3] == static_cast<double>(k % 2));
    const double charged = 0.75 * (1 - std::exp(-r[1] / tau));
    if (r[0] == 0) CHECK(r[4] == 0.0);
    else CHECK(r[4] == doctest::Approx(charged).epsilon(0.02).scale(0));  // relative: Vm is ~10 mV here
    CHECK(r[5] > 0);
    CHECK(r[5] < 1e-6);  // off: far below the ~200 uS of a formed filament
  }
  const auto vcd = slurp(out.file("t.vcd"));
  CHECK(count(vcd, "$var real 64") == 4);
  CHECK(count(vcd, "$var wire 1") == 2);
  CHECK(vcd.find("\n#20\n") != std::string::npos);
}

TEST_CASE("traces recorded before a failure are on disk, the VCD complete") {
  TempDir dir;
  const auto layout = load_layout(dir.write("r.toml", kLayout));
  auto device = open_device("reference://");
  device->load(layout);
  const OutputDir out(dir.path() / "out");
  try {
    TraceRecorder traces(layout.record, layout.spec.neuron.circuit.dt, out, out.file("t.vcd"));
    traces.sample(*device);
    device->run(5, {});
    traces.sample(*device);
    throw DeviceError("lost the device");
  } catch (const DeviceError&) {
  }
  CHECK(read_numeric_csv(out.file("traces.csv").string(), {"step", "time_s", "tile", "neuron", "vm_V", "g_S"}).rows.size() == 4);
  CHECK(slurp(out.file("t.vcd")).find("$enddefinitions $end\n#0\n") != std::string::npos);
  CHECK(slurp(out.file("t.vcd")).find("\n#5\n") != std::string::npos);
}

TEST_CASE("fixed-link:// and verilator:// read state through the host link, fixed:// from its array: the fixed array's words, on all") {
  const auto layout = testing::ring_layout(4, 16, 5, 300);
  const auto inputs = testing::input_events(3, 0, 300, 16, 0.05);
  fixed::FixedArray direct(layout.spec, layout.seed);
  std::size_t next = 0;
  for (std::uint64_t k = 0; k < 300; ++k) {
    for (; next < inputs.size() && inputs[next].step == k; ++next) direct.trigger(inputs[next].tile, inputs[next].row);
    direct.step();
  }
  // The engine's words in physical units, converted here independently of the driver.
  const auto& circuit = layout.spec.neuron.circuit;
  for (const char* uri : {"fixed://", "fixed-link://", "verilator://"}) {
    CAPTURE(uri);
    auto device = open_device(uri);
    REQUIRE(device->can_read_state());
    device->load(layout);
    device->run(300, inputs);
    int differing = 0, conducting = 0;
    for (int t = 0; t < layout.spec.tiles; ++t)
      for (int j = 0; j < layout.spec.columns; ++j) {
        const auto n = direct.state(t * layout.spec.columns + j);
        const auto p = device->read_state(t, j);
        const double g = n.kg.mant * std::ldexp(1.0, -n.kg.shift) * circuit.c / circuit.dt;
        differing += p.vm != n.vm * 0x1.0p-20 || p.f != n.f * 0x1.0p-25 || p.r != n.r * 0x1.0p-25 ||
                     p.s != 1 + n.s * 0x1.0p-22 || p.g != g;
        conducting += p.g > 1e-6;
      }
    CHECK(differing == 0);
    CHECK(conducting > 0);  // some devices caught mid-spike: the state is not trivially at rest
    CHECK_THROWS_WITH_AS(device->read_state(4, 0), doctest::Contains("no neuron 0 in tile 4"), DeviceError);
  }
}
