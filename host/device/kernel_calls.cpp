#include "device/kernel_calls.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "device/device.hpp"

namespace ionarray {
namespace {

// The kernel takes its word counts as 32-bit scalars.
constexpr std::size_t kMaxCallWords = std::numeric_limits<std::uint32_t>::max();

}  // namespace

KernelCallTransport::KernelCallTransport(std::string uri, std::unique_ptr<LinkKernel> kernel)
    : uri_(std::move(uri)), kernel_(std::move(kernel)) {
  // Chunks of zero words would never use up the pending input.
  if (kernel_->input_capacity() == 0) throw DeviceError(fmt::format("{}: the kernel has no room for input words", uri_));
}

void KernelCallTransport::send(const std::vector<std::uint64_t>& words) {
  pending_.insert(pending_.end(), words.begin(), words.end());
}

std::vector<std::uint64_t> KernelCallTransport::receive() {
  // The pending words are handed over whatever happens: after a failed call they have no device
  // left to go to.
  const std::vector<std::uint64_t> input = std::exchange(pending_, {});
  const std::size_t chunk = std::min(kernel_->input_capacity(), kMaxCallWords);
  std::vector<std::uint64_t> received;
  std::size_t next = 0;
  do {  // at least once: a call with no input still lets a running core step
    const std::size_t n = std::min(chunk, input.size() - next);
    call_once(std::span(input).subspan(next, n), received);
    next += n;
  } while (next < input.size());
  return received;
}

void KernelCallTransport::call_once(std::span<const std::uint64_t> in, std::vector<std::uint64_t>& received) {
  try {
    const auto out_capacity = static_cast<std::uint32_t>(std::min(kernel_->output_capacity(), kMaxCallWords));
    if (!in.empty()) kernel_->write_input(in);
    kernel_->call(static_cast<std::uint32_t>(in.size()), out_capacity);
    ++calls_;
    std::uint64_t count = 0;
    kernel_->read_output(0, std::span(&count, 1));
    if (count > out_capacity)
      throw DeviceError(fmt::format("{}: the kernel reports {} output words; its buffer holds {}", uri_, count, out_capacity));
    const std::size_t old = received.size();
    received.resize(old + count);
    if (count > 0) kernel_->read_output(1, std::span(received).subspan(old));
  } catch (const DeviceError&) {
    throw;
  } catch (const std::exception& e) {
    throw DeviceError(fmt::format("{}: device disappeared or failed during a kernel call: {}", uri_, e.what()));
  }
}

}  // namespace ionarray
