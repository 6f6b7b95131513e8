// Tiles and arrays: row timing, routing, and the fixed-point array against the reference one.
#include <doctest/doctest.h>

#include "analysis/spike_match.hpp"
#include "experiments/array_run.hpp"
#include "fixed/fixed_array.hpp"
#include "quiet_set.hpp"
#include "reference/array.hpp"

using namespace ionarray;
using ionarray::testing::quiet;

namespace {
// Two tiles of 2 x 2, identity synapses; neuron 0 of tile 0 drives row 1 of tile 1.
reference::ArraySpec two_tiles() {
  reference::ArraySpec spec{.tiles = 2, .rows = 2, .columns = 2, .neuron = quiet("lif")};
  spec.row_voltage = 10;
  spec.pulse_steps = 10;
  reference::generate_synapses(spec, {.kind = reference::SynapseGenerator::Kind::identity, .g_max = 200e-6, .levels = 2}, 1);
  spec.routes = {{{1, 1}}, {}, {}, {}};
  return spec;
}
}  // namespace

TEST_CASE("an external event drives its row for exactly pulse_steps steps, from the next step") {
  auto spec = two_tiles();
  spec.row_voltage = 0.05;  // too weak to fire: watch the charge only
  reference::ReferenceArray array(spec, 1);
  array.step();
  CHECK(array.neuron(0).vm() == 0.0);
  array.trigger(0, 0);
  std::vector<double> vm;
  for (int k = 0; k < 15; ++k) {
    array.step();
    vm.push_back(array.neuron(0).vm());
  }
  CHECK(vm[0] > 0);                 // charged in the first step after the event
  CHECK(vm[9] > vm[8]);             // still charging in the 10th
  CHECK(vm[10] < vm[9]);            // row released: leaks through Rin from the 11th
  CHECK(array.neuron(1).vm() == 0); // identity synapses: the other column sees nothing
}

TEST_CASE("a spike drives its routed row in another tile, which fires that tile's neuron") {
  const auto spec = two_tiles();
  for (auto backend : {Backend::reference, Backend::fixed}) {
    CAPTURE(backend_name(backend));
    reference::ReferenceArray ref(spec, 1);
    fixed::FixedArray fx(spec, 1);
    std::vector<int> spikes0, spikes3;
    for (int k = 0; k < 2000; ++k) {
      if (k == 10) (backend == Backend::reference ? ref.trigger(0, 0) : fx.trigger(0, 0));
      for (int n : backend == Backend::reference ? ref.step() : fx.step()) (n == 0 ? spikes0 : spikes3).push_back(k);
    }
    REQUIRE(spikes0.size() >= 1);
    REQUIRE(spikes3.size() >= 1);  // global neuron 3 = tile 1, column 1, fed by row 1
    CHECK(spikes3.front() > spikes0.front());
  }
}

TEST_CASE("fixed-point array agrees with the reference array (deterministic chain, Poisson input)") {
  const auto spec = chain_demo_spec(false, 3);
  const auto ref = run_array(spec, Backend::reference, 1500, 3, ring_head_input(spec));
  const auto fx = run_array(spec, Backend::fixed, 1500, 3, ring_head_input(spec));
  const auto a = compare_spikes(ref.spike_steps, fx.spike_steps, 2, 1000);
  MESSAGE(a.matched << " of the first " << a.reference_spikes << " spikes matched within +-2 steps");
  CHECK(a.reference_spikes >= 500);
  CHECK(a.matched_share() >= 0.99);
  CHECK(fx.saturations == 0);
}

TEST_CASE("a crossbar larger than the engine's tile is refused") {
  reference::ArraySpec spec{.tiles = 1, .rows = 300, .columns = 4, .neuron = reference::named_set("lif")};
  reference::generate_synapses(spec, {}, 1);
  CHECK_THROWS_WITH_AS(fixed::FixedArray(spec, 1), doctest::Contains("exceeds the engine's 256 x 256 tile"),
                       fixed::RangeError);
}
