// The step sequencer RTL against the order of LinkCore::step: the events due in the step
// trigger their rows first (in queue order), every active tile steps, the spikes go out as
// spike_out packets of at most 255 in tile order and, within a tile, in the order the tile
// reported them, then each spike's routes trigger their rows slot by slot. The tiles are a
// model here (spikes at random times, tiles interleaved, as engines shared by several tiles do).
#include <doctest/doctest.h>

#include <array>
#include <deque>
#include <random>
#include <vector>

#include "Vionarray_step_sequencer.h"
#include "ionarray/link_core.hpp"
#include "module_clock.hpp"

using namespace ionarray;

namespace {

constexpr int kTiles = 4, kRows = 16, kColumns = 128;  // its shape in CMakeLists.txt
constexpr int kColumnBits = 7;

struct Trigger {
  int tile, row;
  bool operator==(const Trigger&) const = default;
};

}  // namespace

TEST_CASE("step sequencer RTL sends and routes a step's spikes in the C++ link core's order") {
  testing::Clocked<Vionarray_step_sequencer> seq;
  std::mt19937_64 rng(3);
  const auto pick = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  std::vector<std::array<std::uint32_t, fx::kRouteSlots>> routes(kTiles * kColumns);
  std::uint64_t steps = 0, spikes_total = 0, triggers_total = 0, long_steps = 0;
  for (int epoch = 0; epoch < 12; ++epoch) {
    const int tiles_active = pick(1, kTiles), columns = epoch == 0 ? kColumns : pick(1, kColumns);
    seq->tiles_active_i = static_cast<CData>(tiles_active);
    seq->columns_i = static_cast<CData>(columns);
    // Routes of every neuron (about half the slots empty), written as the decoder passes them.
    for (int neuron = 0; neuron < tiles_active * columns; ++neuron)
      for (int slot = 0; slot < fx::kRouteSlots; ++slot) {
        link::Route r;
        r.tile = std::uint64_t(pick(0, tiles_active - 1));
        r.row = std::uint64_t(pick(0, kRows - 1));
        const std::uint32_t target = pick(0, 1) ? fx::kNoRoute : std::uint32_t(link::pack(r));
        routes[std::size_t(neuron)][std::size_t(slot)] = target;
        link::MemoryWrite w;
        w.memory = std::uint64_t(link::Memory::routes);
        w.address = std::uint64_t(neuron * fx::kRouteSlots + slot);
        w.data = target;
        seq->route_write_i = 1;
        seq->route_word_i = link::pack(w);
        seq.clock();
      }
    seq->route_write_i = 0;

    for (int s = 0; s < 15; ++s, ++steps) {
      const std::uint32_t step = std::uint32_t(rng());
      // Queued events: some due now (at the head), then one for a later step.
      std::deque<link::SpikeIn> events;
      for (int k = pick(0, 3); k > 0; --k) events.push_back({.step = step, .tile = std::uint64_t(pick(0, tiles_active - 1)), .row = std::uint64_t(pick(0, kRows - 1))});
      events.push_back({.step = step + 1, .tile = 0, .row = 0});
      // Each active tile's spiking columns, in column order; one step in three, every neuron.
      const bool all_spike = s % 3 == 2 && epoch == 0;
      std::vector<std::vector<int>> spiked(static_cast<std::size_t>(tiles_active));
      for (int t = 0; t < tiles_active; ++t)
        for (int c = 0; c < columns; ++c)
          if (all_spike || pick(0, 5) == 0) spiked[std::size_t(t)].push_back(c);

      // The C++ link core's order, from LinkCore::step.
      std::vector<Trigger> want_triggers;
      for (const auto& e : events)
        if (e.step == step) want_triggers.push_back({int(e.tile), int(e.row)});
      std::vector<std::uint64_t> want_words, spike_words;
      std::vector<bool> want_headers;  // which of want_words are packet headers
      std::vector<int> spiked_neurons;
      for (int t = 0; t < tiles_active; ++t)
        for (int c : spiked[std::size_t(t)]) {
          spike_words.push_back(link::pack(link::SpikeOut{.step = step, .tile = std::uint64_t(t), .neuron = std::uint64_t(c)}));
          spiked_neurons.push_back(t * columns + c);
        }
      for (std::size_t k = 0; k < spike_words.size(); k += fx::kMaxPayloadWords) {
        const std::size_t n = std::min<std::size_t>(fx::kMaxPayloadWords, spike_words.size() - k);
        want_words.push_back(link::pack(link::Header{.opcode = std::uint64_t(link::Opcode::spike_out), .length = n, .seq = 0, .argument = step}));
        want_words.insert(want_words.end(), spike_words.begin() + std::ptrdiff_t(k), spike_words.begin() + std::ptrdiff_t(k + n));
        want_headers.push_back(true);
        want_headers.insert(want_headers.end(), n, false);
      }
      for (int neuron : spiked_neurons)
        for (std::uint32_t target : routes[std::size_t(neuron)])
          if (target != fx::kNoRoute) want_triggers.push_back({int(link::unpack_route(target).tile), int(link::unpack_route(target).row)});

      // Run the step: the tiles report their spikes interleaved, at random times after the step pulse.
      std::vector<Trigger> triggers;
      std::vector<std::uint64_t> words;
      std::vector<bool> headers;
      std::vector<std::size_t> reported(std::size_t(tiles_active), 0);
      std::vector<bool> stepping(std::size_t(kTiles), false), finished(std::size_t(kTiles), false);
      seq->step_i = step;
      seq->start_i = 1;
      int cycles = 0;
      for (;; ++cycles) {
        REQUIRE(cycles < 20000);
        seq->event_empty_i = events.empty();
        seq->event_head_i = events.empty() ? 0 : link::pack(events.front());
        seq->tile_spike_i = 0;
        seq->tile_done_i = 0;
        seq->tile_column_i = 0;
        for (int t = 0; t < tiles_active; ++t) {  // (each tile as its own engine, at its own pace)
          if (!stepping[std::size_t(t)] || finished[std::size_t(t)] || pick(0, 2) != 0) continue;
          auto& done = reported[std::size_t(t)];
          if (done < spiked[std::size_t(t)].size()) {
            seq->tile_spike_i |= 1u << t;
            seq->tile_column_i |= std::uint32_t(spiked[std::size_t(t)][done]) << (t * kColumnBits);
            ++done;
          } else {
            seq->tile_done_i |= 1u << t;
            finished[std::size_t(t)] = true;
          }
        }
        seq.settle();
        if (seq->event_pop_o) events.pop_front();
        for (int t = 0; t < kTiles; ++t)
          if (seq->trigger_valid_o >> t & 1) triggers.push_back({t, int(seq->trigger_row_o)});
        CHECK((seq->trigger_valid_o & (seq->trigger_valid_o - 1)) == 0);  // one row at a time
        for (int t = 0; t < kTiles; ++t)
          if (seq->tile_step_o >> t & 1) {
            CHECK(t < tiles_active);
            stepping[std::size_t(t)] = true;
          }
        if (seq->push_o) {
          words.push_back(seq->push_word_o);
          headers.push_back(seq->push_header_o);
        }
        const bool done = seq->done_o;
        if (done) CHECK(seq->spike_count_o == spike_words.size());
        seq.clock();
        seq->start_i = 0;
        if (done) break;
      }
      INFO("epoch " << epoch << ", step " << s);
      CHECK(words == want_words);
      CHECK(headers == want_headers);
      CHECK(triggers == want_triggers);
      REQUIRE(events.size() == 1);  // the later event stays
      spikes_total += spike_words.size();
      triggers_total += triggers.size();
      long_steps += spike_words.size() > std::size_t(fx::kMaxPayloadWords);
    }
  }
  MESSAGE(steps << " steps, " << spikes_total << " spikes, " << triggers_total << " rows triggered");
  CHECK(long_steps > 0);  // steps of more than one spike packet
}
