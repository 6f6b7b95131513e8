#pragma once
// A USB 3 board as libusb's host sees it: the board logic rtl/top/ionarray_usb_system.sv
// (verilated with --sc: the FX3 slave-FIFO bridge in front of the kernel), the FX3 on its bus
// (sim/fx3/fx3_model.hpp), and the USB link between the FX3 and the host: bulk OUT and bulk IN
// transfers cut into max-size packets, each transfer timed by the USB 3 figures of links.toml.
// A TLM-2.0 target.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "board_clock.hpp"
#include "fx3/fx3_model.hpp"
#include "link_figures.hpp"

class Vsc_usb_system;

namespace ionarray::systemc {

// A bulk transfer's timeout, and what it moved (a transfer may end with fewer bytes than asked).
struct BulkTransferExtension : tlm::tlm_extension<BulkTransferExtension> {
  sc_core::sc_time timeout;
  std::size_t moved = 0;
  bool timed_out = false;
  // (TLM-2.0's extension interface hands out raw pointers; the payload owns and frees them)
  tlm::tlm_extension_base* clone() const override { return new BulkTransferExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const BulkTransferExtension&>(other); }
};

class Usb3Board : public sc_core::sc_module, private fx3::Fx3Host {
 public:
  // The target's addresses: the two bulk endpoints, and the board's reset.
  static constexpr std::uint64_t kBulkOut = 0x02, kBulkIn = 0x86, kReset = 0x100;
  // The FX3's DMA buffer at SuperSpeed (the firmware contract), one bulk packet: links.toml's
  // fx3_dma_buffer_bytes and max_packet_bytes must both be this.
  static constexpr std::size_t kPacketBytes = 1024;

  tlm_utils::simple_target_socket<Usb3Board> socket{"socket"};

  Usb3Board(const sc_core::sc_module_name& name, const UsbLinkFigures& figures);
  ~Usb3Board() override;
  // Refuses figures this model cannot run (InputError naming `file` and the field).
  static void check_figures(const UsbLinkFigures& figures, const std::filesystem::path& file);
  void set_figures(const UsbLinkFigures& figures);
  const UsbLinkFigures& figures() const { return figures_; }
  std::uint64_t cycles() const { return clock_.cycles(); }
  // Bus protocol violations the FX3 model caught since the last reset (the bridge's fault).
  const std::vector<std::string>& bus_errors() const { return fx3_.errors(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void bulk_out(tlm::tlm_generic_payload& trans, BulkTransferExtension& transfer);
  void bulk_in(tlm::tlm_generic_payload& trans, BulkTransferExtension& transfer);
  void reset();
  void on_rising();
  void on_falling();
  void move(fx3::Fx3Model& fx3) override;
  fx3::Fx3Pins pins() const;
  sc_core::sc_time seconds(double s) const { return sc_core::sc_time(s, sc_core::SC_SEC); }

  UsbLinkFigures figures_;
  BoardClock clock_;
  sc_core::sc_signal<bool> clk_{"clk"}, rst_n_{"rst_n"}, busy_{"busy"};
  sc_core::sc_signal<std::uint32_t> dq_in_{"dq_in"}, dq_out_{"dq_out"}, dq_t_{"dq_t"}, fifoaddr_{"fifoaddr"};
  sc_core::sc_signal<bool> slcs_n_{"slcs_n"}, slwr_n_{"slwr_n"}, slrd_n_{"slrd_n"}, sloe_n_{"sloe_n"}, pktend_n_{"pktend_n"},
      flaga_{"flaga"}, flagb_{"flagb"}, flagc_{"flagc"}, flagd_{"flagd"};
  std::unique_ptr<Vsc_usb_system> system_;
  fx3::Fx3Model fx3_;
  sc_core::sc_event out_freed_, in_committed_, idle_;
  int quiet_ = 0;
  bool resetting_ = false;
};

}  // namespace ionarray::systemc
