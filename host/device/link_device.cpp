// The link device: an array driven through host-link packets over a Transport, as a board is.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "device/chip_part.hpp"
#include "device/link_device.hpp"
#include "device/state_probe.hpp"
#include "fixed/array_image.hpp"
#include "io/input_error.hpp"
#include "link/config_packets.hpp"
#include "ionarray/link_core.hpp"
#include "ionarray/registers.hpp"
#include "link/packet_reader.hpp"

namespace ionarray {
namespace {

std::string error_name(std::uint64_t code) {
  switch (static_cast<link::Error>(code)) {
    case link::Error::unknown_opcode: return "unknown opcode";
    case link::Error::bad_length: return "bad length";
    case link::Error::out_of_range: return "out of range";
    case link::Error::write_while_running: return "configuration write while running";
    case link::Error::sequence_gap: return "sequence gap (lost packets)";
    case link::Error::event_in_the_past: return "event in the past";
    case link::Error::queue_full: return "event queue full";
    case link::Error::read_only: return "write to a read-only register";
    case link::Error::event_out_of_order: return "event out of step order";
    case link::Error::crc_mismatch: return "CRC mismatch (a corrupted, cut or merged packet)";
  }
  return fmt::format("error {}", code);
}

// An array behind the host link. All configuration and traffic are packets, as on a board.
class LinkDevice : public Device {
 public:
  LinkDevice(std::string uri, Connect connect, Capabilities caps, SimulatedClock* clock = nullptr, bool board = false)
      : Device(std::move(uri)), connect_(std::move(connect)), caps_(std::move(caps)), clock_(clock), board_(board) {}

  // A fresh connection: the previous one is closed first (a board's interface can be claimed once).
  void connect() {
    transport_.reset();
    transport_ = connect_();
    writer_ = {};
    reader_ = {};
    step_ = 0;
    counters_ = {};
    link_errors_reported_ = 0;
    link_stats_ = {};
    reader_faults_seen_ = reader_losses_seen_ = spikes_received_ = 0;
    sync_seq_ = acknowledged_step_ = 0;
    answered_ = false;
    states_.clear();
    if (board_) open_board_session();
    state_step_ = ~std::uint64_t{0};
    connected_unused_ = true;
  }

  // A board says what it is and what it holds: read from its registers over the link.
  void read_capabilities() {
    registers_.clear();
    const auto wanted = {regs::identity, regs::version, regs::max_tiles, regs::max_rows, regs::max_columns,
                         regs::row_levels, regs::plastic_rows};
    for (auto r : wanted) writer_.packet(link::Opcode::read_register, r);
    try {
      exchange();
    } catch (const DeviceError& e) {
      const auto hint = transport_->silence_hint();
      if (hint.empty()) throw;
      throw DeviceError(fmt::format("{}; {}", e.what(), hint));
    }
    for (auto r : wanted)
      if (!registers_.contains(r))
        throw DeviceError(fmt::format("{}: the device did not answer the read of register {:#04x}", uri(), r));
    if (registers_[regs::identity] != regs::identity_reset)
      throw DeviceError(fmt::format("{}: {} is not an ionarray device: its identity register reads {:#010x}, not "
                                    "{:#010x} ('IONA')", uri(), transport_->describe(), registers_[regs::identity],
                                    regs::identity_reset));
    const auto version = registers_[regs::version];
    caps_ = {static_cast<int>(registers_[regs::max_tiles]), static_cast<int>(registers_[regs::max_rows]),
             static_cast<int>(registers_[regs::max_columns]),
             fmt::format("ionarray link core v{}.{} on {}, driven by host-link packets",
                         (version & regs::version_major_mask) >> regs::version_major_lsb,
                         (version & regs::version_minor_mask) >> regs::version_minor_lsb,
                         transport_->describe()),
             static_cast<int>(registers_[regs::row_levels]), static_cast<int>(registers_[regs::plastic_rows])};
  }

