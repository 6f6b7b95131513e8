// Lockstep of the tile RTL (Verilator; two tiles sharing one engine, kTiles) with the
// fixed-point C++ tile: loaded with the same write_memory words the host link carries, given the
// same row triggers, compared on every state word of every neuron and on every spike at every
// step. The two tiles' shared coefficients differ (cycle-to-cycle noise on in one only), so the
// engine changes sets between them. A mismatch names the step, the tile, the neuron, the field
// and both values.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>

#include "Vionarray_tile.h"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "link/config_packets.hpp"
#include "link/packet_reader.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

constexpr int kTiles = 2;  // the model's TILES_PER_ENGINE (CMakeLists.txt)
constexpr int kSize = 16;

class TileRtl {
 public:
  TileRtl() {
    m_->rst_ni = 0;
    tick();
    m_->rst_ni = 1;
    tick();
  }
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
  }
  // The tile configuration goes to every tile, as the array core sends it.
  void configure(const link::MemoryWrite& w) {
    m_->cfg_valid_i = w.memory == std::uint64_t(link::Memory::tile_config) ? (1 << kTiles) - 1 : 1 << w.tile;
    m_->cfg_memory_i = static_cast<CData>(w.memory);
    m_->cfg_address_i = static_cast<SData>(w.address);
    m_->cfg_data_i = w.data;
    tick();
    m_->cfg_valid_i = 0;
  }
  void trigger(int tile, int row) {
    m_->trigger_valid_i = static_cast<CData>(1 << tile);
    m_->trigger_row_i = static_cast<CData>(row);
    tick();
    m_->trigger_valid_i = 0;
    REQUIRE_FALSE(m_->trigger_lost_o);
  }
  // Spikes as tile * kSize + column, in the order the tile reports them.
  std::vector<int> step() {
    std::vector<int> spikes;
    m_->step_i = (1 << kTiles) - 1;
    tick();
    m_->step_i = 0;
    for (int cycles = 0; !m_->done_o; ++cycles) {
      REQUIRE(cycles < 100000);
      tick();
      if (m_->spike_valid_o) spikes.push_back(m_->spike_tile_o * kSize + m_->spike_column_o);
      saturations_ += m_->saturations_o;
    }
    return spikes;
  }
  // The first field of neuron `column` that differs from `n`, or "".
  std::string compare(int tile, int column, const fx::NeuronState& n) {
    m_->probe_tile_i = static_cast<CData>(tile);
    m_->probe_column_i = static_cast<CData>(column);
    tick();  // the state is in block RAM: read on the clock edge (the tile is idle)
    std::ostringstream out;
    auto field = [&](const char* name, std::int64_t rtl, std::int64_t cpp) {
      if (out.tellp() == 0 && rtl != cpp) out << "tile " << tile << ", neuron " << column << ", " << name << ": rtl " << rtl << ", c++ " << cpp;
    };
    field("f", static_cast<std::int32_t>(m_->probe_f_o), n.f);
    field("r", static_cast<std::int32_t>(m_->probe_r_o), n.r);
    field("s", static_cast<std::int32_t>(m_->probe_s_o), n.s);
    field("vm", static_cast<std::int32_t>(m_->probe_vm_o), n.vm);
    field("kg.mant", static_cast<std::int32_t>(m_->probe_kg_mant_o), n.kg.mant);
    field("kg.shift", static_cast<std::int32_t>(m_->probe_kg_shift_o), n.kg.shift);
    field("armed", m_->probe_armed_o, n.armed);
    field("noise", static_cast<std::int64_t>(m_->probe_noise_o), static_cast<std::int64_t>(n.noise));
    return out.str();
  }
  std::uint64_t saturations() const { return saturations_; }

 private:
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_tile> m_ = std::make_unique<Vionarray_tile>(context_.get());
  std::uint64_t saturations_ = 0;  // the pulses counted
};

}  // namespace

