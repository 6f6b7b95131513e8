#include "experiments/neuron_run.hpp"

#include <fmt/format.h>

#include "io/csv_reader.hpp"
#include "io/input_error.hpp"

namespace ionarray {

NeuronRun run_neurons(const reference::ParameterSet& set, const reference::Drive& drive, int devices, long steps,
                      std::uint64_t seed, const NeuronObserver& observe) {
  std::vector<reference::NeuronCircuit> neurons;
  neurons.reserve(static_cast<std::size_t>(devices));
  for (int d = 0; d < devices; ++d) neurons.emplace_back(set, seed, static_cast<std::uint64_t>(d));
  NeuronRun run{.dt = set.circuit.dt, .steps = steps, .spike_steps = std::vector<std::vector<long>>(neurons.size())};
  for (long k = 0; k < steps; ++k) {
    const double v_in = drive.at(k);
    for (std::size_t d = 0; d < neurons.size(); ++d)
      if (neurons[d].step(v_in)) run.spike_steps[d].push_back(k);
    if (observe) observe(k, v_in, neurons);
  }
  return run;
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
      points.push_back({t, csv.rows[k][1]});
    }
  }
  try {
    return reference::Drive(set.drive, set.circuit.dt, std::move(points));
  } catch (const reference::ParameterError& ex) {
    throw InputError(set.drive.pwl_file, 0, ex.field(), ex.what());
  }
}

}  // namespace ionarray
