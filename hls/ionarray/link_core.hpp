#pragma once
// The array behind the host link: checks each packet's CRC and sequence number (LinkGuard),
// decodes the input stream (configuration writes, input events, run control), steps the tiles,
// routes spikes and encodes the output stream (step-stamped spikes, status, acknowledgements,
// errors), each packet ending with its CRC. Every malformed packet is answered by an error
// packet and counted; none is ignored and none changes state. Static sizes, no allocation.
#include <cstdint>

#include "ionarray/host_link.hpp"
#include "ionarray/link_crc.hpp"
#include "ionarray/link_guard.hpp"
#include "ionarray/memory_map.hpp"
#include "ionarray/registers.hpp"

namespace ionarray::fx {

inline constexpr int kEventQueueDepth = 1024;
inline constexpr int kSyncQueueDepth = 16;
inline constexpr int kCounterCount = link::kCounterCount;
inline constexpr int kMaxPayloadWords = 255;  // the header's 8-bit length
inline constexpr int kAcknowledgeWords = 4 + kCounterCount;  // a status packet and an ack packet, with trailers

// A tile's plastic synapses (plastic_synapse.hpp): their states and changes per slot, by plastic
// row (counted from first_row), the columns' pulse phases and the tile's cycle-to-cycle stream.
struct PlasticMemory {
  std::int32_t x[kPlasticRows][kMaxColumns];
  std::int32_t change[kPlasticRows][kMaxColumns][kSynapseSlots];
  std::int16_t column_phase[kMaxColumns];
  PlasticConfig config;  // (its last_row set per step: the plastic rows within the configured rows)
  int rows = 0;          // plastic rows from config.first_row on (0: a fixed crossbar)
  std::uint64_t noise;   // the tile's cycle-to-cycle stream for its synapses
};

template <int MaxTiles>
struct ArrayMemory {
  TileMemory tiles[MaxTiles];
  PlasticMemory plastic[MaxTiles];
  std::uint32_t routes[MaxTiles * kMaxColumns][kRouteSlots];
  SharedCoefs shared[MaxTiles];  // per tile: each tile's parameter set
  EngineTables tables;
  TileConfig config;
  int tiles_active = 1;
};

template <int MaxTiles>
class LinkCore {
 public:
  explicit LinkCore(ArrayMemory<MaxTiles>& memory) : m_(memory) {
    for (auto& tile : m_.tiles)
      for (auto& t : tile.row_timer) t = 0;
    for (auto& p : m_.plastic)
      for (auto& phase : p.column_phase) phase = kIdleColumn;
    for (auto& r : m_.routes)
      for (auto& slot : r) slot = kNoRoute;
  }

  // One input word from the link. `out` takes output words: out.push(std::uint64_t).
  template <typename Out>
  void accept(std::uint64_t word, Out& out) {
    switch (guard_.accept(word)) {
      case LinkGuard::Verdict::pending: return;
      case LinkGuard::Verdict::release:
        for (int k = 0; k < guard_.packet_words(); ++k) decode(guard_.packet()[k], out);
        return;
      case LinkGuard::Verdict::duplicate:
        counters_[int(link::Counter::link_faults)] += 1;
        return;
      case LinkGuard::Verdict::gap:
        counters_[int(link::Counter::link_faults)] += 1;
        return refuse(link::Error::sequence_gap, guard_.packet()[0], out);
      case LinkGuard::Verdict::crc_mismatch:
        counters_[int(link::Counter::link_faults)] += 1;
        return refuse(link::Error::crc_mismatch, guard_.packet()[0], out);
      case LinkGuard::Verdict::resync:
        return answer_resync(static_cast<std::uint32_t>(link::unpack_header(guard_.packet()[0]).argument), out);
    }
  }

  // One word of a packet the guard passed (its trailer removed): what the RTL packet decoder sees.
  template <typename Out>
  void decode(std::uint64_t word, Out& out) {
    if (remaining_ == 0) {
      header(word, out);
    } else {
      --remaining_;
      if (!skipping_) payload(word, out);
      if (remaining_ == 0) finish(out);
    }
  }

