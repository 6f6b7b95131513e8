#include "device/usb_fifo_transport.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "device/device.hpp"

namespace ionarray {
namespace {

constexpr std::size_t kWordBytes = 8;
constexpr std::size_t kMaxWriteBytes = std::size_t{1} << 20;  // libusb takes an int length; keep transfers modest
constexpr std::size_t kReadBytes = std::size_t{1} << 16;
constexpr int kMaxDrainReads = 64;  // bounds one receive() while a free-running device keeps sending

}  // namespace

UsbFifoTransport::UsbFifoTransport(std::string uri, std::unique_ptr<BulkEndpoints> endpoints, UsbTimeouts timeouts)
    : uri_(std::move(uri)), endpoints_(std::move(endpoints)), timeouts_(timeouts) {
  const std::size_t granule = std::max<std::size_t>(1, endpoints_->read_granule());
  in_buffer_.resize(std::max<std::size_t>(1, kReadBytes / granule) * granule);
  // Words a previous session left in the bridge's IN FIFO would read as lost packets of this one:
  // they are discarded, and describe() says how many bytes were.
  for (int k = 0; k < kMaxDrainReads; ++k)
    if (read_into_carry(timeouts_.drain_read) == 0) break;
  stale_bytes_ = carry_.size();
  carry_.clear();
  bytes_received_ = 0;
}

std::string UsbFifoTransport::describe() const {
  const auto name = endpoints_->describe();
  return stale_bytes_ > 0 ? fmt::format("{} ({} stale bytes from an earlier session discarded)", name, stale_bytes_) : name;
}

void UsbFifoTransport::send(const std::vector<std::uint64_t>& words) {
  out_bytes_.resize(words.size() * kWordBytes);
  for (std::size_t i = 0; i < words.size(); ++i)
    for (std::size_t b = 0; b < kWordBytes; ++b)
      out_bytes_[i * kWordBytes + b] = static_cast<std::byte>((words[i] >> (8 * b)) & 0xFF);  // little-endian
  const std::span<const std::byte> all(out_bytes_);
  for (std::size_t done = 0; done < all.size();) {
    const auto t = endpoints_->write(all.subspan(done, std::min(all.size() - done, kMaxWriteBytes)), timeouts_.write);
    done += t.bytes;
    bytes_sent_ += t.bytes;
    if (t.status == BulkStatus::disappeared || t.status == BulkStatus::failed) fail(t, "OUT");
    // A partial transfer that moved something is resumed; one that moved nothing means a stuck device.
    if (t.bytes == 0)
      throw DeviceError(fmt::format("{}: the device stopped taking data: {} of {} bytes sent, then nothing for {} ms ({})",
                                    uri_, done, all.size(), timeouts_.write.count(), describe()));
  }
}

std::size_t UsbFifoTransport::read_into_carry(std::chrono::milliseconds timeout) {
  const auto t = endpoints_->read(in_buffer_, timeout);
  if (t.status == BulkStatus::disappeared || t.status == BulkStatus::failed) fail(t, "IN");
  // ok or timeout: whatever arrived is kept, in order, after what came before.
  const auto bytes = static_cast<std::ptrdiff_t>(std::min(t.bytes, in_buffer_.size()));
  carry_.insert(carry_.end(), in_buffer_.begin(), in_buffer_.begin() + bytes);
  bytes_received_ += t.bytes;
  return t.bytes;
}

std::vector<std::uint64_t> UsbFifoTransport::receive() {
  std::size_t got = read_into_carry(timeouts_.first_read);
  // A full buffer means more is probably queued; a split word means its rest is on its way.
  for (int k = 0; got > 0 && k < kMaxDrainReads && (got == in_buffer_.size() || carry_.size() % kWordBytes != 0); ++k)
    got = read_into_carry(timeouts_.drain_read);
  const std::size_t whole = carry_.size() / kWordBytes;
  std::vector<std::uint64_t> words(whole, 0);
  for (std::size_t i = 0; i < whole; ++i)
    for (std::size_t b = 0; b < kWordBytes; ++b)
      words[i] |= static_cast<std::uint64_t>(carry_[i * kWordBytes + b]) << (8 * b);
  carry_.erase(carry_.begin(), carry_.begin() + static_cast<std::ptrdiff_t>(whole * kWordBytes));
  return words;
}

void UsbFifoTransport::fail(const BulkTransfer& t, const char* direction) const {
  if (t.status == BulkStatus::disappeared)
    throw DeviceError(fmt::format("{}: device disappeared ({} on the bulk {} endpoint of {}; {} bytes sent and {} "
                                  "received before)", uri_, t.error, direction, describe(), bytes_sent_, bytes_received_));
  throw DeviceError(fmt::format("{}: USB transfer failed ({} on the bulk {} endpoint of {})", uri_, t.error, direction,
                                describe()));
}

}  // namespace ionarray
