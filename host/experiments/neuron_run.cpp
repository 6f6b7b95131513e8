#include "experiments/neuron_run.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fixed/fixed_neuron.hpp"
#include "io/csv_reader.hpp"
#include "io/input_error.hpp"
#include "reference/circuits.hpp"

namespace ionarray {
namespace {

// The loop both backends share; `step(neuron, k, v_in)` advances one neuron.
template <typename Neuron, typename Step>
NeuronRun run(std::vector<Neuron>& neurons, const reference::Drive& drive, double dt, long steps,
              const NeuronObserver& observe, int probed, const StopRequest& stop, Step&& step) {
  NeuronRun result{.dt = dt, .steps = steps, .spike_steps = std::vector<std::vector<long>>(neurons.size())};
  std::vector<NeuronProbe> probes(static_cast<std::size_t>(std::clamp<int>(probed, 0, static_cast<int>(neurons.size()))));
  // (asked every kStopCheckSteps steps: a step of a few neurons is far shorter than the call)
  constexpr long kStopCheckSteps = 256;
  for (long k = 0; k < steps; ++k) {
    if (k % kStopCheckSteps == 0 && stop_requested(stop)) {
      result.steps = k;
      result.stopped = true;
      break;
    }
    const double v_in = drive.at(k);
    for (std::size_t d = 0; d < neurons.size(); ++d)
      if (step(neurons[d], k, v_in)) result.spike_steps[d].push_back(k);
    if (observe) {
      for (std::size_t d = 0; d < probes.size(); ++d) probes[d] = {neurons[d].vm(), neurons[d].current()};
      observe(k, v_in, probes);
    }
  }
  return result;
}

double drive_peak(const reference::ParameterSet& set, const reference::Drive& drive, long steps) {
  if (set.drive.kind != reference::DriveKind::pwl) return std::abs(set.drive.amplitude);
  double peak = 0;
  for (long k = 0; k < steps; ++k) peak = std::max(peak, std::abs(drive.at(k)));
  return peak;
}

}  // namespace

Backend parse_backend(std::string_view name) {
  if (name == "reference://" || name == "reference") return Backend::reference;
  if (name == "fixed://" || name == "fixed") return Backend::fixed;
  throw InputError("", 0, "--backend",
                   fmt::format("unknown backend '{}' for single neurons; available: reference:// (or reference), "
                               "fixed:// (or fixed)", name));
}

std::string_view backend_name(Backend b) { return b == Backend::reference ? "reference://" : "fixed://"; }

void apply_overrides(reference::ParameterSet& set, const NeuronOverrides& o) {
  namespace rf = reference;
  if (o.drive) {
    set.drive.kind = *o.drive == "dc" ? rf::DriveKind::dc : *o.drive == "pulse" ? rf::DriveKind::pulse : rf::DriveKind::pwl;
    if (set.drive.kind == rf::DriveKind::dc) set.drive.width = set.drive.period = 0;
  }
  if (o.pwl) {
    set.drive.kind = rf::DriveKind::pwl;
    set.drive.pwl_file = *o.pwl;
  }
  const auto assign = [](const std::optional<double>& from, double& to) { if (from) to = *from; };
  assign(o.amplitude, set.drive.amplitude);
  assign(o.width, set.drive.width);
  assign(o.period, set.drive.period);
  assign(o.delay, set.drive.delay);
  assign(o.rin, set.circuit.r_in);
  assign(o.c, set.circuit.c);
  assign(o.dt, set.circuit.dt);
  assign(o.d2d, set.device.d2d);
  if (!o.c2c) set.device.c2c = false;
}

NeuronRun run_neurons(const reference::ParameterSet& set, const reference::Drive& drive, Backend backend,
                      int devices, long steps, std::uint64_t seed, const NeuronObserver& observe, int probed,
                      fixed::Precision precision, const StopRequest& stop) {
  if (backend == Backend::reference) {
    std::vector<reference::NeuronCircuit> neurons;
    neurons.reserve(static_cast<std::size_t>(devices));
    for (int d = 0; d < devices; ++d) neurons.emplace_back(set, seed, static_cast<std::uint64_t>(d));
    return run(neurons, drive, set.circuit.dt, steps, observe, probed, stop,
               [](reference::NeuronCircuit& n, long, double v_in) { return n.step(v_in); });
  }
  std::shared_ptr<const fixed::EngineConfig> config;
  try {
    config = fixed::configure(set, drive_peak(set, drive, steps), fixed::Circuit::neuron, precision);
  } catch (const fixed::RangeError& e) {
    throw InputError("", 0, "--backend fixed", fmt::format("set '{}' does not fit the fixed-point formats: {}", set.name, e.what()));
  }
  std::vector<fixed::FixedNeuron> neurons;
  neurons.reserve(static_cast<std::size_t>(devices));
  for (int d = 0; d < devices; ++d) neurons.emplace_back(config, set, seed, static_cast<std::uint64_t>(d));
  // Quantize each drive level once; the drive takes few distinct values.
  double last_v = NAN;
  std::int32_t word = 0;
  auto result = run(neurons, drive, set.circuit.dt, steps, observe, probed, stop,
                    [&](fixed::FixedNeuron& n, long, double v_in) {
                      if (v_in != last_v) word = fixed::to_volts_word(v_in, "drive"), last_v = v_in;
                      return n.step_word(word);
                    });
  for (const auto& n : neurons) {
    const auto& s = n.saturation();
    result.saturations += s.vm + s.s + s.conductance;
  }
  return result;
}

reference::Drive make_drive(const reference::ParameterSet& set) {
  std::vector<reference::PwlPoint> points;
  if (set.drive.kind == reference::DriveKind::pwl) {
    const auto csv = read_numeric_csv(set.drive.pwl_file, {"time_s", "voltage_V"});
    for (std::size_t k = 0; k < csv.rows.size(); ++k) {
      const double t = csv.rows[k][0];
      if (t < 0 || (!points.empty() && t <= points.back().t))
        throw InputError(csv.path, csv.line_of_row[k], "time_s",
                         fmt::format("{:g} s must be >= 0 and after the previous point's time", t));
      const double v = csv.rows[k][1];
      if (std::abs(v) > reference::kMaxDriveVolts)
        throw InputError(csv.path, csv.line_of_row[k], "voltage_V",
                         fmt::format("{:g} V is out of range; allowed: -{:g} .. {:g} V", v, reference::kMaxDriveVolts,
                                     reference::kMaxDriveVolts));
      points.push_back({t, v});
    }
  }
  try {
    return reference::Drive(set.drive, set.circuit.dt, std::move(points));
  } catch (const reference::ParameterError& ex) {
    throw InputError(set.drive.pwl_file, 0, ex.field(), ex.what());
  }
}

}  // namespace ionarray