  bool wants_step() const { return free_run_ || steps_left_ > 0; }

  // One global step of every tile, with the input events due in it.
  template <typename Out>
  void step(Out& out) {
    while (queued_ > 0 && link::unpack_spike_in(events_[head_]).step == (step_ & 0xFFFFFFFF)) {
      const auto e = link::unpack_spike_in(events_[head_]);
      trigger_row(m_.tiles[e.tile], m_.config, static_cast<int>(e.row));
      head_ = (head_ + 1) % kEventQueueDepth;
      --queued_;
    }
    std::uint64_t spikes[kMaxPayloadWords];
    int n = 0;
    std::uint32_t spiked_global[MaxTiles * kMaxColumns];
    int total = 0;
    for (int t = 0; t < m_.tiles_active; ++t) {
      std::uint16_t columns[kMaxColumns];
      std::int16_t timer_before[kMaxRows];  // the plastic rows' timers, as the step finds them
      const bool plastic = m_.plastic[t].rows > 0;
      if (plastic)
        for (int i = 0; i < m_.config.rows; ++i) timer_before[i] = m_.tiles[t].row_timer[i];
      const int k = step_tile(m_.tiles[t], m_.config, m_.shared[t], m_.tables, columns, saturation_);
      if (plastic) program(t, timer_before, columns, k);
      for (int c = 0; c < k; ++c) {
        spiked_global[total++] = static_cast<std::uint32_t>(t * m_.config.columns + columns[c]);
        link::SpikeOut spike;  // (hls/ stays C++17 for the Vitis front end: no designated initializers)
        spike.step = step_;
        spike.tile = static_cast<std::uint64_t>(t);
        spike.neuron = columns[c];
        spikes[n++] = link::pack(spike);
        if (n == kMaxPayloadWords) emit(link::Opcode::spike_out, static_cast<std::uint32_t>(step_), spikes, n, out), n = 0;
      }
    }
    if (n > 0) emit(link::Opcode::spike_out, static_cast<std::uint32_t>(step_), spikes, n, out);
    for (int s = 0; s < total; ++s)
      for (int slot = 0; slot < kRouteSlots; ++slot) {
        const std::uint32_t target = m_.routes[spiked_global[s]][slot];
        if (target == kNoRoute) continue;
        const auto route = link::unpack_route(target);
        trigger_row(m_.tiles[route.tile], m_.config, static_cast<int>(route.row));
      }
    counters_[int(link::Counter::spikes_out)] += static_cast<std::uint64_t>(total);
    counters_[int(link::Counter::steps)] += 1;
    ++step_;
    if (steps_left_ > 0 && --steps_left_ == 0) release_syncs(out);
  }

  // The most words the next step() can emit: every active neuron spiking (spike_out packets of
  // up to kMaxPayloadWords, each with its header and trailer) and every queued sync acknowledged. A caller
  // whose output buffer is bounded steps only when this many words still fit.
  int max_step_words() const {
    const int spikes = m_.tiles_active * m_.config.columns;
    return spikes + 2 * ((spikes + kMaxPayloadWords - 1) / kMaxPayloadWords) + syncs_ * kAcknowledgeWords;
  }

  std::uint64_t counter(link::Counter c) const {
    if (c == link::Counter::saturations) return saturation_.vm + saturation_.s + saturation_.conductance;
    return counters_[int(c)];
  }
  std::uint64_t current_step() const { return step_; }
  bool running() const { return wants_step(); }
  bool free_running() const { return free_run_; }
  int queued_events() const { return queued_; }
  int queued_syncs() const { return syncs_; }

