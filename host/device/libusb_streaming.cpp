#include "device/libusb_streaming.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "device/device.hpp"
#include "device/usb_transfer_policy.hpp"

namespace ionarray {
namespace {

// Read-ahead: IN transfers kept submitted so the device's output is drained whatever the host
// is doing. 16 KiB each keeps one transfer one usbfs URB, so cancelling one (to hand over the
// bytes it holds) cuts nothing else.
constexpr std::size_t kReadAheadTransfers = 8;
constexpr std::size_t kInTransferBytes = 16 * 1024;
// Beyond this many received bytes not yet read, the read-ahead pauses: the device is held back
// (as it would be with no read-ahead) instead of host memory growing without bound.
constexpr std::size_t kMaxUnreadBytes = std::size_t{64} << 20;

// Writes: transfers of at most 64 KiB, four in flight, so the endpoint never waits for the host
// between transfers.
constexpr std::size_t kOutTransfersInFlight = 4;
constexpr std::size_t kOutTransferBytes = 64 * 1024;

// A cancelled transfer comes back within milliseconds; the bound keeps a wedged USB stack from
// hanging the host.
constexpr std::chrono::milliseconds kCancelWait{1000};
// How long the event thread sleeps in libusb between checks that it should stop.
constexpr long kEventPollMicroseconds = 100'000;

struct TransferDeleter {
  void operator()(libusb_transfer* t) const { libusb_free_transfer(t); }
};
using TransferPtr = std::unique_ptr<libusb_transfer, TransferDeleter>;

TransferPtr allocate_transfer() {
  TransferPtr t(libusb_alloc_transfer(0));
  if (!t) throw std::bad_alloc();
  return t;
}

std::string transfer_error_text(TransferVerdict verdict, int libusb_error, int stalls_retried) {
  auto text = usb_error(libusb_error);
  if (verdict == TransferVerdict::disappeared && libusb_error == LIBUSB_ERROR_PIPE && stalls_retried > 0)
    text += fmt::format(": the endpoint stalled again after its halt was cleared {} times", stalls_retried);
  return text;
}

BulkStatus bulk_status(TransferVerdict verdict) {
  switch (verdict) {
    case TransferVerdict::completed:
    case TransferVerdict::cancelled: return BulkStatus::ok;
    case TransferVerdict::timed_out: return BulkStatus::timeout;
    case TransferVerdict::clear_halt_and_retry:  // only reported when the halt cannot be cleared
    case TransferVerdict::disappeared: return BulkStatus::disappeared;
    case TransferVerdict::failed: break;
  }
  return BulkStatus::failed;
}

// Streams on the bulk endpoint pair with libusb's asynchronous API. One event thread runs every
// callback; the callbacks only record what happened (and keep the read-ahead submitted), while
// everything that blocks (clearing a halt, waiting) happens in read() and write(). One mutex
// guards the transfer state; no libusb call that waits is made while holding it, since a
// callback may be waiting for it inside libusb's event handling. One reader and one writer may
// use it at once, from different threads.
class LibusbEndpoints : public BulkEndpoints {
 public:
  explicit LibusbEndpoints(ClaimedUsbDevice device)
      : context_(std::move(device.context)), handle_(std::move(device.handle)), endpoints_(device.endpoints),
        name_(std::move(device.name)), speed_(std::move(device.speed)), claimed_(std::move(device.claim)) {}

  LibusbEndpoints(const LibusbEndpoints&) = delete;
  LibusbEndpoints& operator=(const LibusbEndpoints&) = delete;

  ~LibusbEndpoints() override {
    // Every transfer comes back (cancelled) before the event thread stops, and the event thread
    // stops before the interface is released and the handle closed.
    std::unique_lock lock(mutex_);
    stopping_ = true;
    for (auto& slot : in_slots_)
      if (slot.in_flight) libusb_cancel_transfer(slot.transfer.get());
    for (auto& slot : out_slots_)
      if (slot.in_flight) libusb_cancel_transfer(slot.transfer.get());
    const bool all_back = changed_.wait_for(lock, kCancelWait, [&] { return nothing_in_flight(); });
    lock.unlock();
    if (event_thread_.joinable()) {
      event_thread_.request_stop();
      libusb_interrupt_event_handler(context_.get());
      event_thread_.join();
    }
    // A transfer libusb never gave back is still on its list; freeing it would leave libusb a
    // dangling pointer, so it is left allocated (this only happens with a wedged USB stack).
    if (!all_back) {
      for (auto& slot : in_slots_)
        if (slot.in_flight) static_cast<void>(slot.transfer.release());
      for (auto& slot : out_slots_)
        if (slot.in_flight) static_cast<void>(slot.transfer.release());
    }
  }

