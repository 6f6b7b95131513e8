#pragma once
// What the libusb streaming decides, as pure functions of numbers (libusb status and error codes,
// byte counts, packet sizes, speeds): no libusb handle is needed, so the tests check every
// decision without a board. libusb_streaming.cpp acts on them.
#include <cstddef>
#include <string>
#include <vector>

#include "device/bulk_endpoints.hpp"

namespace ionarray {

// How a libusb error code is reported once nothing more will be tried: gone (NO_DEVICE, PIPE,
// IO), timed out, or another failure.
BulkStatus classify_libusb_error(int code);

// ---- Writes: how a write is cut into OUT transfers, and where a zero-length packet goes.

// The largest multiple of `packet` not above `limit` (at least one packet; `limit` when `packet`
// is 0). Transfer buffers are sized so, so that only the last transfer can end in a short packet.
std::size_t whole_packets(std::size_t limit, std::size_t packet);

// A bulk OUT transfer that ends on a packet boundary leaves the receiver waiting for more
// (the FX3 keeps a partly filled buffer); a zero-length packet after it ends the transfer.
bool needs_zero_length_packet(std::size_t transfer_bytes, std::size_t max_packet_bytes);

struct OutTransferPlan {
  std::size_t offset = 0, length = 0;
  bool zero_length_packet = false;
  bool operator==(const OutTransferPlan&) const = default;
};

// `bytes` cut into transfers of at most `max_transfer_bytes` (rounded down to whole packets, so
// that only the last transfer can end in a short packet). Only the last one needs a
// zero-length packet: the ones before it are followed at once by more data.
std::vector<OutTransferPlan> plan_out_transfers(std::size_t bytes, std::size_t max_transfer_bytes,
                                                std::size_t max_packet_bytes);

// ---- Completed transfers: what to do with each libusb_transfer_status.

enum class TransferVerdict {
  completed,             // take the bytes and carry on
  clear_halt_and_retry,  // the endpoint stalled: libusb_clear_halt, then submit again
  timed_out,
  cancelled,             // cancelled by the host (timeout, shutdown): take the bytes it moved
  disappeared,           // the device is gone (or stalls again and again)
  failed,                // any other error
};

// Stalls cleared and retried on one endpoint, without a transfer completing in between, before
// the device is reported as lost.
inline constexpr int kMaxStallRetries = 3;

// `transfer_status` is a libusb_transfer_status; `stalls_retried` counts the stalls of this
// endpoint already cleared since its last completed transfer.
TransferVerdict judge_transfer_status(int transfer_status, int stalls_retried);
// The same for the error code of a libusb call (LIBUSB_ERROR_PIPE is a stall).
TransferVerdict judge_libusb_error(int error_code, int stalls_retried);
// The libusb error a transfer status corresponds to, for messages (STALL is LIBUSB_ERROR_PIPE).
int libusb_error_of_status(int transfer_status);

// ---- The negotiated speed.

struct UsbSpeedCheck {
  bool usable = false;
  // usable: what describe() adds ("SuperSpeed (USB 3): 1024-byte packets"); otherwise why the
  // board is refused and what it needs.
  std::string summary;
};

// `speed` is a libusb_speed; the packet sizes are the bulk endpoints' wMaxPacketSize.
// SuperSpeed and faster, and high speed (USB 2, slower), are usable; full and low speed are not.
UsbSpeedCheck check_usb_speed(int speed, std::size_t in_packet_bytes, std::size_t out_packet_bytes);

}  // namespace ionarray
