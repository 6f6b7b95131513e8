#include "link/config_packets.hpp"

#include <algorithm>

#include "ionarray/link_crc.hpp"

namespace ionarray::link {

void PacketWriter::packet(Opcode op, std::uint32_t argument, const std::vector<std::uint64_t>& payload) {
  std::size_t start = 0;
  do {
    const std::size_t n = std::min<std::size_t>(255, payload.size() - start);
    const std::size_t header_at = words_.size();
    if (kept_.empty()) kept_first_ = seq_ & 0xFFFF;
    words_.push_back(pack(Header{.opcode = std::uint64_t(op), .length = n, .seq = seq_++ & 0xFFFF, .argument = argument}));
    words_.insert(words_.end(), payload.begin() + static_cast<std::ptrdiff_t>(start),
                  payload.begin() + static_cast<std::ptrdiff_t>(start + n));
    seal(header_at);
    kept_.emplace_back(words_.begin() + static_cast<std::ptrdiff_t>(header_at), words_.end());
    start += n;
  } while (start < payload.size());
}

void PacketWriter::seal(std::size_t header_at) {
  words_.push_back(trailer_of(words_.data() + header_at, static_cast<int>(words_.size() - header_at)));
}

void PacketWriter::resync(std::uint32_t token) {
  words_.insert(words_.end(), kResyncPadding, 0);
  const std::size_t header_at = words_.size();
  words_.push_back(pack(Header{.opcode = std::uint64_t(Opcode::resync), .length = 0, .seq = 0, .argument = token}));
  seal(header_at);
}

bool PacketWriter::resend_from(std::uint64_t seq) {
  if (kept_.empty()) return seq == (seq_ & 0xFFFF);
  const std::uint64_t skip = (seq - kept_first_) & 0xFFFF;
  if (skip > kept_.size()) return false;
  for (auto p = kept_.begin() + static_cast<std::ptrdiff_t>(skip); p != kept_.end(); ++p)
    words_.insert(words_.end(), p->begin(), p->end());
  return true;
}

void PacketWriter::forget_before(std::uint64_t seq) {
  while (!kept_.empty() && ((seq - kept_first_) & 0xFFFF) != 0 && ((seq - kept_first_) & 0xFFFF) <= kept_.size()) {
    kept_.pop_front();
    kept_first_ = (kept_first_ + 1) & 0xFFFF;
  }
}

void PacketWriter::memory_words(Memory memory, int tile, const std::vector<std::pair<int, std::uint64_t>>& writes) {
  std::vector<std::uint64_t> payload;
  payload.reserve(writes.size());
  for (const auto& [address, data] : writes)
    payload.push_back(pack(MemoryWrite{.tile = std::uint64_t(tile), .memory = std::uint64_t(memory),
                                       .address = std::uint64_t(address), .data = data & 0xFFFFFFFFFULL}));
  packet(Opcode::write_memory, 0, payload);
}

void PacketWriter::load(const fixed::ArrayImage& image) {
  using fx::ConfigField, fx::SharedField, fx::StateField, fx::pack_coef, fx::pack_signed;
  const auto& t = image.tile;
  memory_words(Memory::tile_config, 0,
               {{int(ConfigField::tiles), pack_signed(image.tiles)}, {int(ConfigField::rows), pack_signed(t.rows)},
                {int(ConfigField::columns), pack_signed(t.columns)}, {int(ConfigField::row_voltage), pack_signed(t.row_voltage)},
                {int(ConfigField::v_bias), pack_signed(t.v_bias)}, {int(ConfigField::g_shift), pack_signed(t.g_shift)},
                {int(ConfigField::pulse_steps), pack_signed(t.pulse_steps)},
                {int(ConfigField::row_voltage_1), pack_signed(t.level_voltage[0])},
                {int(ConfigField::row_voltage_2), pack_signed(t.level_voltage[1])},
                {int(ConfigField::row_voltage_3), pack_signed(t.level_voltage[2])}});
  std::vector<std::pair<int, std::uint64_t>> levels;  // every row's, so none is left from an earlier chip
  for (int row = 0; row < t.rows; ++row) levels.push_back({row, t.row_level[row]});
  memory_words(Memory::row_levels, 0, levels);
  for (int tile = 0; tile < image.tiles; ++tile) {  // each tile's parameter set
  const auto& s = image.shared[static_cast<std::size_t>(tile)];
  const auto offset = static_cast<std::uint64_t>(s.tunnel_offset);
  memory_words(Memory::shared_coefs, tile,
               {{int(SharedField::symmetric), s.symmetric}, {int(SharedField::c2c), s.c2c},
                {int(SharedField::alpha), pack_signed(s.alpha)}, {int(SharedField::grow), pack_coef(s.grow)},
                {int(SharedField::shrink), pack_coef(s.shrink)}, {int(SharedField::shrink_noise), pack_coef(s.shrink_noise)},
                {int(SharedField::tunnel_exponent), pack_coef(s.tunnel_exponent)},
                {int(SharedField::tunnel_scale), pack_coef(s.tunnel_scale)},
                {int(SharedField::tunnel_offset_low), offset & 0xFFFFFFFF},
                {int(SharedField::tunnel_offset_high), offset >> 32}, {int(SharedField::input), pack_coef(s.input)},
                {int(SharedField::on_conductance), pack_coef(s.on_conductance)},
                {int(SharedField::spike_threshold), pack_signed(s.spike_threshold)}});
  }
  std::vector<std::pair<int, std::uint64_t>> writes;
  auto tables = image.config->tables;  // table_slot wants a mutable reference
  for (int table = 0; table < fx::kTableCount; ++table)
    for (int i = 0; i < fx::kTableSize; ++i)
      writes.emplace_back(table * fx::kTableSize + i, pack_signed(fx::table_slot(tables, table)[i]));
  memory_words(Memory::tables, 0, writes);

  for (int tile = 0; tile < image.tiles; ++tile) {
    writes.clear();
    const auto& g = image.g[static_cast<std::size_t>(tile)];
    for (std::size_t k = 0; k < g.size(); ++k) {
      const int row = static_cast<int>(k) / t.columns, column = static_cast<int>(k) % t.columns;
      writes.emplace_back(fx::crossbar_address(row, column), g[k]);
    }
    memory_words(Memory::crossbar, tile, writes);
    writes.clear();
    std::vector<std::pair<int, std::uint64_t>> states;
    for (int j = 0; j < t.columns; ++j) {
      const auto global = static_cast<std::size_t>(tile * t.columns + j);
      auto coefs = image.coefs[global];
      for (int k = 0; k < fx::kDeviceCoefCount; ++k)
        writes.emplace_back(j * fx::kCoefsPerNeuron + k, pack_coef(*fx::device_coef_slot(coefs, k)));
      const auto& n = image.states[global];
      const int base = j * fx::kStateWords;
      for (int field = 0; field < int(StateField::count); ++field)
        states.emplace_back(base + field, fx::state_word(n, static_cast<StateField>(field)));
    }
    memory_words(Memory::device_coefs, tile, writes);
    memory_words(Memory::neuron_state, tile, states);
  }
  for (int tile = 0; tile < image.tiles; ++tile) plastic_words(image, tile);
  writes.clear();
  for (std::size_t n = 0; n < image.routes.size(); ++n)
    for (int slot = 0; slot < fx::kRouteSlots; ++slot)
      writes.emplace_back(static_cast<int>(n) * fx::kRouteSlots + slot, image.routes[n][static_cast<std::size_t>(slot)]);
  memory_words(Memory::routes, 0, writes);
}

void PacketWriter::plastic_words(const fixed::ArrayImage& image, int tile) {
  using fx::PlasticField;
  const auto* plastic = image.plastic.empty() ? nullptr : &image.plastic[static_cast<std::size_t>(tile)];
  if (!plastic || !*plastic) {  // a fixed crossbar (also on a tile that was plastic in an earlier chip)
    memory_words(Memory::plasticity, tile, {{int(PlasticField::rows), 0}});
    return;
  }
  const fixed::PlasticTile& p = **plastic;
  const auto& c = p.config;
  const int rows = c.last_row - c.first_row + 1;
  memory_words(Memory::plasticity, tile,
               {{int(PlasticField::first_row), fx::pack_signed(c.first_row)}, {int(PlasticField::rows), fx::pack_signed(rows)},
                {int(PlasticField::pre_head_steps), fx::pack_signed(c.pre_head_steps)},
                {int(PlasticField::post_head_steps), fx::pack_signed(c.post_head_steps)},
                {int(PlasticField::post_tail_steps), fx::pack_signed(c.post_tail_steps)},
                {int(PlasticField::idle_rows_grounded), c.idle_rows_grounded ? 1u : 0u},
                {int(PlasticField::slot_map), fx::pack_slot_map(c)}, {int(PlasticField::c2c), fx::pack_coef(c.c2c)},
                {int(PlasticField::resistance_ratio), fx::pack_coef(c.resistance_ratio)},
                {int(PlasticField::word_on), fx::pack_coef(c.word_on)},
                {int(PlasticField::noise_low), p.noise & 0xFFFFFFFF}, {int(PlasticField::noise_high), p.noise >> 32}});
  std::vector<std::pair<int, std::uint64_t>> states, changes;
  const auto slots = static_cast<std::size_t>(c.slots);
  for (int i = c.first_row; i <= c.last_row; ++i)
    for (int j = 0; j < p.columns; ++j) {
      const auto k = static_cast<std::size_t>(i * p.columns + j);
      const int address = fx::crossbar_address(i - c.first_row, j);
      states.emplace_back(address, static_cast<std::uint64_t>(p.x[k]));
      for (std::size_t slot = 0; slot < slots; ++slot)
        changes.emplace_back(address, fx::pack_change(static_cast<int>(slot), p.change[k * slots + slot]));
    }
  memory_words(Memory::synapse_state, tile, states);
  memory_words(Memory::synapse_change, tile, changes);
}

void PacketWriter::spike_in(std::uint32_t step, int tile, int row) {
  packet(Opcode::spike_in, 0, {pack(SpikeIn{.step = step, .tile = std::uint64_t(tile), .row = std::uint64_t(row)})});
}

void PacketWriter::read_state(int tile, int column, int count) {
  StateRequest request;
  request.tile = static_cast<std::uint64_t>(tile);
  request.column = static_cast<std::uint64_t>(column);
  request.count = static_cast<std::uint64_t>(count);
  packet(Opcode::read_state, static_cast<std::uint32_t>(pack(request)));
}

void PacketWriter::read_crossbar(int tile, int row, int column, int count) {
  CrossbarRequest request;
  request.tile = static_cast<std::uint64_t>(tile);
  request.address = static_cast<std::uint64_t>(fx::crossbar_address(row, column));
  request.count = static_cast<std::uint64_t>(count);
  packet(Opcode::read_crossbar, static_cast<std::uint32_t>(pack(request)));
}

}  // namespace ionarray::link
