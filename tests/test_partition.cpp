// A chip over several devices (URI1,URI2,...): the host carries the spikes between them, and the
// spikes equal the whole chip's on one device bit for bit; partitions that cannot be are refused.
#include <doctest/doctest.h>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "io/input_error.hpp"
#include "reference/synapse_params.hpp"
#include "temp_files.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;
using ionarray::testing::TempDir;

namespace {

struct Outcome {
  std::vector<SpikeEvent> spikes;
  std::vector<double> vm;  // every neuron's Vm after the run
};

Outcome run_on(const std::string& uri, const Layout& layout, const std::vector<InputEvent>& inputs, std::uint64_t steps) {
  auto device = open_device(uri);
  device->load(layout);
  Outcome o;
  std::vector<InputEvent> first, second;  // two runs: spikes carried across run() calls too
  for (const auto& e : inputs) (e.step < steps / 2 ? first : second).push_back(e);
  o.spikes = device->run(steps / 2, first);
  const auto rest = device->run(steps - steps / 2, second);
  o.spikes.insert(o.spikes.end(), rest.begin(), rest.end());
  for (int t = 0; t < layout.spec.tiles; ++t)
    for (int j = 0; j < layout.spec.columns; ++j) o.vm.push_back(device->read_state(t, j).vm);
  return o;
}

}  // namespace

TEST_CASE("a chip over fixed:// x 2, verilator:// x 2 and a mix gives the spikes of the whole chip on one device") {
  // Two rings of four tiles: round-robin over two devices puts every hop of a ring across them.
  auto layout = ring_layout(8, 32, 7, 1000);
  const auto inputs = input_events(5, 0, 1000, 32, 0.05);
  const auto whole = run_on("fixed://", layout, inputs, 1000);
  REQUIRE(whole.spikes.size() > 300);
  // Spikes of tiles beyond the input ring's first: the chip's routes carry activity across devices.
  REQUIRE(std::count_if(whole.spikes.begin(), whole.spikes.end(), [](const SpikeEvent& s) { return s.tile == 1; }) > 10);
  for (const char* uris : {"fixed://,fixed://", "verilator://,verilator://", "fixed://,verilator://", "fixed-link://,fixed://?threads=2,verilator://"}) {
    CAPTURE(uris);
    const auto got = run_on(uris, layout, inputs, 1000);
    CHECK(got.spikes == whole.spikes);
    CHECK(got.vm == whole.vm);
  }
  // An explicit partition: tiles in an order of their own on each device.
  layout.partition = {{7, 0, 5}, {1, 2, 3, 4, 6}};
  const auto got = run_on("verilator://,fixed://", layout, inputs, 1000);
  CHECK(got.spikes == whole.spikes);
  CHECK(got.vm == whole.vm);
}

TEST_CASE("a plastic chip over fixed:// x 2 gives the spikes and the synapse conductances of one fixed://") {
  auto layout = ring_layout(4, 32, 7, 1000);
  auto& p = layout.spec.plasticity;
  p.synapse = reference::named_synapse_set("vteam");
  p.synapse.r_on = 4e3, p.synapse.r_off = 100e3, p.synapse.k_on = -2e3, p.synapse.k_off = 2e3;
  p.synapse.c2c = 0.1, p.synapse.d2d = 0.05;
  p.pulses = {.pre_head = 0.015, .pre_tail = -0.15, .pre_head_steps = 1, .post_head = 0.15, .post_tail = -0.03,
              .post_head_steps = 2, .post_tail_steps = 2, .idle_rows_grounded = true};
  p.tiles = {false, true, true, false};  // tile 1 on the second device, tile 2 on the first
  const auto inputs = input_events(5, 0, 1000, 32, 0.05);
  auto one = open_device("fixed://"), two = open_device("fixed://,fixed://?threads=2");
  one->load(layout);
  two->load(layout);
  REQUIRE(two->can_read_conductances());
  std::vector<std::vector<double>> start;
  for (int t = 0; t < 4; ++t) start.push_back(one->read_conductances(t));
  CHECK(one->run(1000, inputs) == two->run(1000, inputs));
  int moved = 0;
  for (int t = 0; t < 4; ++t) {
    CAPTURE(t);
    const auto g = one->read_conductances(t);
    CHECK(two->read_conductances(t) == g);
    moved += g != start[static_cast<std::size_t>(t)];
  }
  CHECK(moved == 2);  // the two plastic tiles were programmed, the others not
}

TEST_CASE("partitions that name a tile twice, leave one out or overfill a device are refused naming tile and device") {
  TempDir dir;
  const std::string chip = "[chip]\ntiles = [2, 4]\nrows = 8\ncolumns = 8\n[neurons]\nset = \"lif\"\n"
                           "[synapses]\nkind = \"identity\"\ng_max = 50e-6\n[pulses]\nvoltage = 2.5\n[run]\nsteps = 10\n";
  CHECK_THROWS_WITH_AS(load_layout(dir.write("twice.toml", chip + "[partition]\ndevices = [[0, 1, 2, 3], [4, 5, 2, 6, 7]]\n")),
                       doctest::Contains("partition.devices: tile 2 is named twice: by device 0 and device 1"), InputError);
  CHECK_THROWS_WITH_AS(load_layout(dir.write("out.toml", chip + "[partition]\ndevices = [[0, 1, 2, 3], [4, 6, 7]]\n")),
                       doctest::Contains("tile 5 is left out"), InputError);
  CHECK_THROWS_WITH_AS(load_layout(dir.write("range.toml", chip + "[partition]\ndevices = [[0, 1, 2, 3], [4, 5, 6, 8]]\n")),
                       doctest::Contains("device 1 lists 8: tiles are integers 0 .. 7"), InputError);
  const auto layout = load_layout(dir.write("ok.toml", chip + "[partition]\ndevices = [[0, 1, 2, 3, 4], [5, 6, 7]]\n"));
  CHECK(layout.partition.size() == 2);
  CHECK_THROWS_WITH_AS(open_device("fixed://,fixed://,fixed://")->load(layout),
                       doctest::Contains("the partition lists 2 devices; the run has 3"), InputError);

  // verilator:// holds 16 tiles of 32 x 32: 40 tiles round-robin give each 20.
  const auto big = ring_layout(40, 32, 1, 10);
  CHECK_THROWS_WITH_AS(open_device("verilator://,verilator://")->load(big),
                       doctest::Contains("device 0 (verilator://) holds 16 tiles; it is given 20, from tile 32 on (4 too many)"),
                       InputError);
  CHECK_THROWS_WITH_AS(open_device("fixed://,reference://")->load(ring_layout(4, 8, 1, 10)),
                       doctest::Contains("reference://: this device cannot hold part of a chip"), DeviceError);
  CHECK_THROWS_WITH_AS(open_device("fixed://,,fixed://"), doctest::Contains("an empty device in the list"), InputError);
}
