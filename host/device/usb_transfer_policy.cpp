#include "device/usb_transfer_policy.hpp"

#include <libusb.h>  // the status, error and speed constants only

#include <algorithm>

#include <fmt/format.h>

namespace ionarray {

BulkStatus classify_libusb_error(int code) {
  switch (code) {
    case LIBUSB_SUCCESS: return BulkStatus::ok;
    case LIBUSB_ERROR_TIMEOUT: return BulkStatus::timeout;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_PIPE:  // a stalled endpoint: the bridge was reset or lost its FPGA
    case LIBUSB_ERROR_IO: return BulkStatus::disappeared;
    default: return BulkStatus::failed;
  }
}

std::size_t whole_packets(std::size_t limit, std::size_t packet) {
  return packet == 0 ? limit : std::max<std::size_t>(1, limit / packet) * packet;
}

bool needs_zero_length_packet(std::size_t transfer_bytes, std::size_t max_packet_bytes) {
  return transfer_bytes > 0 && max_packet_bytes > 0 && transfer_bytes % max_packet_bytes == 0;
}

std::vector<OutTransferPlan> plan_out_transfers(std::size_t bytes, std::size_t max_transfer_bytes,
                                                std::size_t max_packet_bytes) {
  const std::size_t step = whole_packets(std::max<std::size_t>(1, max_transfer_bytes), max_packet_bytes);
  std::vector<OutTransferPlan> plan;
  for (std::size_t offset = 0; offset < bytes; offset += step) plan.push_back({offset, std::min(step, bytes - offset), false});
  if (!plan.empty()) plan.back().zero_length_packet = needs_zero_length_packet(plan.back().length, max_packet_bytes);
  return plan;
}

int libusb_error_of_status(int transfer_status) {
  switch (transfer_status) {
    case LIBUSB_TRANSFER_COMPLETED: return LIBUSB_SUCCESS;
    case LIBUSB_TRANSFER_TIMED_OUT: return LIBUSB_ERROR_TIMEOUT;
    case LIBUSB_TRANSFER_CANCELLED: return LIBUSB_ERROR_INTERRUPTED;
    case LIBUSB_TRANSFER_STALL: return LIBUSB_ERROR_PIPE;
    case LIBUSB_TRANSFER_NO_DEVICE: return LIBUSB_ERROR_NO_DEVICE;
    case LIBUSB_TRANSFER_OVERFLOW: return LIBUSB_ERROR_OVERFLOW;
    default: return LIBUSB_ERROR_IO;  // LIBUSB_TRANSFER_ERROR
  }
}

TransferVerdict judge_libusb_error(int error_code, int stalls_retried) {
  switch (error_code) {
    case LIBUSB_SUCCESS: return TransferVerdict::completed;
    case LIBUSB_ERROR_INTERRUPTED: return TransferVerdict::cancelled;
    case LIBUSB_ERROR_PIPE:
      // A stall is what the bridge does after a reset or a lost FPGA, but also after a glitch:
      // cleared and retried a few times before the device counts as lost.
      return stalls_retried < kMaxStallRetries ? TransferVerdict::clear_halt_and_retry : TransferVerdict::disappeared;
    default: break;
  }
  switch (classify_libusb_error(error_code)) {
    case BulkStatus::ok: return TransferVerdict::completed;
    case BulkStatus::timeout: return TransferVerdict::timed_out;
    case BulkStatus::disappeared: return TransferVerdict::disappeared;
    case BulkStatus::failed: break;
  }
  return TransferVerdict::failed;
}

TransferVerdict judge_transfer_status(int transfer_status, int stalls_retried) {
  return judge_libusb_error(libusb_error_of_status(transfer_status), stalls_retried);
}

UsbSpeedCheck check_usb_speed(int speed, std::size_t in_packet_bytes, std::size_t out_packet_bytes) {
  if (in_packet_bytes == 0 || out_packet_bytes == 0)
    return {false, fmt::format("gives its bulk {} endpoint a maximum packet size of 0; is the ionarray bridge firmware "
                               "loaded?", in_packet_bytes == 0 ? "IN" : "OUT")};
  const auto too_slow = [&](const char* found) {
    return UsbSpeedCheck{false, fmt::format("is connected at {}, {}-byte packets; usb:// needs SuperSpeed (USB 3) or at "
                                            "least high speed (USB 2, 480 Mbit/s): connect it to a USB 3 port with a USB 3 "
                                            "cable, with no USB 1.1 hub between", found, in_packet_bytes)};
  };
  switch (speed) {
    case LIBUSB_SPEED_SUPER: return {true, fmt::format("SuperSpeed (USB 3): {}-byte packets", in_packet_bytes)};
    case LIBUSB_SPEED_HIGH:
      return {true, fmt::format("high speed (USB 2): {}-byte packets, expect ~40 MB/s", in_packet_bytes)};
    case LIBUSB_SPEED_FULL: return too_slow("full speed (USB 1.1, 12 Mbit/s)");
    case LIBUSB_SPEED_LOW: return too_slow("low speed (USB 1.0, 1.5 Mbit/s)");
    default: break;
  }
  if (speed > LIBUSB_SPEED_SUPER)
    return {true, fmt::format("SuperSpeed+ (USB 3.1 or later): {}-byte packets", in_packet_bytes)};
  // LIBUSB_SPEED_UNKNOWN: the system does not say; the packet size tells the speed.
  if (in_packet_bytes >= 1024)
    return {true, fmt::format("SuperSpeed (USB 3) by its packet size, the system reports no speed: {}-byte packets",
                              in_packet_bytes)};
  if (in_packet_bytes >= 512)
    return {true, fmt::format("high speed (USB 2) by its packet size, the system reports no speed: {}-byte packets, "
                              "expect ~40 MB/s", in_packet_bytes)};
  return too_slow("an unreported speed (USB 1.1 by its packet size)");
}

}  // namespace ionarray
