// Directed testbench of the generated AXI4-Lite register block (Verilator model of the real RTL).
#include <doctest/doctest.h>

#include <memory>

#include "Vionarray_regs.h"
#include "axi_lite.hpp"
#include "ionarray/registers.hpp"
#include "ionarray/tile_engine.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

constexpr std::uint32_t kOkay = 0, kSlvErr = 2;

using AxiLite = testing::AxiLite<Vionarray_regs>;

}  // namespace

TEST_CASE("identification and capability registers read what the spec and the engine say") {
  AxiLite bus;
  CHECK(bus.read(regs::identity) == regs::identity_reset);
  CHECK(bus.read(regs::version) == regs::version_reset);
  CHECK(bus.read(regs::max_tiles) == 4);  // -GTILES=4
  CHECK(bus.read(regs::max_rows) == static_cast<std::uint32_t>(fx::kMaxRows));
  CHECK(bus.read(regs::max_columns) == static_cast<std::uint32_t>(fx::kMaxColumns));
}

TEST_CASE("read-write registers reset, hold, honour byte strobes and drive their outputs") {
  AxiLite bus;
  CHECK(bus.read(regs::seed_low) == regs::seed_low_reset);
  CHECK(bus.write(regs::run_steps, 0x12345678) == kOkay);
  CHECK(bus.read(regs::run_steps) == 0x12345678);
  CHECK(bus.model().run_steps_o == 0x12345678);
  CHECK(bus.write(regs::run_steps, 0xAABBCCDD, 0b0101) == kOkay);  // bytes 0 and 2 only
  CHECK(bus.read(regs::run_steps) == 0x12BB56DD);
}

TEST_CASE("write-1-to-pulse bits pulse for exactly one cycle and read as zero") {
  AxiLite bus;
  auto& m = bus.model();
  CHECK(bus.write(regs::control, regs::control_run_bit | regs::control_reset_bit) == kOkay);
  // The pulse register updates on the write's clock edge and clears on the next.
  m.eval();
  CHECK(m.control_pulse_o == 0);
  CHECK(bus.read(regs::control) == 0);
  m.s_axil_awaddr = regs::control;
  m.s_axil_awvalid = 1;
  m.s_axil_wvalid = 1;
  m.s_axil_wdata = regs::control_pause_bit;
  m.s_axil_wstrb = 0xF;
  m.s_axil_bready = 1;
  bus.tick();
  m.s_axil_awvalid = 0;
  m.s_axil_wvalid = 0;
  m.eval();
  CHECK(m.control_pulse_o == regs::control_pause_bit);
  bus.tick();
  CHECK(m.control_pulse_o == 0);
}

TEST_CASE("core counters are readable, writes to read-only, unmapped or unaligned addresses answer SLVERR") {
  AxiLite bus;
  auto& m = bus.model();
  m.spikes_out_i = 4242;
  m.step_low_i = 7;
  CHECK(bus.read(regs::spikes_out) == 4242);
  CHECK(bus.read(regs::step_low) == 7);
  CHECK(bus.write(regs::identity, 0) == kSlvErr);
  CHECK(bus.read(regs::identity) == regs::identity_reset);
  CHECK(bus.write(0xFC, 1) == kSlvErr);
  CHECK(bus.write(regs::run_steps + 1, 1) == kSlvErr);
  std::uint32_t response = kOkay;
  CHECK(bus.read(0xFC, &response) == 0);
  CHECK(response == kSlvErr);
  CHECK(bus.read(regs::run_steps) == regs::run_steps_reset);  // the refused writes changed nothing
}