  // Starts the event thread and the read-ahead. Separate from the constructor so that the
  // destructor (which cancels what was submitted) runs if this throws.
  void start_streaming(const std::string& uri) {
    in_slots_.resize(kReadAheadTransfers);
    for (auto& slot : in_slots_) {
      slot.owner = this;
      slot.transfer = allocate_transfer();
      slot.buffer.resize(whole_packets(kInTransferBytes, endpoints_.in_packet));
    }
    out_slots_.resize(kOutTransfersInFlight);
    for (auto& slot : out_slots_) {
      slot.owner = this;
      slot.transfer = allocate_transfer();
      slot.buffer.resize(whole_packets(kOutTransferBytes, endpoints_.out_packet));
    }
    event_thread_ = std::jthread([this](const std::stop_token& stop) { handle_events(stop); });
    std::lock_guard lock(mutex_);
    for (auto& slot : in_slots_) submit_in(slot);
    if (in_error_)
      throw DeviceError(fmt::format("{}: cannot start reading from {}: {}", uri, describe(), in_error_->error));
  }

  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    std::size_t moved = 0;
    for (;;) {
      const auto attempt = stream_out(lock, bytes.subspan(moved), timeout);
      moved += attempt.bytes;
      if (attempt.verdict == TransferVerdict::clear_halt_and_retry) {
        if (const int rc = clear_halt(lock, endpoints_.out); rc < 0)
          return {moved, classify_libusb_error(rc), fmt::format("{} clearing the halt of a stalled endpoint", usb_error(rc))};
        ++out_stalls_retried_;
        continue;
      }
      if (attempt.verdict == TransferVerdict::completed) return {moved, BulkStatus::ok, {}};
      if (!attempt.stuck.empty()) return {moved, BulkStatus::failed, attempt.stuck};
      return {moved, bulk_status(attempt.verdict), transfer_error_text(attempt.verdict, attempt.error, out_stalls_retried_)};
    }
  }

  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool harvested = false;
    for (;;) {
      if (in_stall_pending_) recover_in_stall(lock);
      if (!unread_.empty()) return {take_unread(buffer), BulkStatus::ok, {}};
      if (in_error_) return *in_error_;
      if (changed_.wait_until(lock, deadline, [&] { return !unread_.empty() || in_error_ || in_stall_pending_; }))
        continue;
      if (harvested) return {0, BulkStatus::timeout, usb_error(LIBUSB_ERROR_TIMEOUT)};
      // Nothing for the whole timeout: bytes may sit in the oldest transfer, which completes
      // only when full or ended by a short packet. Cancelling it hands them over (and it is
      // submitted again), as a synchronous read's timeout would.
      harvest_oldest_in(lock);
      harvested = true;
    }
  }

  std::size_t read_granule() const override { return endpoints_.in_packet; }
  std::string describe() const override { return fmt::format("{}, {}", name_, speed_); }

 private:
  struct InSlot {
    LibusbEndpoints* owner = nullptr;
    TransferPtr transfer;
    std::vector<unsigned char> buffer;
    std::uint64_t sequence = 0;  // submission order: completions are read in this order
    bool in_flight = false;
  };
  struct OutSlot {
    LibusbEndpoints* owner = nullptr;
    TransferPtr transfer;
    std::vector<unsigned char> buffer;  // a copy: a write that gives up never leaves libusb the caller's bytes
    bool in_flight = false;
  };
  // A finished IN transfer waiting for the ones submitted before it.
  struct InCompletion {
    std::vector<std::byte> bytes;
    TransferVerdict verdict = TransferVerdict::completed;
    int error = LIBUSB_SUCCESS;
  };
  struct OutAttempt {
    std::size_t bytes = 0;
    TransferVerdict verdict = TransferVerdict::completed;
    int error = LIBUSB_SUCCESS;
    std::string stuck;  // set when transfers libusb was asked to cancel did not come back
  };

  void handle_events(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      timeval poll{0, kEventPollMicroseconds};
      if (libusb_handle_events_timeout_completed(context_.get(), &poll, nullptr) < 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // keep a persistent error from spinning
    }
  }

  bool nothing_in_flight() const {
    return std::none_of(in_slots_.begin(), in_slots_.end(), [](const InSlot& s) { return s.in_flight; }) &&
           std::none_of(out_slots_.begin(), out_slots_.end(), [](const OutSlot& s) { return s.in_flight; });
  }

