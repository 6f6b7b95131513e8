#pragma once
// The host's side of the platform: a TLM-2.0 initiator, approximately timed (BEGIN_REQ,
// END_REQ, BEGIN_RESP, END_RESP), that the host program calls from outside the simulation.
// Each call runs the simulation until the target has answered, then pauses it: simulated time
// moves only while the host waits for its board.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace ionarray::systemc {

class HostInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<HostInitiator> socket{"socket"};

  explicit HostInitiator(const sc_core::sc_module_name& name);
  // Issues `trans` and simulates until its response (DeviceError when the simulation starves
  // first, or the target answers with an error).
  void transact(tlm::tlm_generic_payload& trans);

 private:
  void issue();
  tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  tlm::tlm_generic_payload* pending_ = nullptr;
  sc_core::sc_event request_, response_;
  bool requested_ = false, done_ = false;
};

}  // namespace ionarray::systemc
