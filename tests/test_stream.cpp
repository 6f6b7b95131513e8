// Streaming mode on every backend: the same spikes as one batch run, by callback and by pull;
// pause holds the device, stop ends it, inputs in the past are refused.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "backends/open_device.hpp"
#include "device/device_stream.hpp"
#include "io/input_error.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

namespace {
Layout small_chip() { return ring_layout(4, 16, 5, 800, 2); }
std::vector<InputEvent> events(std::uint64_t steps) { return input_events(21, 0, steps, 16, 0.03); }
std::vector<SpikeEvent> batch(const char* uri, const Layout& layout, const std::vector<InputEvent>& inputs) {
  auto device = open_device(uri);
  device->load(layout);
  return device->run(layout.steps, inputs);
}
}  // namespace

TEST_CASE("a stream gives the spikes of one batch run, by callback and by pull, on every backend") {
  const auto layout = small_chip();
  const auto inputs = events(layout.steps);
  for (const char* uri : {"reference://", "fixed://", "verilator://"}) {
    CAPTURE(uri);
    const auto expected = batch(uri, layout, inputs);
    REQUIRE(expected.size() > 20);  // the inputs make the chain fire

    auto device = open_device(uri);
    device->load(layout);
    std::mutex m;
    std::vector<SpikeEvent> by_callback;
    DeviceStream callback_stream(*device, {.steps_per_exchange = 37, .stop_at_step = 800}, [&](std::span<const SpikeEvent> s) {
      std::lock_guard lock(m);
      by_callback.insert(by_callback.end(), s.begin(), s.end());
    });
    // Inputs pushed in two parts, the second while the device runs (still ahead of it).
    const auto half = static_cast<std::ptrdiff_t>(inputs.size() / 2);
    callback_stream.push(std::span(inputs.begin(), inputs.begin() + half));
    std::vector<InputEvent> late(inputs.begin() + half, inputs.end());
    callback_stream.pause();  // held before the first exchange until the rest is pushed
    callback_stream.start();
    callback_stream.push(late);
    callback_stream.resume();
    callback_stream.wait_for_step(800);
    callback_stream.stop();
    CHECK(by_callback == expected);

    auto pulled_device = open_device(uri);
    pulled_device->load(layout);
    DeviceStream pull_stream(*pulled_device, {.steps_per_exchange = 64, .stop_at_step = 800, .pull_queue_limit = 8});
    pull_stream.push(inputs);
    pull_stream.start();
    std::vector<SpikeEvent> by_pull;
    while (pull_stream.running()) {  // the consumer: never more than 8 spikes behind
      const auto got = pull_stream.pull();
      by_pull.insert(by_pull.end(), got.begin(), got.end());
      if (got.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    pull_stream.stop();
    const auto rest = pull_stream.pull();  // what arrived after the last pull
    by_pull.insert(by_pull.end(), rest.begin(), rest.end());
    CHECK(by_pull == expected);  // a full queue held the device back: nothing lost
  }
}

TEST_CASE("pause holds the device at an exchange boundary, resume continues, stop ends early") {
  const auto layout = small_chip();
  auto device = open_device("fixed://");
  device->load(layout);
  DeviceStream stream(*device, {.steps_per_exchange = 10});
  stream.start();
  stream.wait_for_step(50);
  stream.pause();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the exchange in flight ends
  const auto held = stream.steps_done();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(stream.steps_done() == held);
  CHECK(held % 10 == 0);
  stream.resume();
  stream.wait_for_step(held + 100);
  stream.stop();
  CHECK(stream.steps_done() >= held + 100);
  CHECK(device->current_step() == stream.steps_done());
}

TEST_CASE("a stream refuses inputs stamped in the past, naming the step it has reached") {
  const auto layout = small_chip();
  auto device = open_device("fixed://");
  device->load(layout);
  DeviceStream stream(*device, {.steps_per_exchange = 25, .stop_at_step = 100});
  stream.start();
  stream.wait_for_step(100);
  CHECK_THROWS_WITH_AS(stream.push(InputEvent{.step = 40, .tile = 0, .row = 1}), doctest::Contains("stamped 40, in the past"), InputError);
  stream.push(InputEvent{.step = 100, .tile = 0, .row = 1});  // the next step is accepted
  stream.stop();
}

TEST_CASE("a device error ends the stream and reaches the caller") {
  auto layout = small_chip();
  auto device = open_device("fixed://");
  device->load(layout);
  DeviceStream stream(*device, {.steps_per_exchange = 10, .stop_at_step = 50});
  stream.push(InputEvent{.step = 20, .tile = 9, .row = 0});  // no tile 9 on this chip: the device refuses it
  stream.start();
  CHECK_THROWS_AS(stream.wait_for_step(50), std::exception);
  CHECK(stream.steps_done() == 20);  // the exchanges before the bad event completed
}

TEST_CASE("loading a layout again starts a device from step 0 with the same spikes") {
  const auto layout = small_chip();
  const auto inputs = events(200);
  for (const char* uri : {"reference://", "fixed://", "verilator://"}) {
    CAPTURE(uri);
    auto device = open_device(uri);
    device->load(layout);
    const auto first = device->run(200, inputs);
    device->load(layout);
    CHECK(device->current_step() == 0);
    CHECK(device->run(200, inputs) == first);
  }
}

TEST_CASE("reset(seed) restarts the loaded chip at step 0 with another seed, on every backend") {
  const auto layout = small_chip();
  const auto inputs = events(300);
  for (const char* uri : {"reference://", "fixed://", "verilator://"}) {
    CAPTURE(uri);
    auto fresh = open_device(uri);
    auto reseeded = layout;
    reseeded.seed = 77;
    fresh->load(reseeded);
    const auto expected = fresh->run(300, inputs);

    auto device = open_device(uri);
    CHECK_THROWS_AS(device->reset(77), DeviceError);  // nothing loaded yet
    device->load(layout);
    const auto first = device->run(300, inputs);
    device->reset(77);
    CHECK(device->current_step() == 0);
    const auto after = device->run(300, inputs);
    CHECK(after == expected);
    CHECK(after != first);  // the noise streams changed with the seed
  }
}

TEST_CASE("a chip with two parameter sets: fixed:// and verilator:// agree bit for bit, and each region behaves as its set") {
  auto layout = small_chip();
  layout.spec.v_bias = 0.9;  // both sets fire on their own at this bias, each at its own rate
  layout.spec.tile_neuron.assign(4, layout.spec.neuron);
  auto oscillator = reference::named_set("oscillator");
  oscillator.circuit.dt = layout.spec.neuron.circuit.dt;
  layout.spec.tile_neuron[1] = layout.spec.tile_neuron[3] = oscillator;
  std::vector<SpikeEvent> results[2];
  int k = 0;
  for (const char* uri : {"fixed://", "verilator://"}) {
    auto device = open_device(uri);
    device->load(layout);
    results[k++] = device->run(20000, {});
  }
  CHECK(results[1] == results[0]);
  // Each region as its own set on the reference model too: spike counts per tile within 10 %, and
  // the oscillator tiles unlike the lif ones on both.
  auto reference = open_device("reference://");
  reference->load(layout);
  const auto per_tile = [](const std::vector<SpikeEvent>& spikes) {
    std::vector<double> n(4, 0.0);
    for (const auto& s : spikes) n[static_cast<std::size_t>(s.tile)] += 1;
    return n;
  };
  const auto fixed = per_tile(results[0]), ref = per_tile(reference->run(20000, {}));
  MESSAGE("spikes per tile, fixed: " << fixed[0] << " " << fixed[1] << " " << fixed[2] << " " << fixed[3] << "; reference: "
                                     << ref[0] << " " << ref[1] << " " << ref[2] << " " << ref[3]);
  for (std::size_t t = 0; t < 4; ++t) CHECK(std::abs(fixed[t] - ref[t]) <= 0.1 * ref[t]);
  for (const auto& n : {fixed, ref}) {
    CHECK(n[1] + n[3] < 0.75 * (n[0] + n[2]));
    CHECK(n[1] + n[3] > 0);
  }
}
