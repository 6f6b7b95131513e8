// The board-level top (rtl/top/ionarray_kernel.sv): the host link on AXI-Stream and the register
// block on AXI4-Lite driving the array core: run, free run, pause and reset from the control
// register, status and counters read back, and the stream answering as the C++ core does.
#include <doctest/doctest.h>

#include <deque>
#include <vector>

#include "Vionarray_kernel.h"
#include "axi_lite.hpp"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "cpp_core.hpp"
#include "ionarray/link_core.hpp"
#include "link/config_packets.hpp"

using namespace ionarray;

namespace {

// The kernel with its AXI-Stream ports served on every clock edge: words queued for input are
// fed as the core takes them, output words are collected (tready held high).
struct Kernel {
  testing::AxiLite<Vionarray_kernel> bus;
  std::deque<std::uint64_t> to_send;
  std::vector<std::uint64_t> received;
  Kernel() {
    bus.before_edge = [this](Vionarray_kernel& m) {
      m.m_axis_tready = 1;
      m.s_axis_tvalid = !to_send.empty();
      m.s_axis_tdata = to_send.empty() ? 0 : to_send.front();
      m.eval();
      if (m.m_axis_tvalid) received.push_back(m.m_axis_tdata);
      if (m.s_axis_tvalid && m.s_axis_tready) to_send.pop_front();
    };
  }
  // Sends `words` and clocks until the core has taken them all and stayed idle (busy_o low) for a while.
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& words) {
    received.clear();
    to_send.assign(words.begin(), words.end());
    for (int quiet = 0; quiet < 64;) {
      const auto before = received.size();
      bus.tick();
      quiet = to_send.empty() && received.size() == before && !bus.model().busy_o ? quiet + 1 : 0;
    }
    return received;
  }
};

using testing::CppCore;

constexpr std::uint32_t kRunning = regs::status_running_bit, kPaused = regs::status_paused_bit;

}  // namespace

TEST_CASE("kernel top: control.run from AXI4-Lite runs the loaded chip as a run packet does, counters read back") {
  Kernel kernel;
  CppCore cpp;
  const auto spec = chain_spec(4, 16, true, 4, 4);
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
  for (std::uint32_t k = 0; k < 100; ++k) writer.spike_in(k, 0, static_cast<int>(k % 16));
  writer.sync(1);
  REQUIRE(kernel.exchange(writer.words()) == cpp.exchange(writer.words()));

  CHECK(kernel.bus.write(regs::run_steps, 150) == 0);
  CHECK(kernel.bus.write(regs::control, regs::control_run_bit) == 0);
  const auto spikes = kernel.exchange({});
  writer.words().clear();
  writer.run(150);  // the C++ core gets the same run as a packet
  CHECK(spikes == cpp.exchange(writer.words()));
  CHECK(spikes.size() > 10);
  CHECK(kernel.bus.read(regs::step_low) == 150);
  CHECK(kernel.bus.read(regs::step_high) == 0);
  CHECK(kernel.bus.read(regs::spikes_in) == cpp.core.counter(link::Counter::spikes_in));
  CHECK(kernel.bus.read(regs::spikes_out) == cpp.core.counter(link::Counter::spikes_out));
  CHECK(kernel.bus.read(regs::saturations) == cpp.core.counter(link::Counter::saturations));
  CHECK(kernel.bus.read(regs::errors) == 0);
  CHECK(kernel.bus.read(regs::status) == 0);
}

TEST_CASE("kernel top: free run until paused, syncs answered at the pause, reset restarts the link at step 0") {
  Kernel kernel;
  const auto spec = chain_spec(4, 16, true, 4, 4);
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
  writer.sync(1);
  kernel.exchange(writer.words());

  CHECK(kernel.bus.write(regs::control, regs::control_free_run_bit) == 0);
  CHECK((kernel.bus.read(regs::status) & kRunning) != 0);
  const auto first = kernel.bus.read(regs::step_low);
  for (int k = 0; k < 400; ++k) kernel.bus.tick();
  CHECK(kernel.bus.read(regs::step_low) > first);

  // A sync while free running waits; the pause answers it.
  writer.words().clear();
  writer.sync(7);
  kernel.to_send.assign(writer.words().begin(), writer.words().end());
  kernel.received.clear();
  for (int k = 0; k < 50; ++k) kernel.bus.tick();
  CHECK(kernel.bus.write(regs::control, regs::control_pause_bit) == 0);
  for (int k = 0; k < 200; ++k) kernel.bus.tick();
  const auto status = kernel.bus.read(regs::status);
  CHECK((status & kRunning) == 0);
  CHECK((status & kPaused) != 0);
  const auto held = kernel.bus.read(regs::step_low);
  for (int k = 0; k < 200; ++k) kernel.bus.tick();
  CHECK(kernel.bus.read(regs::step_low) == held);
  bool acknowledged = false;
  for (std::size_t at = 0; at < kernel.received.size();) {
    const auto h = link::unpack_header(kernel.received[at]);
    acknowledged = acknowledged || (h.opcode == std::uint64_t(link::Opcode::ack) && h.argument == 7);
    at += link::packet_words(kernel.received[at]);
  }
  CHECK(acknowledged);

  // Reset: step 0, counters cleared, and a new host session (sequence numbers from 0) accepted.
  CHECK(kernel.bus.write(regs::control, regs::control_reset_bit) == 0);
  CHECK(kernel.bus.read(regs::step_low) == 0);
  CHECK(kernel.bus.read(regs::spikes_out) == 0);
  CHECK(kernel.bus.read(regs::status) == 0);
  link::PacketWriter session;
  session.load(fixed::build_array_image(spec, 5));
  session.sync(1);
  const auto answer = kernel.exchange(session.words());
  REQUIRE(answer.size() == std::size_t{fx::kAcknowledgeWords});  // status and ack: no sequence-gap error
  CHECK(link::unpack_header(answer[answer.size() - 2]).opcode == std::uint64_t(link::Opcode::ack));  // (then its trailer)
  CHECK(kernel.bus.read(regs::errors) == 0);
}
