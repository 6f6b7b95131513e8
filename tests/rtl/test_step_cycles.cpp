// The step-rate formula `ionarray estimate` uses (estimate::cycles_per_step) against the clock
// cycles the Verilated array core really takes: runs of two lengths without input events or
// spikes, so that the fixed cost of starting and ending a run cancels out.
#include <doctest/doctest.h>

#include <memory>

#include "Varray_core_4x16.h"
#include "Vionarray_array_core.h"
#include "device/verilated_link.hpp"
#include "estimate/estimate.hpp"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "link/config_packets.hpp"
#include "reference/synapse_params.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

struct CountedRun {
  long cycles = 0;
  long spike_packets = 0;
};

// Clocks one run packet of `steps` steps; counts cycles from its acceptance until the core is
// idle again.
template <typename Model>
CountedRun clock_run(Model& m, link::PacketWriter& writer, std::uint32_t steps) {
  writer.words().clear();
  writer.run(steps);
  REQUIRE(writer.words().size() == 2);  // (the run header and its trailer)
  for (auto word : writer.words()) {
    m.in_valid_i = 1;
    m.in_data_i = word;
    for (int wait = 0;; ++wait) {
      REQUIRE(wait < 1000);
      m.eval();
      const bool accepted = m.in_ready_o;
      clock_tick(m);
      if (accepted) break;
    }
  }
  m.in_valid_i = 0;
  CountedRun run;
  while (m.busy_o) {  // (the run acts once the packet guard has checked its trailer)
    REQUIRE(run.cycles < 10'000'000);
    m.eval();
    if (m.out_valid_o && link::unpack_header(m.out_data_o).opcode == std::uint64_t(link::Opcode::spike_out)) ++run.spike_packets;
    clock_tick(m);
    ++run.cycles;
  }
  return run;
}

// The cycles of one quiet step of a fresh `Model` loaded with what `writer` holds: the difference
// between runs of 110 and 10 steps, neither with spikes.
template <typename Model>
long measure_quiet_step(link::PacketWriter& writer) {
  auto context = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Model>(context.get());
  reset_link_core(*m);
  clock_exchange(*m, writer.words());
  const CountedRun short_run = clock_run(*m, writer, 10);
  const CountedRun long_run = clock_run(*m, writer, 110);
  REQUIRE(short_run.spike_packets == 0);
  REQUIRE(long_run.spike_packets == 0);
  CHECK((long_run.cycles - short_run.cycles) % 100 == 0);
  return (long_run.cycles - short_run.cycles) / 100;
}

}  // namespace

TEST_CASE("the array core RTL takes estimate::cycles_per_step cycles per quiet step") {
  // 1, 2 and 4 tiles of 16 x 16 (the model holds 4, IONARRAY_ARRAY_4X16_TILES_PER_ENGINE per engine),
  // nothing driven: no events, no spikes.
  for (const int tiles : {1, 2, 4}) {
    CAPTURE(tiles);
    const int size = 16;
    auto spec = chain_spec(tiles, size, false, 3);
    link::PacketWriter writer;
    writer.load(fixed::build_array_image(spec, 3));
    const long measured = measure_quiet_step<Varray_core_4x16>(writer);
    CHECK(measured == estimate::cycles_per_step(tiles, size, size, IONARRAY_ARRAY_4X16_TILES_PER_ENGINE));
    MESSAGE("measured " << measured << " cycles per step for " << tiles << " tiles of " << size << " x " << size);
  }
}

TEST_CASE("a plastic tile's step lasts its synapse walk: the verilator:// model takes estimate::cycles_per_step cycles") {
  // One tile of 16 x 16, every row plastic, row 15 active through the runs (one event, a pulse
  // of 30000 steps) in the head of a pulse that moves every synapse of the row: the walk programs
  // its last synapse in every step. Rows at 0 V: no current, no spikes.
  auto spec = chain_spec(1, 16, false, 3);
  spec.row_voltage = 0;
  spec.pulse_steps = 30000;
  auto& plasticity = spec.plasticity;
  plasticity.synapse = reference::named_synapse_set("vteam");
  plasticity.synapse.r_on = 700e3, plasticity.synapse.r_off = 6e6;
  plasticity.synapse.k_on = -2e5, plasticity.synapse.k_off = 2e4;
  plasticity.pulses.pre_head = -0.5;  // beyond v_on: every synapse of an active row moves
  plasticity.pulses.pre_head_steps = 30000;
  plasticity.tiles = {true};
  plasticity.first_row = 0, plasticity.last_row = 15;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 3));
  writer.spike_in(0, 0, 15);
  writer.run(1);
  const long measured = measure_quiet_step<Vionarray_array_core>(writer);
  const estimate::TileOptions model{.row_levels = IONARRAY_VERILATOR_ROW_LEVELS, .plastic_rows = 16};
  CHECK(measured == estimate::cycles_per_step(1, 16, 16, IONARRAY_VERILATOR_TILES_PER_ENGINE, model));
  CHECK(measured > estimate::cycles_per_step(1, 16, 16, IONARRAY_VERILATOR_TILES_PER_ENGINE));  // the walk is the longer
  MESSAGE("measured " << measured << " cycles per step for a tile of 16 x 16 with 16 plastic rows");
}
