#pragma once
// The FX3 side of a synchronous slave FIFO bus (GPIF II, 32-bit), as rtl/top/ionarray_fx3_bridge.sv
// sees it, with the flags of AN65974's example firmware: FLAGA (write thread not full), FLAGB
// (write thread has room for more than the watermark), FLAGC (read thread not empty), FLAGD
// (read thread holds more than the watermark), each lagging the state by a set number of clock
// edges; DMA buffers in both directions, the read data latency, and buffer switches taking a
// random few cycles. The USB side is an Fx3Host: it
// hands OUT buffers in and takes committed IN buffers out (a randomly stalling host in the
// Verilator tests, the timed USB 3 link of the SystemC platform). Every protocol violation the
// bridge could commit (writing a full thread, reading an empty one, a word driven while SLOE# is
// high, both sides driving DQ, a wrong thread address, a strobe without its address set up) is
// recorded as an error instead of being silently absorbed.
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace ionarray::fx3 {

struct Fx3Config {
  int read_data_latency = 2;   // edges from the edge sampling SLRD# low to the edge sampling its word
  int full_flag_latency = 3;   // FLAGA at edge e reflects the writes sampled at edges <= e - latency
  int empty_flag_latency = 3;  // FLAGB likewise for reads
  std::size_t in_buffer_words = 256;   // the write thread's DMA buffer (bus words)
  std::size_t out_buffer_words = 256;  // the read thread's DMA buffer (bus words)
  int in_buffers = 2;                  // DMA buffers of the write thread
  int out_buffers = 2;                 // DMA buffers of the read thread
  int max_switch_cycles = 4;           // a socket takes 0 .. this many cycles to bind its next buffer
  std::size_t watermark = 6;           // the partial flags' watermark (bus words)
  std::uint32_t write_addr = 0, read_addr = 3;
  std::uint64_t seed = 1;
};

// The bus pins as the FPGA drives them in one cycle (sampled by the FX3 at the coming edge).
struct Fx3Pins {
  bool slcs_n = true, slwr_n = true, slrd_n = true, sloe_n = true, pktend_n = true, dq_oe = false;
  std::uint32_t addr = 0, dq = 0;
};

class Fx3Model;

// The USB side of the FX3: called once per clock edge, after the FX3 has sampled the bus.
class Fx3Host {
 public:
  virtual ~Fx3Host() = default;
  virtual void move(Fx3Model& fx3) = 0;
};

class Fx3Model {
 public:
  explicit Fx3Model(Fx3Config c) : c_(c), rng_(c.seed) {
    for (auto& h : write_history_) h.assign(static_cast<std::size_t>(c_.full_flag_latency), false);
    for (auto& h : read_history_) h.assign(static_cast<std::size_t>(c_.empty_flag_latency), false);
  }

  // USB side: an OUT buffer (bus words) can be handed in while fewer than out_buffers are full.
  bool out_buffer_free() const { return out_delivered_.size() + (reading_ ? 1u : 0u) < static_cast<std::size_t>(c_.out_buffers); }
  void deliver_out_buffer(std::vector<std::uint32_t> words) { out_delivered_.push_back(std::move(words)); }
  // IN buffers the bridge has committed (full, or ended by PKTEND#; a zero-length packet is empty).
  bool in_buffer_committed() const { return !committed_.empty(); }
  std::vector<std::uint32_t> take_in_buffer() {
    auto b = std::move(committed_.front());
    committed_.pop_front();
    return b;
  }
  std::size_t out_buffer_words() const { return c_.out_buffer_words; }
  std::size_t in_buffer_words() const { return c_.in_buffer_words; }
  const std::vector<std::string>& errors() const { return errors_; }
  bool out_all_read() const { return out_delivered_.empty() && !reading_; }
  bool in_all_taken() const { return committed_.empty() && write_buffer_.empty(); }
  std::uint64_t pktends() const { return pktends_; }
  std::uint64_t edge() const { return edge_; }

  // Flags and DQ as the FPGA samples them at the coming edge, given what it drives now.
  bool flaga() const { return lagged(write_history_[0], write_room() > 0); }
  bool flagb() const { return lagged(write_history_[1], write_room() > c_.watermark); }
  bool flagc() const { return lagged(read_history_[0], read_left() > 0); }
  bool flagd() const { return lagged(read_history_[1], read_left() > c_.watermark); }
  std::uint32_t dq(const Fx3Pins& p) {
    const bool due = !read_pipe_.empty() && read_pipe_.front().due == edge_ + 1;
    std::uint32_t value = p.dq_oe ? p.dq : static_cast<std::uint32_t>(rng_());  // an undriven bus reads noise
    if (due) {
      if (p.sloe_n) error(fmt::format("the word read at edge {} is due while SLOE# is high: lost", read_pipe_.front().read_edge));
      else value = read_pipe_.front().word;
      read_pipe_.pop_front();
    }
    return value;
  }

  // The clock edge: the FX3 samples `p`, then `host` and the DMA sockets move on.
  void clock_edge(const Fx3Pins& p, Fx3Host& host) {
    ++edge_;
    if (p.dq_oe && !p.sloe_n) error("both sides drive DQ (dq_oe with SLOE# low)");
    const bool active = !p.slcs_n;
    const bool writes = active && !p.slwr_n, reads = active && !p.slrd_n, ends = active && !p.pktend_n;
    if (!active && (!p.slwr_n || !p.slrd_n || !p.pktend_n)) error("a strobe while SLCS# is high");
    if (writes && reads) error("SLWR# and SLRD# low at once");
    if ((writes || ends) && (p.addr != c_.write_addr || last_addr_ != c_.write_addr))
      error(fmt::format("a write or PKTEND# to thread {} (set up: {})", p.addr, last_addr_));
    if (reads && (p.addr != c_.read_addr || last_addr_ != c_.read_addr))
      error(fmt::format("a read from thread {} (set up: {})", p.addr, last_addr_));
    if (writes) write(p.dq);
    if (ends) {
      if (!writing_) error("PKTEND# with no write buffer ready");
      else commit();
      ++pktends_;
    }
    if (reads) read(p.sloe_n);
    last_addr_ = p.addr;
    host.move(*this);
    move_sockets();
    push_history(write_history_[0], write_room() > 0);
    push_history(write_history_[1], write_room() > c_.watermark);
    push_history(read_history_[0], read_left() > 0);
    push_history(read_history_[1], read_left() > c_.watermark);
  }

 private:
  struct PipeWord {
    std::uint64_t due, read_edge;
    std::uint32_t word;
  };

  // Words the bound write buffer has room for, and words left in the bound read buffer.
  std::size_t write_room() const { return writing_ ? c_.in_buffer_words - write_buffer_.size() : 0; }
  std::size_t read_left() const { return reading_ ? read_buffer_.size() - read_at_ : 0; }
  static bool lagged(const std::deque<bool>& h, bool now) { return h.empty() ? now : h.front(); }
  void error(std::string what) {
    if (errors_.size() < 20) errors_.push_back(fmt::format("edge {}: {}", edge_, what));
  }
  static void push_history(std::deque<bool>& h, bool now) {
    if (h.empty()) return;
    h.pop_front();
    h.push_back(now);
  }
  int switch_delay() { return std::uniform_int_distribution<int>(0, c_.max_switch_cycles)(rng_); }

  void write(std::uint32_t word) {
    if (!writing_ || write_buffer_.size() >= c_.in_buffer_words) {
      error(fmt::format("write of {:#010x} to a full thread: lost", word));
      return;
    }
    write_buffer_.push_back(word);
    if (write_buffer_.size() == c_.in_buffer_words) commit();
  }
  void commit() {
    committed_.push_back(std::move(write_buffer_));
    write_buffer_.clear();
    writing_ = false;
    write_switch_ = switch_delay();
  }
  void read(bool sloe_n) {
    if (sloe_n) error("SLRD# with SLOE# high");
    if (!reading_) {
      error("read from an empty thread");
      return;
    }
    read_pipe_.push_back({edge_ + static_cast<std::uint64_t>(c_.read_data_latency), edge_, read_buffer_[read_at_++]});
    if (read_at_ == read_buffer_.size()) {
      reading_ = false;
      read_switch_ = switch_delay();
    }
  }

  void move_sockets() {
    // Sockets bind their next buffer once the switch delay is over and one is there.
    if (!writing_) {
      if (write_switch_ > 0) --write_switch_;
      else if (committed_.size() < static_cast<std::size_t>(c_.in_buffers)) writing_ = true;
    }
    if (!reading_) {
      if (read_switch_ > 0) --read_switch_;
      else if (!out_delivered_.empty()) {
        read_buffer_ = std::move(out_delivered_.front());
        out_delivered_.pop_front();
        if (read_buffer_.empty()) return;  // a zero-length packet carries nothing to read
        read_at_ = 0;
        reading_ = true;
      }
    }
  }

  Fx3Config c_;
  std::mt19937_64 rng_;
  std::uint64_t edge_ = 0, pktends_ = 0;
  std::uint32_t last_addr_ = 0;
  // OUT (host to FPGA): buffers delivered, and the one being read.
  std::deque<std::vector<std::uint32_t>> out_delivered_;
  std::vector<std::uint32_t> read_buffer_;
  std::size_t read_at_ = 0;
  bool reading_ = false;
  int read_switch_ = 0;
  std::deque<PipeWord> read_pipe_;
  // IN (FPGA to host): the buffer being written, committed buffers the host has not taken yet.
  std::vector<std::uint32_t> write_buffer_;
  std::deque<std::vector<std::uint32_t>> committed_;
  bool writing_ = true;
  int write_switch_ = 0;
  std::deque<bool> write_history_[2], read_history_[2];  // FLAGA, FLAGB; FLAGC, FLAGD
  std::vector<std::string> errors_;
};

}  // namespace ionarray::fx3
