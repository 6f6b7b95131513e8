#pragma once
// Turns a parameter set into the fixed-point engine's configuration: coefficients quantized to
// block floating point, function tables filled. Anything that does not fit its format is refused
// here, naming the parameter, its value and the representable range.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ionarray/neuron_engine.hpp"
#include "reference/device_params.hpp"

namespace ionarray::fixed {

class RangeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The circuit the devices sit in: the neuron node (hardware), or the series / compliance test
// circuit of the device experiments (software only).
enum class Circuit { neuron, series };

// Narrower datapaths, for the quantization sweep: coefficient mantissas rounded to fewer
// significant bits, and state words (f, r, s, Vm) rounded to fewer fraction bits after every step.
struct Precision {
  int mantissa_bits = 17;  // 17 = the engine's full width
  int state_drop = 0;      // fraction bits removed from every state word
};

// Everything the engines of one parameter set share, plus per-device coefficients.
struct EngineConfig {
  Precision precision;
  fx::SharedCoefs shared;
  fx::EngineTables tables;
  double v_max = 0;     // largest drive amplitude the configuration was checked for (V)
  fx::Coef series;      // series circuit: r_series / r_on
  fx::Coef compliance;  // series circuit: i_compliance r_on, V format (0: none)
};

// `v_max` bounds the device voltage (the largest drive amplitude); it decides the cross-section range.
std::shared_ptr<const EngineConfig> configure(const reference::ParameterSet& set, double v_max,
                                              Circuit circuit = Circuit::neuron, Precision precision = {});
// Coefficients of device `index` of a run seeded with `seed` (device-to-device spread drawn as the
// reference model draws it).
fx::DeviceCoefs device_coefs(const EngineConfig& config, const reference::ParameterSet& set, std::uint64_t seed,
                             std::uint64_t index);

// Block-floating-point quantization of a non-negative constant; `name` is used in errors.
fx::Coef quantize(double value, const std::string& name, int mantissa_bits = 17);

// Format conversions for inputs and outputs.
std::int32_t to_volts_word(double volts, const std::string& name);
double from_volts_word(std::int64_t word);
double coef_value(const fx::Coef& c);

}  // namespace ionarray::fixed
