// Inputs beyond what the devices, the formats or the machine can take are refused before
// anything runs or is allocated, with the field, the size and what is allowed.
#include <doctest/doctest.h>

#include <filesystem>

#include "experiments/dc_sweep.hpp"
#include "experiments/pulse_test.hpp"
#include "input_errors.hpp"
#include "io/memory_budget.hpp"
#include "io/param_file.hpp"
#include "io/vcd_writer.hpp"
#include "reference/device_params.hpp"
#include "temp_files.hpp"

using namespace ionarray;
using ionarray::testing::error_of;
using ionarray::testing::has;
using ionarray::testing::layout_error;
using ionarray::testing::TempDir;

namespace {

// A memory budget for the length of a test, the machine's default restored after.
struct BudgetForTest {
  explicit BudgetForTest(double bytes) { set_memory_budget_bytes(bytes); }
  ~BudgetForTest() { set_memory_budget_bytes(0); }
};

// CHECK that `text` contains `part`, showing `text` when it does not.
#define CHECK_HAS(text, part)                    \
  do {                                           \
    const std::string text_ = (text);            \
    CHECK_MESSAGE(has(text_, part), text_);      \
  } while (0)

std::string parameter_error(reference::ParameterSet set) {
  try {
    reference::validate(set);
  } catch (const reference::ParameterError& e) {
    return e.what();
  }
  return "";
}

const char* kSmallChip = R"([chip]
tiles = [4, 4]
rows = 64
columns = 64
[neurons]
set = "lif"
[synapses]
[pulses]
[run]
)";

}  // namespace

TEST_CASE("physically absurd circuit values are refused with the allowed range") {
  auto lif = reference::named_set("lif");
  auto set = lif;
  set.circuit.dt = 1e-15;
  CHECK_HAS(parameter_error(set), "circuit.dt = 1e-15 is out of range; allowed: 1e-12 <= value <= 1 s");
  set = lif;
  set.circuit.c = 1;
  CHECK_HAS(parameter_error(set), "circuit.c = 1 is out of range; allowed: 0 <= value <= 0.001 F");
  set = lif;
  set.device.r_off = 1e20;
  CHECK_HAS(parameter_error(set), "device.r_off = 1e+20 is out of range; allowed: 0 < value <= 1e+15 ohm");
  set = lif;
  set.drive.delay = 1e300;  // would not fit a step count
  CHECK_HAS(parameter_error(set), "drive.delay = 1e+300 is out of range; allowed: 0 <= value <= 1e+06 s");
  set = lif;
  set.device.gamma1 = 1e300;
  CHECK_HAS(parameter_error(set), "device.gamma1 = 1e+300 is out of range; allowed: 0 <= value <= 1e+12 1/s");
  CHECK(parameter_error(lif).empty());
}

TEST_CASE("a parameter file with an absurd capacitance names file, line and range") {
  TempDir dir;
  const auto path = dir.write("huge-c.toml", "base = \"lif\"\n[circuit]\nc = 5e3\n");
  const auto msg = error_of([&] { load_parameter_file(path); });
  CHECK_HAS(msg, path + ":3: circuit.c = 5000 is out of range; allowed: 0 <= value <= 0.001 F");
}

TEST_CASE("a chip beyond the memory budget is refused when [chip] is read, naming size, budget and fields") {
  TempDir dir;
  const auto path = dir.write("chip.toml", kSmallChip);
  CHECK(layout_error(path).empty());  // 16 tiles of 64 x 64: about 1 MB
  const BudgetForTest budget(1e5);
  const auto msg = layout_error(path);
  CHECK_HAS(msg, path + ": 16 tiles of 64 x 64 are 6.55e+04 synapses and 1.02e+03 neurons, about 0.00157 GB; "
                 "the memory budget is 0.0001 GB: make chip.tiles, chip.rows or chip.columns smaller");
}

TEST_CASE("sweeps and pulse trials that could not be held in memory are refused before running") {
  const BudgetForTest budget(1e6);
  const auto set = reference::named_set("dc-symmetric");
  const auto sweep = error_of([&] { run_dc_sweep(set, default_dc_protocol(set), 1000, 1); });
  CHECK_HAS(sweep, "1000 cycles of 2 x 100 points are about 0.0032 GB; the memory budget is 0.001 GB");
  const auto trials = error_of([&] { run_pulse_trials(reference::named_set("pulse"), PulseProtocol{}, 100, 1); });
  CHECK_HAS(trials, "100 trials of 5100 steps (dt = 1e-05 s) are about 0.0122 GB; the memory budget is 0.001 GB");
}

TEST_CASE("traces over more steps than allowed are refused, naming where the step count came from") {
  TempDir dir;
  const auto path = dir.write("traces.toml", std::string(kSmallChip) + "steps = 1000\n[record]\nneurons = [[0, 0, 63]]\n");
  auto layout = load_layout(path);
  CHECK_NOTHROW(check_trace_size(layout, "run.steps"));
  layout.steps = 1L << 40;
  const auto msg = error_of([&] { check_trace_size(layout, "--steps"); });
  CHECK_HAS(msg, ":12: recording 1 fields of 64 neurons over 1099511627776 steps (--steps) every 1 steps "
                 "writes 7.04e+13 values; at most 1e+08: raise record.decimation, record fewer neurons or lower --steps");
}

TEST_CASE("a VCD name that is not one token of the file is refused, not written") {
  TempDir dir;
  VcdWriter vcd(dir.path() / "t.vcd", 1e-6, "test");
  CHECK_NOTHROW(vcd.add_real({"tile_0", "neuron_1"}, "vm"));
  CHECK_THROWS_AS(vcd.add_real({"tile 0"}, "vm"), std::invalid_argument);
  CHECK_THROWS_AS(vcd.add_wire({"tile_0"}, ""), std::invalid_argument);
  CHECK_THROWS_AS(vcd.add_wire({"tile_0"}, "$end"), std::invalid_argument);
}
