// The device API: the same calls on every backend, and the same answers where they must agree.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "analysis/spike_match.hpp"
#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "io/input_error.hpp"
#include "temp_files.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::TempDir;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

namespace {
// Spikes as per-neuron step lists, for compare_spikes().
std::vector<std::vector<long>> per_neuron(const std::vector<SpikeEvent>& spikes, const reference::ArraySpec& spec) {
  std::vector<std::vector<long>> out(static_cast<std::size_t>(spec.neurons()));
  for (const auto& s : spikes) out[static_cast<std::size_t>(s.tile * spec.columns + s.neuron)].push_back(static_cast<long>(s.step));
  return out;
}
}  // namespace

TEST_CASE("devices open by URI, and unknown schemes are refused with the list") {
  CHECK(open_device("reference://")->uri() == "reference://");
  CHECK(open_device("fixed://")->capabilities().max_rows == 256);
  CHECK_THROWS_WITH_AS(open_device("usb2://0"), doctest::Contains("available: reference://, fixed://"), InputError);
}

TEST_CASE("fixed:// and fixed-link:// (packets through the link core) equal the fixed array, and reference:// agrees with them") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto inputs = input_events(11, 0, 600, 32, 0.02);
  std::vector<std::vector<long>> results[3];
  int k = 0;
  for (const char* uri : {"reference://", "fixed://", "fixed-link://"}) {
    auto device = open_device(uri);
    device->load(layout);
    const auto spikes = device->run(600, inputs);
    CHECK(std::is_sorted(spikes.begin(), spikes.end()));
    CHECK(device->current_step() == 600);
    results[k++] = per_neuron(spikes, layout.spec);
  }
  // The fixed array driven directly, with the same events.
  ArrayInputs direct;
  for (const auto& e : inputs) direct.events.push_back({static_cast<long>(e.step), e.tile, e.row});
  const auto expected = run_array(layout.spec, Backend::fixed, 600, layout.seed, direct);
  CHECK(results[1] == expected.spike_steps);
  CHECK(results[2] == expected.spike_steps);
  const auto a = compare_spikes(results[0], results[1], 2, 1000);
  MESSAGE(a.matched << " of the first " << a.reference_spikes << " reference spikes matched by fixed://");
  CHECK(a.reference_spikes > 200);
  CHECK(a.matched_share() >= 0.99);
}

TEST_CASE("a run split in two continues exactly where it stopped") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto first = input_events(11, 0, 300, 32, 0.02), second = input_events(11, 300, 300, 32, 0.02);
  std::vector<InputEvent> all = first;
  all.insert(all.end(), second.begin(), second.end());
  for (const char* uri : {"reference://", "fixed://"}) {
    CAPTURE(uri);
    auto whole = open_device(uri), split = open_device(uri);
    whole->load(layout);
    split->load(layout);
    const auto expected = whole->run(600, all);
    auto got = split->run(300, first);
    const auto rest = split->run(300, second);
    got.insert(got.end(), rest.begin(), rest.end());
    CHECK(got == expected);
    CHECK(split->counters().spikes_out == expected.size());
  }
}

TEST_CASE("inputs stamped in the past or beyond the run are refused, never dropped") {
  const auto layout = ring_layout(4, 32, 3, 600);
  for (const char* uri : {"reference://", "fixed://"}) {
    CAPTURE(uri);
    auto device = open_device(uri);
    device->load(layout);
    device->run(100, {});
    const std::vector<InputEvent> past = {{50, 0, 1}};
    CHECK_THROWS_WITH_AS(device->run(10, past), doctest::Contains("in the past"), DeviceError);
    const std::vector<InputEvent> late = {{500, 0, 1}};
    CHECK_THROWS_WITH_AS(device->run(10, late), doctest::Contains("beyond"), DeviceError);
  }
}

TEST_CASE("flow control: more input than the device queue holds is sent in acknowledged stretches") {
  const auto layout = ring_layout(4, 32, 3, 600);
  std::vector<InputEvent> dense;
  noise::NoiseStream draws(5, 0, noise::Stream::device_to_device);
  for (std::uint64_t k = 0; k < 600; ++k)
    for (int i = 0; i < layout.spec.rows; ++i)
      if (draws.next_uniform() < 0.2) dense.push_back({k, 0, i});
  REQUIRE(dense.size() > 3 * 1024);
  auto device = open_device("fixed-link://");
  device->load(layout);
  const auto spikes = device->run(600, dense);
  ArrayInputs direct;
  for (const auto& e : dense) direct.events.push_back({static_cast<long>(e.step), e.tile, e.row});
  CHECK(per_neuron(spikes, layout.spec) == run_array(layout.spec, Backend::fixed, 600, layout.seed, direct).spike_steps);
  CHECK(device->counters().spikes_in == dense.size());
  CHECK(device->counters().overflows == 0);

  const std::vector<InputEvent> crowded(1100, InputEvent{700, 0, 3});  // one step, more than the queue
  CHECK_THROWS_WITH_AS(device->run(200, crowded), doctest::Contains("more than 1024 input events"), DeviceError);
}

