#pragma once
// A pair of USB bulk endpoints as the USB FIFO transport sees them: bytes out, bytes in, each
// transfer bounded by a timeout and allowed to move fewer bytes than asked. libusb_streaming.cpp
// implements it on a real device; the tests implement it over the in-process core, since this
// machine has no board.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ionarray {

enum class BulkStatus {
  ok,           // the transfer completed (a read may still bring fewer bytes than the buffer holds)
  timeout,      // the timeout expired; `bytes` says how much moved before it did
  disappeared,  // the device is gone or its endpoint stalled: unplugged, reset, powered off
  failed,       // any other error; `error` names it
};

struct BulkTransfer {
  std::size_t bytes = 0;
  BulkStatus status = BulkStatus::ok;
  std::string error;  // the libusb error name when status is not ok
};

class BulkEndpoints {
 public:
  virtual ~BulkEndpoints() = default;
  // Host to device, on the bulk OUT endpoint.
  virtual BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds timeout) = 0;
  // Device to host, from the bulk IN endpoint; `buffer` is a multiple of read_granule() bytes.
  virtual BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds timeout) = 0;
  // The IN endpoint's maximum packet size: reads asking for a multiple of it cannot overflow.
  virtual std::size_t read_granule() const = 0;
  // Which device this is, for messages ("04b4:00f1 on bus 2, address 7, serial X").
  virtual std::string describe() const = 0;
  // Clock cycles a simulated board has run since these endpoints opened (0 on a real one).
  virtual std::uint64_t cycles() const { return 0; }
};

}  // namespace ionarray
