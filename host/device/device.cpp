// What every device shares: input checks, reset, the default state read, the input schedule.
#include "device/device.hpp"

#include <fmt/format.h>

namespace ionarray {

void check_input_events(std::uint64_t now, std::span<const InputEvent> inputs, const reference::ArraySpec& spec) {
  std::uint64_t last = now;
  for (const auto& e : inputs) {
    if (e.step < now)
      throw DeviceError(fmt::format("input event at step {} is in the past (the device is at step {})", e.step, now));
    if (e.step < last) throw DeviceError(fmt::format("input events out of order: step {} after step {}", e.step, last));
    if (e.tile < 0 || e.tile >= spec.tiles || e.row < 0 || e.row >= spec.rows)
      throw DeviceError(fmt::format("input event to tile {}, row {}: the chip has {} tiles of {} rows", e.tile, e.row,
                                    spec.tiles, spec.rows));
    last = e.step;
  }
}

void check_run_inputs(std::uint64_t now, std::uint64_t steps, std::span<const InputEvent> inputs,
                      const reference::ArraySpec& spec) {
  check_input_events(now, inputs, spec);
  if (!inputs.empty() && inputs.back().step >= now + steps)
    throw DeviceError(fmt::format("input event at step {} lies beyond this run (steps {} .. {}); send it with a later run",
                                  inputs.back().step, now, now + steps - 1));
}

void Device::reset(std::uint64_t seed) {
  if (!loaded_) throw DeviceError(uri_ + ": load a layout before resetting it");
  Layout layout = *loaded_;
  layout.seed = seed;
  load(layout);
}

void Device::load_tiles(const Layout&, std::span<const int>) {
  throw DeviceError(fmt::format("{}: this device cannot hold part of a chip (only fixed-point devices can)", uri()));
}

StateProbe Device::read_state(int, int) {
  throw DeviceError(fmt::format("{}: {}", uri(), kNoStateReadback));
}

std::vector<InputEvent> next_inputs(InputSchedule& schedule, long steps) {
  std::vector<ExternalEvent> events;
  schedule.next(steps, events);
  std::vector<InputEvent> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back({static_cast<std::uint64_t>(e.step), e.tile, e.row});
  return out;
}

}  // namespace ionarray
