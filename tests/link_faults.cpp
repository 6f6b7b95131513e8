#include "link_faults.hpp"

#include <vector>

#include "ionarray/host_link.hpp"

namespace ionarray::testing {

const char* link_fault_name(LinkFault f) {
  switch (f) {
    case LinkFault::drop: return "dropped";
    case LinkFault::duplicate: return "duplicated";
    case LinkFault::reorder: return "reordered";
    case LinkFault::truncate: return "truncated";
    case LinkFault::delay: return "delayed";
    case LinkFault::flip_header: return "header bit flipped";
    case LinkFault::flip_payload: return "payload bit flipped";
    case LinkFault::count: break;
  }
  return "?";
}

std::uint64_t LinkFaultLog::total() const {
  std::uint64_t n = 0;
  for (const auto& direction : injected)
    for (auto k : direction) n += k;
  return n;
}

namespace {

using Words = std::vector<std::uint64_t>;

// One direction of the faulty bus: cuts its words into packets (header, length words, trailer;
// a word that is not a known header, such as resync padding, passes alone) and damages some.
class FaultyWire {
 public:
  FaultyWire(int direction, LinkFaultSchedule schedule, std::shared_ptr<LinkFaultLog> log)
      : direction_(direction), rate_(schedule.rate), rng_(schedule.seed * 2 + std::uint64_t(direction)), log_(std::move(log)) {}

  Words carry(const Words& words) {
    partial_.insert(partial_.end(), words.begin(), words.end());
    std::vector<Words> packets;
    std::size_t at = 0;
    while (at < partial_.size()) {
      const auto h = link::unpack_header(partial_[at]);
      const std::size_t n = link::is_opcode(h.opcode) ? h.length + 2 : 1;
      if (at + n > partial_.size()) break;  // the rest comes with the next call
      packets.emplace_back(partial_.begin() + static_cast<std::ptrdiff_t>(at), partial_.begin() + static_cast<std::ptrdiff_t>(at + n));
      at += n;
    }
    partial_.erase(partial_.begin(), partial_.begin() + static_cast<std::ptrdiff_t>(at));

    Words out;
    out.swap(held_);  // held back from the last call
    for (std::size_t p = 0; p < packets.size(); ++p) {
      auto& packet = packets[p];
      const bool real = packet.size() > 1;
      if (real) ++log_->packets[direction_];
      if (!real || std::uniform_real_distribution<double>(0, 1)(rng_) >= rate_) {
        out.insert(out.end(), packet.begin(), packet.end());
        continue;
      }
      auto fault = LinkFault(rng_() % kLinkFaultKinds);
      const bool last = p + 1 == packets.size();
      if (fault == LinkFault::reorder && last) fault = LinkFault::drop;  // (nothing to swap with)
      if (fault == LinkFault::flip_payload && packet.size() == 2) fault = LinkFault::flip_header;
      ++log_->injected[direction_][int(fault)];
      switch (fault) {
        case LinkFault::drop: break;
        case LinkFault::duplicate:
          out.insert(out.end(), packet.begin(), packet.end());
          out.insert(out.end(), packet.begin(), packet.end());
          break;
        case LinkFault::reorder:
          std::swap(packet, packets[p + 1]);
          out.insert(out.end(), packet.begin(), packet.end());
          break;
        case LinkFault::truncate:
          out.insert(out.end(), packet.begin(), packet.begin() + 1 + static_cast<std::ptrdiff_t>(rng_() % (packet.size() - 1)));
          break;
        case LinkFault::delay:
          if (last) ++log_->harmless;  // arrives later, but nothing overtakes it
          held_.insert(held_.end(), packet.begin(), packet.end());
          break;
        case LinkFault::flip_header:
          packet[0] ^= std::uint64_t{1} << (rng_() % 64);
          out.insert(out.end(), packet.begin(), packet.end());
          break;
        case LinkFault::flip_payload:
          packet[1 + rng_() % (packet.size() - 2)] ^= std::uint64_t{1} << (rng_() % 64);
          out.insert(out.end(), packet.begin(), packet.end());
          break;
        case LinkFault::count: break;
      }
    }
    return out;
  }

 private:
  int direction_;
  double rate_;
  std::mt19937_64 rng_;
  std::shared_ptr<LinkFaultLog> log_;
  Words partial_, held_;
};

class LinkFaultTransport : public Transport {
 public:
  LinkFaultTransport(std::unique_ptr<Transport> inner, LinkFaultSchedule schedule, std::shared_ptr<LinkFaultLog> log)
      : inner_(std::move(inner)), to_device_(0, schedule, log), to_host_(1, schedule, log) {}
  void send(const Words& words) override { inner_->send(to_device_.carry(words)); }
  Words receive() override { return to_host_.carry(inner_->receive()); }
  std::uint64_t cycles() const override { return inner_->cycles(); }
  std::string describe() const override { return "a faulty link (test only) to " + inner_->describe(); }

 private:
  std::unique_ptr<Transport> inner_;
  FaultyWire to_device_, to_host_;
};

}  // namespace

std::unique_ptr<Transport> make_link_fault_transport(std::unique_ptr<Transport> inner, LinkFaultSchedule schedule,
                                                     std::shared_ptr<LinkFaultLog> log) {
  return std::make_unique<LinkFaultTransport>(std::move(inner), schedule, std::move(log));
}

}  // namespace ionarray::testing