TEST_CASE("tile RTL in lockstep with the C++ tile: every state word, every spike, every step") {
  for (const bool c2c : {false, true}) {
    CAPTURE(c2c);
    const auto image = fixed::build_array_image(chain_spec(kTiles, kSize, c2c, 8), 8);
    // Tile 1's shared coefficients from the same chip with the other noise setting.
    const auto other = fixed::build_array_image(chain_spec(kTiles, kSize, !c2c, 8), 8);
    REQUIRE(other.shared[1].c2c != image.shared[1].c2c);

    // The RTL tiles get exactly the write_memory words the link would carry to them.
    TileRtl rtl;
    int words = 0;
    auto load = [&](const fixed::ArrayImage& from, auto&& wanted) {
      link::PacketWriter writer;
      writer.load(from);
      link::PacketReader reader;
      for (auto w : writer.words()) reader.feed(w);
      for (const auto& p : reader.take()) {
        if (p.opcode() != link::Opcode::write_memory) continue;
        for (auto w : p.payload) {
          const auto m = link::unpack_memory_write(w);
          if (m.tile >= kTiles || m.memory == std::uint64_t(link::Memory::tables) ||
              m.memory == std::uint64_t(link::Memory::routes) || !wanted(m))
            continue;  // tables are ROMs in the RTL; routing belongs to the array
          rtl.configure(m);
          ++words;
        }
      }
    };
    const auto shared_of_tile_1 = [](const link::MemoryWrite& m) {
      return m.tile == 1 && m.memory == std::uint64_t(link::Memory::shared_coefs);
    };
    load(image, [&](const link::MemoryWrite& m) { return !shared_of_tile_1(m); });
    load(other, shared_of_tile_1);
    REQUIRE(words > kTiles * kSize * kSize);
    rtl.tick();  // (the tile writes a word a clock after it arrives)

    // The C++ tiles from the same images.
    std::vector<std::unique_ptr<fx::TileMemory>> tiles;
    for (int t = 0; t < kTiles; ++t) {
      auto tile = std::make_unique<fx::TileMemory>();
      for (auto& timer : tile->row_timer) timer = 0;
      for (int i = 0; i < kSize; ++i)
        for (int j = 0; j < kSize; ++j) tile->g[i][j] = image.g[static_cast<std::size_t>(t)][static_cast<std::size_t>(i * kSize + j)];
      for (int j = 0; j < kSize; ++j) {
        tile->coefs[j] = image.coefs[static_cast<std::size_t>(t * kSize + j)];
        tile->neurons[j] = image.states[static_cast<std::size_t>(t * kSize + j)];
      }
      tiles.push_back(std::move(tile));
    }
    const fx::SharedCoefs* shared[kTiles] = {&image.shared[0], &other.shared[1]};
    fx::SaturationCounters sat;

    noise::NoiseStream events(3, 0, noise::Stream::device_to_device);
    std::size_t total_spikes = 0;
    for (long step = 0; step < 1000; ++step) {
      for (int t = 0; t < kTiles; ++t)
        for (int row = 0; row < kSize; ++row)
          if (events.next_uniform() < 0.1) {
            fx::trigger_row(*tiles[t], image.tile, row);
            rtl.trigger(t, row);
          }
      std::vector<int> expected;
      for (int t = 0; t < kTiles; ++t) {
        std::uint16_t spiked[fx::kMaxColumns];
        const int n = fx::step_tile(*tiles[t], image.tile, *shared[t], image.config->tables, spiked, sat);
        for (int i = 0; i < n; ++i) expected.push_back(t * kSize + spiked[i]);
      }
      const auto rtl_spikes = rtl.step();
      REQUIRE_MESSAGE(rtl_spikes == expected, "step " << step << ": spikes differ");
      total_spikes += rtl_spikes.size();
      for (int t = 0; t < kTiles; ++t)
        for (int j = 0; j < kSize; ++j) {
          const auto diff = rtl.compare(t, j, tiles[t]->neurons[j]);
          REQUIRE_MESSAGE(diff.empty(), "step " << step << ", " << diff);
        }
    }
    CHECK(rtl.saturations() == sat.vm + sat.s + sat.conductance);
    MESSAGE("c2c " << c2c << " in tile 0: 1000 steps x " << kTiles * kSize << " neurons identical, " << total_spikes << " spikes");
    CHECK(total_spikes > 10);
  }
}
