#pragma once
// The fixed-point synapse programming against the reference model's: one plastic tile of each,
// the same devices (device-to-device draws), the same cycle-to-cycle stream and the same row and
// column pulses, open loop (the pulses are drawn, not made by neurons, so the comparison does
// not depend on spike timing).
#include <cstdint>

#include <nlohmann/json.hpp>

namespace ionarray {

struct PlasticityAccuracy {
  int rows = 0, columns = 0;
  long steps = 0;
  std::uint64_t reference_changes = 0, fixed_changes = 0;  // synapse-steps that moved x
  double max_x_error = 0;          // |x fixed - x reference|, over every synapse and step
  double max_conductance_error = 0;  // |G fixed - G reference| / (G_on - G_off), the same
  double rms_conductance_error = 0;
  double word_lsb = 0;             // one crossbar word's conductance / (G_on - G_off)
  bool meets_target() const;       // x within 1e-4, conductance within one word + 1e-3 of the range
};

// The learning example's synapses (VTEAM thresholds and powers, 700 kohm .. 6 Mohm, c2c 0.1,
// d2d 0.05) and pulses on a tile of 64 x 16, rows triggered and columns pulsed at random.
PlasticityAccuracy plasticity_accuracy(std::uint64_t seed, long steps = 20000);
nlohmann::json to_json(const PlasticityAccuracy& r);

}  // namespace ionarray