 private:
  template <typename Out>
  void emit(link::Opcode op, std::uint32_t argument, const std::uint64_t* payload, int n, Out& out) {
    link::Header h;
    h.opcode = std::uint64_t(op);
    h.length = std::uint64_t(n);
    h.seq = seq_out_++ & 0xFFFF;
    h.argument = argument;
    const std::uint64_t header_word = link::pack(h);
    std::uint32_t crc = link::crc_word(link::kCrcInit, header_word);
    out.push(header_word);
    for (int k = 0; k < n; ++k) {
      crc = link::crc_word(crc, payload[k]);
      out.push(payload[k]);
    }
    link::Trailer trailer;
    trailer.crc = crc;
    out.push(link::pack(trailer));
  }

  template <typename Out>
  void refuse(link::Error code, std::uint64_t offending, Out& out) {
    counters_[int(link::Counter::errors)] += 1;
    emit(link::Opcode::error, static_cast<std::uint32_t>(code), &offending, 1, out);
  }

  template <typename Out>
  void header(std::uint64_t word, Out& out) {
    const auto h = link::unpack_header(word);
    header_ = h;
    remaining_ = static_cast<int>(h.length);
    skipping_ = true;  // until the header is accepted
    if (!link::is_opcode(h.opcode)) return refuse(link::Error::unknown_opcode, word, out);
    const auto op = static_cast<link::Opcode>(h.opcode);
    if (!link::to_device(op)) return refuse(link::Error::unknown_opcode, word, out);
    if (!link::length_ok(op, static_cast<unsigned>(h.length))) return refuse(link::Error::bad_length, word, out);
    if ((op == link::Opcode::write_memory || op == link::Opcode::read_state || op == link::Opcode::read_crossbar) &&
        running())
      return refuse(link::Error::write_while_running, word, out);
    skipping_ = false;
    if (remaining_ == 0) finish(out);
  }

  template <typename Out>
  void payload(std::uint64_t word, Out& out) {
    switch (static_cast<link::Opcode>(header_.opcode)) {
      case link::Opcode::spike_in: return event(word, out);
      case link::Opcode::write_memory: return write_memory(word, out);
      case link::Opcode::write_register: return refuse(link::Error::read_only, word, out);
      default: return;
    }
  }

  // Work a whole packet asks for, once its payload is in.
  template <typename Out>
  void finish(Out& out) {
    if (skipping_) return;
    switch (static_cast<link::Opcode>(header_.opcode)) {
      case link::Opcode::run:
        if (header_.argument == 0) free_run_ = true;
        else steps_left_ += header_.argument;
        return;
      case link::Opcode::sync:
        if (!wants_step() || free_run_) return acknowledge(static_cast<std::uint32_t>(header_.argument), out);
        if (syncs_ == kSyncQueueDepth) return refuse(link::Error::queue_full, link::pack(header_), out);
        sync_tokens_[syncs_++] = static_cast<std::uint32_t>(header_.argument);
        return;
      case link::Opcode::read_register: return read_register(static_cast<std::uint32_t>(header_.argument), out);
      case link::Opcode::read_state: return read_state(out);
      case link::Opcode::read_crossbar: return read_crossbar(out);
      default: return;
    }
  }

  // Status (every counter) then the acknowledgement, so the host sees counters as of the sync.
  template <typename Out>
  void acknowledge(std::uint32_t token, Out& out) {
    emit_status(out);
    emit(link::Opcode::ack, token, nullptr, 0, out);
  }

  template <typename Out>
  void emit_status(Out& out) {
    std::uint64_t words[kCounterCount];
    for (int c = 0; c < kCounterCount; ++c)
    {
      link::CounterValue v;
      v.id = std::uint64_t(c);
      v.value = counter(link::Counter(c));
      words[c] = link::pack(v);
    }
    emit(link::Opcode::status, static_cast<std::uint32_t>(step_), words, kCounterCount, out);
  }

  // The answer to a resync: status, then the session (the next sequence number the guard takes).
  template <typename Out>
  void answer_resync(std::uint32_t token, Out& out) {
    emit_status(out);
    link::Session session;
    session.expected_seq = guard_.expected_seq();
    const std::uint64_t word = link::pack(session);
    emit(link::Opcode::resynced, token, &word, 1, out);
  }

