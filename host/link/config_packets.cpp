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
                {int(ConfigField::pulse_steps), pack_signed(t.pulse_steps)}});
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
  writes.clear();
  for (std::size_t n = 0; n < image.routes.size(); ++n)
    for (int slot = 0; slot < fx::kRouteSlots; ++slot)
      writes.emplace_back(static_cast<int>(n) * fx::kRouteSlots + slot, image.routes[n][static_cast<std::size_t>(slot)]);
  memory_words(Memory::routes, 0, writes);
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

}  // namespace ionarray::link
