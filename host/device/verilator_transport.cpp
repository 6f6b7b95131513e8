// verilator://: the array core RTL (rtl/core/ionarray_array_core.sv), built by Verilator, behind
// the same host-link words as a board. Capacity is fixed when the model is built; the traced
// build is used only when waveforms are asked for (it is several times slower).
#include "Vionarray_array_core.h"
#include "Vionarray_array_core_traced.h"
#include "device/verilated_transport.hpp"

namespace ionarray {

std::unique_ptr<Transport> make_verilator_transport(const std::string& waves) {
  if (waves.empty()) return std::make_unique<VerilatedTransport<Vionarray_array_core>>("verilator://");
  return std::make_unique<VerilatedTransport<Vionarray_array_core_traced>>("verilator://", waves);
}

}  // namespace ionarray
