// ionarray neuron: independent neuron circuits of one set under a drive.
#include <cmath>

#include <fmt/format.h>

#include "analysis/spike_stats.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "experiments/neuron_run.hpp"
#include "io/gnuplot.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "io/output_dir.hpp"
#include "io/param_file.hpp"

namespace ionarray::cli {
namespace rf = reference;
namespace {

struct NeuronArgs {
  std::string set = "lif", out, drive, pwl, backend = "reference";
  std::optional<double> amplitude, width, period, delay, rin, c, dt, d2d;
  double duration = 20e-3;
  int devices = 1, trace_devices = 4;
  long trace_every = 1;
  std::uint64_t seed = 1;
  bool no_c2c = false;
};

rf::ParameterSet configured_set(const NeuronArgs& a) {
  auto set = resolve_parameter_set(a.set);
  apply_overrides(set, {.drive = a.drive.empty() ? std::nullopt : std::optional<std::string>(a.drive),
                        .pwl = a.pwl.empty() ? std::nullopt : std::optional<std::string>(a.pwl),
                        .amplitude = a.amplitude, .width = a.width, .period = a.period, .delay = a.delay,
                        .rin = a.rin, .c = a.c, .dt = a.dt, .d2d = a.d2d, .c2c = !a.no_c2c});
  if (!set.has_neuron_circuit())
    throw InputError("", 0, "circuit.r_in",
                     fmt::format("set '{}' has no neuron circuit; give --rin OHM and --c FARAD", set.name));
  validate_or_throw(set, "command line (--set " + a.set + ")");
  return set;
}

void run_neuron_command(const NeuronArgs& a) {
  const InterruptRequest interrupt;
  const auto set = configured_set(a);
  const auto drive = make_drive(set);
  const double exact_steps = a.duration / set.circuit.dt;
  const int traced = std::min(a.devices, a.trace_devices);
  // Refused before anything runs: no step at all, or a trace.csv beyond what a disk should take.
  if (!(exact_steps >= 0.5))
    throw InputError("", 0, "--duration", fmt::format("--duration {:g} s is shorter than half a step (circuit.dt = {:g} s)",
                                                      a.duration, set.circuit.dt));
  const double trace_values = (exact_steps / double(a.trace_every) + 1) * (2 + 2 * traced);
  if (trace_values > kMaxOutputValues)
    throw InputError("", 0, "--duration", fmt::format("--duration {:g} s is {:.3g} steps of {:g} s; trace.csv would hold {:.3g} "
                                                      "values, at most {:.0e}: shorten --duration, raise --trace-every or "
                                                      "lower --trace-devices", a.duration, exact_steps, set.circuit.dt,
                                                      trace_values, kMaxOutputValues));
  const long steps = std::lround(exact_steps);
  const OutputDir dir(a.out);

  std::vector<std::string> columns = {"time_s", "v_in_V"};
  for (int d = 0; d < traced; ++d) {
    columns.push_back(fmt::format("vm{}_V", d));
    columns.push_back(fmt::format("i{}_A", d));
  }
  const Backend backend = parse_backend(a.backend);
  NeuronRun run;
  {
    CsvWriter trace(dir.file("trace.csv"), columns);
    std::vector<double> row(columns.size());
    run = run_neurons(set, drive, backend, a.devices, steps, a.seed,
                      [&](long k, double v_in, std::span<const NeuronProbe> probes) {
                        if (k % a.trace_every != 0) return;
                        row[0] = static_cast<double>(k) * set.circuit.dt;
                        row[1] = v_in;
                        for (std::size_t d = 0; d < probes.size(); ++d) {
                          row[2 + 2 * d] = probes[d].vm;
                          row[3 + 2 * d] = probes[d].current;
                        }
                        trace.row(row);
                      },
                      traced, {}, [&] { return interrupt.requested(); });
  }
  {
    CsvWriter spikes(dir.file("spikes.csv"), {"device", "step", "time_s"});
    for (std::size_t d = 0; d < run.spike_steps.size(); ++d)
      for (long k : run.spike_steps[d]) spikes.row({double(d), double(k), static_cast<double>(k) * run.dt});
  }
  const auto stats = spike_stats(run.spike_steps, run.dt, run.steps);
  nlohmann::json summary = to_json(stats);
  summary["set"] = set.name;
  summary["backend"] = backend_name(backend);
  summary["saturations"] = run.saturations;
  summary["devices"] = a.devices;
  summary["seed"] = a.seed;
  summary["steps"] = run.steps;
  summary["dt_s"] = run.dt;
  summary["duration_s"] = run.dt * static_cast<double>(run.steps);
  summary["circuit"] = {{"r_in_ohm", set.circuit.r_in}, {"c_F", set.circuit.c},
                        {"spike_threshold_A", set.circuit.spike_threshold}};
  if (run.stopped) summary["interrupted"] = interruption_record(interrupt, "steps", run.steps, steps);
  dir.write_json("summary.json", summary);

  const double t_end_ms = run.dt * static_cast<double>(run.steps) * 1e3;
  const std::string raster = stats.spikes > 0
      ? "plot 'spikes.csv' skip 1 using ($3*1e3):1 with points pt 7 ps 0.4 lc rgb 'black'"
      : "set label 1 'no spikes' at graph 0.5, graph 0.5 center; plot NaN";
  render_plot(dir, "neuron", fmt::format(R"(set multiplot layout 3,1 title '{}: {} device(s), seed {}, {} spikes'
set lmargin 12; set xlabel 'time (ms)'; set xrange [0:{}]
set ylabel 'voltage (V)'; set key top right; set offsets 0, 0, graph 0.08, 0
plot 'trace.csv' skip 1 using ($1*1e3):2 with lines lc rgb '#999999' title 'V_{{in}}', \
     '' skip 1 using ($1*1e3):3 with lines lc rgb '#1f77b4' title 'V_m (device 0)'
set ylabel 'current (uA)'; unset key
plot 'trace.csv' skip 1 using ($1*1e3):($4*1e6) with lines lc rgb '#d62728', {:g} with lines dt 2 lc rgb 'black'
set ylabel 'device'; set yrange [-0.5:{}]; set offsets 0, 0, 0, 0{}
{}
unset multiplot)",
                                         set.name, a.devices, a.seed, stats.spikes, t_end_ms,
                                         set.circuit.spike_threshold * 1e6, a.devices - 0.5, a.devices <= 16 ? "; set ytics 1" : "", raster),
              1000, 900);
  if (run.stopped)
    throw Interrupted(fmt::format("neuron: interrupted by {} after {} of {} steps; what was recorded is in {}",
                                  interrupt.reason(), run.steps, steps, dir.path().string()),
                      interrupt.signal());
  fmt::print("neuron: {} x {} on {} for {:g} s: {} spikes, mean rate {:.4g} Hz, ISI mean {:.4g} s, CV {:.3f}; outputs in {}\n",
             a.devices, set.name, backend_name(backend), a.duration, stats.spikes, stats.rate_hz, stats.isi_mean_s, stats.isi_cv,
             dir.path().string());
}

}  // namespace

