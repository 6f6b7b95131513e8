// Directed testbench of the generated AXI4-Lite register block (Verilator model of the real RTL).
#include <doctest/doctest.h>

#include <memory>

#include "Vionarray_regs.h"
#include "ionarray/registers.hpp"
#include "ionarray/tile_engine.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

constexpr std::uint32_t kOkay = 0, kSlvErr = 2;

// Drives the AXI4-Lite port one clock edge at a time.
class AxiLite {
 public:
  AxiLite() {
    m_->rst_ni = 0;
    m_->clk_i = 0;
    m_->eval();
    tick();
    m_->rst_ni = 1;
    tick();
  }
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
    ++cycles_;
  }
  std::uint32_t write(std::uint32_t address, std::uint32_t data, std::uint32_t strobe = 0xF) {
    m_->s_axil_awaddr = static_cast<CData>(address);
    m_->s_axil_awvalid = 1;
    m_->s_axil_wdata = data;
    m_->s_axil_wstrb = static_cast<CData>(strobe);
    m_->s_axil_wvalid = 1;
    m_->s_axil_bready = 1;
    m_->eval();
    REQUIRE(m_->s_axil_awready);  // accepted in the cycle both are valid
    tick();
    m_->s_axil_awvalid = 0;
    m_->s_axil_wvalid = 0;
    m_->eval();
    REQUIRE(m_->s_axil_bvalid);
    const std::uint32_t response = m_->s_axil_bresp;
    tick();
    m_->s_axil_bready = 0;
    return response;
  }
  std::uint32_t read(std::uint32_t address, std::uint32_t* response = nullptr) {
    m_->s_axil_araddr = static_cast<CData>(address);
    m_->s_axil_arvalid = 1;
    m_->s_axil_rready = 1;
    m_->eval();
    REQUIRE(m_->s_axil_arready);
    tick();
    m_->s_axil_arvalid = 0;
    m_->eval();
    REQUIRE(m_->s_axil_rvalid);
    const std::uint32_t data = m_->s_axil_rdata;
    if (response) *response = m_->s_axil_rresp;
    tick();
    m_->s_axil_rready = 0;
    return data;
  }
  Vionarray_regs& model() { return *m_; }

 private:
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_regs> m_ = std::make_unique<Vionarray_regs>(context_.get());
  std::uint64_t cycles_ = 0;
};

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

TEST_CASE("core counters are readable; writes to read-only, unmapped or unaligned addresses answer SLVERR") {
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
