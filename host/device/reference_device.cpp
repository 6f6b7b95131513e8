// reference://: the double-precision reference array, in process.
#include "device/reference_device.hpp"

#include <fmt/format.h>

#include "reference/array.hpp"

namespace ionarray {
namespace {

class ReferenceDevice : public Device {
 public:
  ReferenceDevice() : Device("reference://") {}

  void check(const Layout&) const override {}  // (no limit but memory, checked when the layout is read)

  void load_chip(const Layout& layout) override {
    check(layout);
    array_ = std::make_unique<reference::ReferenceArray>(layout.spec, layout.seed);
    counters_ = {};
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (!array_) throw DeviceError("reference://: load a layout first");
    const auto& spec = array_->spec();
    check_run_inputs(counters_.steps, steps, inputs, spec);  // (none left unused beyond the run)
    std::vector<SpikeEvent> spikes;
    std::size_t next = 0;
    for (std::uint64_t k = 0; k < steps; ++k, ++counters_.steps) {
      for (; next < inputs.size() && inputs[next].step == counters_.steps; ++next, ++counters_.spikes_in)
        array_->trigger(inputs[next].tile, inputs[next].row);
      for (int n : array_->step()) spikes.push_back({counters_.steps, n / spec.columns, n % spec.columns});
    }
    if (next < inputs.size())
      throw DeviceError(fmt::format("{} input events lie beyond the {} steps run; nothing was dropped: send them with "
                                    "a later run", inputs.size() - next, steps));
    counters_.spikes_out += spikes.size();
    return spikes;
  }

  DeviceCounters counters() const override { return counters_; }
  Capabilities capabilities() const override { return {0, 0, 0, "double-precision reference model, in process"}; }
  std::uint64_t current_step() const override { return counters_.steps; }

  bool can_read_state() const override { return true; }
  StateProbe read_state(int tile, int neuron) override {
    if (!array_) throw DeviceError("reference://: load a layout first");
    const auto& spec = array_->spec();
    if (tile < 0 || tile >= spec.tiles || neuron < 0 || neuron >= spec.columns)
      throw DeviceError(fmt::format("reference://: no neuron {} in tile {} ({} tiles of {} neurons)", neuron, tile,
                                    spec.tiles, spec.columns));
    const auto& n = array_->neuron(tile * spec.columns + neuron);
    const auto& d = n.device().state();
    return {.vm = n.vm(), .f = d.f, .r = d.r, .s = d.S, .g = 1 / n.device().resistance()};
  }

  bool can_read_conductances() const override { return true; }
  std::vector<double> read_conductances(int tile) override {
    if (!array_) throw DeviceError("reference://: load a layout first");
    if (tile < 0 || tile >= array_->spec().tiles)
      throw DeviceError(fmt::format("reference://: no tile {} ({} tiles)", tile, array_->spec().tiles));
    return array_->conductances(tile);
  }

 private:
  std::unique_ptr<reference::ReferenceArray> array_;
  DeviceCounters counters_;
};

}  // namespace

std::unique_ptr<Device> make_reference_device() { return std::make_unique<ReferenceDevice>(); }

}  // namespace ionarray