  // libusb_clear_halt is a synchronous control transfer completed by the event thread, whose
  // callbacks need the mutex: it is called without it.
  int clear_halt(std::unique_lock<std::mutex>& lock, unsigned char endpoint) {
    lock.unlock();
    const int rc = libusb_clear_halt(handle_.get(), endpoint);
    lock.lock();
    return rc;
  }

  // ---- IN: the read-ahead. Callbacks run on the event thread.

  static void LIBUSB_CALL on_in_done(libusb_transfer* transfer) {
    auto& slot = *static_cast<InSlot*>(transfer->user_data);
    slot.owner->in_done(slot);
  }

  void in_done(InSlot& slot) {
    std::lock_guard lock(mutex_);
    slot.in_flight = false;
    const auto* t = slot.transfer.get();
    const auto verdict = judge_transfer_status(t->status, in_stalls_retried_);
    const auto* data = reinterpret_cast<const std::byte*>(slot.buffer.data());
    finish_in(slot.sequence, {std::vector<std::byte>(data, data + std::max(t->actual_length, 0)), verdict,
                              libusb_error_of_status(t->status)});
    const bool carry_on = verdict == TransferVerdict::completed || verdict == TransferVerdict::cancelled ||
                          verdict == TransferVerdict::timed_out;
    if (carry_on && reading_ahead() && unread_bytes_ < kMaxUnreadBytes) submit_in(slot);
    changed_.notify_all();
  }

  bool reading_ahead() const { return !stopping_ && !in_stall_pending_ && !in_stopped_; }

  void submit_in(InSlot& slot) {
    // No libusb timeout: read() bounds the wait, and a transfer waiting for data costs nothing.
    libusb_fill_bulk_transfer(slot.transfer.get(), handle_.get(), endpoints_.in, slot.buffer.data(),
                              static_cast<int>(slot.buffer.size()), &on_in_done, &slot, 0);
    slot.sequence = next_in_sequence_++;
    if (const int rc = libusb_submit_transfer(slot.transfer.get()); rc < 0) {
      // Recorded in its place in the sequence, so the bytes before it are read first.
      finish_in(slot.sequence, {{}, judge_libusb_error(rc, in_stalls_retried_), rc});
      return;
    }
    slot.in_flight = true;
  }

  // Submits every idle read-ahead transfer, unless the read-ahead is paused or stopped.
  void refill_read_ahead() {
    for (auto& slot : in_slots_)
      if (!slot.in_flight && reading_ahead() && unread_bytes_ < kMaxUnreadBytes) submit_in(slot);
  }

  // Takes a finished transfer's bytes and verdict; hands them to readers in submission order.
  void finish_in(std::uint64_t sequence, InCompletion completion) {
    // Stop resubmitting at once; the verdict is reported once the bytes before it are read.
    if (completion.verdict == TransferVerdict::clear_halt_and_retry) in_stall_pending_ = true;
    if (completion.verdict == TransferVerdict::disappeared || completion.verdict == TransferVerdict::failed)
      in_stopped_ = true;
    in_finished_.emplace(sequence, std::move(completion));
    for (auto next = in_finished_.begin(); next != in_finished_.end() && next->first == next_in_to_read_;
         next = in_finished_.begin()) {
      auto c = std::move(next->second);
      in_finished_.erase(next);
      ++next_in_to_read_;
      if (!c.bytes.empty()) {
        unread_bytes_ += c.bytes.size();
        unread_.push_back(std::move(c.bytes));
      }
      if (c.verdict == TransferVerdict::completed) in_stalls_retried_ = 0;
      if ((c.verdict == TransferVerdict::disappeared || c.verdict == TransferVerdict::failed) && !in_error_)
        in_error_ = BulkTransfer{0, bulk_status(c.verdict), transfer_error_text(c.verdict, c.error, in_stalls_retried_)};
    }
  }

  std::size_t take_unread(std::span<std::byte> buffer) {
    std::size_t taken = 0;
    while (taken < buffer.size() && !unread_.empty()) {
      auto& front = unread_.front();
      const std::size_t n = std::min(buffer.size() - taken, front.size() - unread_offset_);
      std::memcpy(buffer.data() + taken, front.data() + unread_offset_, n);
      taken += n;
      unread_offset_ += n;
      if (unread_offset_ == front.size()) {
        unread_.pop_front();
        unread_offset_ = 0;
      }
    }
    unread_bytes_ -= taken;
    refill_read_ahead();  // resumes a read-ahead paused by kMaxUnreadBytes
    return taken;
  }

