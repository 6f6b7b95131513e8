#pragma once
// An AXI4-Lite master for Verilator testbenches: one transaction at a time, one clock edge per
// step, on any model with the s_axil_* port names of the generated register block.
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "verilated.h"

namespace ionarray::testing {

// Drives the AXI4-Lite port one clock edge at a time.
template <typename Model>
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
    if (before_edge) before_edge(*m_);
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
  Model& model() { return *m_; }
  // Called before every rising edge: testbenches drive and sample other ports here.
  std::function<void(Model&)> before_edge;

 private:
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> m_ = std::make_unique<Model>(context_.get());
  std::uint64_t cycles_ = 0;
};

}  // namespace ionarray::testing