  void check(const Layout& layout) const override {
    const auto over = [&](const char* field, const char* what, int limit, int asked) {
      if (asked > limit)
        throw InputError(layout.path, 0, field, fmt::format("{} holds {} {}; the layout has {} ({} too many)", uri(), limit,
                                                            what, asked, asked - limit));
    };
    over("chip.tiles", "tiles", caps_.max_tiles, layout.spec.tiles);
    over("chip.rows", "rows per tile", caps_.max_rows, layout.spec.rows);
    over("chip.columns", "columns per tile", caps_.max_columns, layout.spec.columns);
    check_fixed_point_capacity(layout);  // route slots and the fixed-point formats
    const int levels = row_voltage_levels(layout.spec);
    if (caps_.row_levels > 0 && levels > caps_.row_levels)
      throw InputError(layout.path, 0, "pulses.rows",
                       fmt::format("{} drives the rows of a tile at {} voltage(s); the layout has {} (pulses.voltage "
                                   "and [[pulses.rows]])", uri(), caps_.row_levels, levels));
    if (const int rows = plastic_rows_per_tile(layout.spec); caps_.plastic_rows >= 0 && rows > caps_.plastic_rows)
      throw InputError(layout.path, 0, "plasticity.rows",
                       caps_.plastic_rows == 0
                           ? fmt::format("{} holds its crossbar fixed: it programs no synapses", uri())
                           : fmt::format("{} programs the synapses of {} rows per tile; the layout's plasticity.rows "
                                         "has {}", uri(), caps_.plastic_rows, rows));
  }

  // The plastic tiles' voltage classes that move synapses: a link tile holds fx::kSynapseSlots.
  void check_slots(const Layout& layout, const fixed::ArrayImage& image) const {
    for (const auto& tile : image.plastic)
      if (tile && tile->config.slots > fx::kSynapseSlots)
        throw InputError(layout.path, 0, "plasticity.pulses",
                         fmt::format("the pulse scheme moves synapses in {} voltage classes; {} holds the changes of {}",
                                     tile->config.slots, uri(), fx::kSynapseSlots));
  }

  // The image loaded: its tiles' siemens per crossbar word, for read_conductances.
  void load_image(const Layout& layout, const fixed::ArrayImage& image) {
    check_slots(layout, image);
    siemens_per_word_ = image.siemens_per_word;
    writer_.load(image);
    exchange();
  }

  void load_chip(const Layout& layout) override {
    check(layout);
    if (!connected_unused_) connect();  // a fresh device: step 0, empty queues
    connected_unused_ = false;
    spec_ = layout.spec;
    load_image(layout, fixed::build_array_image(layout.spec, layout.seed));
  }

  // One device's part of a chip: its tiles' words as in the whole chip (chip_part).
  void load_tiles(const Layout& layout, std::span<const int> tiles) override {
    auto part = chip_part(layout, tiles);
    check(part.layout);
    if (!connected_unused_) connect();
    connected_unused_ = false;
    spec_ = part.layout.spec;
    load_image(part.layout, part.image);
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (!transport_ || connected_unused_) throw DeviceError(uri() + ": load a layout first");
    check_run_inputs(step_, steps, inputs, spec_);
    // Flow control: the device queues at most kEventQueueDepth events, so the run is cut into
    // stretches whose events fit, each acknowledged before the next is sent.
    std::vector<SpikeEvent> spikes;
    std::size_t next = 0;
    const std::uint64_t end = step_ + steps;
    while (step_ < end) {
      std::size_t last = next;
      std::uint64_t stop = end;  // the stretch is [step_, stop)
      if (inputs.size() - next > static_cast<std::size_t>(fx::kEventQueueDepth)) {
        const std::uint64_t limit_step = inputs[next + fx::kEventQueueDepth].step;
        if (limit_step == step_)
          throw DeviceError(fmt::format("step {} carries more than {} input events, the device's queue; spread them out",
                                        step_, fx::kEventQueueDepth));
        stop = limit_step;
      }
      std::vector<std::uint64_t> events;
      for (last = next; last < inputs.size() && inputs[last].step < stop; ++last)
        events.push_back(link::pack(link::SpikeIn{.step = inputs[last].step, .tile = std::uint64_t(inputs[last].tile),
                                                  .row = std::uint64_t(inputs[last].row)}));
      next = last;
      if (!events.empty()) writer_.packet(link::Opcode::spike_in, 0, events);
      writer_.run(static_cast<std::uint32_t>(stop - step_));
      std::vector<SpikeEvent> part;
      try {
        part = exchange();
      } catch (DeviceStopped& e) {
        e.spikes.insert(e.spikes.begin(), spikes.begin(), spikes.end());
        throw;
      }
      spikes.insert(spikes.end(), part.begin(), part.end());
      step_ = stop;
    }
    return spikes;
  }

