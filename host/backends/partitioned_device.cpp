#include "backends/partitioned_device.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "device/chip_part.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace {

std::string joined_uri(const std::vector<std::unique_ptr<Device>>& devices) {
  std::string uri;
  for (const auto& d : devices) uri += (uri.empty() ? "" : ",") + d->uri();
  return uri;
}

class PartitionedDevice : public Device {
 public:
  explicit PartitionedDevice(std::vector<std::unique_ptr<Device>> devices)
      : Device(joined_uri(devices)), devices_(std::move(devices)) {}

  void check(const Layout& layout) const override { partition(layout); }

  void load_chip(const Layout& layout) override {
    const auto parts = partition(layout);
    spec_ = layout.spec;
    device_of_.assign(static_cast<std::size_t>(spec_.tiles), 0);
    local_of_.assign(static_cast<std::size_t>(spec_.tiles), 0);
    global_of_.clear();
    for (std::size_t d = 0; d < parts.size(); ++d) {
      for (std::size_t k = 0; k < parts[d].size(); ++k) {
        device_of_[static_cast<std::size_t>(parts[d][k])] = static_cast<int>(d);
        local_of_[static_cast<std::size_t>(parts[d][k])] = static_cast<int>(k);
      }
      global_of_.push_back(parts[d]);
      devices_[d]->load_part(layout, parts[d]);
    }
    // Routes that leave their device: the host carries these spikes.
    crossing_.assign(static_cast<std::size_t>(spec_.neurons()), {});
    any_crossing_ = false;
    for (int n = 0; n < spec_.neurons() && static_cast<std::size_t>(n) < spec_.routes.size(); ++n)
      for (const auto& target : spec_.routes[static_cast<std::size_t>(n)])
        if (device_of_[static_cast<std::size_t>(target.tile)] != device_of_[static_cast<std::size_t>(n / spec_.columns)]) {
          crossing_[static_cast<std::size_t>(n)].push_back(target);
          any_crossing_ = true;
        }
    carried_.clear();
    step_ = 0;
    counters_ = {};
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (devices_.empty() || global_of_.empty()) throw DeviceError(uri() + ": load a layout first");
    check_run_inputs(step_, steps, inputs, spec_);
    counters_.spikes_in += inputs.size();
    std::vector<SpikeEvent> spikes;
    // Without routes between devices, each device runs the whole stretch in one exchange.
    const std::uint64_t stride = any_crossing_ ? 1 : steps;
    std::size_t next = 0;
    for (std::uint64_t done = 0; done < steps; done += stride) {
      const std::uint64_t end = step_ + stride;
      std::vector<std::vector<InputEvent>> per_device(devices_.size());
      // Carried spikes are stamped step_, external inputs step_ or later: step order holds.
      for (const auto& e : carried_) per_device[static_cast<std::size_t>(device_of_[static_cast<std::size_t>(e.tile)])].push_back(e);
      for (; next < inputs.size() && inputs[next].step < end; ++next) {
        auto e = inputs[next];
        per_device[static_cast<std::size_t>(device_of_[static_cast<std::size_t>(e.tile)])].push_back(e);
      }
      std::vector<SpikeEvent> step_spikes;
      for (std::size_t d = 0; d < devices_.size(); ++d) {
        auto& events = per_device[d];
        std::stable_sort(events.begin(), events.end(), [](const InputEvent& a, const InputEvent& b) { return a.step < b.step; });
        for (auto& e : events) e.tile = local_of_[static_cast<std::size_t>(e.tile)];
        for (auto s : devices_[d]->run(stride, events)) {
          s.tile = global_of_[d][static_cast<std::size_t>(s.tile)];
          step_spikes.push_back(s);
        }
      }
      std::sort(step_spikes.begin(), step_spikes.end());  // (step, tile, neuron), as one device gives them
      carried_.clear();
      if (any_crossing_) {
        for (const auto& s : step_spikes)
          for (const auto& target : crossing_[static_cast<std::size_t>(s.tile * spec_.columns + s.neuron)])
            carried_.push_back({s.step + 1, target.tile, target.row});
        // A row driven twice in a step is driven once (as inside a device): one event each.
        std::sort(carried_.begin(), carried_.end(),
                  [](const InputEvent& a, const InputEvent& b) { return std::tie(a.tile, a.row) < std::tie(b.tile, b.row); });
        carried_.erase(std::unique(carried_.begin(), carried_.end(),
                                   [](const InputEvent& a, const InputEvent& b) { return a.tile == b.tile && a.row == b.row; }),
                       carried_.end());
      }
      spikes.insert(spikes.end(), step_spikes.begin(), step_spikes.end());
      step_ = end;
    }
    counters_.steps = step_;
    counters_.spikes_out += spikes.size();
    return spikes;
  }

