// xrt://: host-link words to an Alveo card through the XRT native API. Built only where XRT is
// installed (see CMakeLists.txt). The kernel this expects (hls/top/ionarray_link.cpp;
// docs/host-driver.md, "xrt://"):
//
//   void ionarray_link(const uint64_t* in, uint32_t in_words, uint64_t* out, uint32_t out_capacity)
//     in           AXI master: host-to-device link words, in order
//     in_words     how many words of `in` to take
//     out          AXI master: out[0] = n, the words the call produced; out[1 .. n] those words
//     out_capacity room after out[0]; the kernel stops stepping before a step could overflow it
//
// It feeds `in` to the link core, steps while the core has steps to do and a worst-case step still
// fits, and streams the core's output into `out`. The core's state persists between calls, so a
// run longer than one call continues on the next call (with in_words = 0).
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <xrt/experimental/xrt_xclbin.h>
#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_hw_context.h>
#include <xrt/xrt_kernel.h>

#include "device/device.hpp"
#include "device/transport.hpp"
#include "device/xrt_address.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace {

constexpr std::size_t kInWords = std::size_t{1} << 20;    // 8 MiB of input per kernel call
constexpr std::size_t kOutWords = std::size_t{1} << 21;   // 16 MiB: above kMaxStepsPerCall worst-case steps (~1.06 M words)
constexpr std::chrono::seconds kRunTimeout{10};
constexpr int kArgIn = 0, kArgInWords = 1, kArgOut = 2, kArgOutCapacity = 3;

xrt::device open_card(const std::string& device) {
  const bool index = !device.empty() && std::all_of(device.begin(), device.end(), [](char c) { return c >= '0' && c <= '9'; });
  return index ? xrt::device(static_cast<unsigned>(std::stoul(device))) : xrt::device(device);
}

class XrtTransport : public Transport {
 public:
  XrtTransport(std::string uri, const XrtAddress& address) : uri_(std::move(uri)) {
    if (!std::filesystem::is_regular_file(address.xclbin))
      throw InputError(address.xclbin, 0, "xclbin", fmt::format("{}: no such file", uri_));
    guarded("opening the card", [&] {
      device_ = open_card(address.device);
      const xrt::xclbin xclbin(address.xclbin);
      std::vector<std::string> names;
      for (const auto& k : xclbin.get_kernels()) names.push_back(k.get_name());
      if (std::find(names.begin(), names.end(), address.kernel) == names.end())
        throw DeviceError(fmt::format("{}: {} has no kernel '{}'; it has: {}", uri_, address.xclbin, address.kernel,
                                      names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
      // Register the xclbin and run in a hardware context: XRT's current API (load_xclbin and
      // kernel(device, uuid, name) are deprecated).
      const xrt::uuid uuid = device_.register_xclbin(xclbin);
      context_ = xrt::hw_context(device_, uuid);
      kernel_ = xrt::kernel(context_, address.kernel);
      in_ = xrt::bo(device_, kInWords * sizeof(std::uint64_t), xrt::bo::flags::normal, kernel_.group_id(kArgIn));
      out_ = xrt::bo(device_, (kOutWords + 1) * sizeof(std::uint64_t), xrt::bo::flags::normal, kernel_.group_id(kArgOut));
      name_ = fmt::format("{} (device {}, {}, kernel {})", device_.get_info<xrt::info::device::name>(), address.device,
                          address.xclbin, address.kernel);
    });
  }

  void send(const std::vector<std::uint64_t>& words) override { pending_.insert(pending_.end(), words.begin(), words.end()); }

  // One kernel call per kInWords of pending input (at least one, so a running core keeps stepping).
  std::vector<std::uint64_t> receive() override {
    std::vector<std::uint64_t> received;
    std::size_t next = 0;
    do {
      const std::size_t n = std::min(kInWords, pending_.size() - next);
      call_kernel(std::span(pending_).subspan(next, n), received);
      next += n;
    } while (next < pending_.size());
    pending_.clear();
    return received;
  }

  std::string describe() const override { return name_; }

 private:
  void call_kernel(std::span<const std::uint64_t> in, std::vector<std::uint64_t>& received) {
    guarded("a kernel call", [&] {
      if (!in.empty()) {
        in_.write(in.data(), in.size_bytes(), 0);
        in_.sync(XCL_BO_SYNC_BO_TO_DEVICE, in.size_bytes(), 0);
      }
      auto run = kernel_(in_, static_cast<std::uint32_t>(in.size()), out_, static_cast<std::uint32_t>(kOutWords));
      const auto state = run.wait(kRunTimeout);
      if (state != ERT_CMD_STATE_COMPLETED)
        throw DeviceError(fmt::format("{}: device disappeared or hung: the kernel call ended in state {} ({}){}", uri_,
                                      static_cast<int>(state), name_,
                                      state == ERT_CMD_STATE_TIMEOUT ? fmt::format(" after {} s", kRunTimeout.count()) : ""));
      std::uint64_t count = 0;
      out_.sync(XCL_BO_SYNC_BO_FROM_DEVICE, sizeof count, 0);
      out_.read(&count, sizeof count, 0);
      if (count > kOutWords)
        throw DeviceError(fmt::format("{}: the kernel reports {} output words; its buffer holds {}", uri_, count, kOutWords));
      const std::size_t old = received.size(), bytes = count * sizeof(std::uint64_t);
      received.resize(old + count);
      if (count > 0) {
        out_.sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, sizeof count);
        out_.read(received.data() + old, bytes, sizeof count);
      }
    });
  }

  // XRT reports a lost or failed card by throwing; that becomes a DeviceError naming the URI.
  template <typename F>
  void guarded(const char* during, F&& f) {
    try {
      f();
    } catch (const DeviceError&) {
      throw;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      throw DeviceError(fmt::format("{}: device disappeared or failed during {}: XRT: {}", uri_, during, e.what()));
    }
  }

  std::string uri_, name_;
  xrt::device device_;
  xrt::hw_context context_;
  xrt::kernel kernel_;
  xrt::bo in_, out_;
  std::vector<std::uint64_t> pending_;
};

}  // namespace

std::unique_ptr<Transport> make_xrt_transport(const std::string& uri) {
  return std::make_unique<XrtTransport>(uri, parse_xrt_uri(uri));
}

}  // namespace ionarray