  template <typename Out>
  void release_syncs(Out& out) {
    for (int k = 0; k < syncs_; ++k) acknowledge(sync_tokens_[k], out);
    syncs_ = 0;
  }

  template <typename Out>
  void read_register(std::uint32_t address, Out& out) {
    // The read-only registers of spec/registers.toml, as the register block answers them.
    std::uint64_t value = 0;
    switch (address) {
      case regs::identity: value = regs::identity_reset; break;
      case regs::version: value = regs::version_reset; break;
      case regs::max_tiles: value = MaxTiles; break;
      case regs::max_rows: value = kMaxRows; break;
      case regs::max_columns: value = kMaxColumns; break;
      case regs::row_levels: value = kRowVoltageLevels; break;
      case regs::plastic_rows: value = kPlasticRows; break;
      case regs::step_low: value = step_ & 0xFFFFFFFF; break;
      case regs::step_high: value = step_ >> 32; break;
      case regs::spikes_in: value = counter(link::Counter::spikes_in) & 0xFFFFFFFF; break;
      case regs::spikes_out: value = counter(link::Counter::spikes_out) & 0xFFFFFFFF; break;
      case regs::overflows: value = counter(link::Counter::overflows) & 0xFFFFFFFF; break;
      case regs::saturations: value = counter(link::Counter::saturations) & 0xFFFFFFFF; break;
      case regs::errors: value = counter(link::Counter::errors) & 0xFFFFFFFF; break;
      default: return refuse(link::Error::out_of_range, link::pack(header_), out);
    }
    link::RegisterValue reg;
    reg.value = value;
    const std::uint64_t word = link::pack(reg);
    emit(link::Opcode::register_value, address, &word, 1, out);
  }

  // The neuron_state words of the requested neurons, as write_memory would load them.
  template <typename Out>
  void read_state(Out& out) {
    const auto r = link::unpack_state_request(header_.argument);
    const int tile = static_cast<int>(r.tile), column = static_cast<int>(r.column), count = static_cast<int>(r.count);
    if (tile >= m_.tiles_active || count < 1 || count > kStateReadMax || column + count > m_.config.columns)
      return refuse(link::Error::out_of_range, link::pack(header_), out);
    std::uint64_t words[kStateReadMax * kStateWords];
    int n = 0;
    for (int j = column; j < column + count; ++j)
      for (int field = 0; field < kStateWords; ++field) {
        link::MemoryWrite w;
        w.tile = r.tile;
        w.memory = std::uint64_t(link::Memory::neuron_state);
        w.address = static_cast<std::uint64_t>(j * kStateWords + field);
        w.data = state_word(m_.tiles[tile].neurons[j], static_cast<StateField>(field));
        words[n++] = link::pack(w);
      }
    emit(link::Opcode::state_value, static_cast<std::uint32_t>(header_.argument), words, n, out);
  }

  // The crossbar words asked for, as write_memory would load them.
  template <typename Out>
  void read_crossbar(Out& out) {
    const auto r = link::unpack_crossbar_request(header_.argument);
    const int tile = static_cast<int>(r.tile), address = static_cast<int>(r.address), count = static_cast<int>(r.count);
    const int row = crossbar_row(address), column = crossbar_column(address);
    if (tile >= m_.tiles_active || count < 1 || row >= m_.config.rows || column + count > m_.config.columns)
      return refuse(link::Error::out_of_range, link::pack(header_), out);
    std::uint64_t words[kMaxPayloadWords];
    for (int k = 0; k < count; ++k) {
      link::MemoryWrite w;
      w.tile = r.tile;
      w.memory = std::uint64_t(link::Memory::crossbar);
      w.address = static_cast<std::uint64_t>(address + k);
      w.data = m_.tiles[tile].g[row][column + k];
      words[k] = link::pack(w);
    }
    emit(link::Opcode::crossbar_value, static_cast<std::uint32_t>(header_.argument), words, count, out);
  }

