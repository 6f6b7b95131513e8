// The fixed-point drift-memristor synapse: its programming against the reference model's, its
// words against the conductance equation, and plastic chips on fixed:// (the kernel, reading
// weights back, and the devices that refuse them).
#include <doctest/doctest.h>

#include <cmath>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "experiments/plasticity_accuracy.hpp"
#include "fixed/fixed_array.hpp"
#include "fixed/tables.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"
#include "test_chips.hpp"

using namespace ionarray;

TEST_CASE("fixed-point synapse programming follows the reference model: same synapses move, x within 1e-4, G within a word") {
  const auto r = plasticity_accuracy(3, 20000);
  MESSAGE(r.reference_changes << " synapse-steps moved; max x error " << r.max_x_error << ", max G error "
                              << r.max_conductance_error << " of the range (a word is " << r.word_lsb << "), rms "
                              << r.rms_conductance_error);
  CHECK(r.reference_changes > 10'000);  // the scheme potentiates and depresses often
  CHECK(r.fixed_changes == r.reference_changes);
  CHECK(r.max_x_error <= 1e-4);
  CHECK(r.max_conductance_error <= r.word_lsb + 1e-3);
  CHECK(r.meets_target());
}

TEST_CASE("a synapse word is word_on / (1 + (R_off / R_on - 1) x) to within a word, from fully ON to fully OFF") {
  fx::EngineTables tables;
  fixed::fill_tables(tables);
  fx::PlasticConfig c;
  const double ratio = 6e6 / 700e3 - 1, word_on = 60000.4;
  c.resistance_ratio = fixed::quantize(ratio, "ratio");
  c.word_on = fixed::quantize(word_on, "word_on");
  for (std::int32_t x = 0; x <= fx::kSynapseXOne; x += fx::kSynapseXOne / 64) {
    const double exact = word_on / (1 + ratio * x / fx::kSynapseXOne);
    CAPTURE(x);
    CHECK(std::abs(fx::synapse_word(c, tables, x) - exact) <= 1.0);
  }
}

TEST_CASE("a synapse's x stays in [0, 1] however large its change, and a change of 0 leaves it") {
  fx::PlasticConfig c;
  c.c2c = fixed::quantize(0.1 / noise::kGaussianCodeSd * 0x1p17, "c2c");
  CHECK(fx::program_synapse(c, 100, -fx::kSynapseXOne, noise::kGaussianCodeMax) == 0);
  CHECK(fx::program_synapse(c, fx::kSynapseXOne - 5, fx::kSynapseXOne, -noise::kGaussianCodeMax) == fx::kSynapseXOne);
  CHECK(fx::program_synapse(c, 12345, 0, noise::kGaussianCodeMax) == 12345);
  // c2c scales the change by 1 + c2c z: z = +1 sd is 10 % more.
  const auto code = static_cast<std::int32_t>(std::lround(noise::kGaussianCodeSd));
  CHECK(std::abs(fx::program_synapse(c, 0, 100'000, code) - 110'000) <= 2);
}

TEST_CASE("a plastic chip: fixed:// reads its words back and steps it on the scalar kernel, a link device refuses more plastic rows than it programs") {
  const auto layout = load_layout(std::string(IONARRAY_SOURCE_DIR) + "/examples/learning/patterns.toml");
  CHECK(fixed::FixedArray(layout.spec, layout.seed).kernel() == fixed::Kernel::scalar);
  auto device = open_device("fixed://");
  device->load(layout);
  CHECK(device->capabilities().description.find("scalar kernel") != std::string::npos);
  REQUIRE(device->can_read_conductances());
  const auto g = device->read_conductances(0);
  REQUIRE(g.size() == static_cast<std::size_t>(layout.spec.rows * layout.spec.columns));
  // The plastic pixels start at the words nearest the layout's conductances; the fixed
  // inhibition (row 64 on) is the layout's own.
  const auto& given = layout.spec.conductance[0];
  for (std::size_t k = 0; k < g.size(); ++k) CHECK(std::abs(g[k] - given[k]) <= 0.02 * given[k]);
  CHECK_THROWS_AS(device->read_conductances(1), DeviceError);
  // Rows at five different voltages: more levels than the tile holds.
  auto five = layout;
  five.spec.row_voltages.assign(static_cast<std::size_t>(layout.spec.rows), 2.5);
  for (int k = 1; k < 5; ++k) five.spec.row_voltages[static_cast<std::size_t>(63 + k)] = -0.1 * k;
  CHECK_THROWS_WITH_AS(check_fixed_point_capacity(five), doctest::Contains("driven at 5 different voltages ([[pulses.rows]]"),
                       InputError);
  auto every_row = layout;  // the inhibition rows plastic too: 68 rows, more than the C++ link core's 64
  every_row.spec.plasticity.last_row = -1;
  CHECK_THROWS_WITH_AS(open_device("fixed-link://")->load(every_row),
                       doctest::Contains("fixed-link:// programs the synapses of 64 rows per tile; the layout's "
                                         "plasticity.rows has 68"),
                       InputError);
}

TEST_CASE("rows at voltages of their own: fixed-link:// and verilator:// give fixed://'s spikes and states") {
  // Two rings of four tiles of 32 x 32; in every tile rows 24 .. 31 at three other voltages.
  auto layout = testing::ring_layout(8, 32, 11, 600);
  const auto inputs = testing::input_events(4, 0, 600, 32, 0.05);
  const auto run = [&](const std::string& uri, const Layout& l) {
    auto device = open_device(uri);
    device->load(l);
    auto spikes = device->run(600, inputs);
    std::vector<double> vm;
    for (int t = 0; t < l.spec.tiles; ++t)
      for (int j = 0; j < l.spec.columns; ++j) vm.push_back(device->read_state(t, j).vm);
    return std::pair{spikes, vm};
  };
  const auto uniform = run("fixed://", layout);
  layout.spec.row_voltages.assign(32, layout.spec.row_voltage);
  for (int row = 24; row < 32; ++row) layout.spec.row_voltages[static_cast<std::size_t>(row)] = row < 27 ? 0.0 : row < 30 ? -0.5 : 4.0;
  const auto levels = run("fixed://", layout);
  REQUIRE(levels.first.size() > 100);
  CHECK(levels.first != uniform.first);  // the levels drive the neurons differently
  for (const char* uri : {"fixed://?kernel=scalar", "fixed-link://", "verilator://"}) {
    CAPTURE(uri);
    const auto got = run(uri, layout);
    CHECK(got.first == levels.first);
    CHECK(got.second == levels.second);
  }
}
