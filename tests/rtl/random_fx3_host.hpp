#pragma once
// A USB host behind the FX3 model that delivers OUT buffers and takes IN buffers at random
// times (stalls of random length, FireSim-style), cutting what it sends into buffers of random
// even sizes (short packets of several transfers): the Verilator tests of the USB bridge.
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

#include "fx3/fx3_model.hpp"

namespace ionarray::testing {

struct RandomHostConfig {
  double stall_toggle = 0.02;  // per cycle: a host side starts or ends a stall
  double activity = 0.5;       // per cycle while not stalled: the host moves one buffer
  std::uint64_t seed = 2;
  // A 32-bit word that is not the host's, slipped into the stream after this many bus words of
  // the next send() (a word gained on the bus); none when negative.
  long extra_word_at = -1;
};

class RandomFx3Host : public fx3::Fx3Host {
 public:
  RandomFx3Host(RandomHostConfig c, std::size_t out_buffer_words) : c_(c), out_buffer_words_(out_buffer_words), rng_(c.seed) {}

  // Words for the bulk OUT endpoint, each low half first.
  void send(const std::vector<std::uint64_t>& words) {
    std::vector<std::uint32_t> bus;
    for (auto w : words) {
      bus.push_back(static_cast<std::uint32_t>(w));
      bus.push_back(static_cast<std::uint32_t>(w >> 32));
    }
    if (c_.extra_word_at >= 0 && static_cast<std::size_t>(c_.extra_word_at) <= bus.size()) {
      bus.insert(bus.begin() + c_.extra_word_at, 0xA5A5A5A5u);
      c_.extra_word_at = -1;
    }
    std::uniform_int_distribution<std::size_t> pairs(1, out_buffer_words_ / 2);
    for (std::size_t at = 0; at < bus.size();) {
      const std::size_t n = std::min(bus.size() - at, 2 * pairs(rng_));
      pending_.emplace_back(bus.begin() + static_cast<std::ptrdiff_t>(at), bus.begin() + static_cast<std::ptrdiff_t>(at + n));
      at += n;
    }
  }
  // Host words received so far from the bulk IN endpoint (buffers the host has taken).
  const std::vector<std::uint64_t>& received() const { return received_; }
  // Sizes (bus words) of the IN packets (committed buffers) the host has taken; 0 = ZLP.
  const std::vector<std::size_t>& packets() const { return packets_; }
  bool all_sent() const { return pending_.empty(); }
  // The next send() gains a word after `bus_words` of its bus words.
  void extra_word_at(long bus_words) { c_.extra_word_at = bus_words; }

  void move(fx3::Fx3Model& fx3) override {
    std::bernoulli_distribution toggle(c_.stall_toggle), act(c_.activity);
    if (toggle(rng_)) out_stalled_ = !out_stalled_;
    if (toggle(rng_)) in_stalled_ = !in_stalled_;
    if (!out_stalled_ && act(rng_) && !pending_.empty() && fx3.out_buffer_free()) {
      fx3.deliver_out_buffer(std::move(pending_.front()));
      pending_.pop_front();
    }
    if (!in_stalled_ && act(rng_) && fx3.in_buffer_committed()) {
      const auto b = fx3.take_in_buffer();
      packets_.push_back(b.size());
      halves_.insert(halves_.end(), b.begin(), b.end());
      std::size_t k = 0;
      for (; k + 1 < halves_.size(); k += 2) received_.push_back(std::uint64_t{halves_[k]} | std::uint64_t{halves_[k + 1]} << 32);
      halves_.erase(halves_.begin(), halves_.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }

 private:
  RandomHostConfig c_;
  std::size_t out_buffer_words_;
  std::mt19937_64 rng_;
  std::deque<std::vector<std::uint32_t>> pending_;
  bool out_stalled_ = false, in_stalled_ = false;
  std::vector<std::uint32_t> halves_;
  std::vector<std::uint64_t> received_;
  std::vector<std::size_t> packets_;
};

}  // namespace ionarray::testing
