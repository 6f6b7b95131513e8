#include "host_initiator.hpp"

#include "device/device.hpp"

namespace ionarray::systemc {

HostInitiator::HostInitiator(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
  socket.register_nb_transport_bw(this, &HostInitiator::nb_transport_bw);
  SC_HAS_PROCESS(HostInitiator);
  SC_THREAD(issue);
}

void HostInitiator::transact(tlm::tlm_generic_payload& trans) {
  pending_ = &trans;
  done_ = false;
  requested_ = true;
  request_.notify(sc_core::SC_ZERO_TIME);
  while (!done_) {
    const auto before = sc_core::sc_time_stamp();
    sc_core::sc_start();
    if (!done_ && sc_core::sc_time_stamp() == before && !sc_core::sc_pending_activity())
      throw DeviceError("systemc://: the simulation ran out of events before the board answered");
  }
  pending_ = nullptr;
  if (trans.is_response_error())
    throw DeviceError("systemc://: the board refused a transaction: " + trans.get_response_string());
}

void HostInitiator::issue() {
  for (;;) {
    // (a request made before the simulation started finds this process not yet waiting)
    while (!requested_) wait(request_);
    requested_ = false;
    auto& trans = *pending_;
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const auto status = socket->nb_transport_fw(trans, phase, delay);
    if (status == tlm::TLM_COMPLETED) {
      wait(delay);
    } else {
      if (status == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP) wait(delay);
      else wait(response_);
      phase = tlm::END_RESP;
      delay = sc_core::SC_ZERO_TIME;
      socket->nb_transport_fw(trans, phase, delay);
    }
    done_ = true;
    sc_core::sc_pause();
  }
}

tlm::tlm_sync_enum HostInitiator::nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
  if (phase == tlm::BEGIN_RESP) response_.notify(delay);
  return tlm::TLM_ACCEPTED;  // END_REQ needs nothing; BEGIN_RESP is answered with END_RESP by issue()
}

}  // namespace ionarray::systemc
