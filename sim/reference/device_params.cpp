#include "reference/device_params.hpp"

#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace ionarray::reference {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The published sets (yanglab2021/DiffusiveMemristor, DCSweep.py, PulseStimulation.py,
// LIFNeuron.py, OscillatoryNeuron.py). Initial residues follow the source: 0.4 is the middle of
// the pulse script's uniform 0.3..0.5 draw, 0.9 and 0.1 are the LIF and oscillator values.
ParameterSet make_set(std::string_view name) {
  ParameterSet s;
  s.name = std::string(name);
  DeviceParams& d = s.device;
  CircuitParams& c = s.circuit;
  if (name == "dc-symmetric") {
    d = {.r_on = 170e3, .r_off = 1e11, .mu = 60, .gamma1 = 60, .gamma2 = 40, .gamma3 = 10,
         .theta = 100, .beta = 40, .lambda = 0.8, .sigma1 = 8, .sigma2 = 5, .sigma3 = 0};
    c = {.dt = 1e-3, .i_compliance = 1e-6, .spike_threshold = 10e-9};
  } else if (name == "dc-asymmetric") {
    d = {.r_on = 80e3, .r_off = 1e9, .mu = 100, .gamma1 = 40, .gamma2 = 40, .gamma3 = 5,
         .theta = 100, .beta = 40, .lambda = 0.8, .sigma1 = 8, .sigma2 = 5, .sigma3 = 0,
         .polarity = Polarity::asymmetric};
    c = {.dt = 1e-3, .i_compliance = 1e-6, .spike_threshold = 10e-9};
  } else if (name == "pulse") {
    d = {.r_on = 40e3, .r_off = 1e9, .mu = 100, .gamma1 = 800, .gamma2 = 10, .gamma3 = 4,
         .theta = 10, .beta = 80, .lambda = 0.1, .sigma1 = 10, .sigma2 = 0, .sigma3 = 10,
         .residue0 = 0.4};
    c = {.dt = 10e-6, .r_series = 22e3, .spike_threshold = 1e-6};
  } else if (name == "lif") {
    d = {.r_on = 5e3, .r_off = 1e10, .mu = 150, .gamma1 = 5000, .gamma2 = 0.1, .gamma3 = 10,
         .theta = 200, .beta = 20, .lambda = 0.1, .sigma1 = 20, .sigma2 = 20, .sigma3 = 0,
         .residue0 = 0.9};
    // 20 uA: above the ~10 uA a persistently conducting (high-residue) device passes per input pulse.
    c = {.dt = 1e-6, .r_in = 47e3, .c = 4.7e-9, .spike_threshold = 20e-6};
    s.drive = {.kind = DriveKind::pulse, .amplitude = 2.5, .width = 5e-6, .period = 40e-6,
               .delay = 35e-6};
  } else if (name == "oscillator") {
    d = {.r_on = 5e3, .r_off = 1e8, .mu = 300, .gamma1 = 200, .gamma2 = 20, .gamma3 = 10,
         .theta = 200, .beta = 20, .lambda = 1, .sigma1 = 30, .sigma2 = 10, .sigma3 = 0,
         .residue0 = 0.1};
    c = {.dt = 1e-6, .r_in = 150e3, .c = 6e-9, .spike_threshold = 10e-6};
    s.drive = {.kind = DriveKind::dc, .amplitude = 1.0, .delay = 50e-6};
  }
  return s;
}

constexpr std::array<std::string_view, 5> kSetNames = {"dc-symmetric", "dc-asymmetric", "pulse",
                                                       "lif", "oscillator"};

#define IONARRAY_FIELD(section, key, lo, hi, excl, unit, member) \
  NumericField { section, #key, lo, hi, excl, unit, [](ParameterSet& s) -> double& { return s.member; } }

// Ranges: what the model is defined for, bounded where a value would be physically absurd for
// these devices and circuits (and would overflow the step counts or fixed-point formats long
// before meaning anything): resistances up to 1 Pohm, rates up to 1e12 1/s (a picosecond), steps
// from 1 ps to 1 s, capacitance up to 1 mF, currents up to 1 A, drive times up to 1e6 s (a drive
// time in steps then fits 64 bits at any allowed dt). The published sets sit far inside.
constexpr double kMaxOhm = 1e15, kMaxRate = 1e12, kMaxNoise = 1e6, kMaxDriveSeconds = 1e6;
const std::array kFields = {
    IONARRAY_FIELD("device", r_on, 0, kMaxOhm, true, "ohm", device.r_on),
    IONARRAY_FIELD("device", r_off, 0, kMaxOhm, true, "ohm", device.r_off),
    IONARRAY_FIELD("device", mu, 0, kMaxRate, true, "1/(V s)", device.mu),
    IONARRAY_FIELD("device", gamma1, 0, kMaxRate, false, "1/s", device.gamma1),
    IONARRAY_FIELD("device", gamma2, 0, kMaxRate, false, "1/s", device.gamma2),
    IONARRAY_FIELD("device", gamma3, 0, kMaxRate, false, "1/s", device.gamma3),
    IONARRAY_FIELD("device", theta, 0, kMaxRate, false, "1/(V s)", device.theta),
    IONARRAY_FIELD("device", beta, 0, kMaxRate, false, "1/s", device.beta),
    IONARRAY_FIELD("device", lambda, 0, 100, true, "", device.lambda),
    IONARRAY_FIELD("device", alpha, 0, 1, true, "", device.alpha),
    IONARRAY_FIELD("device", sigma1, 0, kMaxNoise, false, "", device.sigma1),
    IONARRAY_FIELD("device", sigma2, 0, kMaxNoise, false, "", device.sigma2),
    IONARRAY_FIELD("device", sigma3, 0, kMaxNoise, false, "", device.sigma3),
    // Irwin-Hall draws reach 3.46 sd: above 0.28 a parameter could be drawn negative.
    IONARRAY_FIELD("device", d2d, 0, 0.28, false, "", device.d2d),
    IONARRAY_FIELD("device", residue0, 0, 1, false, "", device.residue0),
    IONARRAY_FIELD("device", residue0_spread, 0, 1, false, "", device.residue0_spread),
    IONARRAY_FIELD("circuit", dt, 1e-12, 1, false, "s", circuit.dt),
    IONARRAY_FIELD("circuit", r_series, 0, 1e12, false, "ohm", circuit.r_series),
    IONARRAY_FIELD("circuit", i_compliance, 0, 1, false, "A", circuit.i_compliance),
    IONARRAY_FIELD("circuit", r_in, 0, 1e12, false, "ohm", circuit.r_in),
    IONARRAY_FIELD("circuit", c, 0, 1e-3, false, "F", circuit.c),
    IONARRAY_FIELD("circuit", spike_threshold, 0, 1, true, "A", circuit.spike_threshold),
    IONARRAY_FIELD("drive", amplitude, -kMaxDriveVolts, kMaxDriveVolts, false, "V", drive.amplitude),
    IONARRAY_FIELD("drive", width, 0, kMaxDriveSeconds, false, "s", drive.width),
    IONARRAY_FIELD("drive", period, 0, kMaxDriveSeconds, false, "s", drive.period),
    IONARRAY_FIELD("drive", delay, 0, kMaxDriveSeconds, false, "s", drive.delay),
};
#undef IONARRAY_FIELD

void require(bool ok, std::string_view field, const std::string& message) {
  if (!ok) throw ParameterError(std::string(field), message);
}

}  // namespace

