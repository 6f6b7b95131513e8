// The example layouts do what their comments promise, derived from how the chips are wired:
// the chain passes each input spike down to its last neuron in order, the winner-take-all tile
// leaves one neuron firing.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

namespace {
std::string example(const std::string& name) { return std::string(IONARRAY_SOURCE_DIR) + "/examples/" + name; }

std::vector<SpikeEvent> run_layout(const Layout& l, const char* uri) {
  auto device = open_device(uri);
  device->load(l);
  InputSchedule schedule(l.spec, l.inputs);
  return device->run(static_cast<std::uint64_t>(l.steps), next_inputs(schedule, l.steps));
}
}  // namespace

TEST_CASE("examples/chain.toml: every input event travels down all eight neurons, in order, once") {
  const auto l = load_layout(example("chain.toml"));
  REQUIRE(l.spec.columns == 8);
  // The events (chain-input.csv) enter row 0; a wave must finish before the next event.
  std::vector<long> events;
  for (const auto& e : l.inputs.events) events.push_back(e.step);
  REQUIRE(events.size() == 2);
  events.push_back(l.steps);
  for (const char* uri : {"reference://", "fixed://"}) {
    CAPTURE(uri);
    const auto spikes = run_layout(l, uri);
    // Wiring: neuron j drives only row j + 1, which reaches only neuron j + 1. So after each
    // event neuron 0 fires, then 1, ... 7, each once, each at least a step after the one before
    // (a spike activates its row from the next step on).
    REQUIRE(spikes.size() == 16);
    for (std::size_t wave = 0; wave < 2; ++wave) {
      long previous = events[wave];
      for (int j = 0; j < 8; ++j) {
        const auto& s = spikes[wave * 8 + static_cast<std::size_t>(j)];
        CAPTURE(j);
        CHECK(s.tile == 0);
        CHECK(s.neuron == j);
        CHECK(static_cast<long>(s.step) > previous);
        previous = static_cast<long>(s.step);
      }
      CHECK(previous < events[wave + 1]);
    }
  }
}

TEST_CASE("examples/wta.toml: one neuron keeps firing, the inhibited rest stay silent, without inhibition all fire") {
  auto l = load_layout(example("wta.toml"));
  const auto count = [](const std::vector<SpikeEvent>& spikes) {
    std::map<int, int> per_neuron;
    for (const auto& s : spikes) ++per_neuron[s.neuron];
    return per_neuron;
  };
  for (const char* uri : {"reference://", "fixed://"}) {
    CAPTURE(uri);
    const auto per_neuron = count(run_layout(l, uri));
    int firing_repeatedly = 0, winner_spikes = 0;
    for (const auto& [neuron, n] : per_neuron) {
      firing_repeatedly += n > 1;
      winner_spikes = std::max(winner_spikes, n);
    }
    CHECK(firing_repeatedly == 1);
    CHECK(winner_spikes >= 5);  // a tonic oscillator over 60 ms, not a single event
  }
  // The control: the same tile with its synapses at 0 S: every neuron is a free oscillator.
  for (auto& tile : l.spec.conductance) std::fill(tile.begin(), tile.end(), 0.0);
  const auto free = count(run_layout(l, "reference://"));
  CHECK(free.size() == 8);
}