  DeviceCounters counters() const override {
    DeviceCounters c = counters_;
    for (const auto& d : devices_) {
      const auto dc = d->counters();
      c.overflows += dc.overflows, c.saturations += dc.saturations, c.errors += dc.errors, c.link_errors += dc.link_errors;
    }
    return c;
  }

  Capabilities capabilities() const override {
    Capabilities caps{0, 0, 0, fmt::format("a chip over {} devices, spikes between them carried by the host", devices_.size())};
    bool bounded = true;
    for (const auto& d : devices_) {
      const auto dc = d->capabilities();
      bounded = bounded && dc.max_tiles > 0;
      caps.max_tiles += dc.max_tiles;
      caps.max_rows = caps.max_rows == 0 ? dc.max_rows : (dc.max_rows == 0 ? caps.max_rows : std::min(caps.max_rows, dc.max_rows));
      caps.max_columns = caps.max_columns == 0 ? dc.max_columns
                                               : (dc.max_columns == 0 ? caps.max_columns : std::min(caps.max_columns, dc.max_columns));
    }
    if (!bounded) caps.max_tiles = 0;
    return caps;
  }

  std::uint64_t current_step() const override { return step_; }
  std::uint64_t model_cycles() const override {
    std::uint64_t most = 0;
    for (const auto& d : devices_) most = std::max(most, d->model_cycles());
    return most;
  }

  bool can_read_state() const override {
    return std::all_of(devices_.begin(), devices_.end(), [](const auto& d) { return d->can_read_state(); });
  }
  StateProbe read_state(int tile, int neuron) override {
    if (global_of_.empty()) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles)
      throw DeviceError(fmt::format("{}: no neuron {} in tile {} ({} tiles of {} neurons)", uri(), neuron, tile, spec_.tiles,
                                    spec_.columns));
    return devices_[static_cast<std::size_t>(device_of_[static_cast<std::size_t>(tile)])]->read_state(
        local_of_[static_cast<std::size_t>(tile)], neuron);
  }

  bool can_read_conductances() const override {
    return std::all_of(devices_.begin(), devices_.end(), [](const auto& d) { return d->can_read_conductances(); });
  }
  std::vector<double> read_conductances(int tile) override {
    if (global_of_.empty()) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles) throw DeviceError(fmt::format("{}: no tile {} ({} tiles)", uri(), tile, spec_.tiles));
    return devices_[static_cast<std::size_t>(device_of_[static_cast<std::size_t>(tile)])]->read_conductances(
        local_of_[static_cast<std::size_t>(tile)]);
  }

 private:
  // The tiles of each device, refused (naming the tile and the device) where a device cannot hold them.
  std::vector<std::vector<int>> partition(const Layout& layout) const {
    auto parts = partition_tiles(layout, static_cast<int>(devices_.size()));
    const std::string field = layout.partition.empty() ? "--backend" : "partition.devices";
    for (std::size_t d = 0; d < parts.size(); ++d) {
      const auto& device = *devices_[d];
      if (parts[d].empty())
        throw InputError(layout.path, layout.partition_line, field,
                         fmt::format("device {} ({}) holds no tile: {} devices for a chip of {} tiles", d, device.uri(),
                                     devices_.size(), layout.spec.tiles));
      const int holds = device.capabilities().max_tiles;
      if (holds > 0 && static_cast<int>(parts[d].size()) > holds)
        throw InputError(layout.path, layout.partition_line, field,
                         fmt::format("device {} ({}) holds {} tiles; it is given {}, from tile {} on ({} too many)", d,
                                     device.uri(), holds, parts[d].size(), parts[d][static_cast<std::size_t>(holds)],
                                     parts[d].size() - static_cast<std::size_t>(holds)));
      try {
        device.check(chip_part(layout, parts[d]).layout);  // rows, columns and formats
      } catch (const InputError& e) {
        throw InputError(layout.path, layout.partition_line, field, fmt::format("device {} ({}): {}", d, device.uri(), e.what()));
      }
    }
    return parts;
  }

  std::vector<std::unique_ptr<Device>> devices_;
  reference::ArraySpec spec_;
  std::vector<int> device_of_, local_of_;        // per chip tile: its device, its index there
  std::vector<std::vector<int>> global_of_;      // per device: its tiles' chip indices
  std::vector<std::vector<reference::RowTarget>> crossing_;  // per neuron: its routes that leave its device
  bool any_crossing_ = false;
  std::vector<InputEvent> carried_;  // spikes of the last step for other devices, for the next step
  std::uint64_t step_ = 0;
  DeviceCounters counters_;
};

}  // namespace

std::unique_ptr<Device> make_partitioned_device(std::vector<std::unique_ptr<Device>> devices) {
  return std::make_unique<PartitionedDevice>(std::move(devices));
}

}  // namespace ionarray