  // Tile t's synapse programming after its neurons stepped (`spiked`: its n spiking columns).
  void program(int t, const std::int16_t* timer_before, const std::uint16_t* spiked, int n) {
    PlasticMemory& p = m_.plastic[t];
    p.config.pulse_steps = m_.config.pulse_steps;
    p.config.last_row = (p.config.first_row + p.rows < m_.config.rows ? p.config.first_row + p.rows : m_.config.rows) - 1;
    struct Synapses {
      PlasticMemory& p;
      TileMemory& tile;
      std::int32_t& x(int i, int j) { return p.x[i - p.config.first_row][j]; }
      std::int32_t change(int i, int j, int slot) const { return p.change[i - p.config.first_row][j][slot]; }
      void write_word(int i, int j, std::uint16_t word) { tile.g[i][j] = word; }
    } synapses{p, m_.tiles[t]};
    program_rows(p.config, timer_before, p.column_phase, m_.config.columns, m_.tables, p.noise, synapses);
    advance_column_pulses(p.config, p.column_phase, m_.config.columns, spiked, n);
  }

  // a - b for 32-bit steps, as a signed distance.
  static std::int32_t steps_apart(std::uint64_t a, std::uint64_t b) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a - b));
  }

  template <typename Out>
  void event(std::uint64_t word, Out& out) {
    const auto e = link::unpack_spike_in(word);
    if (e.tile >= std::uint64_t(m_.tiles_active) || e.row >= std::uint64_t(m_.config.rows))
      return refuse(link::Error::out_of_range, word, out);
    // Steps are 32 bits on the link, compared modulo 2^32 (serial-number arithmetic), so a run
    // may last longer than 2^32 steps.
    if (steps_apart(e.step, step_) < 0) return refuse(link::Error::event_in_the_past, word, out);
    if (queued_ > 0 && steps_apart(e.step, last_event_step_) < 0) return refuse(link::Error::event_out_of_order, word, out);
    if (queued_ == kEventQueueDepth) {
      counters_[int(link::Counter::overflows)] += 1;
      return refuse(link::Error::queue_full, word, out);
    }
    events_[(head_ + queued_) % kEventQueueDepth] = word;
    last_event_step_ = e.step;
    ++queued_;
    counters_[int(link::Counter::spikes_in)] += 1;
  }

  template <typename Out>
  void write_memory(std::uint64_t word, Out& out) {
    const auto w = link::unpack_memory_write(word);
    const int tile = static_cast<int>(w.tile), address = static_cast<int>(w.address);
    const std::uint64_t data = w.data;
    auto& cfg = m_.config;
    const bool tile_ok = tile < m_.tiles_active;
    bool ok = true;
    switch (static_cast<link::Memory>(w.memory)) {
      case link::Memory::crossbar:
        ok = tile_ok && crossbar_row(address) < cfg.rows && crossbar_column(address) < cfg.columns && data <= kConductanceWordMax;
        if (ok) m_.tiles[tile].g[crossbar_row(address)][crossbar_column(address)] = static_cast<std::uint16_t>(data);
        break;
      case link::Memory::device_coefs: {
        const int column = address / kCoefsPerNeuron, k = address % kCoefsPerNeuron;
        ok = tile_ok && column < cfg.columns && k < kDeviceCoefCount && coef_word_ok(data);
        if (ok) *device_coef_slot(m_.tiles[tile].coefs[column], k) = unpack_coef(data);
        break;
      }
      case link::Memory::neuron_state: {
        const int column = address / kStateWords;
        ok = tile_ok && column < cfg.columns && state_word_ok(static_cast<StateField>(address % kStateWords), data);
        if (ok) set_state_word(m_.tiles[tile].neurons[column], static_cast<StateField>(address % kStateWords), data);
        break;
      }
      case link::Memory::shared_coefs:
        ok = tile_ok && address < int(SharedField::count) &&
             (!is_coef(static_cast<SharedField>(address)) || coef_word_ok(data));
        if (ok) write_shared(m_.shared[tile], static_cast<SharedField>(address), data);
        break;
      case link::Memory::tables:
        ok = address < kTableCount * kTableSize;
        if (ok) table_slot(m_.tables, address / kTableSize)[address % kTableSize] = static_cast<std::int32_t>(unpack_signed(data));
        break;
      case link::Memory::routes: {
        // (ROUTE_NONE, or a tile and row of the chip with no bit set above the route word)
        const std::uint32_t target = static_cast<std::uint32_t>(data);
        const auto route = link::unpack_route(target);
        const bool target_ok = data == kNoRoute || (link::fits_route(data) && int(route.tile) < m_.tiles_active &&
                                                    int(route.row) < cfg.rows);
        ok = address / kRouteSlots < m_.tiles_active * cfg.columns && target_ok;
        if (ok) m_.routes[address / kRouteSlots][address % kRouteSlots] = target;
        break;
      }
      case link::Memory::tile_config:
        ok = write_config(static_cast<ConfigField>(address), unpack_signed(data));
        break;
      case link::Memory::plasticity:
        ok = tile_ok && write_plastic(tile, static_cast<PlasticField>(address), data);
        break;
      case link::Memory::synapse_state:
        ok = tile_ok && crossbar_row(address) < kPlasticRows && crossbar_column(address) < cfg.columns && data <= std::uint64_t(kSynapseXOne);
        if (ok) m_.plastic[tile].x[crossbar_row(address)][crossbar_column(address)] = static_cast<std::int32_t>(data);
        break;
      case link::Memory::synapse_change:
        ok = tile_ok && crossbar_row(address) < kPlasticRows && crossbar_column(address) < cfg.columns && change_word_ok(data);
        if (ok) {
          const auto change = link::unpack_synapse_change(data);
          m_.plastic[tile].change[crossbar_row(address)][crossbar_column(address)][change.slot] = static_cast<std::int32_t>(change.change);
        }
        break;
      case link::Memory::row_levels:
        ok = address < cfg.rows && data < kRowVoltageLevels;
        if (ok) cfg.row_level[address] = static_cast<std::uint8_t>(data);
        break;
      default:
        ok = false;
    }
    if (!ok) refuse(link::Error::out_of_range, word, out);
  }

  static void write_shared(SharedCoefs& s, SharedField field, std::uint64_t data) {
    switch (field) {
      case SharedField::symmetric: s.symmetric = data != 0; break;
      case SharedField::c2c: s.c2c = data != 0; break;
      case SharedField::alpha: s.alpha = static_cast<std::int32_t>(unpack_signed(data)); break;
      case SharedField::grow: s.grow = unpack_coef(data); break;
      case SharedField::shrink: s.shrink = unpack_coef(data); break;
      case SharedField::shrink_noise: s.shrink_noise = unpack_coef(data); break;
      case SharedField::tunnel_exponent: s.tunnel_exponent = unpack_coef(data); break;
      case SharedField::tunnel_scale: s.tunnel_scale = unpack_coef(data); break;
      case SharedField::tunnel_offset_low:
        s.tunnel_offset = static_cast<std::int64_t>((static_cast<std::uint64_t>(s.tunnel_offset) & ~0xFFFFFFFFULL) | (data & 0xFFFFFFFF));
        break;
      case SharedField::tunnel_offset_high:
        s.tunnel_offset = static_cast<std::int64_t>((static_cast<std::uint64_t>(s.tunnel_offset) & 0xFFFFFFFFULL) | ((data & 0xFFFFFFFF) << 32));
        break;
      case SharedField::input: s.input = unpack_coef(data); break;
      case SharedField::on_conductance: s.on_conductance = unpack_coef(data); break;
      case SharedField::spike_threshold: s.spike_threshold = static_cast<std::int32_t>(unpack_signed(data)); break;
      default: break;
    }
  }

  bool write_plastic(int tile, PlasticField field, std::uint64_t data) {
    PlasticMemory& p = m_.plastic[tile];
    PlasticConfig& c = p.config;
    const std::int64_t v = unpack_signed(data);
    switch (field) {
      case PlasticField::first_row: if (v < 0 || v >= kMaxRows) return false; c.first_row = int(v); return true;
      case PlasticField::rows: if (v < 0 || v > kPlasticRows) return false; p.rows = int(v); return true;
      case PlasticField::pre_head_steps: if (v < 0 || v > kPulseStepsMax) return false; c.pre_head_steps = int(v); return true;
      case PlasticField::post_head_steps: if (v < 0 || v > kColumnPulseStepsMax) return false; c.post_head_steps = int(v); return true;
      case PlasticField::post_tail_steps: if (v < 0 || v > kColumnPulseStepsMax) return false; c.post_tail_steps = int(v); return true;
      case PlasticField::idle_rows_grounded: c.idle_rows_grounded = data != 0; return true;
      case PlasticField::slot_map: if (!slot_map_ok(data)) return false; unpack_slot_map(c, data); return true;
      case PlasticField::c2c: if (!coef_word_ok(data)) return false; c.c2c = unpack_coef(data); return true;
      case PlasticField::resistance_ratio: if (!coef_word_ok(data)) return false; c.resistance_ratio = unpack_coef(data); return true;
      case PlasticField::word_on: if (!coef_word_ok(data)) return false; c.word_on = unpack_coef(data); return true;
      case PlasticField::noise_low:
        p.noise = (p.noise & ~0xFFFFFFFFULL) | (data & 0xFFFFFFFF);
        return true;
      case PlasticField::noise_high:
        p.noise = (p.noise & 0xFFFFFFFFULL) | ((data & 0xFFFFFFFF) << 32);
        return true;
      default: return false;
    }
  }

  bool write_config(ConfigField field, std::int64_t v) {
    auto& c = m_.config;
    switch (field) {
      case ConfigField::tiles: if (v < 1 || v > MaxTiles) return false; m_.tiles_active = int(v); return true;
      case ConfigField::rows: if (v < 1 || v > kMaxRows) return false; c.rows = int(v); return true;
      case ConfigField::columns: if (v < 1 || v > kMaxColumns) return false; c.columns = int(v); return true;
      case ConfigField::row_voltage: if (v < -kVMax || v > kVMax) return false; c.row_voltage = std::int32_t(v); return true;
      case ConfigField::v_bias: if (v < -kVMax || v > kVMax) return false; c.v_bias = std::int32_t(v); return true;
      case ConfigField::g_shift: if (v < 0 || v > kGShiftMax) return false; c.g_shift = int(v); return true;
      case ConfigField::pulse_steps: if (v < 1 || v > kPulseStepsMax) return false; c.pulse_steps = int(v); return true;
      case ConfigField::row_voltage_1:
      case ConfigField::row_voltage_2:
      case ConfigField::row_voltage_3:
        if (v < -kVMax || v > kVMax) return false;
        c.level_voltage[int(field) - int(ConfigField::row_voltage_1)] = std::int32_t(v);
        return true;
      default: return false;
    }
  }

  ArrayMemory<MaxTiles>& m_;
  LinkGuard guard_;
  link::Header header_{};
  int remaining_ = 0;
  bool skipping_ = false;
  std::uint64_t seq_out_ = 0;
  std::uint64_t step_ = 0, steps_left_ = 0;
  bool free_run_ = false;
  std::uint64_t events_[kEventQueueDepth];
  std::uint64_t last_event_step_ = 0;  // of the event queued last
  int head_ = 0, queued_ = 0;
  std::uint32_t sync_tokens_[kSyncQueueDepth];
  int syncs_ = 0;
  std::uint64_t counters_[kCounterCount] = {};
  SaturationCounters saturation_;
};

}  // namespace ionarray::fx