  DeviceCounters counters() const override { return counters_; }
  LinkHealth link_health() const override {
    auto h = link_stats_;
    h.device_detected = counters_.link_faults;
    return h;
  }
  Capabilities capabilities() const override { return caps_; }
  std::uint64_t model_cycles() const override { return transport_ ? transport_->cycles() : 0; }
  SimulatedClock* simulated_clock() const override { return clock_; }
  std::uint64_t current_step() const override { return step_; }

  bool can_read_state() const override { return true; }
  StateProbe read_state(int tile, int neuron) override {
    if (!transport_ || connected_unused_) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles || neuron < 0 || neuron >= spec_.columns)
      throw DeviceError(fmt::format("{}: no neuron {} in tile {} ({} tiles of {} neurons)", uri(), neuron, tile, spec_.tiles,
                                    spec_.columns));
    if (state_step_ != step_) states_.clear(), state_step_ = step_;
    if (!states_.contains(tile)) read_tile_state(tile);
    return state_probe(states_.at(tile)[static_cast<std::size_t>(neuron)], spec_.neuron_of(tile).circuit);
  }

  bool can_read_conductances() const override { return true; }
  std::vector<double> read_conductances(int tile) override {
    return words_to_siemens(tile, read_crossbar(tile));
  }

 private:
  // The state words of every neuron of `tile`, in as many read_state packets as it takes.
  void read_tile_state(int tile) {
    for (int column = 0; column < spec_.columns; column += fx::kStateReadMax)
      writer_.read_state(tile, column, std::min(fx::kStateReadMax, spec_.columns - column));
    state_words_.clear();
    exchange();
    auto& neurons = states_[tile];
    neurons.assign(static_cast<std::size_t>(spec_.columns), fx::NeuronState{});
    // (a read re-sent after a session reset may be answered twice: each word counts once)
    std::vector<bool> got(neurons.size() * fx::kStateWords, false);
    for (const auto& w : state_words_) {
      if (static_cast<int>(w.tile) != tile || w.memory != std::uint64_t(link::Memory::neuron_state)) continue;
      const auto column = static_cast<std::size_t>(w.address / fx::kStateWords);
      if (column >= neurons.size()) continue;
      fx::set_state_word(neurons[column], static_cast<fx::StateField>(w.address % fx::kStateWords), w.data);
      got[static_cast<std::size_t>(w.address)] = true;
    }
    const auto seen = static_cast<std::size_t>(std::count(got.begin(), got.end(), true));
    if (seen != neurons.size() * fx::kStateWords)
      throw DeviceError(fmt::format("{}: asked for the state of the {} neurons of tile {} and got {} of their {} words",
                                    uri(), neurons.size(), tile, seen, neurons.size() * fx::kStateWords));
  }

  // The crossbar words of `tile`, row-major, in read_crossbar packets of at most 255 words.
  std::vector<std::uint16_t> read_crossbar(int tile) {
    if (!transport_ || connected_unused_) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles) throw DeviceError(fmt::format("{}: no tile {} ({} tiles)", uri(), tile, spec_.tiles));
    for (int row = 0; row < spec_.rows; ++row)
      for (int column = 0; column < spec_.columns; column += fx::kCrossbarReadMax)
        writer_.read_crossbar(tile, row, column, std::min(fx::kCrossbarReadMax, spec_.columns - column));
    crossbar_words_.clear();
    exchange();
    std::vector<std::uint16_t> words(static_cast<std::size_t>(spec_.rows) * static_cast<std::size_t>(spec_.columns));
    std::vector<bool> got(words.size(), false);  // (a read re-sent after a session reset may be answered twice)
    for (const auto& w : crossbar_words_) {
      const int row = fx::crossbar_row(static_cast<int>(w.address)), column = fx::crossbar_column(static_cast<int>(w.address));
      if (static_cast<int>(w.tile) != tile || row >= spec_.rows || column >= spec_.columns) continue;
      const auto k = static_cast<std::size_t>(row * spec_.columns + column);
      words[k] = static_cast<std::uint16_t>(w.data);
      got[k] = true;
    }
    const auto seen = static_cast<std::size_t>(std::count(got.begin(), got.end(), true));
    if (seen != words.size())
      throw DeviceError(fmt::format("{}: asked for the {} crossbar words of tile {} and got {}", uri(), words.size(), tile, seen));
    return words;
  }

