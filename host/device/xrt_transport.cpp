// xrt://: host-link words to an Alveo card through the XRT native API (XRT 2.15 or later). Built
// only where XRT is installed (see CMakeLists.txt). XrtKernel carries one call of the kernel
// (hls/top/ionarray_link.cpp; docs/host-driver.md, "xrt://"); KernelCallTransport
// (kernel_calls.cpp) cuts the host's words into calls and reads back what each produced:
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
#include <chrono>
#include <condition_variable>
#include <filesystem>

#include <fmt/format.h>
// xrt_device.h brings xrt::xclbin with it (from experimental/ or xrt/experimental/, depending on
// the XRT release), so no path to the xclbin header is named here.
#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_hw_context.h>
#include <xrt/xrt_kernel.h>

#include "device/device.hpp"
#include "device/kernel_calls.hpp"
#include "device/transport.hpp"
#include "device/xrt_address.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace {

constexpr std::size_t kInWords = std::size_t{1} << 20;    // 8 MiB of input per kernel call
constexpr std::size_t kOutWords = std::size_t{1} << 21;   // 16 MiB: above kMaxStepsPerCall worst-case steps (~1.06 M words)
constexpr std::chrono::seconds kRunTimeout{10};
constexpr int kArgIn = 0, kArgOut = 2;

xrt::device open_card(const std::string& device) {
  const bool index = !device.empty() && std::all_of(device.begin(), device.end(), [](char c) { return c >= '0' && c <= '9'; });
  return index ? xrt::device(static_cast<unsigned>(std::stoul(device))) : xrt::device(device);
}

class XrtKernel : public LinkKernel {
 public:
  XrtKernel(std::string uri, const XrtAddress& address) : uri_(std::move(uri)) {
    if (!std::filesystem::is_regular_file(address.xclbin))
      throw InputError(address.xclbin, 0, "xclbin", fmt::format("{}: no such file", uri_));
    xrt::uuid uuid;
    guarded("opening the card", [&] {
      device_ = open_card(address.device);
      const xrt::xclbin xclbin(address.xclbin);
      std::vector<std::string> names;
      for (const auto& k : xclbin.get_kernels()) names.push_back(k.get_name());
      if (std::find(names.begin(), names.end(), address.kernel) == names.end())
        throw DeviceError(fmt::format("{}: {} has no kernel '{}'; it has: {}", uri_, address.xclbin, address.kernel,
                                      names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
      // Registered, then run in a hardware context: load_xclbin and kernel(device, uuid, name)
      // are deprecated.
      uuid = device_.register_xclbin(xclbin);
    });
    try {
      // Exclusive: the kernel's link core keeps one session's state (configuration, step,
      // sequence numbers) between calls, so a second process must not mix its packets in.
      context_ = xrt::hw_context(device_, uuid, xrt::hw_context::access_mode::exclusive);
    } catch (const std::exception& e) {
      throw DeviceError(fmt::format("{}: cannot take the kernel for this process alone (is another process using "
                                    "the card?): XRT: {}", uri_, e.what()));
    }
    guarded("opening the kernel", [&] {
      kernel_ = xrt::kernel(context_, address.kernel);
      in_ = xrt::bo(context_, kInWords * sizeof(std::uint64_t), xrt::bo::flags::normal, kernel_.group_id(kArgIn));
      out_ = xrt::bo(context_, (kOutWords + 1) * sizeof(std::uint64_t), xrt::bo::flags::normal, kernel_.group_id(kArgOut));
      name_ = fmt::format("{} (device {}, {}, kernel {})", device_.get_info<xrt::info::device::name>(), address.device,
                          address.xclbin, address.kernel);
    });
  }

  std::size_t input_capacity() const override { return kInWords; }
  std::size_t output_capacity() const override { return kOutWords; }
  std::string describe() const override { return name_; }

  void write_input(std::span<const std::uint64_t> words) override {
    guarded("writing the input buffer", [&] {
      in_.write(words.data(), words.size_bytes(), 0);
      in_.sync(XCL_BO_SYNC_BO_TO_DEVICE, words.size_bytes(), 0);
    });
  }

  void call(std::uint32_t in_words, std::uint32_t out_capacity) override {
    guarded("a kernel call", [&] {
      xrt::run run = kernel_(in_, in_words, out_, out_capacity);
      std::cv_status waited{};
      try {
        waited = run.wait2(kRunTimeout);
      } catch (const xrt::run::command_error& e) {  // finished, but not completed
        throw DeviceError(fmt::format("{}: device disappeared or failed: the kernel call ended in state {} ({})", uri_,
                                      static_cast<int>(e.get_command_state()), name_));
      }
      if (waited == std::cv_status::timeout) {
        // Still running: XRT treats destroying a run in flight as fatal to the process, and the
        // kernel would go on writing `out`. abort() returns once the command has stopped.
        const ert_cmd_state state = run.abort();
        throw DeviceError(fmt::format("{}: device hung: the kernel call did not finish in {} s and was aborted (state {}) ({})",
                                      uri_, kRunTimeout.count(), static_cast<int>(state), name_));
      }
    });
  }

  void read_output(std::size_t offset, std::span<std::uint64_t> words) override {
    if (words.empty()) return;
    guarded("reading the output buffer", [&] {
      const std::size_t at = offset * sizeof(std::uint64_t);
      out_.sync(XCL_BO_SYNC_BO_FROM_DEVICE, words.size_bytes(), at);
      out_.read(words.data(), words.size_bytes(), at);
    });
  }

 private:
  // XRT reports a lost or failed card by throwing; that becomes a DeviceError naming the URI.
  template <typename F>
  void guarded(const char* during, F&& f) {
    try {
      f();
    } catch (const DeviceError&) {
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
};

}  // namespace

std::unique_ptr<Transport> make_xrt_transport(const std::string& uri) {
  return std::make_unique<KernelCallTransport>(uri, std::make_unique<XrtKernel>(uri, parse_xrt_uri(uri)));
}

}  // namespace ionarray
