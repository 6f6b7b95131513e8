#pragma once
// The call protocol of the ionarray_link kernel (hls/top/ionarray_link.cpp), apart from what
// carries it. KernelCallTransport owns the protocol: input cut into calls of at most
// input_capacity() words (at least one call per receive(), so a running core keeps stepping),
// out[0] the count of words the call produced, out[1 .. count] those words, a count above the
// output capacity refused. A LinkKernel carries one call: over XRT (xrt_transport.cpp), over the
// SystemC platform's timed PCIe model (sim/systemc/), or in process on the kernel's C++ (tests).
// A LinkKernel reports a failure by throwing: a DeviceError reaches the transport's user as it is,
// any other std::exception as a DeviceError naming the URI.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "device/transport.hpp"

namespace ionarray {

class LinkKernel {
 public:
  virtual ~LinkKernel() = default;
  // Words of the input buffer and of the output buffer after out[0].
  virtual std::size_t input_capacity() const = 0;
  virtual std::size_t output_capacity() const = 0;
  // Puts `words` (at most input_capacity()) at the start of the input buffer, on the device.
  virtual void write_input(std::span<const std::uint64_t> words) = 0;
  // One kernel call over the first `in_words` input words, returning when it has finished; a
  // call that does not finish is a DeviceError (and leaves nothing running on the device).
  virtual void call(std::uint32_t in_words, std::uint32_t out_capacity) = 0;
  // Output buffer words [offset, offset + words.size()), brought from the device.
  virtual void read_output(std::size_t offset, std::span<std::uint64_t> words) = 0;
  // Which device this is, for messages and `ionarray info`.
  virtual std::string describe() const = 0;
  // Clock cycles a simulated kernel has run so far (0 on a card).
  virtual std::uint64_t cycles() const { return 0; }
};

class KernelCallTransport : public Transport {
 public:
  // Refuses (DeviceError) a kernel with no input capacity.
  KernelCallTransport(std::string uri, std::unique_ptr<LinkKernel> kernel);
  void send(const std::vector<std::uint64_t>& words) override;
  std::vector<std::uint64_t> receive() override;
  std::uint64_t cycles() const override { return kernel_->cycles(); }
  std::string describe() const override { return kernel_->describe(); }
  // Kernel calls made so far.
  std::uint64_t calls() const { return calls_; }

 private:
  void call_once(std::span<const std::uint64_t> in, std::vector<std::uint64_t>& received);

  std::string uri_;
  std::unique_ptr<LinkKernel> kernel_;
  std::vector<std::uint64_t> pending_;
  std::uint64_t calls_ = 0;
};

}  // namespace ionarray
