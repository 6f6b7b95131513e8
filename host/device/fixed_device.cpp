// fixed://: the fixed-point array in process, stepped directly by its kernel (no packets).
#include "device/fixed_device.hpp"

#include <charconv>

#include <fmt/format.h>

#include "device/chip_part.hpp"
#include "device/state_probe.hpp"
#include "fixed/engine_config.hpp"
#include "fixed/fixed_array.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"

namespace ionarray {

namespace {

constexpr int kMaxThreads = 256;

[[noreturn]] void refuse_uri(const std::string& uri, const std::string& why) {
  throw InputError("", 0, "device", fmt::format("'{}': {}; fixed:// takes fixed://[?threads=N][&kernel=automatic|scalar|avx512] "
                                                "(N from 1 to {})", uri, why, kMaxThreads));
}

class FixedDevice : public Device {
 public:
  FixedDevice(std::string uri, FixedDeviceOptions options) : Device(std::move(uri)), options_(options) {
    fixed::resolve_kernel(options_.kernel);  // a kernel this CPU lacks is refused at open
  }

  void check(const Layout& layout) const override { check_fixed_point_capacity(layout); }

  void load_chip(const Layout& layout) override {
    check(layout);
    array_.reset();  // (its threads end before the next array's start)
    array_ = std::make_unique<fixed::FixedArray>(layout.spec, layout.seed, options_.kernel, options_.threads);
    spec_ = layout.spec;
    counters_ = {};
  }

  void load_tiles(const Layout& layout, std::span<const int> tiles) override {
    auto part = chip_part(layout, tiles);
    check(part.layout);
    array_.reset();
    array_ = std::make_unique<fixed::FixedArray>(std::move(part.image), options_.kernel,
                                                 options_.threads);
    spec_ = part.layout.spec;
    counters_ = {};
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (!array_) throw DeviceError(uri() + ": load a layout first");
    check_run_inputs(counters_.steps, steps, inputs, spec_);
    std::vector<SpikeEvent> spikes;
    std::size_t next = 0;
    for (std::uint64_t k = 0; k < steps; ++k, ++counters_.steps) {
      for (; next < inputs.size() && inputs[next].step == counters_.steps; ++next, ++counters_.spikes_in)
        array_->trigger(inputs[next].tile, inputs[next].row);
      for (int n : array_->step()) spikes.push_back({counters_.steps, n / spec_.columns, n % spec_.columns});
    }
    counters_.spikes_out += spikes.size();
    const auto& sat = array_->saturation();
    counters_.saturations = sat.vm + sat.s + sat.conductance;
    return spikes;
  }

  DeviceCounters counters() const override { return counters_; }
  Capabilities capabilities() const override {
    return {0, fx::kMaxRows, fx::kMaxColumns,
            fmt::format("fixed-point array in process, {} kernel, {} thread(s)",
                        fixed::kernel_name(array_ ? array_->kernel() : fixed::resolve_kernel(options_.kernel)),
                        options_.threads)};
  }
  std::uint64_t current_step() const override { return counters_.steps; }

  bool can_read_state() const override { return true; }
  StateProbe read_state(int tile, int neuron) override {
    if (!array_) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles || neuron < 0 || neuron >= spec_.columns)
      throw DeviceError(fmt::format("{}: no neuron {} in tile {} ({} tiles of {} neurons)", uri(), neuron, tile, spec_.tiles,
                                    spec_.columns));
    return state_probe(array_->state(tile * spec_.columns + neuron), spec_.neuron_of(tile).circuit);
  }

  bool can_read_conductances() const override { return true; }
  std::vector<double> read_conductances(int tile) override {
    if (!array_) throw DeviceError(uri() + ": load a layout first");
    if (tile < 0 || tile >= spec_.tiles) throw DeviceError(fmt::format("{}: no tile {} ({} tiles)", uri(), tile, spec_.tiles));
    return array_->conductances(tile);
  }

 private:
  FixedDeviceOptions options_;
  std::unique_ptr<fixed::FixedArray> array_;
  reference::ArraySpec spec_;
  DeviceCounters counters_;
};

}  // namespace

FixedDeviceOptions parse_fixed_uri(const std::string& uri) {
  const std::string_view prefix = "fixed://";
  if (!uri.starts_with(prefix)) refuse_uri(uri, "not a fixed:// URI");
  std::string_view rest = std::string_view(uri).substr(prefix.size());
  FixedDeviceOptions options;
  if (rest.empty()) return options;
  if (rest.front() != '?') refuse_uri(uri, "fixed:// names no device");
  rest.remove_prefix(1);
  while (!rest.empty()) {
    const auto end = rest.find('&');
    const auto item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq), value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    if (key == "threads") {
      int n = 0;
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || p != value.data() + value.size() || n < 1 || n > kMaxThreads)
        refuse_uri(uri, fmt::format("threads = '{}' is not a whole number from 1 to {}", value, kMaxThreads));
      options.threads = n;
    } else if (key == "kernel") {
      if (value == "automatic") options.kernel = fixed::Kernel::automatic;
      else if (value == "scalar") options.kernel = fixed::Kernel::scalar;
      else if (value == "avx512") options.kernel = fixed::Kernel::avx512;
      else refuse_uri(uri, fmt::format("kernel = '{}' is not automatic, scalar or avx512", value));
    } else {
      refuse_uri(uri, fmt::format("unknown option '{}'", key));
    }
  }
  return options;
}

std::unique_ptr<Device> make_fixed_device(std::string uri, FixedDeviceOptions options) {
  return std::make_unique<FixedDevice>(std::move(uri), options);
}

}  // namespace ionarray