TEST_CASE("verilator:// (the array core RTL) gives the same spikes as fixed://, bit for bit") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto inputs = input_events(11, 0, 400, 32, 0.02);
  auto rtl = open_device("verilator://");
  auto fixed = open_device("fixed://");
  rtl->load(layout);
  fixed->load(layout);
  const auto expected = fixed->run(400, inputs);
  const auto got = rtl->run(400, inputs);
  MESSAGE(got.size() << " spikes from the RTL");
  CHECK(expected.size() > 50);
  CHECK(got == expected);
  CHECK(rtl->counters().spikes_out == expected.size());
  CHECK(rtl->counters().spikes_in == inputs.size());
}

TEST_CASE("verilator:// with every tile of the model in use still equals fixed://") {
  Layout full = ring_layout(4, 32, 3, 600);
  full.spec = chain_spec(16, 8, true, 5);  // all 16 tiles: the tile index wraps at the end of a step
  std::vector<InputEvent> inputs;
  noise::NoiseStream draws(2, 0, noise::Stream::device_to_device);
  for (std::uint64_t k = 0; k < 300; ++k)
    for (int tile = 0; tile < 16; tile += 4)
      for (int row = 0; row < 8; ++row)
        if (draws.next_uniform() < 0.05) inputs.push_back({k, tile, row});
  auto rtl = open_device("verilator://");
  auto fixed = open_device("fixed://");
  rtl->load(full);
  fixed->load(full);
  const auto expected = fixed->run(300, inputs);
  CHECK(expected.size() > 50);
  CHECK(rtl->run(300, inputs) == expected);
}

TEST_CASE("verilator:// refuses a layout larger than the model, with the excess") {
  auto layout = ring_layout(4, 32, 3, 600);
  layout.spec = chain_spec(4, 48, true, 3);
  CHECK_THROWS_WITH_AS(open_device("verilator://")->load(layout), doctest::Contains("holds 32 columns per tile; the layout has 48 (16 too many)"),
                       InputError);
}

TEST_CASE("random-stimulus lockstep: verilator:// equals fixed:// over a million neuron-steps") {
  // Seeds, layouts and parameter sets vary; noise on and off; inputs at several rates.
  long neuron_steps = 0;
  int scenario = 0;
  for (const char* set : {"lif", "oscillator"})
    for (const bool c2c : {true, false})
      for (const auto& [tiles, size] : {std::pair{2, 32}, std::pair{16, 16}}) {
        Layout l = ring_layout(4, 32, 3, 600);
        l.spec = chain_spec(tiles, size, c2c, 100 + static_cast<std::uint64_t>(scenario), std::min(tiles, 4));
        const auto row_voltage = l.spec.row_voltage;
        l.spec.neuron = reference::named_set(set);
        l.spec.neuron.device.c2c = c2c;
        l.spec.neuron.device.d2d = 0.1;
        l.spec.row_voltage = set == std::string("oscillator") ? 1.5 : row_voltage;
        l.seed = 200 + static_cast<std::uint64_t>(scenario);
        std::vector<InputEvent> inputs;
        noise::NoiseStream draws(300 + static_cast<std::uint64_t>(scenario), 0, noise::Stream::device_to_device);
        const double rate = 0.01 * (1 + scenario % 3);
        const std::uint64_t steps = 4000;
        for (std::uint64_t k = 0; k < steps; ++k)
          for (int t = 0; t < tiles; t += 4)
            for (int row = 0; row < size; ++row)
              if (draws.next_uniform() < rate) inputs.push_back({k, t, row});
        auto rtl = open_device("verilator://");
        auto fixed = open_device("fixed://");
        rtl->load(l);
        fixed->load(l);
        const auto expected = fixed->run(steps, inputs);
        const auto got = rtl->run(steps, inputs);
        CAPTURE(set);
        CAPTURE(c2c);
        CAPTURE(tiles);
        CHECK(got == expected);
        CHECK(got.size() > 20);  // the scenario exercises spiking, not only the silent state
        CHECK(rtl->counters().saturations == fixed->counters().saturations);
        MESSAGE(std::string(set) << (c2c ? " noisy" : " quiet") << ", " << tiles << " tiles of " << size << ": " << got.size() << " spikes");
        neuron_steps += static_cast<long>(steps) * l.spec.neurons();
        ++scenario;
      }
  MESSAGE(neuron_steps << " neuron-steps in " << scenario << " scenarios, identical");
  CHECK(neuron_steps >= 1'000'000);
}

TEST_CASE("verilator://?waves=FILE writes an FST waveform of the run, only when asked") {
  TempDir dir;
  const auto path = (dir.path() / "run.fst").string();
  {
    auto device = open_device("verilator://?waves=" + path);
    device->load(ring_layout(2, 8, 3, 50));
    device->run(50, input_events(5, 0, 50, 8, 0.1));
  }  // closed with the device
  REQUIRE(std::filesystem::exists(path));
  std::ifstream fst(path, std::ios::binary);
  const int block_type = fst.get();
  CHECK(block_type == 0);  // an FST file starts with its header block (type 0, FST_BL_HDR)
  CHECK(std::filesystem::file_size(path) > 1000);
  CHECK_THROWS_WITH_AS(open_device("verilator://?wave=x.fst"), doctest::Contains("verilator://?waves=FILE.fst"), InputError);
}
