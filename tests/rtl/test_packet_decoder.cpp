// The packet decoder RTL against the C++ link core's checks (LinkCore::decode: header, payload,
// finish): random packet streams, biased to the edges of every range, fed word by word to both
// as they come from the packet guard (checked, without trailers); for each word the decoder's
// verdict (refusal code, accepted work) must be what the C++ core answered. Every refusal path
// the decoder owns is reached (CRC mismatches and sequence gaps are the guard's:
// test_packet_guard.cpp), each configuration limit from both sides.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "Vionarray_packet_decoder.h"
#include "cpp_core.hpp"
#include "module_clock.hpp"
#include "ionarray/link_core.hpp"

using namespace ionarray;

namespace {

constexpr int kTiles = 4;  // the verilated decoder's shape: the C++ core's limits (LinkCore<4>)

struct Word {
  std::uint64_t value;
  bool header;
};

link::Opcode opcode_of(std::uint64_t header) { return static_cast<link::Opcode>(link::unpack_header(header).opcode); }

// Random packets, mostly well formed, with values at and around every limit.
class PacketSource {
 public:
  explicit PacketSource(std::uint64_t seed) : rng_(seed) {}
  int configured_rows = 0;  // the core's rows, which routes name now and then (the row just past the last)

  // One packet (its header and payload words), given the core it is for.
  std::vector<Word> next(const fx::LinkCore<kTiles>& core) {
    std::vector<Word> words;
    const int kind = flood_ ? 40 : pick(0, 99);
    std::uint64_t op = 0, length = 0, argument = 0;
    std::vector<std::uint64_t> payload;
    if (kind < 35) {
      op = std::uint64_t(link::Opcode::write_memory);
      const int n = pick(1, 4);
      for (int k = 0; k < n; ++k) payload.push_back(memory_word());
    } else if (kind < 55) {
      op = std::uint64_t(link::Opcode::spike_in);
      const int n = flood_ ? 255 : pick(1, 4);
      for (int k = 0; k < n; ++k) payload.push_back(event_word(core));
    } else if (kind < 63) {
      op = std::uint64_t(link::Opcode::run);
      argument = pick(0, 9) == 0 ? 0 : std::uint64_t(pick(1, 3));
    } else if (kind < 73) {
      op = std::uint64_t(link::Opcode::sync);
      argument = rng_();
    } else if (kind < 80) {
      op = std::uint64_t(link::Opcode::read_register);
      argument = std::uint64_t(pick(0, 16)) * 4 + (pick(0, 9) == 0 ? 1 : 0);
    } else if (kind < 88) {
      op = std::uint64_t(link::Opcode::read_state);
      link::StateRequest r;
      r.tile = edge(kTiles);
      r.column = edge(256);
      r.count = pick(0, 3) == 0 ? edge(fx::kStateReadMax) : std::uint64_t(pick(1, 4));
      argument = link::pack(r);
      if (pick(0, 1) == 0) {
        op = std::uint64_t(link::Opcode::read_crossbar);
        link::CrossbarRequest c;
        c.tile = edge(kTiles);
        c.address = std::uint64_t(fx::crossbar_address(int(edge(fx::kMaxRows)) & 0xFF, int(edge(fx::kMaxColumns)) & 0xFF));
        c.count = pick(0, 3) == 0 ? edge(fx::kCrossbarReadMax) : std::uint64_t(pick(1, 4));
        argument = link::pack(c);
      }
    } else if (kind < 92) {
      op = std::uint64_t(link::Opcode::write_register);
      payload.push_back(rng_());
    } else {
      const std::uint64_t foreign[] = {0x00, 0x55, 0xFF, std::uint64_t(link::Opcode::spike_out), std::uint64_t(link::Opcode::error)};
      op = foreign[pick(0, 4)];
      payload.resize(std::size_t(pick(0, 2)));
    }
    length = payload.size();
    if (pick(0, 29) == 0) {  // a length the opcode does not take
      length = std::uint64_t(pick(0, 3));
      payload.resize(length);
    }
    link::Header h;
    h.opcode = op;
    h.length = length;
    h.seq = seq_;
    h.argument = argument & 0xFFFFFFFF;
    seq_ = (h.seq + 1) & 0xFFFF;
    words.push_back({link::pack(h), true});
    for (auto w : payload) words.push_back({w, false});
    return words;
  }

