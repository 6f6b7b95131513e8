// Lockstep of the tile RTL (Verilator) with the fixed-point C++ tile: loaded with the same
// write_memory words the host link carries, given the same row triggers, compared on every
// state word of every neuron and on every spike at every step. A mismatch names the step,
// the neuron, the field and both values.
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
  void configure(const link::MemoryWrite& w) {
    m_->cfg_valid_i = 1;
    m_->cfg_memory_i = static_cast<CData>(w.memory);
    m_->cfg_address_i = static_cast<SData>(w.address);
    m_->cfg_data_i = w.data;
    tick();
    m_->cfg_valid_i = 0;
    REQUIRE_FALSE(m_->cfg_error_o);
  }
  void trigger(int row) {
    m_->trigger_valid_i = 1;
    m_->trigger_row_i = static_cast<CData>(row);
    tick();
    m_->trigger_valid_i = 0;
    REQUIRE_FALSE(m_->trigger_lost_o);
  }
  std::vector<int> step() {
    std::vector<int> spikes;
    m_->step_i = 1;
    tick();
    m_->step_i = 0;
    for (int cycles = 0; !m_->done_o; ++cycles) {
      REQUIRE(cycles < 100000);
      tick();
      if (m_->spike_valid_o) spikes.push_back(m_->spike_column_o);
    }
    return spikes;
  }
  // The first field of neuron `column` that differs from `n`, or "".
  std::string compare(int column, const fx::NeuronState& n) {
    m_->probe_column_i = static_cast<CData>(column);
    tick();  // the state is in block RAM: read on the clock edge (the tile is idle)
    std::ostringstream out;
    auto field = [&](const char* name, std::int64_t rtl, std::int64_t cpp) {
      if (out.tellp() == 0 && rtl != cpp) out << "neuron " << column << ", " << name << ": rtl " << rtl << ", c++ " << cpp;
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
  std::uint32_t saturations() const { return m_->saturations_o; }

 private:
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_tile> m_ = std::make_unique<Vionarray_tile>(context_.get());
};

}  // namespace

TEST_CASE("tile RTL in lockstep with the C++ tile: every state word, every spike, every step") {
  for (const bool c2c : {false, true}) {
    CAPTURE(c2c);
    const auto spec = chain_spec(1, 16, c2c, 8);
    const auto image = fixed::build_array_image(spec, 8);

    // The RTL tile gets exactly the write_memory words the link would carry to tile 0.
    TileRtl rtl;
    link::PacketWriter writer;
    writer.load(image);
    link::PacketReader reader;
    for (auto w : writer.words()) reader.feed(w);
    int words = 0;
    for (const auto& p : reader.take()) {
      if (p.opcode() != link::Opcode::write_memory) continue;
      for (auto w : p.payload) {
        const auto m = link::unpack_memory_write(w);
        if (m.tile != 0 || m.memory == std::uint64_t(link::Memory::tables) || m.memory == std::uint64_t(link::Memory::routes))
          continue;  // tables are ROMs in the RTL; routing belongs to the array
        rtl.configure(m);
        ++words;
      }
    }
    REQUIRE(words > 16 * 16);

    // The C++ tile from the same image.
    auto tile = std::make_unique<fx::TileMemory>();
    for (auto& t : tile->row_timer) t = 0;
    for (int i = 0; i < 16; ++i)
      for (int j = 0; j < 16; ++j) tile->g[i][j] = image.g[0][static_cast<std::size_t>(i * 16 + j)];
    for (int j = 0; j < 16; ++j) {
      tile->coefs[j] = image.coefs[static_cast<std::size_t>(j)];
      tile->neurons[j] = image.states[static_cast<std::size_t>(j)];
    }
    const auto& config = *image.config;
    fx::SaturationCounters sat;

    noise::NoiseStream events(3, 0, noise::Stream::device_to_device);
    std::size_t total_spikes = 0;
    for (long step = 0; step < 1000; ++step) {
      for (int row = 0; row < 16; ++row)
        if (events.next_uniform() < 0.1) {
          fx::trigger_row(*tile, image.tile, row);
          rtl.trigger(row);
        }
      std::uint16_t spiked[fx::kMaxColumns];
      const int n = fx::step_tile(*tile, image.tile, config.shared, config.tables, spiked, sat);
      const auto rtl_spikes = rtl.step();
      REQUIRE_MESSAGE(rtl_spikes == std::vector<int>(spiked, spiked + n), "step " << step << ": spikes differ");
      total_spikes += rtl_spikes.size();
      for (int j = 0; j < 16; ++j) {
        const auto diff = rtl.compare(j, tile->neurons[j]);
        REQUIRE_MESSAGE(diff.empty(), "step " << step << ", " << diff);
      }
    }
    CHECK(rtl.saturations() == sat.vm + sat.s + sat.conductance);
    MESSAGE("c2c " << c2c << ": 1000 steps x 16 neurons identical, " << total_spikes << " spikes");
    CHECK(total_spikes > 10);
  }
}
