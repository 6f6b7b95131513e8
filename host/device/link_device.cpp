// The link device: an array driven through host-link packets over a Transport, as a board is.
#include <cmath>
#include <functional>
#include <map>

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
  }
  return fmt::format("error {}", code);
}

// An array behind the host link. All configuration and traffic are packets, as on a board.
class LinkDevice : public Device {
 public:
  LinkDevice(std::string uri, Connect connect, Capabilities caps, SimulatedClock* clock = nullptr)
      : Device(std::move(uri)), connect_(std::move(connect)), caps_(std::move(caps)), clock_(clock) {}

  // A fresh connection: the previous one is closed first (a board's interface can be claimed once).
  void connect() {
    transport_.reset();
    transport_ = connect_();
    writer_ = {};
    reader_ = {};
    step_ = 0;
    counters_ = {};
    link_errors_reported_ = 0;
    states_.clear();
    state_step_ = ~std::uint64_t{0};
    connected_unused_ = true;
  }

  // A board says what it is and what it holds: read from its registers over the link.
  void read_capabilities() {
    registers_.clear();
    const auto wanted = {regs::identity, regs::version, regs::max_tiles, regs::max_rows, regs::max_columns};
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
                         transport_->describe())};
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
  }

  void load_chip(const Layout& layout) override {
    check(layout);
    if (!connected_unused_) connect();  // a fresh device: step 0, empty queues
    connected_unused_ = false;
    spec_ = layout.spec;
    writer_.load(fixed::build_array_image(layout.spec, layout.seed));
    exchange();
  }

  // One device's part of a chip: its tiles' words as in the whole chip (chip_part).
  void load_tiles(const Layout& layout, std::span<const int> tiles) override {
    auto part = chip_part(layout, tiles);
    check(part.layout);
    if (!connected_unused_) connect();
    connected_unused_ = false;
    spec_ = part.layout.spec;
    writer_.load(part.image);
    exchange();
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (!transport_ || connected_unused_) throw DeviceError(uri() + ": load a layout first");
    check_input_events(step_, inputs, spec_);
    if (!inputs.empty() && inputs.back().step >= step_ + steps)
      throw DeviceError(fmt::format("input event at step {} lies beyond this run (steps {} .. {}); send it with a "
                                    "later run", inputs.back().step, step_, step_ + steps - 1));
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
      auto part = exchange();
      spikes.insert(spikes.end(), part.begin(), part.end());
      step_ = stop;
    }
    return spikes;
  }

  DeviceCounters counters() const override { return counters_; }
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

 private:
  // The state words of every neuron of `tile`, in as many read_state packets as it takes.
  void read_tile_state(int tile) {
    for (int column = 0; column < spec_.columns; column += fx::kStateReadMax)
      writer_.read_state(tile, column, std::min(fx::kStateReadMax, spec_.columns - column));
    state_words_.clear();
    exchange();
    auto& neurons = states_[tile];
    neurons.assign(static_cast<std::size_t>(spec_.columns), fx::NeuronState{});
    std::size_t seen = 0;
    for (const auto& w : state_words_) {
      if (static_cast<int>(w.tile) != tile || w.memory != std::uint64_t(link::Memory::neuron_state)) continue;
      const auto column = static_cast<std::size_t>(w.address / fx::kStateWords);
      if (column >= neurons.size()) continue;
      fx::set_state_word(neurons[column], static_cast<fx::StateField>(w.address % fx::kStateWords), w.data);
      ++seen;
    }
    if (seen != neurons.size() * fx::kStateWords)
      throw DeviceError(fmt::format("{}: asked for the state of the {} neurons of tile {} and got {} of their {} words",
                                    uri(), neurons.size(), tile, seen, neurons.size() * fx::kStateWords));
  }

  // Sends what the writer holds plus a sync, and reads until its acknowledgement. Error packets
  // and lost packets become a DeviceError; spikes are returned in step order.
  std::vector<SpikeEvent> exchange() {
    const auto token = static_cast<std::uint32_t>(++token_);
    writer_.sync(token);
    transport_->send(writer_.words());
    writer_.words().clear();
    std::vector<SpikeEvent> spikes;
    std::vector<std::string> errors;
    bool acknowledged = false, probe_acknowledged = false;
    std::uint32_t probe = 0;
    for (int attempt = 0; attempt < 1000 && !acknowledged; ++attempt) {
      const auto words = transport_->receive();
      if (words.empty() && probe == 0) {
        // Nothing came back yet: a second sync, whose status says whether the board's bus lost
        // words (and with them, perhaps, the first sync). A slow answer only gains an extra ack.
        probe = static_cast<std::uint32_t>(++token_);
        writer_.sync(probe);
        transport_->send(writer_.words());
        writer_.words().clear();
      }
      for (auto w : words) reader_.feed(w);
      for (const auto& p : reader_.take()) {
        switch (p.opcode()) {
          case link::Opcode::spike_out:
            for (auto w : p.payload) {
              const auto s = link::unpack_spike_out(w);
              spikes.push_back({s.step, static_cast<int>(s.tile), static_cast<int>(s.neuron)});
            }
            break;
          case link::Opcode::error:
            errors.push_back(fmt::format("{} (word {:#018x})", error_name(p.header.argument),
                                         p.payload.empty() ? 0 : p.payload[0]));
            break;
          case link::Opcode::status:
            for (auto w : p.payload) read_counter(link::unpack_counter_value(w));
            break;
          case link::Opcode::register_value:
            if (!p.payload.empty()) registers_[p.header.argument] = link::unpack_register_value(p.payload[0]).value;
            break;
          case link::Opcode::state_value:
            for (auto w : p.payload) state_words_.push_back(link::unpack_memory_write(w));
            break;
          case link::Opcode::ack:
            acknowledged = acknowledged || p.header.argument == token;
            probe_acknowledged = probe_acknowledged || (probe != 0 && p.header.argument == probe);
            break;
          default:
            break;
        }
      }
      if (probe_acknowledged && counters_.link_errors > link_errors_reported_) break;
    }
    // A word lost on the board's bus garbles the packets around it: the cause is named first.
    if (counters_.link_errors > link_errors_reported_) {
      const auto found = counters_.link_errors - link_errors_reported_;
      link_errors_reported_ = counters_.link_errors;
      throw DeviceError(fmt::format("{}: the board's bus bridge found {} 32-bit word(s) lost or added between the USB "
                                    "chip and the FPGA and dropped them; the packets of this exchange are not trusted ({})",
                                    uri(), found, transport_->describe()));
    }
    if (!acknowledged) throw DeviceError(uri() + ": no acknowledgement from the device (it stopped answering)");
    if (reader_.sequence_gaps() > 0)
      throw DeviceError(fmt::format("{}: {} packets from the device were lost (sequence gaps)", uri(), reader_.sequence_gaps()));
    if (!errors.empty()) {
      const std::size_t shown = std::min<std::size_t>(errors.size(), 5);
      throw DeviceError(fmt::format("{}: the device refused {} packet(s): {}{}", uri(), errors.size(),
                                    fmt::join(errors.begin(), errors.begin() + static_cast<std::ptrdiff_t>(shown), "; "),
                                    errors.size() > shown ? "; ..." : ""));
    }
    return spikes;
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
  std::vector<link::MemoryWrite> state_words_;             // state_value answers of the last exchange
  std::map<int, std::vector<fx::NeuronState>> states_;     // tiles read at state_step_
  std::uint64_t state_step_ = ~std::uint64_t{0};
};

}  // namespace

std::unique_ptr<Device> make_link_device(std::string uri, Connect connect, Capabilities caps) {
  return std::make_unique<LinkDevice>(std::move(uri), std::move(connect), std::move(caps));
}

std::unique_ptr<Device> open_link_board(std::string uri, Connect connect, SimulatedClock* clock) {
  auto device = std::make_unique<LinkDevice>(std::move(uri), std::move(connect), Capabilities{}, clock);
  device->connect();
  device->read_capabilities();
  return device;
}

}  // namespace ionarray
