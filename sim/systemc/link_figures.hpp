#pragma once
// The timed link models' figures, read from sim/systemc/links.toml, where each figure carries
// its unit, its source and why the model uses that value (figures the model does not read are
// documentation, checked the same way). Times in seconds, rates in bytes/s.
#include <filesystem>

namespace ionarray::systemc {

// USB 3 bulk through an FX3 slave FIFO, driven by libusb.
struct UsbLinkFigures {
  double pclk_hz = 0;             // the FPGA's PCLK, also the board clock
  double max_packet_bytes = 0;    // SuperSpeed bulk packet
  double fx3_buffer_bytes = 0;    // the FX3 firmware's DMA buffer
  double bulk_bytes_per_s = 0;    // sustained, per direction
  double transfer_overhead_s = 0; // a transfer's submission to its first packet on the bus
  double completion_latency_s = 0;// the last packet to the host thread seeing the completion
};

// PCIe through XRT to an Alveo card: xrt::bo syncs and kernel calls.
struct PcieLinkFigures {
  double kernel_clock_hz = 0;
  double h2c_bytes_per_s = 0;     // host to card, large xrt::bo::sync
  double c2h_bytes_per_s = 0;     // card to host
  double sync_overhead_s = 0;     // fixed cost of one xrt::bo::sync
  double kernel_start_s = 0;      // run() to the kernel starting
  double kernel_completion_s = 0; // the kernel finishing to wait() returning
};

struct LinkFigures {
  UsbLinkFigures usb3;
  PcieLinkFigures pcie;
};

// Reads and checks `file` (InputError naming the file, the field and what is allowed).
LinkFigures read_link_figures(const std::filesystem::path& file);
// The repository's sim/systemc/links.toml.
std::filesystem::path default_link_figures_file();

}  // namespace ionarray::systemc