  std::vector<double> words_to_siemens(int tile, const std::vector<std::uint16_t>& words) const {
    const double lsb = siemens_per_word_.at(static_cast<std::size_t>(tile));
    std::vector<double> g;
    g.reserve(words.size());
    for (const auto w : words) g.push_back(w * lsb);
    return g;
  }

  // What one exchange brought back.
  struct Replies {
    std::vector<SpikeEvent> spikes;
    std::vector<std::string> errors;  // refusals (not link faults)
    std::string fault;                // the first link fault seen, empty while none
  };

  // Sends what the writer holds plus a sync, and reads until its acknowledgement. A link fault
  // (a packet whose CRC fails, a sequence gap, an answer that never comes, a refusal by the
  // device's packet guard, a spike count that disagrees with the device's) is repaired by a
  // session reset (resynchronise) where nothing was lost, and is a DeviceError otherwise; error
  // packets are a DeviceError. Spikes are returned in step order.
  std::vector<SpikeEvent> exchange() {
    Replies replies;
    std::uint32_t token = send_with_sync();
    for (int resets = 0; !await_ack(token, replies); ++resets) {
      if (!answered_) throw DeviceError(uri() + ": no acknowledgement from the device (it stopped answering)");
      if (resets == kMaxResets)
        throw stopped(fmt::format("the link kept failing: {} session resets in one exchange ({})", resets, replies.fault),
                      replies);
      resynchronise(replies);
      token = send_with_sync();
    }
    if (!replies.errors.empty()) {
      const std::size_t shown = std::min<std::size_t>(replies.errors.size(), 5);
      throw DeviceError(fmt::format("{}: the device refused {} packet(s): {}{}", uri(), replies.errors.size(),
                                    fmt::join(replies.errors.begin(), replies.errors.begin() + static_cast<std::ptrdiff_t>(shown), "; "),
                                    replies.errors.size() > shown ? "; ..." : ""));
    }
    return std::move(replies.spikes);
  }

  std::uint32_t send_with_sync() {
    const auto token = static_cast<std::uint32_t>(++token_);
    sync_seq_ = writer_.next_sequence();
    writer_.sync(token);
    transport_->send(writer_.words());
    writer_.words().clear();
    return token;
  }

  // Reads until the acknowledgement of `token` (true) or a link fault (false, replies.fault says which).
  bool await_ack(std::uint32_t token, Replies& replies) {
    bool acknowledged = false;
    for (int quiet = 0; quiet < kQuietReceives && !acknowledged && replies.fault.empty();) {
      const auto words = transport_->receive();
      quiet = words.empty() ? quiet + 1 : 0;
      for (auto w : words) reader_.feed(w);
      for (const auto& p : reader_.take()) {
        answered_ = true;
        handle(p, replies);
        if (p.opcode() == link::Opcode::ack && p.header.argument == token) {
          acknowledged = true;
          writer_.forget_before(sync_seq_ + 1);
        }
      }
      note_reader_faults(replies);
    }
    if (!acknowledged && replies.fault.empty()) replies.fault = "no acknowledgement from the device";
    // (the steps up to here are complete only if nothing went wrong on the way)
    if (acknowledged && replies.fault.empty()) acknowledged_step_ = counters_.steps;
    return acknowledged && replies.fault.empty();
  }

