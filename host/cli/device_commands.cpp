// ionarray device dc-sweep | pulse | fit
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "analysis/switching_stats.hpp"
#include "analysis/held_out.hpp"
#include "cli/commands.hpp"
#include "cli/compare_plots.hpp"
#include "cli/interrupt.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/fit.hpp"
#include "experiments/pulse_test.hpp"
#include "io/gnuplot.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "io/output_dir.hpp"
#include "io/param_file.hpp"

namespace ionarray::cli {
namespace rf = reference;
namespace {

struct DcSweepArgs {
  std::string set = "dc-symmetric", out, compare;
  int cycles = 100;
  std::uint64_t seed = 1;
  double v_max = 0;
  int points = 0, steps_per_point = 0;
};

void write_thresholds(const OutputDir& dir, const std::string& name, const std::vector<SweepCycle>& cycles) {
  CsvWriter thresholds(dir.file(name), {"cycle", "vth_V", "vhold_V"});
  for (std::size_t c = 0; c < cycles.size(); ++c) {
    const auto t = extract_thresholds(cycles[c]);
    thresholds.row({double(c), t.vth.value_or(NAN), t.vhold.value_or(NAN)});
  }
}

void write_sweeps(const OutputDir& dir, const std::vector<SweepCycle>& cycles) {
  CsvWriter csv(dir.file("sweeps.csv"), {"cycle", "sample", "voltage_V", "current_A"});
  for (std::size_t c = 0; c < cycles.size(); ++c)
    for (std::size_t k = 0; k < cycles[c].v.size(); ++k)
      csv.row({double(c), double(k), cycles[c].v[k], cycles[c].i[k]});
  write_thresholds(dir, "thresholds.csv", cycles);
}

void run_dc_sweep_command(const DcSweepArgs& a) {
  const InterruptRequest interrupt;
  const auto set = resolve_parameter_set(a.set);
  auto protocol = default_dc_protocol(set);
  if (a.v_max > 0) protocol.v_max = a.v_max;
  if (a.points > 0) protocol.points_per_ramp = a.points;
  if (a.steps_per_point > 0) protocol.steps_per_point = a.steps_per_point;
  const double values = double(a.cycles) * 2 * protocol.points_per_ramp * 4;  // sweeps.csv
  if (values > kMaxOutputValues)
    throw InputError("", 0, "--cycles", fmt::format("{} cycles of 2 x {} points write {:.3g} values to sweeps.csv, at most "
                                                    "{:.0e}: lower --cycles or --points", a.cycles,
                                                    protocol.points_per_ramp, values, kMaxOutputValues));
  const OutputDir dir(a.out);
  const auto cycles = run_dc_sweep(set, protocol, a.cycles, a.seed, Backend::reference, [&] { return interrupt.requested(); });
  const bool stopped = interrupt.requested() && cycles.size() < std::size_t(a.cycles);
  write_sweeps(dir, cycles);

  const auto stats = sweep_stats(cycles);
  nlohmann::json summary = to_json(stats);
  summary["set"] = set.name;
  summary["cycles"] = cycles.size();
  summary["seed"] = a.seed;
  if (stopped) summary["interrupted"] = interruption_record(interrupt, "cycles", long(cycles.size()), a.cycles);
  summary["protocol"] = {{"v_max_V", protocol.v_max}, {"points_per_ramp", protocol.points_per_ramp},
                         {"steps_per_point", protocol.steps_per_point}, {"dt_s", set.circuit.dt}};
  std::string compare_plot;
  if (!a.compare.empty()) {
    const auto measured = load_dc_sweeps(a.compare);
    const auto measured_stats = sweep_stats(measured);
    summary["measured"] = to_json(measured_stats);
    summary["measured"]["file"] = a.compare;
    write_thresholds(dir, "measured_thresholds.csv", measured);
    const auto m = sweep_samples(measured), sim = sweep_samples(cycles);
    summary["distances"] = write_comparison(
        dir, fmt::format("{} ({} cycles, seed {}) against {} ({} cycles)", set.name, cycles.size(), a.seed, a.compare,
                         measured.size()),
        {{.name = "vth", .label = "Vth (V)", .scale = Scale::linear, .measured = m.vth, .simulated = sim.vth},
         {.name = "vhold", .label = "Vhold (V)", .scale = Scale::linear, .measured = m.vhold, .simulated = sim.vhold}});
    compare_plot = fmt::format(", 'measured_thresholds.csv' skip 1 using (bin($2)):(1.0/{}) smooth frequency "
                               "with boxes fs transparent solid 0.4 lc rgb '#d62728' title 'measured'",
                               std::max<std::size_t>(measured_stats.vth.n, 1));
  }
  dir.write_json("summary.json", summary);
  render_plot(dir, "dc_sweep", fmt::format(R"(set multiplot layout 1,2 title '{} DC sweeps ({} cycles, seed {})'
set xlabel 'voltage (V)'; set ylabel '|current| (A)'; set logscale y; set yrange [1e-13:1e-5]
plot 'sweeps.csv' skip 1 using 3:(abs($4)+1e-15) with lines lw 0.5 lc rgb '#80336699'
unset logscale y; set yrange [*:*]; set key top right
binw = 0.005; bin(x) = binw*floor(x/binw) + binw/2; set style fill solid 0.5
set xlabel 'Vth (V)'; set ylabel 'fraction of switching cycles'
plot 'thresholds.csv' skip 1 using (bin($2)):(1.0/{}) smooth frequency with boxes lc rgb '#1f77b4' title 'simulated'{}
unset multiplot)", set.name, cycles.size(), a.seed, std::max<std::size_t>(stats.vth.n, 1), compare_plot), 1200, 500);
  if (stopped)
    throw Interrupted(fmt::format("dc-sweep: interrupted by {} after {} of {} cycles; what was recorded is in {}",
                                  interrupt.reason(), cycles.size(), a.cycles, dir.path().string()),
                      interrupt.signal());
  fmt::print("dc-sweep: {} cycles of {}: Vth {:.4f} +- {:.4f} V (n={}), Vhold {:.4f} +- {:.4f} V (n={}); outputs in {}\n",
             a.cycles, set.name, stats.vth.mean, stats.vth.sd, stats.vth.n, stats.vhold.mean, stats.vhold.sd,
             stats.vhold.n, dir.path().string());
}

struct PulseArgs {
  std::string set = "pulse", out, compare;
  int trials = 20;
  std::uint64_t seed = 1;
};

void run_pulse_command(const PulseArgs& a) {
  const InterruptRequest interrupt;
  const auto set = resolve_parameter_set(a.set);
  const PulseProtocol protocol;
  const double values = double(a.trials) * (protocol.t_before + protocol.t_write + protocol.t_after) / set.circuit.dt * 4;
  if (values > kMaxOutputValues)
    throw InputError("", 0, "--trials", fmt::format("{} trials of {:g} s at dt = {:g} s write {:.3g} values to pulse.csv, at "
                                                    "most {:.0e}: lower --trials or use a set with a longer circuit.dt",
                                                    a.trials, protocol.t_before + protocol.t_write + protocol.t_after,
                                                    set.circuit.dt, values, kMaxOutputValues));
  const OutputDir dir(a.out);
  const auto trials = run_pulse_trials(set, protocol, a.trials, a.seed, Backend::reference, [&] { return interrupt.requested(); });
  const bool stopped = interrupt.requested() && trials.size() < std::size_t(a.trials);
  {
    CsvWriter csv(dir.file("pulse.csv"), {"trial", "time_s", "voltage_V", "current_A"});
    for (std::size_t n = 0; n < trials.size(); ++n)
      for (std::size_t k = 0; k < trials[n].t.size(); ++k)
        csv.row({double(n), trials[n].t[k], trials[n].v[k], trials[n].i[k]});
  }
  const auto stats = pulse_stats(trials);
  nlohmann::json summary = to_json(stats);
  summary["set"] = set.name;
  summary["seed"] = a.seed;
  summary["trials"] = trials.size();
  if (stopped) summary["interrupted"] = interruption_record(interrupt, "trials", long(trials.size()), a.trials);
  summary["protocol"] = {{"v_read_V", protocol.v_read}, {"v_write_V", protocol.v_write},
                         {"t_before_s", protocol.t_before}, {"t_write_s", protocol.t_write},
                         {"t_after_s", protocol.t_after}, {"r_series_ohm", set.circuit.r_series}};
  if (!a.compare.empty()) {
    const auto measured = load_pulse_trials(a.compare);
    summary["measured"] = to_json(pulse_stats(measured));
    summary["measured"]["file"] = a.compare;
    const auto m = pulse_samples(measured), sim = pulse_samples(trials);
    summary["distances"] = write_comparison(
        dir, fmt::format("{} ({} trials, seed {}) against {} ({} trials)", set.name, trials.size(), a.seed, a.compare,
                         measured.size()),
        {{.name = "delay", .label = "delay (ms)", .scale = Scale::log, .unit = 1e3, .measured = m.delay, .simulated = sim.delay},
         {.name = "relax", .label = "relaxation (ms)", .scale = Scale::log, .unit = 1e3, .measured = m.relax,
          .simulated = sim.relax}});
  }
  dir.write_json("summary.json", summary);
  render_plot(dir, "pulse", fmt::format(R"(set title '{} write-read trials ({} trials, seed {})'
set xlabel 'time (ms)'; set ylabel 'current (uA)'; set y2label 'source (V)'; set y2tics; set ytics nomirror
plot 'pulse.csv' skip 1 using ($2*1e3):($4*1e6) with lines lw 0.6 lc rgb '#80336699', \
     '' skip 1 every ::0::{} using ($2*1e3):3 axes x1y2 with lines lw 1.5 lc rgb 'black')",
                                        set.name, trials.size(), a.seed, trials.empty() ? 0 : trials[0].t.size() - 1));
  const auto median = [](const Stats& s) { return s.n > 0 ? fmt::format("{:.3g} s", s.median) : std::string("-"); };
  if (stopped)
    throw Interrupted(fmt::format("pulse: interrupted by {} after {} of {} trials; what was recorded is in {}",
                                  interrupt.reason(), trials.size(), a.trials, dir.path().string()),
                      interrupt.signal());
  fmt::print("pulse: {} trials of {}: delay median {} ({} switched), relaxation median {} ({} relaxed); outputs in {}\n",
             a.trials, set.name, median(stats.delay), stats.delay.n, median(stats.relax), stats.relax.n,
             dir.path().string());
}

struct FitArgs {
  std::string data, set, out, params;
  int samples = 0;
  std::uint64_t seed = 1;
  int max_evaluations = 300;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto end = std::min(s.find(',', start), s.size());
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The distances table of a fit, as the command prints it and the fitted file's header keeps it.
std::string distance_report(const FitResult& r, const std::string& unit) {
  std::string out = fmt::format(
      "Distances between measured and simulated distributions: two-sample Kolmogorov-Smirnov (KS), a {0} without the\n"
      "event counting as never (+infinity). Fit half: the {0}s the fit saw, against seed {1}; held-out half: the\n"
      "others, against seed {2} (never seen by the fit).\n"
      "{3:<8} {4:>23} {5:>23}  {6:<14} {7}\n",
      unit, r.validation_seed - 1, r.validation_seed, "", "fit half before -> after", "held-out before -> after",
      "target", "simulated events");
  for (const auto& d : r.distances)
    out += fmt::format("{:<8} {:>10.3f} -> {:<9.3f} {:>10.3f} -> {:<9.3f}  {:<14} {} of {}\n", d.name, d.fit_before,
                       d.fit_after, d.held_before, d.held_after,
                       d.has_target() ? fmt::format("<= {:g} {}", d.target, d.meets_target() ? "met" : "MISSED") : "-",
                       d.simulated_events, d.simulated_cycles);
  const auto& first = r.distances.front();
  out += fmt::format("Measured: fit half {} {}s, held-out half {} {}s.\n", first.measured_fit_cycles, unit,
                     first.measured_held_cycles, unit);
  return out;
}

void run_fit_command(const FitArgs& a) {
  const InterruptRequest interrupt;
  const auto start = resolve_parameter_set(a.set);
  const bool pulse = detect_data_kind(a.data) == DataKind::pulse;
  FitOptions options{.fields = a.params.empty() ? default_fit_fields(pulse) : split_list(a.params),
                     .samples = a.samples > 0 ? a.samples : (pulse ? 60 : 200),
                     .seed = a.seed,
                     .max_evaluations = a.max_evaluations,
                     .stop = [&] { return interrupt.requested(); }};
  // Read and split before announcing the fit: a file that cannot be split stops here.
  std::optional<Halves<PulseTrial>> trials;
  std::optional<Halves<SweepCycle>> sweeps;
  if (pulse) trials = split_trials(load_pulse_trials(a.data), a.data);
  else sweeps = split_sweeps(load_dc_sweeps(a.data), a.data);
  fmt::print("fit: {} to {} over {} ({} {} per evaluation, at most {} evaluations)\n", a.set, a.data,
             fmt::join(options.fields, ", "), options.samples, pulse ? "trials" : "cycles", options.max_evaluations);
  const FitResult r = pulse ? fit_pulse(start, *trials, options) : fit_dc(start, *sweeps, options);

  std::string report;
  for (const auto& [key, value] : r.simulated.items()) {
    if (!value.is_number_float() || !r.measured.contains(key) || !r.measured[key].is_number()) continue;
    const double m = r.measured[key].get<double>(), s = value.get<double>();
    report += fmt::format("{:<16} held-out {:<12.5g} fitted {:<12.5g} error {:+.3g} ({:+.1f} %)\n", key, m, s, s - m,
                          m != 0 ? 100 * (s - m) / m : 0.0);
  }
  const std::string distances = distance_report(r, pulse ? "trial" : "cycle");
  std::string fitted;
  std::vector<std::string> fields;
  rf::ParameterSet copy = r.set;
  for (const auto& name : options.fields) {
    const auto* f = rf::find_numeric_field(name);
    fitted += fmt::format("{} = {:.6g}; ", f->path(), f->ref(copy));
    fields.push_back(f->path());
  }
  // A fit that started from a parameter file keeps that file's other values: every field that
  // differs from the named base set is written too.
  const std::string base_name = base_set_name(a.set);
  rf::ParameterSet base = rf::named_set(base_name);
  for (const auto& f : rf::numeric_fields())
    if (f.ref(copy) != f.ref(base) && std::find(fields.begin(), fields.end(), f.path()) == fields.end())
      fields.push_back(f.path());
  const std::string stopped =
      r.stopped ? fmt::format("INTERRUPTED by {} after {} of at most {} evaluations: the best set evaluated so far, not "
                              "a converged fit.\n", interrupt.reason(), r.evaluations, options.max_evaluations)
                : std::string();
  const std::string header = fmt::format(
      "Fitted by: ionarray device fit --data {} --set {} --params {} --samples {} --seed {}\n"
      "{}{} evaluations, objective (sum of KS + quantile distances, fit half) {:.4g} -> {:.4g}.\n{}"
      "Statistics, held-out half against the fitted set on seed {} (same extraction as the data's README):\n{}",
      a.data, a.set, fmt::join(options.fields, ","), options.samples, a.seed, stopped, r.evaluations, r.objective_before,
      r.objective, distances, r.validation_seed, report);
  const std::filesystem::path out(a.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
  OutputDir(out.has_parent_path() ? out.parent_path() : ".")
      .write_text(out.filename().string(), parameter_file_text(r.set, base_name, fields, header));
  fmt::print("{}{}fitted: {}\nwritten: {}\n", distances, report, fitted, a.out);
  if (r.stopped)
    throw Interrupted(fmt::format("fit: interrupted by {} after {} evaluations; the best set so far is in {}",
                                  interrupt.reason(), r.evaluations, a.out),
                      interrupt.signal());
}

}  // namespace

void add_device_commands(CLI::App& app) {
  auto* device = app.add_subcommand("device", "single-device experiments: DC sweeps, pulse tests, calibration");
  device->require_subcommand(1);

  auto dc = std::make_shared<DcSweepArgs>();
  auto* sweep = device->add_subcommand("dc-sweep", "triangular quasi-static sweeps; Vth and Vhold statistics");
  sweep->add_option("--set", dc->set, "parameter set name or .toml file")->capture_default_str();
  sweep->add_option("--cycles", dc->cycles, "number of sweep cycles")->capture_default_str()->check(CLI::Range(1, 1000000));
  sweep->add_option("--seed", dc->seed, "noise seed")->capture_default_str();
  sweep->add_option("--out", dc->out, "output folder")->required();
  sweep->add_option("--compare", dc->compare, "measured sweeps CSV to compare against");
  sweep->add_option("--v-max", dc->v_max, "sweep amplitude (V); default per set")
      ->check(CLI::Range(std::nextafter(0.0, 1.0), rf::kMaxDriveVolts));
  sweep->add_option("--points", dc->points, "voltage points per ramp; default per set")->check(CLI::Range(1, 100000));
  sweep->add_option("--steps-per-point", dc->steps_per_point, "model steps per voltage point")->check(CLI::Range(1, 1000000));
  sweep->callback([dc] { run_dc_sweep_command(*dc); });

  auto pa = std::make_shared<PulseArgs>();
  auto* pulse = device->add_subcommand("pulse", "write pulse then read: switching delay and relaxation");
  pulse->add_option("--set", pa->set, "parameter set name or .toml file")->capture_default_str();
  pulse->add_option("--trials", pa->trials, "number of trials")->capture_default_str()->check(CLI::Range(1, 100000));
  pulse->add_option("--seed", pa->seed, "noise seed")->capture_default_str();
  pulse->add_option("--out", pa->out, "output folder")->required();
  pulse->add_option("--compare", pa->compare, "measured pulse trials CSV to compare against");
  pulse->callback([pa] { run_pulse_command(*pa); });

  auto fa = std::make_shared<FitArgs>();
  auto* fit = device->add_subcommand("fit", "fit parameters to measured DC sweeps or pulse trials");
  fit->add_option("--data", fa->data, "measured CSV (DC sweeps or pulse trials)")->required()->check(CLI::ExistingFile);
  fit->add_option("--set", fa->set, "starting parameter set name or .toml file")->required();
  fit->add_option("--out", fa->out, "fitted parameter file to write (.toml)")->required();
  fit->add_option("--params", fa->params, "comma-separated fields to fit (default: mu,gamma1,sigma1,sigma2 for sweeps; mu,gamma1,gamma2,sigma1,sigma3,d2d "
                  "for pulses)");
  fit->add_option("--samples", fa->samples, "cycles or trials simulated per evaluation")->check(CLI::Range(1, 100000));
  fit->add_option("--seed", fa->seed, "noise seed (held fixed during the fit)")->capture_default_str();
  fit->add_option("--max-evals", fa->max_evaluations, "evaluation budget")->capture_default_str()->check(CLI::Range(1, 100000));
  fit->callback([fa] { run_fit_command(*fa); });
}

}  // namespace ionarray::cli
