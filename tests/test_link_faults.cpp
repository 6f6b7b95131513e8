// Link faults injected and caught: a chip run through a transport that drops, duplicates,
// reorders, cuts, holds back and corrupts packets in both directions (tests/link_faults.hpp),
// on the in-process link core (fixed://) and on the RTL under Verilator. Every exchange into
// which a fault was injected must see it found (by the host's reader, the device's packet guard
// or a session reset); the spikes of every run that completes must equal a clean fixed:// run
// bit for bit, and those of a run that stops must equal its prefix up to the step where it
// stopped: no wrong or missing spike is ever taken as good.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "backends/open_device.hpp"
#include "device/link_device.hpp"
#include "layout/inputs.hpp"
#include "link_faults.hpp"

using namespace ionarray;

namespace {

std::vector<SpikeEvent> clean_run(const Layout& layout, std::uint64_t steps) {
  auto device = open_device("fixed://");
  device->load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  return device->run(steps, next_inputs(schedule, static_cast<long>(steps)));
}

struct SoakReport {
  std::shared_ptr<testing::LinkFaultLog> log = std::make_shared<testing::LinkFaultLog>();
  LinkHealth found;  // summed over sessions
  int completed = 0, stopped = 0, exchanges_with_faults = 0;
  std::string summary() const {
    std::string s;
    for (int d = 0; d < 2; ++d) {
      s += fmt::format("{} ({} packets):", d == 0 ? "host to device" : "device to host", log->packets[d]);
      for (int k = 0; k < testing::kLinkFaultKinds; ++k)
        s += fmt::format(" {} {}", log->injected[d][k], testing::link_fault_name(testing::LinkFault(k)));
      s += "\n";
    }
    s += fmt::format("injected {} ({} harmless: held back and still in order), in {} exchanges; found by the host {}, by "
                     "the device {}; {} session resets; runs completed {}, stopped {}",
                     log->total(), log->harmless, exchanges_with_faults, found.host_detected, found.device_detected,
                     found.resets, completed, stopped);
    return s;
  }
};

std::uint64_t detections(const LinkHealth& h) { return h.host_detected + h.device_detected + h.resets; }

// Sessions of `steps` steps in exchanges of `chunk` steps until `packets` packets went over the link.
SoakReport soak(const Layout& layout, std::uint64_t steps, std::uint64_t chunk, testing::LinkFaultSchedule schedule,
                std::uint64_t packets, const std::function<std::unique_ptr<Transport>()>& inner, Capabilities caps) {
  const auto reference = clean_run(layout, steps);
  REQUIRE(reference.size() > 10);
  SoakReport report;
  for (int session = 0; report.log->packets[0] + report.log->packets[1] < packets; ++session) {
    auto device = make_link_device("faulty://", [&, session] {
      return make_link_fault_transport(inner(), {schedule.rate, schedule.seed * 1000 + std::uint64_t(session)}, report.log);
    }, caps);
    std::vector<SpikeEvent> got;
    std::uint64_t complete = 0;
    bool finished = false;
    try {
      device->load(layout);
      InputSchedule inputs(layout.spec, layout.inputs);
      for (std::uint64_t done = 0; done < steps; done += chunk) {
        const auto before = report.log->must_detect();
        const auto found_before = detections(device->link_health());
        const auto spikes = device->run(chunk, next_inputs(inputs, static_cast<long>(chunk)));
        got.insert(got.end(), spikes.begin(), spikes.end());
        if (report.log->must_detect() > before) {
          ++report.exchanges_with_faults;
          CHECK_MESSAGE(detections(device->link_health()) > found_before, "a fault went unnoticed in the exchange at step " << done);
        }
      }
      complete = steps;
      finished = true;
    } catch (const DeviceStopped& e) {
      got.insert(got.end(), e.spikes.begin(), e.spikes.end());
      complete = e.complete_step;
    }
    const auto h = device->link_health();
    report.found.host_detected += h.host_detected;
    report.found.device_detected += h.device_detected;
    report.found.resets += h.resets;
    std::vector<SpikeEvent> expected;
    for (const auto& s : reference)
      if (s.step < complete) expected.push_back(s);
    if (got != expected) {
      std::size_t k = 0;
      while (k < got.size() && k < expected.size() && got[k] == expected[k]) ++k;
      MESSAGE("first difference at " << k << " of " << got.size() << "/" << expected.size() << ": got step "
              << (k < got.size() ? got[k].step : 0) << " n" << (k < got.size() ? got[k].neuron : 0) << " want step "
              << (k < expected.size() ? expected[k].step : 0) << "; finished " << finished << " " << report.summary());
    }
    REQUIRE_MESSAGE(got == expected, "session " << session << ": the spikes of steps 0 .. " << complete << " differ from a clean run");
    (finished ? report.completed : report.stopped) += 1;
  }
  MESSAGE(report.summary());
  return report;
}

}  // namespace

TEST_CASE("link fault soak on fixed: 1e5 packets at a fault rate of 1e-3, every fault found, no wrong spike taken") {
  const auto layout = load_layout(IONARRAY_SOURCE_DIR "/examples/chip-4x4.toml");
  const auto report = soak(layout, 4000, 10, {.rate = 1e-3, .seed = 5}, 100'000, [] { return make_loopback_transport(); },
                           {kLoopbackTiles, 256, 256, "faulty fixed"});
  CHECK(report.log->packets[0] + report.log->packets[1] >= 100'000);
  CHECK(report.log->total() > 100);
  CHECK(report.completed > 0);
  for (int d = 0; d < 2; ++d)
    for (int k = 0; k < testing::kLinkFaultKinds; ++k) CHECK(report.log->injected[d][k] > 0);
}

TEST_CASE("link fault soak on verilator: the RTL's packet guard and CRC trailers, every fault found") {
  const auto layout = load_layout(IONARRAY_SOURCE_DIR "/examples/chip-4x4.toml");
  const auto report = soak(layout, 600, 10, {.rate = 2e-2, .seed = 9}, 4'000, [] { return make_verilator_transport(); },
                           {kVerilatorTiles, kVerilatorRows, kVerilatorColumns, "faulty verilator"});
  CHECK(report.log->total() > 40);
  CHECK(report.found.device_detected > 0);
  CHECK(report.found.resets > 0);
}
