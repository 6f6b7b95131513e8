#include "device_session.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray::python {

DeviceSession::DeviceSession(std::unique_ptr<Device> device) : device_(std::move(device)) {}

void DeviceSession::require_idle(const char* what) const {
  if (!device_) throw InputError("", 0, what, "the device is closed; open it again with ionarray.open(uri)");
  if (streaming_) throw InputError("", 0, what, "a stream is running this device; stop it first (Stream.stop())");
}

const Layout& DeviceSession::layout() const {
  if (!layout_) throw InputError("", 0, "layout", "no layout loaded; call Device.load(layout) first");
  return *layout_;
}

void DeviceSession::restart_schedule() {
  schedule_.reset();
  schedule_.emplace(layout_->spec, layout_->inputs);
  std::lock_guard lock(recorded_mutex_);
  spikes_.clear();
  traces_ = {};
}

void DeviceSession::load(std::shared_ptr<const Layout> layout, bool record) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("load");
  if (record && layout->record.enabled() && !device_->can_read_state())
    throw InputError(layout->path, layout->record.line, "record",
                     fmt::format("{}: {}; load with record=False to run without traces", device_->uri(), kNoStateReadback));
  device_->load(*layout);
  layout_ = std::move(layout);
  record_ = record && layout_->record.enabled();
  restart_schedule();
  if (record_) sample();
}

void DeviceSession::reset(std::uint64_t seed) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("reset");
  layout();  // (refuses when nothing is loaded)
  device_->reset(seed);
  restart_schedule();
  if (record_) sample();
}

void DeviceSession::sample() {
  std::vector<StateProbe> states;
  states.reserve(layout_->record.neurons.size());
  for (const auto& n : layout_->record.neurons) states.push_back(device_->read_state(n.tile, n.neuron));
  std::lock_guard lock(recorded_mutex_);
  traces_.steps.push_back(device_->current_step());
  traces_.states.insert(traces_.states.end(), states.begin(), states.end());
}

std::vector<InputEvent> DeviceSession::take_scheduled_inputs(std::uint64_t steps) {
  layout();
  return next_inputs(*schedule_, static_cast<long>(steps));
}

std::vector<SpikeEvent> DeviceSession::run(std::uint64_t steps, std::vector<InputEvent> extra,
                                           const std::function<void()>& between) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("run");
  const Layout& l = layout();
  const std::uint64_t start = device_->current_step();
  for (std::size_t k = 0; k < extra.size(); ++k) {
    const auto& e = extra[k];
    if (e.step < start || e.step >= start + steps)
      throw InputError("", 0, fmt::format("inputs[{}]", k),
                       fmt::format("step {} is outside this run's steps {} .. {} (the device is at step {})", e.step, start,
                                   start + steps - 1, start));
    if (e.tile < 0 || e.tile >= l.spec.tiles)
      throw InputError("", 0, fmt::format("inputs[{}]", k), fmt::format("tile {} is not in the chip; allowed 0 .. {}", e.tile, l.spec.tiles - 1));
    if (e.row < 0 || e.row >= l.spec.rows)
      throw InputError("", 0, fmt::format("inputs[{}]", k), fmt::format("row {} is not in a tile; allowed 0 .. {}", e.row, l.spec.rows - 1));
  }
  std::stable_sort(extra.begin(), extra.end(), [](const InputEvent& a, const InputEvent& b) { return a.step < b.step; });
  auto next_extra = extra.begin();
  std::vector<SpikeEvent> out;
  const auto decimation = static_cast<std::uint64_t>(l.record.decimation);
  for (std::uint64_t done = 0; done < steps;) {
    const std::uint64_t now = device_->current_step();
    std::uint64_t n = std::min(kExchangeSteps, steps - done);
    if (record_) n = std::min(n, decimation - now % decimation);  // stop at every sample
    const auto scheduled = next_inputs(*schedule_, static_cast<long>(n));
    const auto extra_end = std::find_if(next_extra, extra.end(), [&](const InputEvent& e) { return e.step >= now + n; });
    std::vector<InputEvent> inputs;
    inputs.reserve(scheduled.size() + static_cast<std::size_t>(extra_end - next_extra));
    std::merge(scheduled.begin(), scheduled.end(), next_extra, extra_end, std::back_inserter(inputs),
               [](const InputEvent& a, const InputEvent& b) { return a.step < b.step; });
    next_extra = extra_end;
    const auto spikes = device_->run(n, inputs);
    done += n;
    {
      std::lock_guard lock(recorded_mutex_);
      spikes_.insert(spikes_.end(), spikes.begin(), spikes.end());
    }
    out.insert(out.end(), spikes.begin(), spikes.end());
    if (record_ && device_->current_step() % decimation == 0) sample();
    if (between) between();
  }
  return out;
}

void DeviceSession::record_spikes(const std::vector<SpikeEvent>& spikes) {
  std::lock_guard lock(recorded_mutex_);
  spikes_.insert(spikes_.end(), spikes.begin(), spikes.end());
}

void DeviceSession::begin_stream(std::function<void()> stop) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("stream");
  layout();
  streaming_ = true;
  stop_stream_ = std::move(stop);
}

void DeviceSession::end_stream() {
  streaming_ = false;
  stop_stream_ = nullptr;
  // The stream took the layout's inputs for all its steps; it may have stopped before them, so the
  // schedule is rebuilt and advanced to the step the device reached (it is deterministic).
  schedule_.reset();
  schedule_.emplace(layout_->spec, layout_->inputs);
  next_inputs(*schedule_, static_cast<long>(device_->current_step()));
}

std::vector<SpikeEvent> DeviceSession::spikes() const {
  std::lock_guard lock(recorded_mutex_);
  return spikes_;
}

TraceSamples DeviceSession::traces() const {
  std::lock_guard lock(recorded_mutex_);
  return traces_;
}

StateProbe DeviceSession::read_state(int tile, int neuron) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("read_state");
  return device_->read_state(tile, neuron);
}

std::vector<double> DeviceSession::read_conductances(int tile) {
  std::lock_guard device_lock(device_mutex_);
  require_idle("read_conductances");
  return device_->read_conductances(tile);
}

void DeviceSession::close() {
  if (streaming_ && stop_stream_) {
    const auto stop = std::move(stop_stream_);  // (the stream's end calls end_stream, which clears it)
    stop();
  }
  std::lock_guard device_lock(device_mutex_);
  streaming_ = false;
  device_.reset();
}

}  // namespace ionarray::python