  // The next packets configure the shape (tiles, rows, columns), so the rest reaches tiles and rows.
  std::vector<Word> shape(int tiles, int rows, int columns) {
    link::Header h;
    h.opcode = std::uint64_t(link::Opcode::write_memory);
    h.length = 3;
    h.seq = seq_;
    seq_ = (seq_ + 1) & 0xFFFF;
    std::vector<Word> words{{link::pack(h), true}};
    const std::pair<fx::ConfigField, int> fields[] = {
        {fx::ConfigField::tiles, tiles}, {fx::ConfigField::rows, rows}, {fx::ConfigField::columns, columns}};
    for (auto [field, value] : fields) {
      link::MemoryWrite w;
      w.memory = std::uint64_t(link::Memory::tile_config);
      w.address = std::uint64_t(field);
      w.data = std::uint64_t(value);
      words.push_back({link::pack(w), false});
    }
    return words;
  }

  // A packet without payload.
  std::vector<Word> control(link::Opcode op, std::uint64_t argument) {
    link::Header h;
    h.opcode = std::uint64_t(op);
    h.seq = seq_;
    h.argument = argument;
    seq_ = (seq_ + 1) & 0xFFFF;
    return {{link::pack(h), true}};
  }

  void flood(bool on) { flood_ = on; }
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }

