// State readback RTL against LinkCore::read_state: the tiles' probes hold random neuron states
// (every field at random, negative and extreme values included), answering one clock edge after
// they are addressed; for random requests and random output back-pressure the words pushed must
// be the C++ core's answer to the same read_state packet, word for word (headers unnumbered).
#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <vector>

#include "Vionarray_state_readback.h"
#include "cpp_core.hpp"
#include "ionarray/link_core.hpp"
#include "module_clock.hpp"

using namespace ionarray;

namespace {

constexpr int kTiles = 4, kColumns = 16;  // its shape in CMakeLists.txt

std::int32_t extreme(std::mt19937_64& rng) {
  const std::int32_t values[] = {0, 1, -1, INT32_MAX, INT32_MIN, static_cast<std::int32_t>(rng())};
  return values[rng() % 6];
}

// Sets probe port `port` (kTiles lanes of `bits`) lane `tile` to `value`.
void set_lane(VlWide<4>& port, int tile, std::uint32_t value) { port[std::size_t(tile)] = value; }

}  // namespace

TEST_CASE("state readback RTL answers read_state with the C++ link core's words") {
  testing::Clocked<Vionarray_state_readback> rb;
  testing::CppCore cpp;
  cpp.memory->tiles_active = kTiles;
  cpp.memory->config.columns = kColumns;
  std::mt19937_64 rng(5);
  auto& tiles = cpp.memory->tiles;
  for (int t = 0; t < kTiles; ++t)
    for (auto& n : tiles[t].neurons) {
      n.f = extreme(rng), n.r = extreme(rng), n.s = extreme(rng), n.vm = extreme(rng);
      n.kg = {static_cast<std::int32_t>(rng() % (1 << 17)), static_cast<std::int32_t>(fx::kCoefShiftMin + int(rng() % 71))};
      n.armed = rng() % 2;
      n.noise = rng();
    }
  std::uint64_t seq = 0, words_total = 0, waits = 0;
  for (int request = 0; request < 300; ++request) {
    link::StateRequest r;
    r.tile = rng() % kTiles;
    r.count = 1 + rng() % kColumns;
    r.column = rng() % (kColumns - r.count + 1);
    link::Header h;
    h.opcode = std::uint64_t(link::Opcode::read_state);
    h.seq = seq++;
    h.argument = link::pack(r);
    testing::CppCore::Sink out;
    cpp.core.decode(link::pack(h), out);
    REQUIRE(out.words.size() == 2 + r.count * fx::kStateWords);
    auto want = out.words;
    want.pop_back();  // (the trailer: the output FIFO adds it)
    want[0] = link::pack(link::Header{.opcode = std::uint64_t(link::Opcode::state_value), .length = link::unpack_header(want[0]).length,
                                      .seq = 0, .argument = link::unpack_header(want[0]).argument});

    rb->start_i = 1;
    rb->request_i = static_cast<std::uint32_t>(h.argument);
    rb->active_i = 0;
    rb.clock();
    rb->start_i = 0;
    CHECK(rb->pending_o);
    std::vector<std::uint64_t> words;
    for (int cycle = 0;; ++cycle) {
      REQUIRE(cycle < 2000);
      rb->active_i = 1;
      rb->space_i = rng() % 4 != 0;
      rb.settle();
      if (rb->push_o) {
        CHECK(bool(rb->push_header_o) == words.empty());
        words.push_back(rb->push_word_o);
      }
      waits += !rb->space_i;
      const bool done = rb->done_o;
      // The probes answer for the tile and column addressed before this edge (a tile's state RAM).
      const int tile = rb->probe_tile_o, column = rb->probe_column_o;
      rb.clock();
      const auto& n = tiles[tile].neurons[column];
      set_lane(rb->probe_f_i, tile, std::uint32_t(n.f));
      set_lane(rb->probe_r_i, tile, std::uint32_t(n.r));
      set_lane(rb->probe_s_i, tile, std::uint32_t(n.s));
      set_lane(rb->probe_vm_i, tile, std::uint32_t(n.vm));
      set_lane(rb->probe_kg_mant_i, tile, std::uint32_t(n.kg.mant));
      set_lane(rb->probe_kg_shift_i, tile, std::uint32_t(n.kg.shift) & 0xFF);
      rb->probe_armed_i = n.armed ? 1u << tile : 0u;
      rb->probe_noise_i[std::size_t(2 * tile)] = std::uint32_t(n.noise);
      rb->probe_noise_i[std::size_t(2 * tile + 1)] = std::uint32_t(n.noise >> 32);
      if (done) break;
    }
    CHECK_FALSE(rb->pending_o);
    INFO("request tile " << r.tile << ", columns " << r.column << " + " << r.count);
    REQUIRE(words == want);
    words_total += words.size();
  }
  MESSAGE(words_total << " words read back, " << waits << " cycles with the output full");
}