  void harvest_oldest_in(std::unique_lock<std::mutex>& lock) {
    const InSlot* oldest = nullptr;
    for (const auto& slot : in_slots_)
      if (slot.in_flight && (!oldest || slot.sequence < oldest->sequence)) oldest = &slot;
    if (!oldest) return;
    const auto sequence = oldest->sequence;
    libusb_cancel_transfer(oldest->transfer.get());  // LIBUSB_ERROR_NOT_FOUND: it is completing anyway
    changed_.wait_for(lock, kCancelWait, [&] { return next_in_to_read_ > sequence; });
  }

  // A stalled IN endpoint: every IN transfer is brought back, the halt cleared, the read-ahead
  // submitted again. Past kMaxStallRetries the stall is judged "disappeared" in in_done.
  void recover_in_stall(std::unique_lock<std::mutex>& lock) {
    for (auto& slot : in_slots_)
      if (slot.in_flight) libusb_cancel_transfer(slot.transfer.get());
    const bool all_back = changed_.wait_for(lock, kCancelWait, [&] {
      return std::none_of(in_slots_.begin(), in_slots_.end(), [](const InSlot& s) { return s.in_flight; });
    });
    // in_stall_pending_ stays set while the halt is cleared, so that nothing is submitted meanwhile.
    const int rc = all_back ? clear_halt(lock, endpoints_.in) : LIBUSB_SUCCESS;
    in_stall_pending_ = false;
    if (!all_back) {
      stop_in(BulkStatus::failed, "the IN transfers did not come back when cancelled to clear a stalled endpoint");
      return;
    }
    if (rc < 0) {
      stop_in(classify_libusb_error(rc), fmt::format("{} clearing the halt of a stalled endpoint", usb_error(rc)));
      return;
    }
    ++in_stalls_retried_;
    refill_read_ahead();
  }

  void stop_in(BulkStatus status, std::string error) {
    in_stopped_ = true;
    if (!in_error_) in_error_ = BulkTransfer{0, status, std::move(error)};
  }

  // ---- OUT. Callbacks run on the event thread.

  static void LIBUSB_CALL on_out_done(libusb_transfer* transfer) {
    auto& slot = *static_cast<OutSlot*>(transfer->user_data);
    std::lock_guard lock(slot.owner->mutex_);
    slot.in_flight = false;
    slot.owner->changed_.notify_all();
  }

  // Submits plan[index] of `data`; the libusb error, or 0.
  int submit_out(OutSlot& slot, std::span<const std::byte> data, std::vector<OutTransferPlan>& plan, std::size_t index) {
    const auto piece = plan[index];
    if (piece.length > 0) std::memcpy(slot.buffer.data(), data.data() + piece.offset, piece.length);
    libusb_fill_bulk_transfer(slot.transfer.get(), handle_.get(), endpoints_.out, slot.buffer.data(),
                              static_cast<int>(piece.length), &on_out_done, &slot, 0);
    const bool flag_zero_packet = piece.zero_length_packet && zero_packet_flag_works_;
    if (flag_zero_packet)
      slot.transfer->flags = static_cast<std::uint8_t>(slot.transfer->flags | LIBUSB_TRANSFER_ADD_ZERO_PACKET);
    int rc = libusb_submit_transfer(slot.transfer.get());
    if (rc == LIBUSB_ERROR_NOT_SUPPORTED && flag_zero_packet) {
      // The flag is Linux-only; elsewhere the zero-length packet is a transfer of its own.
      zero_packet_flag_works_ = false;
      slot.transfer->flags = 0;
      plan[index].zero_length_packet = false;
      plan.insert(plan.begin() + static_cast<std::ptrdiff_t>(index) + 1, OutTransferPlan{data.size(), 0, false});
      rc = libusb_submit_transfer(slot.transfer.get());
    }
    if (rc == 0) slot.in_flight = true;
    return rc;
  }

  OutSlot* idle_out_slot() {
    const auto idle = std::find_if(out_slots_.begin(), out_slots_.end(), [](const OutSlot& s) { return !s.in_flight; });
    return idle == out_slots_.end() ? nullptr : &*idle;
  }

  // Each transfer cut short by the newest being cancelled first leaves no gap: a transfer only
  // starts once the one before it has finished.
  static void cancel_newest_first(const std::deque<std::pair<OutSlot*, std::size_t>>& flying) {
    for (auto f = flying.rbegin(); f != flying.rend(); ++f) libusb_cancel_transfer(f->first->transfer.get());
  }