void add_neuron_command(CLI::App& app) {
  auto a = std::make_shared<NeuronArgs>();
  auto* cmd = app.add_subcommand("neuron", "diffusive-memristor neurons (device || C, driven through Rin)");
  cmd->add_option("--set", a->set, "parameter set name or .toml file")->capture_default_str();
  cmd->add_option("--out", a->out, "output folder")->required();
  cmd->add_option("--backend", a->backend, "reference:// (double precision) or fixed:// (the hardware's fixed-point engine); reference and fixed also do")
      ->capture_default_str();
  cmd->add_option("--drive", a->drive, "drive kind (default: the set's)")->check(CLI::IsMember({"dc", "pulse", "pwl"}));
  cmd->add_option("--amplitude", a->amplitude, "drive level or pulse height (V)");
  cmd->add_option("--width", a->width, "pulse width (s)");
  cmd->add_option("--period", a->period, "pulse period (s)");
  cmd->add_option("--delay", a->delay, "time before the drive starts (s)");
  cmd->add_option("--pwl", a->pwl, "piecewise-linear drive: CSV with header time_s,voltage_V")->check(CLI::ExistingFile);
  cmd->add_option("--rin", a->rin, "input resistance (ohm)");
  cmd->add_option("--c", a->c, "capacitance (F)");
  cmd->add_option("--dt", a->dt, "step (s)");
  cmd->add_option("--d2d", a->d2d, "device-to-device spread (relative sd)");
  cmd->add_flag("--no-c2c", a->no_c2c, "turn cycle-to-cycle noise off");
  cmd->add_option("--duration", a->duration, "simulated time (s)")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--devices", a->devices, "number of devices")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", a->seed, "noise seed")->capture_default_str();
  cmd->add_option("--trace-devices", a->trace_devices, "devices recorded in trace.csv")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--trace-every", a->trace_every, "record every Nth step")->capture_default_str()->check(CLI::Range(1L, 1000000000L));
  cmd->callback([a] { run_neuron_command(*a); });
}

}  // namespace ionarray::cli
