#include "device/state_probe.hpp"

#include <cmath>

#include "fixed/engine_config.hpp"

namespace ionarray {

StateProbe state_probe(const fx::NeuronState& n, const reference::CircuitParams& circuit) {
  return {.vm = fixed::from_volts_word(n.vm), .f = std::ldexp(n.f, -fx::kXFrac), .r = std::ldexp(n.r, -fx::kXFrac),
          .s = 1 + std::ldexp(n.s, -fx::kSFrac), .g = fixed::coef_value(n.kg) * circuit.c / circuit.dt};
}

}  // namespace ionarray
