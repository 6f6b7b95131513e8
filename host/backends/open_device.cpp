#include "backends/open_device.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <stdexcept>

#include <fmt/format.h>

#include "backends/partitioned_device.hpp"
#include "device/fixed_device.hpp"
#include "device/libusb_endpoints.hpp"
#include "device/link_device.hpp"
#include "device/reference_device.hpp"
#include "device/usb_fifo_transport.hpp"
#include "io/input_error.hpp"
#include "ionarray/link_core.hpp"
#include "systemc/platform.hpp"

namespace ionarray {
namespace {

constexpr std::string_view kSchemes =
    "reference://, fixed://, fixed-link://, verilator://[?waves=FILE.fst], usb://[VID:PID[/SERIAL]], "
    "xrt://[DEVICE]?xclbin=PATH, systemc://[?link=pcie|usb3] (fixed:// takes ?threads=N&kernel=scalar|avx512; URIs "
    "joined by commas run a chip over several devices)";

struct AddedScheme {
  std::string usage;
  DeviceOpener open;
};
std::map<std::string, AddedScheme>& added_schemes() {
  static std::map<std::string, AddedScheme> schemes;
  return schemes;
}

// verilator:// or verilator://?waves=FILE.fst: the FST file, or "".
std::string verilator_waves(const std::string& uri) {
  const std::string_view plain = "verilator://", with_waves = "verilator://?waves=";
  if (uri == plain) return "";
  if (uri.starts_with(with_waves) && uri.size() > with_waves.size()) return uri.substr(with_waves.size());
  throw InputError("", 0, "device", fmt::format("'{}': the Verilator device is verilator:// or verilator://?waves=FILE.fst "
                                                "(an FST waveform of every clock edge, for GTKWave)", uri));
}

}  // namespace

std::unique_ptr<Device> open_device(std::string_view uri) {
  if (uri.find(',') != std::string_view::npos) {  // a chip over several devices
    std::vector<std::unique_ptr<Device>> devices;
    for (std::size_t start = 0; start <= uri.size();) {
      const auto end = std::min(uri.find(',', start), uri.size());
      const auto one = uri.substr(start, end - start);
      if (one.empty())
        throw InputError("", 0, "device", fmt::format("'{}': an empty device in the list; a chip over several devices is "
                                                      "URI1,URI2,... (e.g. fixed://,verilator://)", uri));
      devices.push_back(open_device(one));
      start = end + 1;
    }
    return make_partitioned_device(std::move(devices));
  }
  const auto scheme = uri.substr(0, uri.find("://"));
  const std::string full = uri.find("://") == std::string_view::npos ? std::string(uri) + "://" : std::string(uri);
  if (full == "reference://") return make_reference_device();
  if (scheme == "fixed") return make_fixed_device(full, parse_fixed_uri(full));
  if (full == "fixed-link://")
    return make_link_device(full, make_loopback_transport,
                            {kLoopbackTiles, fx::kMaxRows, fx::kMaxColumns, "fixed-point array core in process, driven by host-link packets",
                             int(fx::kRowVoltageLevels), fx::kPlasticRows});
  if (scheme == "verilator") {
    const std::string waves = verilator_waves(full);
    return make_link_device(full, [waves] { return make_verilator_transport(waves); },
                            {kVerilatorTiles, kVerilatorRows, kVerilatorColumns,
                             "array core RTL under Verilator, driven by host-link packets" +
                                 (waves.empty() ? std::string() : ", waveforms to " + waves),
                             kVerilatorRowLevels, kVerilatorPlasticRows});
  }
  if (scheme == "usb") {
    const auto address = parse_usb_uri(full);
    return open_link_board(full, [address, full] {
      return std::make_unique<UsbFifoTransport>(full, open_libusb_endpoints(address, full));
    });
  }
  if (scheme == "xrt") return open_link_board(full, [full] { return make_xrt_transport(full); });
  if (scheme == "systemc") return systemc::open_systemc_device(full);
  if (const auto added = added_schemes().find(std::string(scheme)); added != added_schemes().end())
    return added->second.open(full);
  std::string available(kSchemes);
  for (const auto& [name, added] : added_schemes()) available += ", " + added.usage;
  throw InputError("", 0, "device", fmt::format("unknown device '{}'; available: {}", uri, available));
}

void add_device_scheme(const std::string& scheme, const std::string& usage, DeviceOpener open) {
  for (std::string_view product : {"reference", "fixed", "fixed-link", "verilator", "usb", "xrt", "systemc"})
    if (scheme == product) throw std::invalid_argument(fmt::format("add_device_scheme: {}:// is a product scheme", scheme));
  added_schemes()[scheme] = {usage, std::move(open)};
}

}  // namespace ionarray
