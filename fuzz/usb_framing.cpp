// USB framing (host/device/usb_fifo_transport.*): the layer that turns host-link words into
// bulk-transfer bytes and back, facing endpoints that behave as the input scripts them: reads
// bringing any number of bytes (splitting words anywhere), timing out, failing or vanishing;
// writes taking part of what they are given. Whatever the endpoints do, the words received
// must be exactly the bytes delivered after opening, in order, eight to a word little-endian;
// the bytes written exactly the words sent; and every failure a DeviceError.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "byte_reader.hpp"
#include "device/device.hpp"
#include "device/usb_fifo_transport.hpp"
#include "fuzz_check.hpp"

using namespace ionarray;

namespace {

// Bulk endpoints whose every transfer is decided by the fuzz input.
class ScriptedEndpoints : public BulkEndpoints {
 public:
  explicit ScriptedEndpoints(fuzz::ByteReader& script) : s_(script) {}

  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds) override {
    const std::uint8_t how = s_.byte();
    if (how == 0xFF) return {0, BulkStatus::disappeared, "LIBUSB_ERROR_NO_DEVICE"};
    // Mostly whole; sometimes a part (at least one byte: a stuck device is reported, not scripted here).
    const std::size_t n = how < 0xC0 ? bytes.size() : std::max<std::size_t>(1, bytes.size() * (how - 0xC0) / 64);
    written.insert(written.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    return {n, n < bytes.size() ? BulkStatus::timeout : BulkStatus::ok, n < bytes.size() ? "LIBUSB_ERROR_TIMEOUT" : ""};
  }

  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds) override {
    FUZZ_CHECK(buffer.size() % read_granule() == 0, "a read of %zu bytes, not a multiple of %zu", buffer.size(), read_granule());
    const std::uint8_t how = s_.byte();
    if (s_.empty()) return {0, BulkStatus::timeout, "LIBUSB_ERROR_TIMEOUT"};
    if (how == 0xFF) return {0, BulkStatus::disappeared, "LIBUSB_ERROR_NO_DEVICE"};
    if (how == 0xFE) return {0, BulkStatus::failed, "LIBUSB_ERROR_OVERFLOW"};
    // Up to 127 bytes from the script, or (rarely: they are slow) a full buffer of a repeated
    // byte, a long burst that makes the transport drain what follows.
    const bool burst = how == 0xFD;
    const std::size_t n = burst ? buffer.size() : how & 0x7F;
    std::vector<std::uint8_t> bytes(n, burst ? s_.byte() : 0);
    const std::size_t got = burst ? n : s_.bytes(bytes.data(), n);
    for (std::size_t k = 0; k < got; ++k) buffer[k] = static_cast<std::byte>(bytes[k]);
    delivered.insert(delivered.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(got));
    return {got, got < buffer.size() && how & 0x80 ? BulkStatus::timeout : BulkStatus::ok, ""};
  }

  std::size_t read_granule() const override { return 512; }
  std::string describe() const override { return "scripted endpoints (fuzz)"; }

  std::vector<std::byte> written;
  std::vector<std::uint8_t> delivered;

 private:
  fuzz::ByteReader& s_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ByteReader script(data, size);
  auto owned = std::make_unique<ScriptedEndpoints>(script);
  auto& endpoints = *owned;
  std::vector<std::uint64_t> sent, received;
  try {
    UsbFifoTransport usb("usb://fuzz", std::move(owned), UsbTimeouts{});
    const std::size_t stale = endpoints.delivered.size();
    while (!script.empty()) {
      if (script.byte() & 1) {
        const std::vector<std::uint64_t> words(script.byte() % 40, script.number(8));
        usb.send(words);
        const std::size_t before = sent.size() * 8;
        sent.insert(sent.end(), words.begin(), words.end());
        FUZZ_CHECK(endpoints.written.size() == sent.size() * 8, "%zu bytes written for %zu words", endpoints.written.size(),
                   sent.size());
        for (std::size_t b = before; b < endpoints.written.size(); ++b)
          FUZZ_CHECK(static_cast<std::uint8_t>(endpoints.written[b]) == std::uint8_t(sent[b / 8] >> (8 * (b % 8))),
                     "written byte %zu differs from the words sent", b);
      } else {
        const std::size_t before = received.size();
        for (auto w : usb.receive()) received.push_back(w);
        const std::size_t fresh = endpoints.delivered.size() - stale;
        FUZZ_CHECK(received.size() == fresh / 8, "%zu words received from %zu bytes", received.size(), fresh);
        for (std::size_t w = before; w < received.size(); ++w) {
          std::uint64_t expected = 0;
          for (int b = 0; b < 8; ++b) expected |= std::uint64_t(endpoints.delivered[stale + w * 8 + b]) << (8 * b);
          FUZZ_CHECK(received[w] == expected, "word %zu differs from the bytes delivered", w);
        }
      }
    }
  } catch (const DeviceError&) {
    // a failed, vanished or stuck device: reported, as it must be
  }
  return 0;
}
