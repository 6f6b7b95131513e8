#pragma once
// A device as a Python session holds it: the loaded layout, its input schedule (the layout's own
// [[input]] events fed as the chip runs, as `ionarray run` does), and everything recorded since
// the last load or reset: output spikes and the state traces of the layout's [record] neurons.
// Plain C++ (no Python): the binding releases the GIL around it.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "device/device.hpp"
#include "layout/layout.hpp"

namespace ionarray::python {

// State traces: after each sampled step, the state of every recorded neuron (in [record] order).
struct TraceSamples {
  std::vector<std::uint64_t> steps;
  std::vector<StateProbe> states;  // steps.size() x neurons, sample-major
};

class DeviceSession {
 public:
  explicit DeviceSession(std::unique_ptr<Device> device);

  // Checks and configures the chip, back to step 0 with the layout's seed; `record`: sample the
  // layout's [record] neurons (from step 0, every `decimation` steps).
  void load(std::shared_ptr<const Layout> layout, bool record);
  // The loaded chip back at step 0 with another seed; what was recorded is cleared.
  void reset(std::uint64_t seed);
  // Advances `steps` steps with the layout's inputs and `extra` events (steps in
  // [current, current + steps), any order). Runs in exchanges of at most kExchangeSteps, stopping
  // at each trace sample; `between` runs after every exchange and may throw to stop the run:
  // what was recorded up to then is kept. Returns the spikes of these steps in step order.
  std::vector<SpikeEvent> run(std::uint64_t steps, std::vector<InputEvent> extra, const std::function<void()>& between);

  // The layout's scheduled input events for the next `steps` steps, advancing the schedule as if
  // they had been run (a stream takes them this way).
  std::vector<InputEvent> take_scheduled_inputs(std::uint64_t steps);
  // Spikes a stream produced, appended to the record (thread-safe).
  void record_spikes(const std::vector<SpikeEvent>& spikes);
  // A stream owns the device between these (run, load and reset are refused meanwhile);
  // `stop` ends it, for close() while it runs.
  void begin_stream(std::function<void()> stop);
  void end_stream();

  // The neuron's state now (refused while a stream runs the device).
  StateProbe read_state(int tile, int neuron);
  // A tile's synapse conductances now, row-major (refused while a stream runs the device).
  std::vector<double> read_conductances(int tile);

  Device& device() { return *device_; }
  const Device& device() const { return *device_; }
  const Layout& layout() const;  // InputError when nothing is loaded
  bool loaded() const { return layout_ != nullptr; }
  std::shared_ptr<const Layout> layout_ptr() const { return layout_; }
  bool recording() const { return record_; }
  std::vector<SpikeEvent> spikes() const;  // every spike since the last load or reset (a copy)
  TraceSamples traces() const;             // a copy
  void close();                            // stops a stream, releases the device (a board disconnected)
  bool closed() const { return device_ == nullptr; }

  static constexpr std::uint64_t kExchangeSteps = 4096;  // as `ionarray run` exchanges with a device

 private:
  void require_idle(const char* what) const;
  void restart_schedule();
  void sample();

  // Held by every call that drives the device: Python threads may share a Device, and the GIL is
  // released while it works.
  std::mutex device_mutex_;
  std::unique_ptr<Device> device_;
  std::shared_ptr<const Layout> layout_;
  std::optional<InputSchedule> schedule_;
  bool record_ = false, streaming_ = false;
  std::function<void()> stop_stream_;
  mutable std::mutex recorded_mutex_;  // the stream's worker appends while Python may read
  std::vector<SpikeEvent> spikes_;
  TraceSamples traces_;
};

}  // namespace ionarray::python