 private:
  // A value near `limit` (the first value out of range) half of the time, else anywhere below it.
  std::uint64_t edge(std::int64_t limit) {
    const std::int64_t near[] = {0, 1, limit - 1, limit, limit + 1};
    if (pick(0, 1) == 0) return std::uint64_t(std::max<std::int64_t>(0, near[pick(0, 4)]));
    return std::uint64_t(pick(0, int(std::max<std::int64_t>(0, limit - 1))));
  }
  std::uint64_t coefficient() {
    link::Coefficient c;
    c.mant = std::uint64_t(pick(0, (1 << 17) - 1));
    const std::int64_t shifts[] = {fx::kCoefShiftMin - 1, fx::kCoefShiftMin, 0, fx::kCoefShiftMax, fx::kCoefShiftMax + 1, 127, -128};
    c.shift = shifts[pick(0, 6)];
    return link::pack(c);
  }
  std::uint64_t signed_near(std::int64_t limit) { return fx::pack_signed(within(-limit, limit)); }
  // A value of [low, high], or one past either end.
  std::int64_t within(std::int64_t low, std::int64_t high) {
    const std::int64_t values[] = {low - 1, low, high, high + 1, std::uniform_int_distribution<std::int64_t>(low, high)(rng_)};
    return values[pick(0, 4)];
  }
  std::uint64_t memory_word() {
    link::MemoryWrite w;
    constexpr int kLastMemory = int(link::Memory::synapse_change);
    w.memory = std::uint64_t(pick(0, 9) == 0 ? pick(kLastMemory + 1, 15) : pick(0, kLastMemory));
    w.tile = pick(0, 19) == 0 ? 255 : edge(kTiles);
    switch (static_cast<link::Memory>(w.memory)) {
      case link::Memory::crossbar:
        w.address = std::uint64_t(fx::crossbar_address(int(edge(fx::kMaxRows)) & 0xFF, int(edge(fx::kMaxColumns)) & 0xFF));
        if (pick(0, 3) == 0) w.address = (edge(fx::kMaxRows) << fx::kCrossbarColumnBits) | edge(fx::kMaxColumns);
        w.data = edge(fx::kConductanceWordMax + 1);
        break;
      case link::Memory::device_coefs:
        w.address = edge(fx::kMaxColumns) * fx::kCoefsPerNeuron + edge(fx::kDeviceCoefCount);
        w.data = coefficient();
        break;
      case link::Memory::neuron_state: {
        const auto field = static_cast<fx::StateField>(pick(0, fx::kStateWords - 1));
        w.address = edge(fx::kMaxColumns) * fx::kStateWords + std::uint64_t(field);
        switch (field) {
          case fx::StateField::f:
          case fx::StateField::r: w.data = fx::pack_signed(within(0, fx::kXOne)); break;
          case fx::StateField::s: w.data = fx::pack_signed(within(0, fx::kSMax)); break;
          case fx::StateField::vm: w.data = fx::pack_signed(within(-fx::kVMax, fx::kVMax)); break;
          case fx::StateField::kg: w.data = coefficient(); break;
          default: w.data = rng_() & 0xFFFFFFFFF;
        }
        break;
      }
      case link::Memory::shared_coefs:
        w.address = edge(int(fx::SharedField::count));
        w.data = pick(0, 1) ? coefficient() : rng_() & 0xFFFFFFFFF;
        break;
      case link::Memory::tables:
        w.address = edge(fx::kTableCount * fx::kTableSize);
        w.data = rng_() & 0xFFFFFFFFF;
        break;
      case link::Memory::routes: {
        w.address = edge(kTiles * fx::kMaxColumns) * fx::kRouteSlots + std::uint64_t(pick(0, fx::kRouteSlots - 1));
        link::Route r;
        r.tile = edge(kTiles);
        r.row = pick(0, 4) == 0 ? std::uint64_t(configured_rows) : edge(fx::kMaxRows);
        const int form = pick(0, 9);
        w.data = form == 0 ? fx::kNoRoute
               : form == 1 ? (std::uint64_t(pick(1, 15)) << 32) | (pick(0, 1) ? fx::kNoRoute : link::pack(r))
                           : link::pack(r);
        break;
      }
      case link::Memory::row_levels:
        w.address = edge(fx::kMaxRows);
        w.data = edge(static_cast<std::int64_t>(fx::kRowVoltageLevels));
        break;
      case link::Memory::plasticity:
        w.address = edge(int(fx::PlasticField::count));
        switch (static_cast<fx::PlasticField>(w.address)) {
          case fx::PlasticField::first_row: w.data = fx::pack_signed(within(0, fx::kMaxRows - 1)); break;
          case fx::PlasticField::rows: w.data = fx::pack_signed(within(0, fx::kPlasticRows)); break;
          case fx::PlasticField::pre_head_steps: w.data = fx::pack_signed(within(0, fx::kPulseStepsMax)); break;
          case fx::PlasticField::post_head_steps:
          case fx::PlasticField::post_tail_steps: w.data = fx::pack_signed(within(0, fx::kColumnPulseStepsMax)); break;
          case fx::PlasticField::slot_map: {
            std::uint64_t map = 0;  // each class a slot, none, or one past the slots
            for (int v = 0; v < fx::kVoltageClasses; ++v)
              map |= std::uint64_t(pick(0, 2) == 0 ? fx::kNoSlot : pick(0, fx::kSynapseSlots - (pick(0, 9) == 0 ? 0 : 1))) << (4 * v);
            w.data = pick(0, 19) == 0 ? map | (std::uint64_t(pick(1, 15)) << 32) : map;
            break;
          }
          case fx::PlasticField::c2c:
          case fx::PlasticField::resistance_ratio:
          case fx::PlasticField::word_on: w.data = coefficient(); break;
          default: w.data = rng_() & 0xFFFFFFFFF;
        }
        break;
      case link::Memory::synapse_state:
      case link::Memory::synapse_change:
        w.address = std::uint64_t(fx::crossbar_address(int(edge(fx::kPlasticRows)) & 0xFF, int(edge(fx::kMaxColumns)) & 0xFF));
        w.data = w.memory == std::uint64_t(link::Memory::synapse_state)
                     ? fx::pack_signed(within(0, fx::kSynapseXOne))
                     : pick(0, 19) == 0 ? rng_() & 0xFFFFFFFFF
                                        : fx::pack_change(pick(0, fx::kSynapseSlots - 1),
                                                          static_cast<std::int32_t>(within(-fx::kSynapseXOne, fx::kSynapseXOne)));
        break;
      case link::Memory::tile_config: {
        w.address = edge(int(fx::ConfigField::count));
        switch (static_cast<fx::ConfigField>(w.address)) {
          case fx::ConfigField::tiles: w.data = edge(kTiles + 1); break;
          case fx::ConfigField::rows: w.data = edge(fx::kMaxRows + 1); break;
          case fx::ConfigField::columns: w.data = edge(fx::kMaxColumns + 1); break;
          case fx::ConfigField::g_shift: w.data = edge(fx::kGShiftMax + 1); break;
          case fx::ConfigField::pulse_steps: w.data = edge(fx::kPulseStepsMax + 1); break;
          default: w.data = signed_near(fx::kVMax);
        }
        break;
      }
      default: w.address = std::uint64_t(pick(0, 0xFFFF)); w.data = rng_() & 0xFFFFFFFFF;
    }
    return link::pack(w);
  }
  std::uint64_t event_word(const fx::LinkCore<kTiles>& core) {
    link::SpikeIn e;
    const std::uint64_t now = core.current_step();
    e.step = flood_ ? now + 1000 : pick(0, 4) == 0 && now > 0 ? now - 1 : now + std::uint64_t(pick(0, 3));
    e.tile = flood_ ? 0 : edge(kTiles);
    e.row = flood_ ? 0 : edge(fx::kMaxRows);
    return link::pack(e);
  }

