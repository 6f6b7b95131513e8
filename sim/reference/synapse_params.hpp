#pragma once
// Parameters of the non-volatile drift-memristor synapse (the VTEAM model: Kvatinsky, Ramadan,
// Friedman and Kolodny, "VTEAM: A General Model for Voltage-Controlled Memristors", IEEE TCAS-II
// 62(8), 786-790, 2015), its published parameter sets and their validation. docs/plasticity.md
// states the equations. Units are SI; rates are per unit of the normalised state x in [0, 1]
// (the published k in m/s divided by the state's span w_off - w_on).
#include <span>
#include <string>
#include <string_view>

namespace ionarray::reference {

struct SynapseParams {
  std::string name;
  double r_on = 0;       // resistance at x = 0 (fully ON, ohm)
  double r_off = 0;      // resistance at x = 1 (fully OFF, ohm)
  double k_on = 0;       // rate toward ON below v_on (1/s, < 0: x falls, the conductance rises)
  double k_off = 0;      // rate toward OFF above v_off (1/s, > 0: x rises, the conductance falls)
  double alpha_on = 1;   // power of the overdrive below v_on
  double alpha_off = 1;  // power of the overdrive above v_off
  double v_on = 0;       // ON (set) threshold (V, < 0)
  double v_off = 0;      // OFF (reset) threshold (V, > 0)
  double d2d = 0;        // device-to-device relative spread of k_on, k_off, v_on and v_off
  double c2c = 0;        // cycle-to-cycle relative spread of each step's change of x

  double g_on() const { return 1 / r_on; }    // the largest conductance (S)
  double g_off() const { return 1 / r_off; }  // the smallest conductance (S)
};

std::span<const std::string_view> synapse_set_names();
// Throws ParameterError (field "set") listing the known names.
SynapseParams named_synapse_set(std::string_view name);

// A numeric synapse parameter, addressable by key in parameter files.
struct SynapseField {
  std::string_view key;
  double min, max;
  bool min_exclusive, max_exclusive;
  std::string_view unit;
  double SynapseParams::*member;

  std::string allowed() const;  // e.g. "-1e+12 <= value < 0 1/s"
};
std::span<const SynapseField> synapse_fields();
const SynapseField* find_synapse_field(std::string_view key);

// Checks every field; throws ParameterError naming the first bad one ("synapse.k_on").
void validate(const SynapseParams& p);

}  // namespace ionarray::reference
