#pragma once
// TEST ONLY: MockBulkEndpoints stands in for a USB board's bulk endpoint pair, because this
// machine has no board. It exists to test the layer above it (UsbFifoTransport: framing,
// partial transfers, ordering, error mapping); the libusb layer below is exercised only by the
// no-device tests. Behind the mock is a real Transport (normally the in-process link core), so
// the packets are real; the mock only does to the bytes what a USB FIFO bridge may do: take
// writes in pieces, return reads in odd-sized pieces that split words, time out with nothing, stall
// on writes, or vanish after a given number of transfers with a libusb error.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "device/bulk_endpoints.hpp"
#include "device/transport.hpp"

namespace ionarray::testing {

struct MockBulkBehaviour {
  std::size_t max_write = std::numeric_limits<std::size_t>::max();  // bytes taken per write
  std::size_t max_read = std::numeric_limits<std::size_t>::max();   // bytes given per read
  int empty_read_every = 0;   // every Nth read times out with nothing (0: never)
  long unplug_after = -1;     // transfers (reads + writes) that succeed before the failure (-1: never)
  BulkStatus unplug_status = BulkStatus::disappeared;
  std::string unplug_error = "LIBUSB_ERROR_NO_DEVICE";
  bool writes_stall = false;  // every write times out having moved nothing
  // Transfers so far, shared by every copy of this behaviour (so a test can see how many a step took).
  std::shared_ptr<long> transfers = std::make_shared<long>(0);
};

class MockBulkEndpoints : public BulkEndpoints {
 public:
  MockBulkEndpoints(std::unique_ptr<Transport> device, MockBulkBehaviour behaviour)
      : device_(std::move(device)), b_(std::move(behaviour)) {}

  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds) override {
    if (unplugged()) return {0, b_.unplug_status, b_.unplug_error};
    if (b_.writes_stall) return {0, BulkStatus::timeout, "LIBUSB_ERROR_TIMEOUT"};
    const std::size_t n = std::min(bytes.size(), b_.max_write);
    written_.insert(written_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    to_device_.insert(to_device_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    // Whole words go to the device as they complete, as the bridge's FIFO would deliver them.
    const std::size_t whole = to_device_.size() / 8;
    std::vector<std::uint64_t> words(whole, 0);
    for (std::size_t i = 0; i < whole * 8; ++i) words[i / 8] |= std::uint64_t(to_device_[i]) << (8 * (i % 8));
    to_device_.erase(to_device_.begin(), to_device_.begin() + static_cast<std::ptrdiff_t>(whole * 8));
    if (!words.empty()) device_->send(words);
    // libusb reports a write cut short by its timeout as LIBUSB_ERROR_TIMEOUT with the bytes moved.
    return {n, n < bytes.size() ? BulkStatus::timeout : BulkStatus::ok, n < bytes.size() ? "LIBUSB_ERROR_TIMEOUT" : ""};
  }

  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds) override {
    if (unplugged()) return {0, b_.unplug_status, b_.unplug_error};
    ++reads_;
    if (b_.empty_read_every > 0 && reads_ % b_.empty_read_every == 0) return {0, BulkStatus::timeout, "LIBUSB_ERROR_TIMEOUT"};
    if (from_device_.empty())
      for (auto w : device_->receive())
        for (int k = 0; k < 8; ++k) from_device_.push_back(static_cast<std::byte>((w >> (8 * k)) & 0xFF));
    const std::size_t n = std::min({buffer.size(), b_.max_read, from_device_.size()});
    if (n == 0) return {0, BulkStatus::timeout, "LIBUSB_ERROR_TIMEOUT"};
    std::copy_n(from_device_.begin(), n, buffer.begin());
    from_device_.erase(from_device_.begin(), from_device_.begin() + static_cast<std::ptrdiff_t>(n));
    return {n, BulkStatus::ok, ""};
  }

  std::size_t read_granule() const override { return 512; }
  std::string describe() const override { return "mock bulk endpoints (test only)"; }
  // Every byte written, in order, for checking the framing.
  const std::vector<std::byte>& written() const { return written_; }

 private:
  // Counts this transfer; true once `unplug_after` transfers have been made.
  bool unplugged() {
    const long before = (*b_.transfers)++;
    return b_.unplug_after >= 0 && before >= b_.unplug_after;
  }

  std::unique_ptr<Transport> device_;
  MockBulkBehaviour b_;
  std::vector<std::byte> written_, to_device_, from_device_;
  long reads_ = 0;
};

}  // namespace ionarray::testing
