#pragma once
// systemc://: the board in a box. The board-level RTL (verilated with --sc) runs inside a SystemC
// model of its board and of the link to the host, approximately timed with the sourced figures
// of sim/systemc/links.toml; the host drives it through the same driver code as the real board
// (the XRT kernel-call protocol for PCIe, the USB FIFO transport for USB 3). Simulated time
// (Device::simulated_clock()) says when the host sees each answer.
//
//   systemc://                   PCIe (XRT on an Alveo card), the default
//   systemc://?link=pcie|usb3    the link
//   ...&figures=FILE             link figures other than sim/systemc/links.toml
#include <memory>
#include <string>

#include "device/bulk_endpoints.hpp"
#include "device/device.hpp"
#include "device/kernel_calls.hpp"
#include "link_figures.hpp"

namespace ionarray::systemc {

std::unique_ptr<Device> open_systemc_device(const std::string& uri);

// The platform's parts, for tests of the link models: its clock, and the host's end of each
// board (reset on opening; one open end per board at a time). The platform is built once per
// process, with the clock frequencies of the first figures; later figures set the link timing.
SimulatedClock& platform_clock(const LinkFigures& figures);
std::unique_ptr<LinkKernel> open_pcie_kernel(const LinkFigures& figures);
std::unique_ptr<BulkEndpoints> open_usb3_endpoints(const LinkFigures& figures);

}  // namespace ionarray::systemc
