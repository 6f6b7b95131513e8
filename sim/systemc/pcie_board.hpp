#pragma once
// An Alveo card as XRT's host sees it, around the board-level top rtl/top/ionarray_kernel.sv
// (verilated with --sc): card memory for the kernel's input and output buffers, filled and
// emptied by xrt::bo syncs over PCIe, and kernel calls in which a data mover streams the input
// buffer into the kernel's AXI-Stream port and its output into the output buffer (out[0] the
// count, out[1 ..] the words: the ionarray_link call protocol, host/device/kernel_calls.hpp).
// A TLM-2.0 target, each transaction timed by the PCIe figures of links.toml.
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "board_clock.hpp"
#include "link_figures.hpp"

class Vsc_kernel;

namespace ionarray::systemc {

class PcieBoard : public sc_core::sc_module {
 public:
  // The target's addresses: card memory, and the kernel's call register.
  static constexpr std::uint64_t kInputBuffer = 0, kOutputBuffer = std::uint64_t{1} << 40;
  static constexpr std::uint64_t kCall = std::uint64_t{2} << 40;   // data: in_words, out_capacity (u32 each)
  static constexpr std::uint64_t kReset = std::uint64_t{3} << 40;  // the card's reset (any write)
  static constexpr std::size_t kInputWords = std::size_t{1} << 20, kOutputWords = std::size_t{1} << 21;

  tlm_utils::simple_target_socket<PcieBoard> socket{"socket"};

  PcieBoard(const sc_core::sc_module_name& name, const PcieLinkFigures& figures);
  ~PcieBoard() override;
  void set_figures(const PcieLinkFigures& figures);
  const PcieLinkFigures& figures() const { return figures_; }
  std::uint64_t cycles() const { return clock_.cycles(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void dma(tlm::tlm_generic_payload& trans, std::vector<std::uint64_t>& memory, std::uint64_t base);
  void call(std::uint32_t in_words, std::uint32_t out_capacity);
  void reset();
  void on_edge();
  sc_core::sc_time sync_time(std::size_t bytes, double bytes_per_s) const;

  PcieLinkFigures figures_;
  BoardClock clock_;
  sc_core::sc_signal<bool> clk_{"clk"}, rst_n_{"rst_n"}, busy_{"busy"};
  sc_core::sc_signal<std::uint64_t> in_data_{"in_data"}, out_data_{"out_data"};
  sc_core::sc_signal<bool> in_valid_{"in_valid"}, in_ready_{"in_ready"}, out_valid_{"out_valid"}, out_ready_{"out_ready"};
  // AXI4-Lite: idle (the host drives the core with host-link packets).
  sc_core::sc_signal<std::uint32_t> axil_addr_{"axil_addr"}, axil_wdata_{"axil_wdata"}, axil_wstrb_{"axil_wstrb"};
  sc_core::sc_signal<bool> axil_low_{"axil_low"}, axil_high_{"axil_high"};  // (also: no bus bridge, no link errors)
  sc_core::sc_signal<bool> awready_{"awready"}, wready_{"wready"}, bvalid_{"bvalid"}, arready_{"arready"}, rvalid_{"rvalid"};
  sc_core::sc_signal<std::uint32_t> bresp_{"bresp"}, rresp_{"rresp"}, rdata_{"rdata"};
  std::unique_ptr<Vsc_kernel> kernel_;

  std::vector<std::uint64_t> input_, output_;  // card memory
  // The call in progress.
  bool calling_ = false;
  std::uint32_t in_words_ = 0, next_in_ = 0, out_capacity_ = 0, produced_ = 0;
  int quiet_ = 0;
  bool call_failed_ = false;
  sc_core::sc_event call_done_;
};

}  // namespace ionarray::systemc
