// The lockstep harness: the array core RTL and the C++ core agree on every output word, every
// neuron's state words at every step, across layouts; and a difference is reported by step,
// tile, neuron and field.
#include <doctest/doctest.h>

#include "fixed/fixed_array.hpp"
#include "lockstep/lockstep.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

TEST_CASE("lockstep: the array core RTL equals the C++ core on every state word at every step") {
  struct Case {
    Layout layout;
    double input_probability;
  };
  auto oscillating = ring_layout(3, 13, 8, 0);  // 13 columns: a partial read_state packet
  oscillating.spec.v_bias = 0.3;
  Case cases[] = {{ring_layout(4, 16, 5, 0), 0.05}, {oscillating, 0.1}, {ring_layout(16, 32, 6, 0, 4), 0.1}};
  for (auto& c : cases) {
    CAPTURE(c.layout.spec.tiles);
    const std::uint64_t steps = 400;
    const auto inputs = input_events(9, 0, steps, c.layout.spec.rows, c.input_probability);
    auto golden = make_loopback_transport();
    auto tested = make_verilator_transport();
    const auto r = run_lockstep(c.layout, inputs, steps, *golden, *tested);
    if (r.mismatch) FAIL(r.mismatch->describe());
    CHECK(r.steps == steps);
    CHECK(r.state_words == steps * static_cast<std::uint64_t>(c.layout.spec.neurons()) * fx::kStateWords);
    CHECK(r.spikes > 0);
    MESSAGE(r.steps << " steps x " << c.layout.spec.neurons() << " neurons: " << r.state_words << " state words, "
                    << r.spikes << " spikes equal");
  }
}

TEST_CASE("lockstep names the step, tile, neuron and field of the first difference, with both values") {
  const auto layout = ring_layout(4, 16, 5, 0);
  const auto inputs = input_events(9, 0, 300, 16, 0.05);
  // Tile 0's neuron 3 drives row 3 of tile 1 (ring routing): a synapse changed on that row of the
  // tested device first matters in the step after neuron 3 first spikes.
  fixed::FixedArray reference(layout.spec, layout.seed);
  long first_spike = -1;
  std::size_t next = 0;
  for (long k = 0; k < 300 && first_spike < 0; ++k) {
    for (; next < inputs.size() && inputs[next].step == static_cast<std::uint64_t>(k); ++next)
      reference.trigger(inputs[next].tile, inputs[next].row);
    for (int n : reference.step())
      if (n == 3) first_spike = k;
  }
  REQUIRE(first_spike >= 0);
  auto golden = make_loopback_transport();
  auto tested = make_loopback_transport();
  const auto r = run_lockstep(layout, inputs, 300, *golden, *tested, [](fixed::ArrayImage& image) {
    auto& g = image.g[1][static_cast<std::size_t>(3 * image.tile.columns + 5)];
    g = static_cast<std::uint16_t>(g + 4000);
  });
  REQUIRE(r.mismatch.has_value());
  MESSAGE(r.mismatch->describe());
  CHECK(r.mismatch->step == static_cast<std::uint64_t>(first_spike + 1));
  CHECK(r.mismatch->where.starts_with("tile 1, neuron 5, field "));
  CHECK(r.mismatch->golden != r.mismatch->tested);
  CHECK(r.steps == static_cast<std::uint64_t>(first_spike + 1));  // the equal steps before it
}
