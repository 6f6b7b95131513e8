#pragma once
// Moves host-link words between the host and a device. Every backend below the packet level is
// a transport: in-process loopback to the fixed-point core, the Verilator model, USB
// (usb_fifo_transport.hpp over libusb) and PCIe (XRT); later the SystemC platform.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ionarray {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(const std::vector<std::uint64_t>& words) = 0;
  // Lets the device work until it has nothing to do or `words` arrived; returns what it sent.
  virtual std::vector<std::uint64_t> receive() = 0;
  // Clock cycles a simulated device has run so far (0 where there is no model clock).
  virtual std::uint64_t cycles() const { return 0; }
  // Which device this is, for messages and `ionarray info`; empty for in-process devices.
  virtual std::string describe() const { return {}; }
  // The likely cause when a device takes words but never answers its first exchange (empty: none known).
  virtual std::string silence_hint() const { return {}; }
};

// The fixed-point array core (hls/ionarray/link_core.hpp) in this process, fed word by word
// (capacity: kLoopbackTiles tiles of the C++ core's largest tile).
std::unique_ptr<Transport> make_loopback_transport();
inline constexpr int kLoopbackTiles = 64;

// The array core RTL under Verilator (capacity: kVerilatorTiles tiles of kVerilatorRows x
// kVerilatorColumns, the parameters CMakeLists.txt builds the model with).
// `waves`: an FST file for every clock edge of the model (empty: none).
std::unique_ptr<Transport> make_verilator_transport(const std::string& waves = {});
inline constexpr int kVerilatorTiles = IONARRAY_VERILATOR_TILES, kVerilatorRows = IONARRAY_VERILATOR_ROWS,
                     kVerilatorColumns = IONARRAY_VERILATOR_COLUMNS, kVerilatorRowLevels = IONARRAY_VERILATOR_ROW_LEVELS,
                     kVerilatorPlasticRows = IONARRAY_VERILATOR_PLASTIC_ROWS;

// xrt://: an Alveo card through XRT (xrt_transport.cpp, built only where XRT is installed; without
// it, a DeviceError saying this build has no XRT support).
std::unique_ptr<Transport> make_xrt_transport(const std::string& uri);

}  // namespace ionarray
