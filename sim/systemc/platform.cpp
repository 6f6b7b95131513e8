#include "platform.hpp"

#include <cstdlib>
#include <cstring>
#include <span>

#include <fmt/format.h>

#include "device/bulk_endpoints.hpp"
#include "device/kernel_calls.hpp"
#include "device/link_device.hpp"
#include "device/usb_fifo_transport.hpp"
#include "host_initiator.hpp"
#include "io/input_error.hpp"
#include "pcie_board.hpp"
#include "usb3_board.hpp"
#include "verilated.h"

namespace ionarray::systemc {
namespace {

constexpr std::string_view kForms = "systemc://, systemc://?link=pcie|usb3[&figures=FILE]";

struct SystemcAddress {
  std::string link = "pcie";
  std::filesystem::path figures = default_link_figures_file();
};

SystemcAddress parse_systemc_uri(const std::string& uri) {
  const std::string_view scheme = "systemc://";
  std::string_view rest = std::string_view(uri).substr(scheme.size());
  SystemcAddress a;
  if (rest.empty()) return a;
  if (rest.front() != '?')
    throw InputError("", 0, "device", fmt::format("'{}': the SystemC platform takes no address, only parameters: {}", uri, kForms));
  rest.remove_prefix(1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq), value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    if (key == "link" && (value == "pcie" || value == "usb3")) a.link = value;
    else if (key == "link")
      throw InputError("", 0, "device", fmt::format("'{}': unknown link '{}'; links: pcie (XRT on an Alveo card), usb3 "
                                                    "(an FX3 slave FIFO)", uri, value));
    else if (key == "figures" && !value.empty()) a.figures = value;
    else
      throw InputError("", 0, "device", fmt::format("'{}': unknown parameter '{}'; parameters: link=pcie|usb3, "
                                                    "figures=FILE (the link figures, default {})", uri, item,
                                                    default_link_figures_file().string()));
  }
  return a;
}

// The process's one SystemC simulation: every board is built before the first sc_start, as
// SystemC requires, and lives as long as the process (SystemC cannot restart an elaboration).
// The Verilator context the SystemC models are built in: theirs alone (a Verilated SystemC model
// takes the thread's current context, which may be that of a verilator:// device long gone).
struct OwnVerilatedContext {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  OwnVerilatedContext() { Verilated::threadContextp(context.get()); }
};

class Platform : public SimulatedClock {
 public:
  explicit Platform(const LinkFigures& figures)
      : pcie("pcie_board", figures.pcie), usb3("usb3_board", figures.usb3), pcie_host("pcie_host"), usb3_host("usb3_host") {
    pcie_host.socket.bind(pcie.socket);
    usb3_host.socket.bind(usb3.socket);
  }
  // Built at the first systemc:// device; never destroyed (SystemC's kernel outlives no module).
  static Platform& get(const LinkFigures& figures) {
    static Platform& platform = [&]() -> Platform& {
      setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
      return *new Platform(figures);
    }();
    return platform;
  }

  double now_s() const override { return sc_core::sc_time_stamp().to_seconds(); }
  void wait_until_s(double t) override {
    const double now = now_s();
    if (t > now) sc_core::sc_start(sc_core::sc_time(t - now, sc_core::SC_SEC));
  }

  OwnVerilatedContext verilated;  // first: the boards' models are built in it
  PcieBoard pcie;
  Usb3Board usb3;
  HostInitiator pcie_host, usb3_host;
  bool pcie_taken = false, usb3_taken = false;  // a board serves one connection at a time
};

// Marks a board taken for the lifetime of a connection.
class BoardClaim {
 public:
  BoardClaim(bool& taken, const char* link) : taken_(taken) {
    if (taken_)
      throw DeviceError(fmt::format("systemc://?link={}: this process already has that board open (one connection per link)", link));
    taken_ = true;
  }
  ~BoardClaim() { taken_ = false; }
  BoardClaim(const BoardClaim&) = delete;
  BoardClaim& operator=(const BoardClaim&) = delete;

