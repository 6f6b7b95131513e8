// fixed://: the array stepped directly by its kernels, on one thread or several, against the
// scalar link core behind packets (fixed-link://): the same spikes, counters and state words.
#include <doctest/doctest.h>

#include <algorithm>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "device/fixed_device.hpp"
#include "fixed/fixed_array.hpp"
#include "io/input_error.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

namespace {

struct Outcome {
  std::vector<SpikeEvent> spikes;
  DeviceCounters counters;
  std::vector<StateProbe> states;  // every neuron after the run
};

Outcome run_on(const std::string& uri, const Layout& layout, const std::vector<InputEvent>& inputs, std::uint64_t steps) {
  auto device = open_device(uri);
  device->load(layout);
  Outcome o;
  // Two runs, so a device must carry its state (and its threads) across run() calls.
  const auto half = steps / 2;
  std::vector<InputEvent> first, second;
  for (const auto& e : inputs) (e.step < half ? first : second).push_back(e);
  o.spikes = device->run(half, first);
  const auto rest = device->run(steps - half, second);
  o.spikes.insert(o.spikes.end(), rest.begin(), rest.end());
  o.counters = device->counters();
  for (int t = 0; t < layout.spec.tiles; ++t)
    for (int j = 0; j < layout.spec.columns; ++j) o.states.push_back(device->read_state(t, j));
  return o;
}

bool same_states(const std::vector<StateProbe>& a, const std::vector<StateProbe>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const StateProbe& x, const StateProbe& y) {
    return x.vm == y.vm && x.f == y.f && x.r == y.r && x.s == y.s && x.g == y.g;
  });
}

}  // namespace

TEST_CASE("fixed:// on every kernel and thread count equals the scalar link core (fixed-link://) bit for bit") {
  // 8 tiles of 32 in two rings of 4 (thread counts that do not divide them too), busy input.
  const auto layout = ring_layout(8, 32, 7, 800);
  const auto inputs = input_events(5, 0, 800, 32, 0.05);
  const auto expected = run_on("fixed-link://", layout, inputs, 800);
  REQUIRE(expected.spikes.size() > 300);
  REQUIRE(expected.counters.spikes_in == inputs.size());
  std::vector<std::string> uris = {"fixed://", "fixed://?kernel=scalar", "fixed://?threads=2", "fixed://?threads=4&kernel=scalar"};
  if (fixed::avx512_supported()) {
    uris.emplace_back("fixed://?kernel=avx512&threads=3");
    uris.emplace_back("fixed://?threads=8&kernel=avx512");
  } else {
    MESSAGE("this CPU has no AVX-512: the scalar kernel only");
  }
  for (const auto& uri : uris) {
    CAPTURE(uri);
    const auto got = run_on(uri, layout, inputs, 800);
    CHECK(got.spikes == expected.spikes);
    CHECK(got.counters.steps == 800);
    CHECK(got.counters.spikes_in == expected.counters.spikes_in);
    CHECK(got.counters.spikes_out == expected.counters.spikes_out);
    CHECK(got.counters.saturations == expected.counters.saturations);
    CHECK(same_states(got.states, expected.states));
  }
}

TEST_CASE("fixed:// steps with the AVX-512 kernel where the CPU has it, and says which") {
  const auto caps = open_device("fixed://")->capabilities();
  CHECK(caps.description.find(fixed::avx512_supported() ? "avx512 kernel" : "scalar kernel") != std::string::npos);
  CHECK(open_device("fixed://?threads=3")->capabilities().description.find("3 thread(s)") != std::string::npos);
  CHECK(open_device("fixed-link://")->capabilities().description.find("host-link packets") != std::string::npos);
}

TEST_CASE("fixed:// URIs: threads and kernel read, anything else refused naming what is allowed") {
  CHECK(parse_fixed_uri("fixed://").threads == 1);
  CHECK(parse_fixed_uri("fixed://?threads=12").threads == 12);
  CHECK(parse_fixed_uri("fixed://?kernel=scalar&threads=2").kernel == fixed::Kernel::scalar);
  for (const char* bad : {"fixed://?threads=0", "fixed://?threads=two", "fixed://?threads=3x", "fixed://?threads=257",
                          "fixed://?kernel=sse", "fixed://?cores=2", "fixed://board"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(open_device(bad), doctest::Contains("fixed://[?threads=N][&kernel=automatic|scalar|avx512]"),
                         InputError);
  }
}

TEST_CASE("the fixed array gives the same words for every thread count, and parts of it routed together equal the whole") {
  const auto layout = ring_layout(8, 32, 7, 1000);
  const auto inputs = input_events(5, 0, 1000, 32, 0.05);
  const auto run = [&](fixed::FixedArray& a) {
    std::vector<int> spikes;
    std::size_t next = 0;
    for (std::uint64_t k = 0; k < 1000; ++k) {
      for (; next < inputs.size() && inputs[next].step == k; ++next) a.trigger(inputs[next].tile, inputs[next].row);
      for (int n : a.step()) spikes.push_back(static_cast<int>(k) * 1000 + n);
    }
    return spikes;
  };
  fixed::FixedArray one(layout.spec, layout.seed, fixed::Kernel::scalar, 1);
  const auto expected = run(one);
  REQUIRE(expected.size() > 200);
  for (int threads : {2, 3, 8, 16}) {
    CAPTURE(threads);
    fixed::FixedArray many(layout.spec, layout.seed, fixed::Kernel::automatic, threads);
    CHECK(many.threads() == std::min(threads, 8));
    CHECK(run(many) == expected);
    CHECK(many.saturation().vm == one.saturation().vm);
    for (int n = 0; n < layout.spec.neurons(); n += 17) CHECK(many.state(n).vm == one.state(n).vm);
  }
  // Three parts (tiles 0-2, 3, 4-7), each stepping its own and routing everyone's spikes.
  std::vector<fixed::FixedArray> parts;
  for (auto range : {fixed::TileRange{0, 3}, fixed::TileRange{3, 4}, fixed::TileRange{4, 8}})
    parts.emplace_back(layout.spec, layout.seed, fixed::Kernel::automatic, 2, range);
  std::vector<int> got;
  std::size_t next = 0;
  for (std::uint64_t k = 0; k < 1000; ++k) {
    for (; next < inputs.size() && inputs[next].step == k; ++next)
      for (auto& p : parts) p.trigger(inputs[next].tile, inputs[next].row);
    std::vector<int> all;
    for (auto& p : parts) {
      const auto& mine = p.step_tiles();
      all.insert(all.end(), mine.begin(), mine.end());
    }
    for (auto& p : parts) p.route(all);
    for (int n : all) got.push_back(static_cast<int>(k) * 1000 + n);
  }
  CHECK(got == expected);
  CHECK_THROWS_AS(parts[1].state(0), std::out_of_range);
}
