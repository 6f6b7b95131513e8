// verilator://: the array core RTL (rtl/core/ionarray_array_core.sv), built by Verilator, behind
// the same host-link words as a board. Capacity is fixed when the model is built.
#include "Vionarray_array_core.h"
#include "device/verilated_transport.hpp"

namespace ionarray {

std::unique_ptr<Transport> make_verilator_transport(const std::string& waves) {
  return std::make_unique<VerilatedTransport<Vionarray_array_core>>("verilator://", waves);
}

}  // namespace ionarray