  std::mt19937_64 rng_;
  std::uint64_t seq_ = 0;
  bool flood_ = false;
};

using Decoder = testing::Clocked<Vionarray_packet_decoder>;

// What the C++ core made of one word, from its answers and counters.
struct CppVerdict {
  std::uint32_t refusal = 0;
  bool register_value = false, state_value = false, crossbar_value = false, acknowledged = false;
};

CppVerdict answers(const std::vector<std::uint64_t>& out) {
  CppVerdict v;
  for (std::size_t k = 0; k < out.size();) {
    const auto h = link::unpack_header(out[k]);
    if (h.opcode == std::uint64_t(link::Opcode::error)) v.refusal = std::uint32_t(h.argument);
    v.register_value |= h.opcode == std::uint64_t(link::Opcode::register_value);
    v.state_value |= h.opcode == std::uint64_t(link::Opcode::state_value);
    v.crossbar_value |= h.opcode == std::uint64_t(link::Opcode::crossbar_value);
    v.acknowledged |= h.opcode == std::uint64_t(link::Opcode::ack);
    k += 2 + h.length;  // (header, payload, trailer)
  }
  return v;
}

}  // namespace

TEST_CASE("packet decoder RTL gives every word the C++ link core's verdict") {
  PacketSource source(20261205);
  std::map<std::uint32_t, int> refusals;               // by error code
  std::map<std::pair<int, bool>, int> writes;           // by (memory, accepted)
  int accepted_events = 0, overflows = 0, runs = 0, syncs = 0, register_reads = 0, state_reads = 0, crossbar_reads = 0,
      words_checked = 0;
  int route_to_row_past_end = 0;  // routes naming row == rows: refused
  for (int episode = 0; episode < 60; ++episode) {
    testing::CppCore cpp;
    auto& core = cpp.core;
    Decoder rtl;
    std::vector<Word> stream;
    const auto add = [&stream](const std::vector<Word>& words) { stream.insert(stream.end(), words.begin(), words.end()); };
    const bool flood = episode % 10 == 9;  // fill the event queue
    source.flood(flood);
    source.configured_rows = cpp.memory->config.rows;
    if (episode % 4 != 0) {  // (a quarter of the episodes start unconfigured: rows and columns 0)
      const int tiles = source.pick(1, kTiles);
      source.configured_rows = source.pick(1, fx::kMaxRows);
      add(source.shape(tiles, source.configured_rows, source.pick(1, fx::kMaxColumns)));
    }
    if (episode % 10 == 5) {  // syncs waiting for a long run: the sync queue fills
      add(source.control(link::Opcode::run, 100000));
      for (int k = 0; k < fx::kSyncQueueDepth + 2; ++k) add(source.control(link::Opcode::sync, std::uint64_t(k)));
    }
    for (int packet = 0; packet < (flood ? 8 : 150); ++packet) add(source.next(core));
    bool packet_accepted = false;  // the header of the packet being read, and its opcode
    link::Opcode packet_op = link::Opcode::run;
    for (const Word& word : stream) {
      // The decoder's inputs: the core's state before the word.
      rtl->word_i = word.value;
      rtl->take_i = 1;
      rtl->running_i = core.running();
      rtl->step_i = static_cast<std::uint32_t>(core.current_step());
      rtl->event_queue_empty_i = core.queued_events() == 0;
      rtl->event_queue_full_i = core.queued_events() == fx::kEventQueueDepth;
      rtl->sync_queue_full_i = core.running() && !core.free_running() && core.queued_syncs() == fx::kSyncQueueDepth;
      const int tiles_before = cpp.memory->tiles_active, rows_before = cpp.memory->config.rows,
                columns_before = cpp.memory->config.columns;
      const auto spikes_in = core.counter(link::Counter::spikes_in), dropped = core.counter(link::Counter::overflows);
      const int syncs_before = core.queued_syncs();
      testing::CppCore::Sink out;
      core.decode(word.value, out);
      const CppVerdict expected = answers(out.words);
      rtl->register_known_i = expected.register_value;  // (the register list is the core's: test_array_core)
      rtl->eval();

      INFO("episode " << episode << ", word " << std::hex << word.value);
      ++words_checked;
      REQUIRE(rtl->refusal_o == expected.refusal);
      REQUIRE(bool(rtl->refuse_o) == (expected.refusal != 0));
      const auto h = link::unpack_header(word.value);
      const bool header_accepted = word.header && expected.refusal == 0;
      const auto op = opcode_of(word.value);
      CHECK(bool(rtl->run_o) == (header_accepted && op == link::Opcode::run && h.length == 0));
      CHECK(bool(rtl->sync_o) == (header_accepted && op == link::Opcode::sync && h.length == 0));
      CHECK(bool(rtl->sync_o) == (expected.acknowledged || core.queued_syncs() == syncs_before + 1));
      CHECK(bool(rtl->read_register_o) == expected.register_value);
      CHECK(bool(rtl->read_state_o) == expected.state_value);
      CHECK(bool(rtl->read_crossbar_o) == expected.crossbar_value);
      CHECK(rtl->header_argument_o == static_cast<std::uint32_t>(h.argument));
      CHECK(bool(rtl->event_o) == (core.counter(link::Counter::spikes_in) == spikes_in + 1));
      CHECK(bool(rtl->overflow_o) == (core.counter(link::Counter::overflows) == dropped + 1));
      if (expected.refusal != 0) ++refusals[expected.refusal];
      runs += rtl->run_o;
      syncs += rtl->sync_o;
      register_reads += rtl->read_register_o;
      state_reads += rtl->read_state_o;
      crossbar_reads += rtl->read_crossbar_o;
      accepted_events += rtl->event_o;
      overflows += rtl->overflow_o;

      // A write_memory payload word: accepted ones reach the tiles (or the route memory).
      if (word.header) {
        packet_accepted = expected.refusal == 0;
        packet_op = op;
      } else if (packet_accepted && packet_op == link::Opcode::write_memory) {
        const auto w = link::unpack_memory_write(word.value);
        const bool accepted = expected.refusal == 0;
        ++writes[{int(w.memory), accepted}];
        const auto memory = static_cast<link::Memory>(w.memory);
        const bool per_tile = memory == link::Memory::crossbar || memory == link::Memory::device_coefs ||
                              memory == link::Memory::neuron_state || memory == link::Memory::shared_coefs ||
                              memory == link::Memory::plasticity || memory == link::Memory::synapse_state ||
                              memory == link::Memory::synapse_change;
        const unsigned want_cfg = !accepted ? 0u
                                : per_tile ? 1u << w.tile
                                : memory == link::Memory::tile_config || memory == link::Memory::row_levels ? (1u << kTiles) - 1
                                                                      : 0u;
        CHECK(rtl->cfg_valid_o == want_cfg);
        CHECK(bool(rtl->route_write_o) == (accepted && memory == link::Memory::routes));
        // A route to the row just past the last, all else in range: refused by the row bound alone.
        const auto route = link::unpack_route(w.data & 0xFFFFFFFF);
        if (memory == link::Memory::routes && w.data >> 32 == 0 && int(route.tile) < tiles_before &&
            int(route.row) == rows_before && int(w.address) / fx::kRouteSlots < tiles_before * columns_before) {
          CHECK_FALSE(accepted);
          ++route_to_row_past_end;
        }
      }
      // The decoder's view of the shape follows the core's.
      rtl.clock();
      CHECK(rtl->tiles_active_o == cpp.memory->tiles_active);
      CHECK(rtl->columns_o == cpp.memory->config.columns);
      // Steps between packets now and then, as the core would run them.
      if (word.header && core.running() && source.pick(0, 2) == 0) core.step(out);
    }
  }
  MESSAGE(words_checked << " words; refusals by code: " << refusals.size() << " codes; " << accepted_events
                        << " events accepted, " << overflows << " dropped");
  for (std::uint32_t code = 1; code <= std::uint32_t(link::Error::event_out_of_order); ++code)
    if (code != std::uint32_t(link::Error::sequence_gap))
      CHECK_MESSAGE(refusals[code] > 0, "error code " << code << " never reached");
  for (int memory = 0; memory <= int(link::Memory::synapse_change); ++memory) {
    CHECK_MESSAGE((writes[{memory, true}] > 0), "no accepted write to memory " << memory);
    CHECK_MESSAGE((writes[{memory, false}] > 0), "no refused write to memory " << memory);
  }
  CHECK(route_to_row_past_end > 0);
  CHECK(runs > 0);
  CHECK(syncs > 0);
  CHECK(register_reads > 0);
  CHECK(state_reads > 0);
  CHECK(crossbar_reads > 0);
  CHECK(overflows > 0);
}