 private:
  bool& taken_;
};

// One transaction from the host: `bytes` to or from `address`.
void transact(HostInitiator& host, tlm::tlm_command command, std::uint64_t address, std::span<std::byte> bytes,
              BulkTransferExtension* transfer = nullptr) {
  tlm::tlm_generic_payload trans;
  trans.set_command(command);
  trans.set_address(address);
  trans.set_data_ptr(reinterpret_cast<unsigned char*>(bytes.data()));
  trans.set_data_length(static_cast<unsigned>(bytes.size()));
  trans.set_streaming_width(static_cast<unsigned>(bytes.size()));
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  // The extension belongs to the caller: taken off before the payload would free it.
  struct Detach {
    tlm::tlm_generic_payload& trans;
    BulkTransferExtension* transfer;
    ~Detach() {
      if (transfer) trans.clear_extension(transfer);
    }
  } detach{trans, transfer};
  if (transfer) trans.set_extension(transfer);
  host.transact(trans);
}

template <typename T>
std::span<std::byte> bytes_of(std::span<T> words) {
  // (TLM payloads carry a non-const pointer; a write transaction only reads through it)
  return {reinterpret_cast<std::byte*>(const_cast<std::remove_const_t<T>*>(words.data())), words.size_bytes()};
}

// The XRT call protocol's card side: the PCIe board's memory and kernel, through the link model.
class PlatformKernel : public LinkKernel {
 public:
  explicit PlatformKernel(Platform& p) : p_(p), claim_(p.pcie_taken, "pcie"), first_cycle_(p.pcie.cycles()) {
    transact(p_.pcie_host, tlm::TLM_WRITE_COMMAND, PcieBoard::kReset, {});
  }
  std::size_t input_capacity() const override { return PcieBoard::kInputWords; }
  std::size_t output_capacity() const override { return PcieBoard::kOutputWords; }
  void write_input(std::span<const std::uint64_t> words) override {
    transact(p_.pcie_host, tlm::TLM_WRITE_COMMAND, PcieBoard::kInputBuffer, bytes_of(words));
  }
  void call(std::uint32_t in_words, std::uint32_t out_capacity) override {
    std::uint32_t args[2] = {in_words, out_capacity};
    try {
      transact(p_.pcie_host, tlm::TLM_WRITE_COMMAND, PcieBoard::kCall, std::as_writable_bytes(std::span(args)));
    } catch (const DeviceError& e) {
      throw DeviceError(fmt::format("systemc://?link=pcie: a kernel call of {} input words could not finish: its output "
                                    "buffer ({} words) filled with input still waiting ({})", in_words, out_capacity, e.what()));
    }
  }
  void read_output(std::size_t offset, std::span<std::uint64_t> words) override {
    transact(p_.pcie_host, tlm::TLM_READ_COMMAND, PcieBoard::kOutputBuffer + 8 * offset, bytes_of(words));
  }
  std::string describe() const override {
    const auto& f = p_.pcie.figures();
    return fmt::format("SystemC platform: ionarray_kernel RTL at {:g} MHz behind a PCIe/XRT link model (bo sync {:g} us + "
                       "{:g}/{:g} MB/s to/from the card, kernel start {:g} us, completion {:g} us)",
                       f.kernel_clock_hz / 1e6, f.sync_overhead_s * 1e6, f.h2c_bytes_per_s / 1e6, f.c2h_bytes_per_s / 1e6,
                       f.kernel_start_s * 1e6, f.kernel_completion_s * 1e6);
  }
  std::uint64_t cycles() const override { return p_.pcie.cycles() - first_cycle_; }

 private:
  Platform& p_;
  BoardClaim claim_;
  std::uint64_t first_cycle_;
};

// The USB FIFO transport's endpoints: the USB 3 board's bulk endpoints, through the link model.
class PlatformEndpoints : public BulkEndpoints {
 public:
  explicit PlatformEndpoints(Platform& p) : p_(p), claim_(p.usb3_taken, "usb3"), first_cycle_(p.usb3.cycles()) {
    transact(p_.usb3_host, tlm::TLM_WRITE_COMMAND, Usb3Board::kReset, {});
  }
  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds timeout) override {
    return bulk(tlm::TLM_WRITE_COMMAND, Usb3Board::kBulkOut, bytes_of(bytes), timeout);
  }
  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds timeout) override {
    return bulk(tlm::TLM_READ_COMMAND, Usb3Board::kBulkIn, buffer, timeout);
  }
  std::size_t read_granule() const override { return Usb3Board::kPacketBytes; }
  std::string describe() const override {
    const auto& f = p_.usb3.figures();
    return fmt::format("SystemC platform: ionarray_usb_system RTL at {:g} MHz behind an FX3 and a USB 3 link model (bulk "
                       "{:g} MB/s in {:g}-byte packets, transfer overhead {:g} us, completion {:g} us)",
                       f.pclk_hz / 1e6, f.bulk_bytes_per_s / 1e6, f.max_packet_bytes, f.transfer_overhead_s * 1e6,
                       f.completion_latency_s * 1e6);
  }
  std::uint64_t cycles() const override { return p_.usb3.cycles() - first_cycle_; }

 private:
  BulkTransfer bulk(tlm::tlm_command command, std::uint64_t endpoint, std::span<std::byte> bytes, std::chrono::milliseconds timeout) {
    BulkTransferExtension transfer;
    transfer.timeout = sc_core::sc_time(static_cast<double>(timeout.count()), sc_core::SC_MS);
    transact(p_.usb3_host, command, endpoint, bytes, &transfer);
    if (const auto& errors = p_.usb3.bus_errors(); !errors.empty())
      throw DeviceError(fmt::format("systemc://?link=usb3: the FX3 model caught the bridge breaking the slave-FIFO protocol: {}",
                                    fmt::join(errors, "; ")));
    return {.bytes = transfer.moved, .status = transfer.timed_out ? BulkStatus::timeout : BulkStatus::ok, .error = {}};
  }
  Platform& p_;
  BoardClaim claim_;
  std::uint64_t first_cycle_;
};

Platform& platform_with(const LinkFigures& figures) {
  auto& platform = Platform::get(figures);
  platform.pcie.set_figures(figures.pcie);
  platform.usb3.set_figures(figures.usb3);
  return platform;
}

}  // namespace

SimulatedClock& platform_clock(const LinkFigures& figures) { return Platform::get(figures); }
std::unique_ptr<LinkKernel> open_pcie_kernel(const LinkFigures& figures) {
  return std::make_unique<PlatformKernel>(platform_with(figures));
}
std::unique_ptr<BulkEndpoints> open_usb3_endpoints(const LinkFigures& figures) {
  return std::make_unique<PlatformEndpoints>(platform_with(figures));
}

std::unique_ptr<Device> open_systemc_device(const std::string& uri) {
  const auto address = parse_systemc_uri(uri);
  const auto figures = read_link_figures(address.figures);
  Usb3Board::check_figures(figures.usb3, address.figures);
  auto& clock = platform_clock(figures);
  if (address.link == "usb3")
    return open_link_board(uri, [figures, uri] { return std::make_unique<UsbFifoTransport>(uri, open_usb3_endpoints(figures)); },
                           &clock);
  return open_link_board(uri, [figures, uri] { return std::make_unique<KernelCallTransport>(uri, open_pcie_kernel(figures)); },
                         &clock);
}

}  // namespace ionarray::systemc
