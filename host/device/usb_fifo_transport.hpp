#pragma once
// usb://: host-link words over a USB 3 FIFO bridge (FX3 slave-FIFO style: one bulk OUT endpoint
// carrying host-to-device words, one bulk IN endpoint carrying device-to-host words, 64-bit
// words little-endian). This layer does the framing: words to bytes and back, partial transfers
// resumed, bytes of a word split across transfers kept in order, and every transfer error turned
// into a DeviceError naming the URI.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "device/bulk_endpoints.hpp"
#include "device/transport.hpp"

namespace ionarray {

struct UsbTimeouts {
  // A write that moves nothing for this long means the device stopped taking data.
  std::chrono::milliseconds write{2000};
  // receive() waits this long for the first bytes; LinkDevice calls it again until it has its
  // acknowledgement (up to 1000 times), so a board that stops answering is reported in ~100 s.
  std::chrono::milliseconds first_read{100};
  // Once bytes arrive, more that are already on their way are collected with this timeout.
  std::chrono::milliseconds drain_read{2};
};

class UsbFifoTransport : public Transport {
 public:
  UsbFifoTransport(std::string uri, std::unique_ptr<BulkEndpoints> endpoints, UsbTimeouts timeouts = {});
  void send(const std::vector<std::uint64_t>& words) override;
  std::vector<std::uint64_t> receive() override;
  std::string describe() const override;
  std::uint64_t cycles() const override { return endpoints_->cycles(); }
  // A bridge that stays silent most likely faces an FX3 whose firmware breaks the slave-FIFO contract.
  std::string silence_hint() const override {
    return "check that the board's FX3 runs the synchronous slave-FIFO firmware of docs/usb-board-bringup.md "
           "(threads 0 and 3, flags A-D, watermark)";
  }

 private:
  [[noreturn]] void fail(const BulkTransfer& t, const char* direction) const;
  // Reads once into the carry buffer; returns the bytes read.
  std::size_t read_into_carry(std::chrono::milliseconds timeout);

  std::string uri_;
  std::unique_ptr<BulkEndpoints> endpoints_;
  UsbTimeouts timeouts_;
  std::vector<std::byte> out_bytes_, in_buffer_;
  std::vector<std::byte> carry_;  // received bytes not yet making a whole word
  std::uint64_t bytes_sent_ = 0, bytes_received_ = 0, stale_bytes_ = 0;
};

}  // namespace ionarray