  // Sends `data` with up to kOutTransfersInFlight transfers in flight, completed in order. The
  // timeout counts from the last progress: "nothing moved for this long". `bytes` counts the
  // bytes the device took, up to the first transfer cut short.
  OutAttempt stream_out(std::unique_lock<std::mutex>& lock, std::span<const std::byte> data,
                        std::chrono::milliseconds timeout) {
    auto plan = plan_out_transfers(data.size(), out_slots_.front().buffer.size(), endpoints_.out_packet);
    if (!zero_packet_flag_works_ && !plan.empty() && plan.back().zero_length_packet) {
      plan.back().zero_length_packet = false;
      plan.push_back({data.size(), 0, false});
    }
    std::deque<std::pair<OutSlot*, std::size_t>> flying;  // submission order, with the plan index
    OutAttempt result;
    bool prefix_intact = true;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto give_up = [&](TransferVerdict verdict, int error) {
      if (result.verdict != TransferVerdict::completed) return;  // the first reason stands
      result = {result.bytes, verdict, error, {}};
      cancel_newest_first(flying);
      deadline = std::chrono::steady_clock::now() + kCancelWait;
    };
    for (std::size_t next = 0;;) {
      while (result.verdict == TransferVerdict::completed && next < plan.size()) {
        OutSlot* slot = idle_out_slot();
        if (!slot) break;
        if (const int rc = submit_out(*slot, data, plan, next); rc < 0) {
          give_up(judge_libusb_error(rc, out_stalls_retried_), rc);
          break;
        }
        flying.emplace_back(slot, next++);
      }
      if (flying.empty()) {
        if (result.verdict == TransferVerdict::completed && next < plan.size())
          result = {result.bytes, TransferVerdict::failed, LIBUSB_ERROR_OTHER,
                    "every OUT transfer is still held by libusb after an earlier cancellation"};
        return result;
      }
      const auto [slot, index] = flying.front();
      if (!changed_.wait_until(lock, deadline, [&] { return !slot->in_flight; })) {
        if (result.verdict != TransferVerdict::completed) {
          // Their slots stay out of use; the destructor deals with them.
          return {result.bytes, TransferVerdict::failed, LIBUSB_ERROR_OTHER,
                  fmt::format("OUT transfers cancelled after {} did not come back", usb_error(result.error))};
        }
        give_up(TransferVerdict::timed_out, LIBUSB_ERROR_TIMEOUT);
        continue;
      }
      flying.pop_front();
      const auto* t = slot->transfer.get();
      const auto actual = static_cast<std::size_t>(std::max(t->actual_length, 0));
      if (prefix_intact) result.bytes += actual;
      if (actual < plan[index].length) prefix_intact = false;
      const auto verdict = judge_transfer_status(t->status, out_stalls_retried_);
      if (verdict == TransferVerdict::completed) {
        out_stalls_retried_ = 0;
        if (result.verdict == TransferVerdict::completed) deadline = std::chrono::steady_clock::now() + timeout;
      } else if (verdict != TransferVerdict::cancelled) {
        give_up(verdict, libusb_error_of_status(t->status));
      }
    }
  }

  // Destroyed from the bottom up: the thread (stopped already by the destructor), then the
  // transfers (freed), the interface (released), the handle (closed), libusb (left).
  LibusbContext context_;
  LibusbHandle handle_;
  BulkEndpointPair endpoints_;
  std::string name_, speed_;
  std::unique_ptr<ClaimedInterface> claimed_;
  std::vector<InSlot> in_slots_;    // sized once: callbacks hold pointers to the slots
  std::vector<OutSlot> out_slots_;  // sized once, likewise

  std::mutex mutex_;
  std::condition_variable changed_;  // a transfer finished, or the read-ahead's state changed
  bool stopping_ = false;
  bool zero_packet_flag_works_ = true;
  int out_stalls_retried_ = 0;

  std::uint64_t next_in_sequence_ = 0, next_in_to_read_ = 0;
  std::map<std::uint64_t, InCompletion> in_finished_;  // finished ahead of an earlier transfer
  std::deque<std::vector<std::byte>> unread_;          // received, in order, not yet read
  std::size_t unread_offset_ = 0;                      // into unread_.front()
  std::size_t unread_bytes_ = 0;
  bool in_stall_pending_ = false;  // the IN endpoint stalled; read() clears the halt
  bool in_stopped_ = false;        // the IN endpoint failed; nothing more is submitted
  int in_stalls_retried_ = 0;
  std::optional<BulkTransfer> in_error_;  // reported once the bytes before it are read

  std::jthread event_thread_;
};

}  // namespace

std::unique_ptr<BulkEndpoints> start_libusb_streaming(ClaimedUsbDevice device, const std::string& uri) {
  auto streaming = std::make_unique<LibusbEndpoints>(std::move(device));
  streaming->start_streaming(uri);
  return streaming;
}

}  // namespace ionarray