std::string NumericField::allowed() const {
  const std::string u = unit.empty() ? std::string() : fmt::format(" {}", unit);
  if (max == kInf) return fmt::format("{} {:g}{}", min_exclusive ? ">" : ">=", min, u);
  if (min == -kInf) return fmt::format("<= {:g}{}", max, u);
  return fmt::format("{:g} {} value <= {:g}{}", min, min_exclusive ? "<" : "<=", max, u);
}

std::span<const std::string_view> set_names() { return kSetNames; }

ParameterSet named_set(std::string_view name) {
  for (auto known : kSetNames)
    if (known == name) return make_set(name);
  throw ParameterError("set", fmt::format("unknown parameter set '{}'; known sets: {}", name,
                                          fmt::join(kSetNames, ", ")));
}

std::span<const NumericField> numeric_fields() { return kFields; }

const NumericField* find_numeric_field(std::string_view section, std::string_view key) {
  for (const auto& f : kFields)
    if (f.section == section && f.key == key) return &f;
  return nullptr;
}

const NumericField* find_numeric_field(std::string_view path) {
  const auto dot = path.find('.');
  if (dot == std::string_view::npos) return find_numeric_field("device", path);
  return find_numeric_field(path.substr(0, dot), path.substr(dot + 1));
}

void validate(const ParameterSet& set) {
  ParameterSet copy = set;  // ref() needs a mutable set
  for (const auto& f : kFields) {
    const double v = f.ref(copy);
    const bool ok = std::isfinite(v) && (f.min_exclusive ? v > f.min : v >= f.min) && v <= f.max;
    require(ok, f.path(), fmt::format("{} = {:g} is out of range; allowed: {}", f.path(), v, f.allowed()));
  }
  const DeviceParams& d = set.device;
  const CircuitParams& c = set.circuit;
  require(d.r_off > d.r_on, "device.r_off",
          fmt::format("device.r_off = {:g} must exceed device.r_on = {:g}", d.r_off, d.r_on));
  require((c.r_in > 0) == (c.c > 0), c.r_in > 0 ? "circuit.c" : "circuit.r_in",
          "circuit.r_in and circuit.c must both be > 0 (a neuron circuit) or both 0 (none)");
  if (set.drive.kind == DriveKind::pulse) {
    require(set.drive.width > 0, "drive.width", "a pulse drive needs drive.width > 0 s");
    require(set.drive.period >= set.drive.width, "drive.period",
            fmt::format("drive.period = {:g} s must be >= drive.width = {:g} s", set.drive.period,
                        set.drive.width));
  }
  if (set.drive.kind == DriveKind::pwl)
    require(!set.drive.pwl_file.empty(), "drive.pwl_file", "a pwl drive needs drive.pwl_file");

  // Forward Euler is only trustworthy well inside the fastest relaxation of the set.
  struct Rate { std::string_view what; double per_second; };
  std::array<Rate, 6> rates = {{{"device.gamma1", d.gamma1}, {"device.gamma2", d.gamma2},
                                {"device.gamma3", d.gamma3}, {"device.beta", d.beta},
                                {"circuit.r_in*circuit.c", 0}, {"device.r_on*circuit.c", 0}}};
  if (set.has_neuron_circuit()) {
    rates[4].per_second = 1 / (c.r_in * c.c);
    rates[5].per_second = 1 / (d.r_on * c.c);
  }
  for (const auto& r : rates) {
    const double limit = kMaxStepPerTimeConstant / r.per_second;
    require(c.dt <= limit, "circuit.dt",
            fmt::format("circuit.dt = {:g} s is too large: the time constant 1/{} = {:g} s allows "
                        "at most dt = {:g} s ({} of it)",
                        c.dt, r.what, 1 / r.per_second, limit, kMaxStepPerTimeConstant));
  }
}

}  // namespace ionarray::reference
