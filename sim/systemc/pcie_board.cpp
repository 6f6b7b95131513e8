#include "pcie_board.hpp"

#include <cstring>

#include "Vsc_kernel.h"

namespace ionarray::systemc {
namespace {

// The board has nothing left to do once busy_o has been low this many cycles in a row (as in
// host/device/verilated_link.hpp).
constexpr int kQuietCycles = 16;

}  // namespace

PcieBoard::PcieBoard(const sc_core::sc_module_name& name, const PcieLinkFigures& figures)
    : sc_core::sc_module(name), figures_(figures), clock_("clock", figures.kernel_clock_hz),
      input_(kInputWords), output_(1 + kOutputWords) {
  socket.register_b_transport(this, &PcieBoard::b_transport);
  clock_.clk(clk_);
  kernel_ = std::make_unique<Vsc_kernel>("kernel");
  auto& k = *kernel_;
  k.clk_i(clk_);
  k.rst_ni(rst_n_);
  k.s_axis_tdata(in_data_);
  k.s_axis_tvalid(in_valid_);
  k.s_axis_tready(in_ready_);
  k.m_axis_tdata(out_data_);
  k.m_axis_tvalid(out_valid_);
  k.m_axis_tready(out_ready_);
  k.s_axil_awaddr(axil_addr_);
  k.s_axil_awvalid(axil_low_);
  k.s_axil_awready(awready_);
  k.s_axil_wdata(axil_wdata_);
  k.s_axil_wstrb(axil_wstrb_);
  k.s_axil_wvalid(axil_low_);
  k.s_axil_wready(wready_);
  k.s_axil_bresp(bresp_);
  k.s_axil_bvalid(bvalid_);
  k.s_axil_bready(axil_high_);
  k.s_axil_araddr(axil_addr_);
  k.s_axil_arvalid(axil_low_);
  k.s_axil_arready(arready_);
  k.s_axil_rdata(rdata_);
  k.s_axil_rresp(rresp_);
  k.s_axil_rvalid(rvalid_);
  k.s_axil_rready(axil_high_);
  k.link_error_i(axil_low_);
  k.busy_o(busy_);
  axil_high_.write(true);
  SC_HAS_PROCESS(PcieBoard);
  SC_METHOD(on_edge);
  sensitive << clk_.posedge_event();
  dont_initialize();
}

PcieBoard::~PcieBoard() = default;

void PcieBoard::set_figures(const PcieLinkFigures& figures) {
  figures_ = figures;
  clock_.set_frequency(figures.kernel_clock_hz);
}

sc_core::sc_time PcieBoard::sync_time(std::size_t bytes, double bytes_per_s) const {
  return sc_core::sc_time(figures_.sync_overhead_s + static_cast<double>(bytes) / bytes_per_s, sc_core::SC_SEC);
}

void PcieBoard::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  wait(delay);
  delay = sc_core::SC_ZERO_TIME;
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  const std::uint64_t address = trans.get_address();
  if (address == kReset) return reset();
  if (address == kCall) {
    std::uint32_t args[2];
    if (trans.get_data_length() != sizeof args || !trans.is_write()) return trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    std::memcpy(args, trans.get_data_ptr(), sizeof args);
    if (args[0] > kInputWords || args[1] > kOutputWords) return trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    call(args[0], args[1]);
    if (call_failed_) trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  if (address >= kOutputBuffer) return dma(trans, output_, kOutputBuffer);
  dma(trans, input_, kInputBuffer);
}

// One xrt::bo sync: the bytes cross PCIe, then the host (or the card) sees them.
void PcieBoard::dma(tlm::tlm_generic_payload& trans, std::vector<std::uint64_t>& memory, std::uint64_t base) {
  const std::uint64_t offset = trans.get_address() - base;
  const std::size_t bytes = trans.get_data_length();
  if (offset % 8 != 0 || bytes % 8 != 0 || offset / 8 + bytes / 8 > memory.size())
    return trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  wait(sync_time(bytes, trans.is_write() ? figures_.h2c_bytes_per_s : figures_.c2h_bytes_per_s));
  auto* words = reinterpret_cast<unsigned char*>(memory.data()) + offset;
  if (trans.is_write()) std::memcpy(words, trans.get_data_ptr(), bytes);
  else std::memcpy(trans.get_data_ptr(), words, bytes);
}

void PcieBoard::reset() {
  rst_n_.write(false);
  clock_.start();
  wait(4 * clock_.period());
  rst_n_.write(true);
  wait(4 * clock_.period());
  clock_.stop();
}

void PcieBoard::call(std::uint32_t in_words, std::uint32_t out_capacity) {
  wait(sc_core::sc_time(figures_.kernel_start_s, sc_core::SC_SEC));
  in_words_ = in_words;
  out_capacity_ = out_capacity;
  next_in_ = produced_ = 0;
  quiet_ = 0;
  call_failed_ = false;
  calling_ = true;
  clock_.start();
  wait(call_done_);
  output_[0] = produced_;
  wait(sc_core::sc_time(figures_.kernel_completion_s, sc_core::SC_SEC));
}

// The data mover, at each rising edge: what crossed each AXI-Stream handshake, then what is
// offered for the next cycle.
void PcieBoard::on_edge() {
  if (!calling_) return;
  const bool took = in_valid_.read() && in_ready_.read(), gave = out_valid_.read() && out_ready_.read();
  if (took) ++next_in_;
  if (gave) output_[1 + produced_++] = out_data_.read();
  const bool more_in = next_in_ < in_words_;
  in_valid_.write(more_in);
  in_data_.write(more_in ? input_[next_in_] : 0);
  out_ready_.write(produced_ < out_capacity_);
  quiet_ = (!more_in && !busy_.read()) ? quiet_ + 1 : 0;
  // A full output buffer ends the call (the board keeps the rest for the next); with input still
  // waiting the call cannot finish, as on a card. (A board that hangs keeps the call waiting, as
  // XRT waits until its timeout.)
  const bool full = produced_ == out_capacity_ && out_valid_.read();
  if (quiet_ >= kQuietCycles || full) {
    call_failed_ = more_in;
    calling_ = false;
    in_valid_.write(false);
    out_ready_.write(false);
    clock_.stop();
    call_done_.notify(sc_core::SC_ZERO_TIME);
  }
}

}  // namespace ionarray::systemc
