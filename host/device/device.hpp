#pragma once
// One device API over every backend, opened by URI: reference:// (double-precision model),
// fixed:// (the hardware's fixed-point array stepped by its fastest kernel), fixed-link:// (the
// same array behind the host-link packets, driven exactly as a board is), verilator:// (the RTL),
// usb:// and xrt:// (boards) and systemc:// (the board-level RTL behind timed link models) behind
// the same packets.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "layout/layout.hpp"

namespace ionarray {

struct InputEvent {
  std::uint64_t step = 0;  // drives `row` of `tile` from this step on
  int tile = 0;
  int row = 0;
};

struct SpikeEvent {
  std::uint64_t step = 0;
  int tile = 0;
  int neuron = 0;
  auto operator<=>(const SpikeEvent&) const = default;
};

// The state of one neuron in physical units: membrane voltage (V), the device's filament
// fraction f, residue r and cross-section s (dimensionless), and its conductance g (S).
struct StateProbe {
  double vm = 0, f = 0, r = 0, s = 1, g = 0;
};

inline constexpr std::string_view kNoStateReadback = "this device cannot read neuron state (no read_state support)";

struct DeviceCounters {
  std::uint64_t steps = 0, spikes_in = 0, spikes_out = 0, overflows = 0, saturations = 0, errors = 0;
  std::uint64_t link_errors = 0;  // 32-bit words a board's bus bridge found lost or added, and dropped
  std::uint64_t link_faults = 0;  // packets the device's packet guard dropped (CRC, sequence gap, duplicate)
};

// Link faults of a device behind the host link since its load: what each end found, and the
// session resets that repaired them.
struct LinkHealth {
  std::uint64_t host_detected = 0;    // packets from the device the host's reader found corrupt, lost or doubled
  std::uint64_t device_detected = 0;  // packets from the host the device's guard dropped (DeviceCounters::link_faults)
  std::uint64_t resets = 0;           // session resets
};

struct Capabilities {
  int max_tiles = 0, max_rows = 0, max_columns = 0;  // 0: limited by memory only
  std::string description;
  int row_levels = 0;     // voltages the rows of a tile are driven at (0: any)
  int plastic_rows = -1;  // rows per tile whose synapses it programs (-1: any)
};

// A device refused something or lost something: never silent.
class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A device that stopped mid-run after a fault it could not repair: `spikes` are those of the
// steps before `complete_step`, which are whole and good.
class DeviceStopped : public DeviceError {
 public:
  DeviceStopped(const std::string& what, std::uint64_t complete, std::vector<SpikeEvent> good)
      : DeviceError(what), complete_step(complete), spikes(std::move(good)) {}
  std::uint64_t complete_step;
  std::vector<SpikeEvent> spikes;
};

// The clock of a device whose time is simulated (systemc://): seconds of simulated time, and
// waiting until a moment as a host waits for a deadline (the simulated board idles meanwhile).
class SimulatedClock {
 public:
  virtual ~SimulatedClock() = default;
  virtual double now_s() const = 0;
  virtual void wait_until_s(double t) = 0;
};

class Device {
 public:
  virtual ~Device() = default;
  // Refuses a layout this device cannot hold (InputError naming the limit and the excess).
  virtual void check(const Layout& layout) const = 0;
  // Configures the chip of `layout` (checked first) and resets it to step 0 with its seed.
  void load(const Layout& layout) {
    load_chip(layout);
    loaded_ = layout;
  }
  // Configures tiles `tiles` of `layout`'s chip as this device's tiles 0 .. k-1, one device's part
  // of a chip spread over several: every word as in the whole chip, routes among these tiles
  // kept, routes leaving them dropped (the caller carries those spikes). DeviceError on a device
  // that cannot hold a part (the fixed-point devices can). reset() then needs a load() first.
  void load_part(const Layout& layout, std::span<const int> tiles) {
    load_tiles(layout, tiles);
    loaded_.reset();
  }
  // Back to step 0 with the loaded chip and another seed (noise streams, device-to-device draws).
  void reset(std::uint64_t seed);
  // Advances `steps` steps with `inputs` (steps at or after the current step, in order);
  // returns the spikes of those steps in step order.
  virtual std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) = 0;
  virtual DeviceCounters counters() const = 0;
  // Link faults found and repaired (zero for devices not behind the host link).
  virtual LinkHealth link_health() const { return {}; }
  virtual Capabilities capabilities() const = 0;
  virtual std::uint64_t current_step() const = 0;
  // Clock cycles of an RTL model since load() (0 for devices without a simulated clock).
  virtual std::uint64_t model_cycles() const { return 0; }
  // The simulated time the device lives in (nullptr: wall-clock time, as for a board).
  virtual SimulatedClock* simulated_clock() const { return nullptr; }
  // Whether read_state() works: every device open_device() (backends/) returns can (reference:// in
  // process, link devices over read_state packets); the default false is for a device that
  // does not override read_state().
  virtual bool can_read_state() const { return false; }
  // The state of `neuron` of `tile` after current_step() steps; DeviceError where unsupported.
  // Devices behind the host link read it with read_state packets (a whole tile per exchange).
  virtual StateProbe read_state(int tile, int neuron);
  // Whether read_conductances() works (in process, and over the link with read_crossbar packets).
  virtual bool can_read_conductances() const { return false; }
  // The conductances (S) of `tile`'s crossbar after current_step() steps, row-major (rows x
  // columns): those of plastic tiles move as the neurons' spikes program them. DeviceError where
  // unsupported.
  virtual std::vector<double> read_conductances(int tile) {
    throw DeviceError(fmt::format("{}: this device cannot read synapse conductances (tile {})", uri_, tile));
  }
  const std::string& uri() const { return uri_; }

 protected:
  explicit Device(std::string uri) : uri_(std::move(uri)) {}
  virtual void load_chip(const Layout& layout) = 0;
  virtual void load_tiles(const Layout& layout, std::span<const int> tiles);

 private:
  std::string uri_;
  std::optional<Layout> loaded_;
};

// The events of a layout's input for the next `steps` steps, as the device API takes them.
std::vector<InputEvent> next_inputs(InputSchedule& schedule, long steps);

// Refuses (DeviceError) input events before step `now`, out of step order, or off the chip.
void check_input_events(std::uint64_t now, std::span<const InputEvent> inputs, const reference::ArraySpec& spec);
// check_input_events, and none at or after step now + steps: the inputs of a run of `steps` steps.
void check_run_inputs(std::uint64_t now, std::uint64_t steps, std::span<const InputEvent> inputs,
                      const reference::ArraySpec& spec);

}  // namespace ionarray