  // One packet from the device, into the replies and the counters.
  void handle(const link::Packet& p, Replies& replies) {
    switch (p.opcode()) {
      case link::Opcode::spike_out:
        for (auto w : p.payload) {
          const auto s = link::unpack_spike_out(w);
          replies.spikes.push_back({s.step, static_cast<int>(s.tile), static_cast<int>(s.neuron)});
        }
        spikes_received_ += p.payload.size();
        break;
      case link::Opcode::error: {
        const auto code = p.header.argument;
        const auto what = fmt::format("{} (word {:#018x})", error_name(code), p.payload.empty() ? 0 : p.payload[0]);
        const bool link_fault = code == std::uint64_t(link::Error::crc_mismatch) || code == std::uint64_t(link::Error::sequence_gap);
        if (!link_fault) replies.errors.push_back(what);
        else if (replies.fault.empty()) replies.fault = "the device's packet guard refused a packet: " + what;
        break;
      }
      case link::Opcode::status:
        for (auto w : p.payload) read_counter(link::unpack_counter_value(w));
        // Every spike the device sent before this status has arrived, or some were lost.
        if (counters_.spikes_out != spikes_received_ && replies.fault.empty())
          replies.fault = fmt::format("the device sent {} spikes and {} arrived", counters_.spikes_out, spikes_received_);
        if (counters_.link_errors > link_errors_reported_ && replies.fault.empty())
          replies.fault = fmt::format("the board's bus bridge found {} 32-bit word(s) lost or added between the USB chip and "
                                      "the FPGA and dropped them ({})", counters_.link_errors - link_errors_reported_,
                                      transport_->describe());
        link_errors_reported_ = counters_.link_errors;
        break;
      case link::Opcode::register_value:
        if (!p.payload.empty()) registers_[p.header.argument] = link::unpack_register_value(p.payload[0]).value;
        break;
      case link::Opcode::state_value:
        for (auto w : p.payload) state_words_.push_back(link::unpack_memory_write(w));
        break;
      case link::Opcode::crossbar_value:
        for (auto w : p.payload) crossbar_words_.push_back(link::unpack_memory_write(w));
        break;
      default:
        break;
    }
  }

  void note_reader_faults(Replies& replies) {
    const auto& f = reader_.faults();
    if (f.total() == reader_faults_seen_) return;
    link_stats_.host_detected += f.total() - reader_faults_seen_;
    reader_faults_seen_ = f.total();
    // (a duplicate is dropped by the reader and harms nothing; a CRC mismatch or a gap loses a packet)
    if (f.crc_mismatches + f.sequence_gaps != reader_losses_seen_ && replies.fault.empty())
      replies.fault = fmt::format("packets from the device were lost or corrupted ({} CRC mismatches, {} sequence gaps so far)",
                                  f.crc_mismatches, f.sequence_gaps);
    reader_losses_seen_ = f.crc_mismatches + f.sequence_gaps;
  }

  // The session reset after a link fault: a resync (re-sent while unanswered) brings the
  // device's status and the sequence number it expects next. Nothing is reloaded. If every
  // spike the device sent has arrived, the packets it did not take are sent again and the
  // exchange goes on; otherwise the run stops (DeviceStopped: the spikes of the steps before
  // the last acknowledgement are good).
  void resynchronise(Replies& replies) {
    ++link_stats_.resets;
    const std::string cause = replies.fault;
    for (int attempt = 0; attempt < kResyncAttempts; ++attempt) {
      const auto answer = request_resync(replies);
      if (!answer) continue;
      if (answer->device_spikes != answer->arrived_spikes)
        throw stopped(fmt::format("{} spike(s) the device sent were lost on the link ({})",
                                  answer->device_spikes - std::min(answer->device_spikes, answer->arrived_spikes), cause),
                      replies);
      if (!writer_.resend_from(answer->expected_seq))
        throw stopped(fmt::format("after a session reset the device expects packet {}, which the host no longer holds ({})",
                                  answer->expected_seq, cause), replies);
      replies.fault.clear();
      return;
    }
    throw stopped(fmt::format("the device did not answer {} session resets after a link fault ({})", kResyncAttempts, cause),
                  replies);
  }

  // The device's answer to a resync: the sequence number it expects, and the spikes it had sent
  // (from the status right before the answer) against those that had arrived.
  struct ResyncAnswer {
    std::uint64_t expected_seq = 0, device_spikes = 0, arrived_spikes = 0;
  };
  std::optional<ResyncAnswer> request_resync(Replies& replies) {
    const auto token = static_cast<std::uint32_t>(++token_);
    writer_.resync(token);
    transport_->send(writer_.words());
    writer_.words().clear();
    std::optional<ResyncAnswer> answer;
    for (int quiet = 0; quiet < kQuietReceives && !answer;) {
      const auto words = transport_->receive();
      quiet = words.empty() ? quiet + 1 : 0;
      for (auto w : words) reader_.feed(w);
      for (const auto& p : reader_.take()) {
        handle(p, replies);
        if (!answer && p.opcode() == link::Opcode::resynced && p.header.argument == token && !p.payload.empty())
          answer = ResyncAnswer{link::unpack_session(p.payload[0]).expected_seq, counters_.spikes_out, spikes_received_};
      }
      note_reader_faults(replies);
    }
    return answer;
  }

