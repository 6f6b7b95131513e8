// The reference-model experiments of `ionarray neuron` and `ionarray device dc-sweep | pulse |
// fit`, returning numpy arrays and, under "summary", the figures of the command's summary.json
// (the same analysis functions make both). Nothing is written to disk or printed.
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <pybind11/stl.h>

#include "analysis/spike_stats.hpp"
#include "analysis/distribution_distance.hpp"
#include "analysis/switching_stats.hpp"
#include "bindings.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/fit.hpp"
#include "experiments/neuron_run.hpp"
#include "experiments/pulse_test.hpp"
#include "io/input_error.hpp"
#include "io/param_file.hpp"
#include "python_values.hpp"

namespace py = pybind11;
namespace rf = ionarray::reference;

namespace ionarray::python {
namespace {

constexpr long kStepsBetweenSignalChecks = 1 << 16;

// As `ionarray neuron` configures its set from the options.
rf::ParameterSet configured_set(rf::ParameterSet set, const NeuronOverrides& o) {
  if (o.drive && *o.drive != "dc" && *o.drive != "pulse" && *o.drive != "pwl")
    throw py::value_error(fmt::format("drive: '{}' is not a drive; allowed: 'dc', 'pulse', 'pwl'", *o.drive));
  apply_overrides(set, o);
  if (!set.has_neuron_circuit())
    throw InputError("", 0, "rin", fmt::format("set '{}' has no neuron circuit; give rin (ohm) and c (farad)", set.name));
  validate_or_throw(set, "ionarray.neuron arguments");
  return set;
}

void require_range(const char* argument, double value, double min, double max) {
  if (!(value >= min && value <= max))
    throw py::value_error(fmt::format("{}: {:g} is out of range; allowed {:g} .. {:g}", argument, value, min, max));
}

py::dict neuron(const py::handle& set_arg, int devices, double duration, std::uint64_t seed, const std::string& backend_name_arg,
                const NeuronOverrides& options, int trace_devices, long trace_every) {
  require_range("devices", devices, 1, 1000000);
  require_range("trace_devices", trace_devices, 1, 64);
  require_range("trace_every", static_cast<double>(trace_every), 1, 1e9);
  if (!(duration > 0)) throw py::value_error(fmt::format("duration: {:g} s; allowed: more than 0", duration));
  const auto set = configured_set(parameter_set_from_python(set_arg, "set"), options);
  const auto drive = make_drive(set);
  const Backend backend = parse_backend(backend_name_arg);
  const long steps = std::lround(duration / set.circuit.dt);
  const int traced = std::min(devices, trace_devices);
  std::vector<double> time, v_in;
  std::vector<std::vector<double>> vm(static_cast<std::size_t>(traced)), current(static_cast<std::size_t>(traced));
  NeuronRun run;
  {
    py::gil_scoped_release release;
    run = run_neurons(set, drive, backend, devices, steps, seed,
                      [&](long k, double v, std::span<const NeuronProbe> probes) {
                        if (k % trace_every != 0) return;
                        time.push_back(static_cast<double>(k) * set.circuit.dt);
                        v_in.push_back(v);
                        for (std::size_t d = 0; d < probes.size(); ++d) {
                          vm[d].push_back(probes[d].vm);
                          current[d].push_back(probes[d].current);
                        }
                      },
                      traced, {}, stop_on_signal(kStepsBetweenSignalChecks));
  }
  raise_if_interrupted();
  std::vector<double> spike_device, spike_step, spike_time;
  for (std::size_t d = 0; d < run.spike_steps.size(); ++d)
    for (long k : run.spike_steps[d]) {
      spike_device.push_back(static_cast<double>(d));
      spike_step.push_back(static_cast<double>(k));
      spike_time.push_back(static_cast<double>(k) * run.dt);
    }
  nlohmann::json summary = to_json(spike_stats(run.spike_steps, run.dt, run.steps));
  summary["set"] = set.name;
  summary["backend"] = backend_name(backend);
  summary["saturations"] = run.saturations;
  summary["devices"] = devices;
  summary["seed"] = seed;
  summary["steps"] = run.steps;
  summary["dt_s"] = run.dt;
  summary["duration_s"] = run.dt * static_cast<double>(run.steps);
  summary["circuit"] = {{"r_in_ohm", set.circuit.r_in}, {"c_F", set.circuit.c}, {"spike_threshold_A", set.circuit.spike_threshold}};
  std::vector<const std::vector<double>*> vm_rows, current_rows;
  for (int d = 0; d < traced; ++d) vm_rows.push_back(&vm[d]), current_rows.push_back(&current[d]);
  py::dict spikes;
  spikes["device"] = numpy_vector(spike_device).attr("astype")("int64");
  spikes["step"] = numpy_vector(spike_step).attr("astype")("int64");
  spikes["time_s"] = numpy_vector(spike_time);
  py::dict out;
  out["time_s"] = numpy_vector(time);
  out["v_in_V"] = numpy_vector(v_in);
  out["vm_V"] = numpy_rows(vm_rows);
  out["current_A"] = numpy_rows(current_rows);
  out["spikes"] = spikes;
  out["summary"] = python_from_json(summary);
  return out;
}

py::dict dc_sweep(const py::handle& set_arg, int cycles, std::uint64_t seed, std::optional<double> v_max,
                  std::optional<int> points, std::optional<int> steps_per_point, const std::optional<std::string>& compare) {
  require_range("cycles", cycles, 1, 1000000);
  const auto set = parameter_set_from_python(set_arg, "set");
  auto protocol = default_dc_protocol(set);
  if (v_max) {
    if (!(*v_max > 0) || !std::isfinite(*v_max))
      throw py::value_error(fmt::format("v_max: {:g} V; allowed: a sweep amplitude more than 0", *v_max));
    protocol.v_max = *v_max;
  }
  if (points) require_range("points", *points, 1, 100000), protocol.points_per_ramp = *points;
  if (steps_per_point) require_range("steps_per_point", *steps_per_point, 1, 1000000), protocol.steps_per_point = *steps_per_point;
  std::vector<SweepCycle> sweeps;
  {
    py::gil_scoped_release release;
    sweeps = run_dc_sweep(set, protocol, cycles, seed, Backend::reference, stop_on_signal());
  }
  raise_if_interrupted();
  const auto stats = sweep_stats(sweeps);
  nlohmann::json summary = to_json(stats);
  summary["set"] = set.name;
  summary["cycles"] = cycles;
  summary["seed"] = seed;
  summary["protocol"] = {{"v_max_V", protocol.v_max}, {"points_per_ramp", protocol.points_per_ramp},
                         {"steps_per_point", protocol.steps_per_point}, {"dt_s", set.circuit.dt}};
  if (compare) {
    const auto measured = load_dc_sweeps(*compare);
    summary["measured"] = to_json(sweep_stats(measured));
    summary["measured"]["file"] = *compare;
    const auto m = sweep_samples(measured), sim = sweep_samples(sweeps);
    summary["distances"] = {{"vth", distance_summary(m.vth, sim.vth)}, {"vhold", distance_summary(m.vhold, sim.vhold)}};
  }
  std::vector<const std::vector<double>*> v, i;
  std::vector<double> vth, vhold;
  for (const auto& c : sweeps) {
    v.push_back(&c.v), i.push_back(&c.i);
    const auto t = extract_thresholds(c);
    vth.push_back(t.vth.value_or(NAN));
    vhold.push_back(t.vhold.value_or(NAN));
  }
  py::dict out;
  out["voltage_V"] = numpy_rows(v);
  out["current_A"] = numpy_rows(i);
  out["vth_V"] = numpy_vector(vth);
  out["vhold_V"] = numpy_vector(vhold);
  out["summary"] = python_from_json(summary);
  return out;
}

py::dict pulse(const py::handle& set_arg, int trials, std::uint64_t seed) {
  require_range("trials", trials, 1, 100000);
  const auto set = parameter_set_from_python(set_arg, "set");
  const PulseProtocol protocol;
  std::vector<PulseTrial> runs;
  {
    py::gil_scoped_release release;
    runs = run_pulse_trials(set, protocol, trials, seed, Backend::reference, stop_on_signal());
  }
  raise_if_interrupted();
  nlohmann::json summary = to_json(pulse_stats(runs));
  summary["set"] = set.name;
  summary["seed"] = seed;
  summary["protocol"] = {{"v_read_V", protocol.v_read}, {"v_write_V", protocol.v_write}, {"t_before_s", protocol.t_before},
                         {"t_write_s", protocol.t_write}, {"t_after_s", protocol.t_after}, {"r_series_ohm", set.circuit.r_series}};
  std::vector<const std::vector<double>*> t, v, i;
  for (const auto& r : runs) t.push_back(&r.t), v.push_back(&r.v), i.push_back(&r.i);
  py::dict out;
  out["time_s"] = numpy_rows(t);
  out["voltage_V"] = numpy_rows(v);
  out["current_A"] = numpy_rows(i);
  out["summary"] = python_from_json(summary);
  return out;
}

py::dict fit(const py::handle& data_arg, const py::handle& set_arg, const std::optional<std::vector<std::string>>& params,
             std::optional<int> samples, std::uint64_t seed, int max_evaluations) {
  if (samples) require_range("samples", *samples, 1, 100000);
  require_range("max_evaluations", max_evaluations, 1, 100000);
  const auto start = parameter_set_from_python(set_arg, "set");
  const auto data = py::module_::import("os").attr("fspath")(data_arg).cast<std::string>();
  const bool is_pulse = detect_data_kind(data) == DataKind::pulse;
  FitOptions options{.fields = params ? *params : default_fit_fields(is_pulse),
                     .samples = samples ? *samples : (is_pulse ? 60 : 200),
                     .seed = seed,
                     .max_evaluations = max_evaluations,
                     .stop = stop_on_signal()};
  FitResult r;
  if (is_pulse) {
    const auto measured = split_trials(load_pulse_trials(data), data);
    py::gil_scoped_release release;
    r = fit_pulse(start, measured, options);
  } else {
    const auto measured = split_sweeps(load_dc_sweeps(data), data);
    py::gil_scoped_release release;
    r = fit_dc(start, measured, options);
  }
  raise_if_interrupted();
  py::dict fitted;
  std::vector<std::string> fields;
  for (const auto& name : options.fields) {
    const auto* f = rf::find_numeric_field(name);
    fitted[py::str(f->path())] = f->ref(r.set);
    fields.push_back(f->path());
  }
  py::dict out;
  out["fitted"] = fitted;
  out["objective"] = r.objective;
  out["objective_before"] = r.objective_before;
  nlohmann::json distances = nlohmann::json::array();
  for (const auto& d : r.distances) distances.push_back(to_json(d));
  out["distances"] = python_from_json(distances);
  out["evaluations"] = r.evaluations;
  out["measured"] = python_from_json(r.measured);
  out["simulated"] = python_from_json(r.simulated);
  out["parameter_file"] = parameter_file_text(
      r.set, start.name, fields,
      fmt::format("Fitted by: ionarray.fit(data='{}', set='{}', params={}, samples={}, seed={})\n", data, start.name,
                  fmt::join(options.fields, ","), options.samples, seed));
  return out;
}

}  // namespace

void bind_experiments(py::module_& m) {
  m.def("neuron",
        [](const py::object& set, int devices, double duration, std::uint64_t seed, const std::string& backend,
           std::optional<std::string> drive, std::optional<double> amplitude, std::optional<double> width,
           std::optional<double> period, std::optional<double> delay, std::optional<std::string> pwl, std::optional<double> rin,
           std::optional<double> c, std::optional<double> dt, std::optional<double> d2d, bool c2c, int trace_devices,
           long trace_every) {
          return neuron(set, devices, duration, seed, backend,
                        NeuronOverrides{drive, pwl, amplitude, width, period, delay, rin, c, dt, d2d, c2c}, trace_devices, trace_every);
        },
        py::arg("set") = "lif", py::kw_only(), py::arg("devices") = 1, py::arg("duration") = 20e-3, py::arg("seed") = 1,
        py::arg("backend") = "reference", py::arg("drive") = py::none(), py::arg("amplitude") = py::none(),
        py::arg("width") = py::none(), py::arg("period") = py::none(), py::arg("delay") = py::none(), py::arg("pwl") = py::none(),
        py::arg("rin") = py::none(), py::arg("c") = py::none(), py::arg("dt") = py::none(), py::arg("d2d") = py::none(),
        py::arg("c2c") = true, py::arg("trace_devices") = 4, py::arg("trace_every") = 1,
        "neuron(set='lif', *, devices=1, duration=20e-3, seed=1, backend='reference', drive=None, amplitude=None,\n"
        "       width=None, period=None, delay=None, pwl=None, rin=None, c=None, dt=None, d2d=None, c2c=True,\n"
        "       trace_devices=4, trace_every=1) -> dict\n\n"
        "Independent diffusive-memristor neurons (device || C, driven through Rin), as `ionarray neuron`.\n"
        "set: a set name, a parameter file or a dict of its tables. backend: 'reference://' or 'fixed://' (or 'reference', 'fixed').\n"
        "Returns time_s, v_in_V (per traced sample), vm_V and current_A (trace_devices x samples),\n"
        "spikes {device, step, time_s}, and summary (the figures of the command's summary.json).");
  m.def("dc_sweep", &dc_sweep, py::arg("set") = "dc-symmetric", py::kw_only(), py::arg("cycles") = 100, py::arg("seed") = 1,
        py::arg("v_max") = py::none(), py::arg("points") = py::none(), py::arg("steps_per_point") = py::none(),
        py::arg("compare") = py::none(),
        "dc_sweep(set='dc-symmetric', *, cycles=100, seed=1, v_max=None, points=None, steps_per_point=None,\n"
        "         compare=None) -> dict\n\n"
        "Triangular quasi-static sweeps of one device, as `ionarray device dc-sweep`. Returns voltage_V and\n"
        "current_A (cycles x samples), vth_V and vhold_V per cycle (NaN where none), and summary (Vth and\n"
        "Vhold statistics; with compare, a measured sweeps CSV, its statistics under 'measured').");
  m.def("pulse", &pulse, py::arg("set") = "pulse", py::kw_only(), py::arg("trials") = 20, py::arg("seed") = 1,
        "pulse(set='pulse', *, trials=20, seed=1) -> dict\n\n"
        "Write-then-read pulse trials, as `ionarray device pulse`. Returns time_s, voltage_V, current_A\n"
        "(trials x samples) and summary (switching delay and relaxation statistics).");
  m.def("fit", &fit, py::arg("data"), py::arg("set"), py::kw_only(), py::arg("params") = py::none(),
        py::arg("samples") = py::none(), py::arg("seed") = 1, py::arg("max_evaluations") = 300,
        "fit(data, set, *, params=None, samples=None, seed=1, max_evaluations=300) -> dict\n\n"
        "Calibrates parameters (e.g. ['mu', 'sigma1', 'gamma1']) of `set` to measured DC sweeps or pulse\n"
        "trials (CSV), as `ionarray device fit`. Returns fitted {field: value}, objective, evaluations,\n"
        "measured and simulated statistics, and parameter_file (the TOML text of the fitted set).");
}

}  // namespace ionarray::python
