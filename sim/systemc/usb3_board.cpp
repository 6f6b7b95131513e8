#include "usb3_board.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "Vsc_usb_system.h"
#include "io/input_error.hpp"

namespace ionarray::systemc {
namespace {

constexpr int kQuietCycles = 16;  // busy_o low this long, nothing for the FPGA: the board is idle

fx3::Fx3Config fx3_config() {
  fx3::Fx3Config c;
  c.in_buffer_words = c.out_buffer_words = Usb3Board::kPacketBytes / 4;
  return c;
}

}  // namespace

Usb3Board::Usb3Board(const sc_core::sc_module_name& name, const UsbLinkFigures& figures)
    : sc_core::sc_module(name), figures_(figures), clock_("clock", figures.pclk_hz), fx3_(fx3_config()) {
  socket.register_b_transport(this, &Usb3Board::b_transport);
  clock_.clk(clk_);
  system_ = std::make_unique<Vsc_usb_system>("usb_system");
  auto& s = *system_;
  s.clk_i(clk_);
  s.rst_ni(rst_n_);
  s.dq_i(dq_in_);
  s.dq_o(dq_out_);
  s.dq_t_o(dq_t_);
  s.slcs_n_o(slcs_n_);
  s.slwr_n_o(slwr_n_);
  s.slrd_n_o(slrd_n_);
  s.sloe_n_o(sloe_n_);
  s.pktend_n_o(pktend_n_);
  s.fifoaddr_o(fifoaddr_);
  s.flaga_i(flaga_);
  s.flagb_i(flagb_);
  s.flagc_i(flagc_);
  s.flagd_i(flagd_);
  s.busy_o(busy_);
  SC_HAS_PROCESS(Usb3Board);
  SC_METHOD(on_rising);
  sensitive << clk_.posedge_event();
  dont_initialize();
  SC_METHOD(on_falling);
  sensitive << clk_.negedge_event();
  dont_initialize();
}

Usb3Board::~Usb3Board() = default;

void Usb3Board::check_figures(const UsbLinkFigures& figures, const std::filesystem::path& file) {
  if (figures.fx3_buffer_bytes != kPacketBytes)
    throw InputError(file.string(), 0, "usb3.fx3_dma_buffer_bytes",
                     fmt::format("{} bytes; the model takes the firmware contract's SuperSpeed buffers of {} bytes, one "
                                 "packet each", figures.fx3_buffer_bytes, kPacketBytes));
  if (figures.max_packet_bytes != kPacketBytes)
    throw InputError(file.string(), 0, "usb3.max_packet_bytes",
                     fmt::format("{} bytes; the model moves one packet per FX3 buffer of {} bytes", figures.max_packet_bytes,
                                 kPacketBytes));
}

void Usb3Board::set_figures(const UsbLinkFigures& figures) {
  figures_ = figures;
  clock_.set_frequency(figures.pclk_hz);
}

fx3::Fx3Pins Usb3Board::pins() const {
  return {.slcs_n = slcs_n_.read(), .slwr_n = slwr_n_.read(), .slrd_n = slrd_n_.read(), .sloe_n = sloe_n_.read(),
          .pktend_n = pktend_n_.read(), .dq_oe = dq_t_.read() != 0xFFFFFFFFu, .addr = fifoaddr_.read(), .dq = dq_out_.read()};
}

// Mid-cycle: the FX3 drives what the FPGA samples at the coming edge.
void Usb3Board::on_falling() {
  const auto p = pins();
  flaga_.write(fx3_.flaga());
  flagb_.write(fx3_.flagb());
  flagc_.write(fx3_.flagc());
  flagd_.write(fx3_.flagd());
  dq_in_.write(fx3_.dq(p));
}

// The edge: the FX3 samples the bus; the clock stops once the board has been idle a while.
void Usb3Board::on_rising() {
  // (in reset the FX3 ignores the bus: the bridge's outputs take their reset values at an edge)
  if (!resetting_) fx3_.clock_edge(pins(), *this);
  const bool active = busy_.read() || !fx3_.out_all_read() || resetting_;
  quiet_ = active ? 0 : quiet_ + 1;
  if (quiet_ >= kQuietCycles) {
    clock_.stop();
    idle_.notify(sc_core::SC_ZERO_TIME);
  }
}

void Usb3Board::move(fx3::Fx3Model& fx3) {
  if (fx3.out_buffer_free()) out_freed_.notify(sc_core::SC_ZERO_TIME);
  if (fx3.in_buffer_committed()) in_committed_.notify(sc_core::SC_ZERO_TIME);
}

void Usb3Board::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  wait(delay);
  delay = sc_core::SC_ZERO_TIME;
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (trans.get_address() == kReset) return reset();
  auto* transfer = trans.get_extension<BulkTransferExtension>();
  if (!transfer) return trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
  if (trans.get_address() == kBulkOut && trans.is_write()) return bulk_out(trans, *transfer);
  if (trans.get_address() == kBulkIn && trans.is_read()) return bulk_in(trans, *transfer);
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

void Usb3Board::reset() {
  resetting_ = true;
  rst_n_.write(false);
  clock_.start();
  wait(4 * clock_.period());
  rst_n_.write(true);
  wait(8 * clock_.period());
  fx3_ = fx3::Fx3Model(fx3_config());  // empty buffers, as after the firmware's start
  resetting_ = false;
}

// Host to FPGA: packets of up to kPacketBytes at the bulk rate, each into a free FX3 buffer.
void Usb3Board::bulk_out(tlm::tlm_generic_payload& trans, BulkTransferExtension& transfer) {
  const auto deadline = sc_core::sc_time_stamp() + transfer.timeout;
  const std::size_t bytes = trans.get_data_length();
  if (bytes % 4 != 0) return trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // the bus moves 32-bit words
  wait(seconds(figures_.transfer_overhead_s));
  std::size_t sent = 0;
  while (sent < bytes) {
    const std::size_t n = std::min(kPacketBytes, bytes - sent);
    wait(seconds(static_cast<double>(n) / figures_.bulk_bytes_per_s));
    while (!fx3_.out_buffer_free()) {
      if (sc_core::sc_time_stamp() >= deadline) {
        transfer.moved = sent;
        transfer.timed_out = true;
        return;
      }
      clock_.start();
      wait(deadline - sc_core::sc_time_stamp(), out_freed_);
    }
    std::vector<std::uint32_t> words(n / 4);
    std::memcpy(words.data(), trans.get_data_ptr() + sent, n);
    fx3_.deliver_out_buffer(std::move(words));
    clock_.start();
    sent += n;
  }
  wait(seconds(figures_.completion_latency_s));
  transfer.moved = sent;
}

// FPGA to host: committed FX3 buffers, one packet each, until a short packet or a full buffer.
void Usb3Board::bulk_in(tlm::tlm_generic_payload& trans, BulkTransferExtension& transfer) {
  const auto deadline = sc_core::sc_time_stamp() + transfer.timeout;
  const std::size_t room = trans.get_data_length();
  wait(seconds(figures_.transfer_overhead_s));
  std::size_t got = 0;
  for (;;) {
    while (!fx3_.in_buffer_committed()) {
      const auto now = sc_core::sc_time_stamp();
      if (now >= deadline) {
        transfer.moved = got;
        transfer.timed_out = true;
        return;
      }
      // An idle board sends nothing until the host sends it something.
      if (clock_.running()) wait(deadline - now, in_committed_ | idle_);
      else wait(deadline - now);
    }
    const auto packet = fx3_.take_in_buffer();
    clock_.start();  // a bridge waiting for a free buffer goes on
    const std::size_t n = 4 * packet.size();
    if (got + n > room) return trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // an overflow: libusb's error too
    wait(seconds(static_cast<double>(n) / figures_.bulk_bytes_per_s));
    std::memcpy(trans.get_data_ptr() + got, packet.data(), n);
    got += n;
    if (n < kPacketBytes || got == room) break;
  }
  wait(seconds(figures_.completion_latency_s));
  transfer.moved = got;
}

}  // namespace ionarray::systemc
