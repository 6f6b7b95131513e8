#include "fault_injection.hpp"

#include <charconv>
#include <cstdio>

#include <fmt/format.h>

#include "backends/open_device.hpp"
#include "device/link_device.hpp"
#include "io/input_error.hpp"
#include "ionarray/tile_engine.hpp"
#include "link_faults.hpp"

namespace ionarray::testing {
namespace {

class FaultInjectionTransport : public Transport {
 public:
  FaultInjectionTransport(std::unique_ptr<Transport> inner, long good_receives, std::string uri)
      : inner_(std::move(inner)), left_(good_receives), good_(good_receives), uri_(std::move(uri)) {}

  void send(const std::vector<std::uint64_t>& words) override {
    if (left_ <= 0) gone();
    inner_->send(words);
  }

  std::vector<std::uint64_t> receive() override {
    if (left_-- <= 0) gone();
    return inner_->receive();
  }

  std::string describe() const override { return "fault injection over the in-process fixed-point core (test only)"; }

 private:
  [[noreturn]] void gone() const {
    throw DeviceError(fmt::format("{}: device disappeared (injected fault: unplugged after {} receives)", uri_, good_));
  }

  std::unique_ptr<Transport> inner_;
  long left_, good_;
  std::string uri_;
};

long parse_good_receives(const std::string& uri) {
  const std::string_view text = std::string_view(uri).substr(std::string_view("fault-injection://").size());
  long n = -1;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || n < 0)
    throw InputError("", 0, "device", fmt::format("'{}': fault-injection://N takes N, the receives before the injected "
                                                  "fault, a whole number >= 0", uri));
  return n;
}

// fault-injection://link?rate=R&seed=S: the in-process core behind a faulty link (link_faults.hpp).
LinkFaultSchedule parse_link_schedule(const std::string& uri) {
  LinkFaultSchedule schedule;
  double rate = -1;
  unsigned long long seed = 0;
  char end = 0;
  if (std::sscanf(uri.c_str(), "fault-injection://link?rate=%lf&seed=%llu%c", &rate, &seed, &end) != 2 || !(rate >= 0 && rate <= 1))
    throw InputError("", 0, "device", fmt::format("'{}': fault-injection://link?rate=R&seed=S takes a fault rate per packet "
                                                  "0 .. 1 and a whole-number seed", uri));
  schedule.rate = rate;
  schedule.seed = seed;
  return schedule;
}

}  // namespace

std::unique_ptr<Transport> make_fault_injection_transport(std::unique_ptr<Transport> inner, long good_receives,
                                                          std::string uri) {
  return std::make_unique<FaultInjectionTransport>(std::move(inner), good_receives, std::move(uri));
}

void add_fault_injection_scheme() {
  add_device_scheme("fault-injection", "fault-injection://N or fault-injection://link?rate=R&seed=S (test only)",
                    [](const std::string& uri) {
    const Capabilities caps{kLoopbackTiles, fx::kMaxRows, fx::kMaxColumns, "fixed:// with injected faults (test only)"};
    if (uri.starts_with("fault-injection://link")) {
      const auto schedule = parse_link_schedule(uri);
      return make_link_device(uri, [schedule] {
        return make_link_fault_transport(make_loopback_transport(), schedule, std::make_shared<LinkFaultLog>());
      }, caps);
    }
    const long good = parse_good_receives(uri);
    return make_link_device(uri, [good, uri] { return make_fault_injection_transport(make_loopback_transport(), good, uri); },
                            caps);
  });
}

}  // namespace ionarray::testing
