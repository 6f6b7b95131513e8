#pragma once
// Parameters of the diffusive-memristor device, its circuit and its drive, the five published
// parameter sets, and their validation. Units are SI throughout (ohm, 1/s, 1/(V s), V, A, F, s).
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ionarray::reference {

enum class Polarity { symmetric, asymmetric };

struct DeviceParams {
  double r_on = 0;     // ON resistance (ohm)
  double r_off = 0;    // OFF resistance (ohm)
  double mu = 0;       // drift mobility of the filament (1/(V s))
  double gamma1 = 0;   // filament diffusion rate (1/s)
  double gamma2 = 0;   // residue diffusion rate (1/s)
  double gamma3 = 0;   // cross-section shrink rate (1/s)
  double theta = 0;    // cross-section growth rate (1/(V s))
  double beta = 0;     // filament-to-residue transfer rate (1/s)
  double lambda = 1;   // tunnelling length, relative to the gap
  double alpha = 0.01; // drift-reciprocal regulariser
  double sigma1 = 0;   // cycle-to-cycle spread of gamma1, relative, scaled by f
  double sigma2 = 0;   // cycle-to-cycle spread of gamma2, relative, scaled by r
  double sigma3 = 0;   // cycle-to-cycle spread of gamma3, relative
  bool c2c = true;     // cycle-to-cycle noise on
  double d2d = 0;      // device-to-device relative spread of mu, beta, gamma1, gamma2
  Polarity polarity = Polarity::symmetric;
  double residue0 = 0; // residue r at reset
  // Optional model extension, off (0) in the published sets: the residue at reset drawn per
  // device uniformly in residue0 +- this, clipped to 0 .. 1, as the source's pulse script draws
  // it (uniform 0.3 .. 0.5). Each pulse trial starts a fresh device, so it varies trial to trial.
  double residue0_spread = 0;
};

struct CircuitParams {
  double dt = 0;               // step length (s)
  double r_series = 0;         // series resistance in sweeps and pulse tests (ohm)
  double i_compliance = 0;     // current compliance in sweeps (A); 0 = none
  double r_in = 0;             // neuron input resistance (ohm); 0 = no neuron circuit
  double c = 0;                // neuron capacitance (F); 0 = no neuron circuit
  double spike_threshold = 0;  // output current that counts as a spike (A)
};

enum class DriveKind { dc, pulse, pwl };

// The largest drive, row or bias voltage a chip or neuron takes (either sign): far above the few
// volts these devices switch at; beyond it the compact model describes nothing physical.
inline constexpr double kMaxDriveVolts = 60;

struct DriveSpec {
  DriveKind kind = DriveKind::dc;
  double amplitude = 0;  // V (dc level or pulse height)
  double width = 0;      // s, pulse width
  double period = 0;     // s, pulse period
  double delay = 0;      // s, before the first pulse or the dc step
  std::string pwl_file;  // CSV of time_s,voltage_V for kind pwl
};

struct ParameterSet {
  std::string name;
  DeviceParams device;
  CircuitParams circuit;
  DriveSpec drive;

  bool has_neuron_circuit() const { return circuit.r_in > 0 && circuit.c > 0; }
};

// A value outside what the model allows; field() is "section.key" as in parameter files.
class ParameterError : public std::invalid_argument {
 public:
  ParameterError(std::string field, const std::string& message)
      : std::invalid_argument(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

std::span<const std::string_view> set_names();
// Throws ParameterError (field "set") listing the known names.
ParameterSet named_set(std::string_view name);

// A numeric parameter addressable as "section.key" (parameter files, fitting).
struct NumericField {
  std::string_view section;
  std::string_view key;
  double min;
  double max;
  bool min_exclusive;
  std::string_view unit;
  double& (*ref)(ParameterSet&);

  std::string path() const { return std::string(section) + "." + std::string(key); }
  std::string allowed() const;  // e.g. "> 0 ohm" or "0 .. 0.28"
};
std::span<const NumericField> numeric_fields();
const NumericField* find_numeric_field(std::string_view section, std::string_view key);
// "section.key", or a bare key of the device section ("mu").
const NumericField* find_numeric_field(std::string_view path);

// Largest dt allowed, as a fraction of the fastest time constant of the set.
inline constexpr double kMaxStepPerTimeConstant = 0.2;

// Checks every field and the step size; throws ParameterError naming the first bad field.
void validate(const ParameterSet& set);

}  // namespace ionarray::reference