  // A board keeps its packet guard's state across connections (the leftovers of an earlier
  // session, perhaps a hunt for a resync), so a session on it opens with a resync and numbers
  // its packets from the sequence number the answer gives.
  void open_board_session() {
    Replies replies;
    const auto answer = request_resync(replies);
    if (!answer) {
      const auto hint = transport_->silence_hint();
      throw DeviceError(fmt::format("{}: no answer to the resync that opens a session{}", uri(), hint.empty() ? "" : "; " + hint));
    }
    writer_.restart_at(answer->expected_seq);
    spikes_received_ = answer->device_spikes;  // (the earlier sessions' spikes are not this one's)
    link_errors_reported_ = counters_.link_errors;
    link_stats_ = {};
    reader_faults_seen_ = reader_.faults().total();
    reader_losses_seen_ = reader_.faults().crc_mismatches + reader_.faults().sequence_gaps;
  }

  DeviceStopped stopped(const std::string& why, const Replies& replies) const {
    std::vector<SpikeEvent> good;
    for (const auto& s : replies.spikes)
      if (s.step < acknowledged_step_) good.push_back(s);
    return DeviceStopped(fmt::format("{}: {}; stopped at step {}, the last the device acknowledged", uri(), why,
                                     acknowledged_step_), acknowledged_step_, std::move(good));
  }

  void read_counter(const link::CounterValue& v) {
    switch (static_cast<link::Counter>(v.id)) {
      case link::Counter::steps: counters_.steps = v.value; break;
      case link::Counter::spikes_in: counters_.spikes_in = v.value; break;
      case link::Counter::spikes_out: counters_.spikes_out = v.value; break;
      case link::Counter::overflows: counters_.overflows = v.value; break;
      case link::Counter::saturations: counters_.saturations = v.value; break;
      case link::Counter::errors: counters_.errors = v.value; break;
      case link::Counter::link_errors: counters_.link_errors = v.value; break;
      case link::Counter::link_faults: counters_.link_faults = v.value; break;
    }
  }

  Connect connect_;
  Capabilities caps_;
  SimulatedClock* clock_;
  std::map<std::uint64_t, std::uint64_t> registers_;  // register_value answers, by address
  bool connected_unused_ = false;  // connected (at open, for a board) and not yet loaded
  std::unique_ptr<Transport> transport_;
  link::PacketWriter writer_;
  link::PacketReader reader_;
  reference::ArraySpec spec_;
  DeviceCounters counters_;
  std::uint64_t step_ = 0, token_ = 0, link_errors_reported_ = 0;
  // Link faults: the session resets and what the host's reader found; spikes since the load, to
  // compare with the device's count; the sync awaited and the device's step at the last ack.
  LinkHealth link_stats_;
  std::uint64_t reader_faults_seen_ = 0, reader_losses_seen_ = 0, spikes_received_ = 0;
  std::uint64_t sync_seq_ = 0, acknowledged_step_ = 0;
  bool answered_ = false;  // the device has answered in this session (a silent one is not reset)
  bool board_;             // a board: its state outlives a connection (open_board_session)
  static constexpr int kMaxResets = 8, kResyncAttempts = 4;
  static constexpr int kQuietReceives = 1000;  // receives in a row with nothing before an answer counts as lost
  std::vector<link::MemoryWrite> state_words_;             // state_value answers of the last exchange
  std::vector<link::MemoryWrite> crossbar_words_;          // crossbar_value answers of the last exchange
  std::vector<double> siemens_per_word_;                   // per tile of the chip loaded
  std::map<int, std::vector<fx::NeuronState>> states_;     // tiles read at state_step_
  std::uint64_t state_step_ = ~std::uint64_t{0};
};

}  // namespace

std::unique_ptr<Device> make_link_device(std::string uri, Connect connect, Capabilities caps) {
  return std::make_unique<LinkDevice>(std::move(uri), std::move(connect), std::move(caps));
}

std::unique_ptr<Device> open_link_board(std::string uri, Connect connect, SimulatedClock* clock) {
  auto device = std::make_unique<LinkDevice>(std::move(uri), std::move(connect), Capabilities{}, clock, true);
  device->connect();
  device->read_capabilities();
  return device;
}

}  // namespace ionarray
