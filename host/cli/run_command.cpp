// ionarray run LAYOUT / ionarray check LAYOUT: a chip described in a layout file.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "backends/open_device.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/rank_run.hpp"
#include "cli/weight_snapshots.hpp"
#include "io/gnuplot.hpp"
#include "io/input_error.hpp"
#include "io/output_dir.hpp"
#include "device/device.hpp"
#include "experiments/array_run.hpp"
#include "experiments/trace_recorder.hpp"
#include "layout/layout.hpp"

namespace ionarray::cli {
namespace {

struct RunArgs {
  std::string layout, out, backend = "reference";
  long steps = 0;
  bool realtime = false;
  double step_us = 0;  // real-time pacing: wall-clock microseconds per step
  bool no_record = false;
  std::string vcd;  // --vcd FILE
  int threads = 0;  // --threads N for fixed:// (0: the URI's own, one by default)
  long weights_every = 0;       // --weights-every N: conductance snapshots every N steps
  std::string weights_picture;  // --weights-picture HxW: each column's first H x W rows as a picture
};

// Whether the layout's [record] table applies. Every device open_device() returns reads state
// (Device::can_read_state); the refusal guards a device that does not.
bool recording(const Layout& l, const Device& device, const RunArgs& a) {
  if (!a.vcd.empty() && (!l.record.enabled() || a.no_record))
    throw InputError(l.path, 0, "--vcd", "--vcd needs the layout's [record] table (which neurons and fields to trace)");
  if (!l.record.enabled() || a.no_record) return false;
  if (a.steps > 0) check_trace_size(l, "--steps");
  if (!device.can_read_state())
    throw InputError(l.path, l.record.line, "record", fmt::format("{}: {}; pass --no-record "
                                                                  "to run without traces", device.uri(), kNoStateReadback));
  return true;
}

// Real-time pacing: each exchange of `chunk` steps is started on the schedule and must be
// answered before its last step's deadline. The schedule runs on the device's simulated clock
// where it has one (systemc://: a prediction for the modelled board and link), else on the wall
// clock.
struct Pacing {
  std::uint64_t chunk = 4096;
  double step_s = 0;
  std::uint64_t deadline_misses = 0, exchanges = 0;
  std::vector<double> latency_s;  // from sending an exchange's input to having its spikes
  // Per spike: from the end of its step on the schedule to the host having it (0 when it arrived
  // before that moment, the device running ahead of real time).
  std::vector<double> spike_latency_s;
  double slowest_step_s = 0;  // the longest exchange per step: the fastest period it sustains
};

// Seconds since the run started, on the device's simulated clock or the wall clock.
class ScheduleClock {
 public:
  explicit ScheduleClock(SimulatedClock* simulated)
      : simulated_(simulated), wall_start_(std::chrono::steady_clock::now()), simulated_start_(simulated ? simulated->now_s() : 0) {}
  double now() const {
    return simulated_ ? simulated_->now_s() - simulated_start_
                      : std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  }
  void wait_until(double t) {
    if (simulated_) simulated_->wait_until_s(simulated_start_ + t);
    else std::this_thread::sleep_until(wall_start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                         std::chrono::duration<double>(t)));
  }
  const char* name() const { return simulated_ ? "simulated" : "wall-clock"; }

 private:
  SimulatedClock* simulated_;
  std::chrono::steady_clock::time_point wall_start_;
  double simulated_start_;
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

void write_outputs(const OutputDir& dir, const Layout& l, const ArrayRun& run, const std::string& device, double wall_s) {
  const auto& s = l.spec;
  std::vector<std::tuple<long, int, int>> spikes;
  std::vector<double> per_tile(static_cast<std::size_t>(s.tiles), 0.0);
  for (int n = 0; n < s.neurons(); ++n)
    for (long k : run.spike_steps[static_cast<std::size_t>(n)]) {
      spikes.emplace_back(k, n / s.columns, n % s.columns);
      per_tile[static_cast<std::size_t>(n / s.columns)] += 1;
    }
  std::sort(spikes.begin(), spikes.end());
  {
    CsvWriter csv(dir.file("spikes.csv"), {"step", "tile", "neuron"});
    for (const auto& [k, t, j] : spikes) csv.row({double(k), double(t), double(j)});
  }
  const double dt = s.neuron.circuit.dt, simulated = dt * static_cast<double>(run.steps);
  std::vector<double> rate(per_tile.size());
  for (std::size_t t = 0; t < per_tile.size(); ++t) rate[t] = per_tile[t] / s.columns / simulated;
  std::string grid;
  for (int r = 0; r < l.grid_rows; ++r) {
    for (int c = 0; c < l.grid_columns; ++c) grid += fmt::format("{:g} ", rate[static_cast<std::size_t>(r * l.grid_columns + c)]);
    grid += "\n";
  }
  dir.write_text("rates_grid.txt", grid);
  nlohmann::json summary = {
      {"layout", l.path}, {"device", device}, {"steps", run.steps}, {"dt_s", dt},
      {"tiles", s.tiles}, {"grid", {l.grid_rows, l.grid_columns}}, {"neurons", s.neurons()},
      {"spikes", spikes.size()}, {"spikes_per_tile", per_tile}, {"rate_hz_per_tile", rate},
      {"rate_hz", static_cast<double>(spikes.size()) / s.neurons() / simulated},
      {"wall_time_s", wall_s}, {"steps_per_s", static_cast<double>(run.steps) / wall_s},
      {"real_time_factor", simulated / wall_s}, {"dropped_events", run.dropped_events}, {"saturations", run.saturations}};
  dir.write_json("summary.json", summary);
  const std::string raster = spikes.empty()
      ? "set label 1 'no spikes' at graph 0.5, graph 0.5 center; plot NaN"
      : "plot 'spikes.csv' skip 1 using ($1*" + fmt::format("{:g}", dt * 1e3) + "):($2*" + std::to_string(s.columns) +
            "+$3) with dots lc rgb 'black'";
  render_plot(dir, "raster", fmt::format("set title '{} on {}: {} spikes'\nset xlabel 'time (ms)'\nset ylabel 'neuron (tile * {} + column)'\n"
                                         "set xrange [0:{:g}]\nset yrange [-0.5:{}]\n{}",
                                         l.path, device, spikes.size(), s.columns, simulated * 1e3,
                                         s.neurons() - 0.5, raster));
  render_plot(dir, "rates", fmt::format("set title 'mean firing rate per tile (Hz)'\nset xlabel 'tile column'\nset ylabel 'tile row'\n"
                                        "set yrange [{}:-0.5] reverse\nset xrange [-0.5:{}]\nset xtics 1\nset ytics 1\nset palette rgb 33,13,10\n"
                                        "set datafile separator whitespace\nplot 'rates_grid.txt' matrix with image",
                                        l.grid_rows - 0.5, l.grid_columns - 0.5),
              700, 600);
}

// A run cut short (a device lost, or Ctrl-C): what was recorded up to then is written, and
// summary.json says at which step and why (under `key`: "aborted" or "interrupted").
void write_cut_short_outputs(const OutputDir& dir, const Layout& layout, ArrayRun& run, const Device& device,
                             std::uint64_t done, double wall_s, const char* key, const std::string& reason) {
  run.steps = static_cast<long>(done);
  std::string not_written;
  try {
    write_outputs(dir, layout, run, device.uri(), wall_s);
  } catch (const InputError& e) {  // e.g. a plot of a run cut short; the data files come first
    not_written = e.what();
  }
  auto summary = std::filesystem::exists(dir.file("summary.json"))
                     ? nlohmann::json::parse(std::ifstream(dir.file("summary.json")))
                     : nlohmann::json::object();
  summary[key] = {{"reason", reason}, {"at_step", done}, {"steps_requested", layout.steps}};
  if (!not_written.empty()) summary[key]["outputs_not_written"] = not_written;
  dir.write_json("summary.json", summary);
  fmt::print(stderr, "run: {} at step {} of {}; what was recorded up to then is in {}\n", key, done, layout.steps,
             dir.path().string());
}

// A backend name (reference, fixed, verilator, usb, xrt) or a whole device URI.
constexpr const char* kBackendHelp =
    "reference, fixed, verilator, usb, xrt, systemc, or a device URI (usb://VID:PID, xrt://0?xclbin=PATH, systemc://?link=usb3)";
// A chip over several devices is URI1,URI2,...; --threads applies to each fixed:// among them.
std::unique_ptr<Device> open_backend(const std::string& name, int threads = 0) {
  std::string uris;
  bool fixed_seen = false;
  for (std::size_t start = 0; start <= name.size();) {
    const auto end = std::min(name.find(',', start), name.size());
    std::string uri = name.substr(start, end - start);
    if (uri.find("://") == std::string::npos) uri += "://";
    if (threads > 0 && uri.starts_with("fixed://")) {
      uri += fmt::format("{}threads={}", uri.find('?') == std::string::npos ? "?" : "&", threads);
      fixed_seen = true;
    }
    uris += (uris.empty() ? "" : ",") + uri;
    start = end + 1;
  }
  if (threads > 0 && !fixed_seen)
    throw InputError("", 0, "--threads", fmt::format("--threads steps the tiles of the fixed backend on a thread pool; "
                                                     "'{}' has no fixed:// (other devices' threads are their own)", name));
  return open_device(uris);
}

// --weights-picture HxW: each column's first H x W rows drawn as a picture (H x W <= chip.rows).
WeightPicture weight_picture(const Layout& l, const std::string& text) {
  if (text.empty()) return {};
  WeightPicture p;
  char x = 0;
  char rest = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &p.height, &x, &p.width, &rest) != 3 || x != 'x' || p.height < 1 || p.width < 1 ||
      long(p.height) * p.width > l.spec.rows)
    throw InputError("", 0, "--weights-picture", fmt::format("'{}' must be HxW with H, W >= 1 and H x W <= chip.rows = {}",
                                                             text, l.spec.rows));
  return p;
}

void run_layout(const RunArgs& a) {
  if (a.realtime && a.step_us <= 0) throw InputError("", 0, "--step-us", "--realtime needs --step-us MICROSECONDS > 0");
  const InterruptRequest interrupt;
  auto layout = load_layout(a.layout);
  if (a.steps > 0) layout.steps = a.steps;
  const auto ranks = RankSession::join();  // (before the device: MPI_Finalize after it is gone)
  auto device = ranks ? ranks->open(a.backend, a.threads, interrupt) : open_backend(a.backend, a.threads);
  if (ranks && ranks->rank() > 0) return follow_run(layout, *device, interrupt);
  const bool record = recording(layout, *device, a);
  device->load(layout);
  const OutputDir dir(a.out);
  std::optional<TraceRecorder> traces;
  if (record) {
    std::optional<std::filesystem::path> vcd;
    if (!a.vcd.empty()) vcd = a.vcd;
    else if (layout.record.vcd) vcd = dir.file("traces.vcd");
    traces.emplace(layout.record, layout.spec.neuron.circuit.dt, dir, vcd);
    traces->sample(*device);
  }
  // Conductance snapshots: at the start and the end of a plastic layout's run, and every
  // --weights-every steps.
  std::optional<WeightSnapshots> weights;
  const auto picture = weight_picture(layout, a.weights_picture);
  if (layout.spec.plasticity.any() || a.weights_every > 0) {
    if (!device->can_read_conductances())
      throw InputError(layout.path, 0, "--weights-every", fmt::format("{} cannot read synapse conductances", device->uri()));
    weights.emplace(layout, dir);
    weights->take(*device);
  }
  // Input goes to the device chunk by chunk, as a host streams it to a board.
  Pacing pacing;
  ScheduleClock schedule_clock(device->simulated_clock());
  if (a.realtime) {
    pacing.step_s = a.step_us * 1e-6;
    // Exchanges of about a millisecond of wall time: fine-grained pacing, bounded link overhead.
    pacing.chunk = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(1000.0 / a.step_us));
  }
  InputSchedule schedule(layout.spec, layout.inputs);
  ArrayRun run{.steps = layout.steps,
               .spike_steps = std::vector<std::vector<long>>(static_cast<std::size_t>(layout.spec.neurons()))};
  const auto record_spikes = [&](const std::vector<SpikeEvent>& spikes) {
    for (const auto& s : spikes)
      run.spike_steps[static_cast<std::size_t>(s.tile * layout.spec.columns + s.neuron)].push_back(static_cast<long>(s.step));
    if (traces) traces->spikes(spikes);
  };
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  std::uint64_t done = 0;
  try {
  for (; done < std::uint64_t(layout.steps) && !interrupt.requested();) {
    auto n = std::min<std::uint64_t>(pacing.chunk, std::uint64_t(layout.steps) - done);
    const auto decimation = static_cast<std::uint64_t>(layout.record.decimation);
    if (traces) n = std::min(n, decimation - done % decimation);  // stop at every sample
    if (a.weights_every > 0) n = std::min(n, static_cast<std::uint64_t>(a.weights_every) - done % static_cast<std::uint64_t>(a.weights_every));
    const auto inputs = next_inputs(schedule, static_cast<long>(n));
    if (a.realtime) schedule_clock.wait_until(pacing.step_s * static_cast<double>(done));
    const double sent = schedule_clock.now();
    const auto spikes = device->run(n, inputs);
    record_spikes(spikes);
    done += n;
    if (weights && a.weights_every > 0 && done % static_cast<std::uint64_t>(a.weights_every) == 0 && done < std::uint64_t(layout.steps))
      weights->take(*device);
    if (traces && done % decimation == 0) traces->sample(*device);
    if (a.realtime) {
      const double answered = schedule_clock.now();
      pacing.latency_s.push_back(answered - sent);
      pacing.slowest_step_s = std::max(pacing.slowest_step_s, (answered - sent) / static_cast<double>(n));
      for (const auto& sp : spikes)
        pacing.spike_latency_s.push_back(std::max(0.0, answered - pacing.step_s * static_cast<double>(sp.step + 1)));
      ++pacing.exchanges;
      if (answered > pacing.step_s * static_cast<double>(done)) ++pacing.deadline_misses;
    }
    if (std::chrono::steady_clock::now() - last_report > std::chrono::seconds(2)) {
      last_report = std::chrono::steady_clock::now();
      fmt::print(stderr, "run: step {} of {} ({:.0f} %)\n", done, layout.steps, 100.0 * double(done) / double(layout.steps));
    }
  }
  } catch (const DeviceStopped& e) {  // the spikes of the steps it completed are good
    record_spikes(e.spikes);
    done = std::max(done, e.complete_step);
    write_cut_short_outputs(dir, layout, run, *device, done,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), "aborted", e.what());
    throw;
  } catch (const DeviceError& e) {
    write_cut_short_outputs(dir, layout, run, *device, done,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), "aborted", e.what());
    throw;
  }
  if (interrupt.requested()) {
    const std::string reason = fmt::format("signal {} (Ctrl-C or SIGTERM)", interrupt.signal());
    write_cut_short_outputs(dir, layout, run, *device, done,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), "interrupted",
                            reason);
    throw Interrupted(fmt::format("run interrupted by {} at step {}; outputs in {}", reason, done, dir.path().string()),
                      interrupt.signal());
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.saturations = device->counters().saturations;
  run.dropped_events = device->counters().overflows;
  write_outputs(dir, layout, run, device->uri(), wall);
  if (weights) {
    weights->take(*device);
    const auto pictures = weights->draw(picture);
    auto summary = nlohmann::json::parse(std::ifstream(dir.file("summary.json")));
    summary["weights"] = {{"file", "weights.csv"}, {"snapshots", weights->snapshots()}, {"tiles", weights->tiles()},
                          {"pictures", pictures}};
    dir.write_json("summary.json", summary);
  }
  if (traces) {
    auto summary = nlohmann::json::parse(std::ifstream(dir.file("summary.json")));
    std::vector<std::string> fields;
    for (auto f : layout.record.fields) fields.emplace_back(trace_field_name(f));
    summary["traces"] = {{"files", traces->files()}, {"neurons", layout.record.neurons.size()}, {"fields", fields},
                         {"decimation", layout.record.decimation}};
    dir.write_json("summary.json", summary);
  }
  if (a.realtime) {
    auto summary = nlohmann::json::parse(std::ifstream(dir.file("summary.json")));
    summary["realtime"] = {{"step_us", a.step_us},
                           {"clock", schedule_clock.name()},
                           {"fastest_step_us", 1e6 * pacing.slowest_step_s},
                           {"steps_per_exchange", pacing.chunk},
                           {"exchanges", pacing.exchanges},
                           {"deadline_misses", pacing.deadline_misses},
                           {"latency_s", {{"median", percentile(pacing.latency_s, 0.5)},
                                          {"p95", percentile(pacing.latency_s, 0.95)},
                                          {"max", percentile(pacing.latency_s, 1.0)}}},
                           {"spike_latency_s", {{"spikes", pacing.spike_latency_s.size()},
                                                {"median", percentile(pacing.spike_latency_s, 0.5)},
                                                {"p95", percentile(pacing.spike_latency_s, 0.95)},
                                                {"max", percentile(pacing.spike_latency_s, 1.0)}}}};
    dir.write_json("summary.json", summary);
    fmt::print("run: real time at {:g} us/step ({} time): {} of {} exchanges missed their deadline; input-to-output "
               "latency median {:.3g} ms, p95 {:.3g} ms, max {:.3g} ms (exchanges of {} steps; fastest step period they "
               "sustain {:.3g} us); {} spikes reached the host median {:.3g} ms, p95 {:.3g} ms, max {:.3g} ms after "
               "their step's end\n",
               a.step_us, schedule_clock.name(), pacing.deadline_misses, pacing.exchanges, 1e3 * percentile(pacing.latency_s, 0.5),
               1e3 * percentile(pacing.latency_s, 0.95), 1e3 * percentile(pacing.latency_s, 1.0), pacing.chunk,
               1e6 * pacing.slowest_step_s,
               pacing.spike_latency_s.size(), 1e3 * percentile(pacing.spike_latency_s, 0.5),
               1e3 * percentile(pacing.spike_latency_s, 0.95), 1e3 * percentile(pacing.spike_latency_s, 1.0));
  }
  // The driver's flow control keeps the device queue from overflowing; should it happen anyway,
  // the run says so and fails, its outputs written.
  if (run.dropped_events > 0)
    throw DeviceError(fmt::format("{}: the device dropped {} input events (queue overflow); outputs in {} say so "
                                  "(summary.json: dropped_events)", device->uri(), run.dropped_events, dir.path().string()));
  std::size_t spikes = 0;
  for (const auto& n : run.spike_steps) spikes += n.size();
  fmt::print("run: {} on {}: {} tiles x {} neurons, {} steps, {} spikes, {:.3g} steps/s (real-time factor {:.3g}); "
             "outputs in {} (spikes.csv, raster.png, rates.png, summary.json{})\n",
             a.layout, device->uri(), layout.spec.tiles, layout.spec.columns, layout.steps, spikes,
             double(layout.steps) / wall, layout.spec.neuron.circuit.dt * double(layout.steps) / wall, dir.path().string(),
             traces ? fmt::format("; traces: {}", fmt::join(traces->files(), ", ")) : "");
}

}  // namespace

void add_run_commands(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "run a chip described in a layout file");
  run->add_option("layout", a->layout, "layout file (.toml)")->required()->check(CLI::ExistingFile);
  run->add_option("--backend", a->backend, kBackendHelp)->capture_default_str();
  run->add_option("--steps", a->steps, "steps (default: the layout's run.steps)")->check(CLI::Range(1L, 1L << 40));
  run->add_option("--out", a->out, "output folder")->required();
  run->add_flag("--realtime", a->realtime, "pace steps against the wall clock, or a systemc:// device's simulated "
                 "clock (needs --step-us)");
  run->add_option("--step-us", a->step_us, "microseconds per step in --realtime")->check(CLI::PositiveNumber);
  run->add_option("--vcd", a->vcd, "also write the [record] traces as a VCD file (GTKWave) to this path");
  run->add_flag("--no-record", a->no_record, "ignore the layout's [record] table (run without state traces)");
  run->add_option("--weights-every", a->weights_every, "also save the crossbar conductances every N steps in weights.csv "
                  "(always at the start and the end of a layout with [plasticity])")->check(CLI::Range(1L, 1L << 40));
  run->add_option("--weights-picture", a->weights_picture, "draw each neuron's first H x W synapses as an H x W picture "
                  "in weights-tile<T>.png (HxW, e.g. 8x8; default: the crossbar as it is)");
  run->add_option("--threads", a->threads, "fixed backend: step the tiles on this many threads (the same spikes for "
                  "every count)")->check(CLI::Range(1, 256));
  run->callback([a] { run_layout(*a); });

  auto i = std::make_shared<RunArgs>();
  auto* info = app.add_subcommand("info", "print a backend's capabilities");
  info->add_option("--backend", i->backend, kBackendHelp)->capture_default_str();
  info->callback([i] {
    const auto device = open_backend(i->backend);
    const auto caps = device->capabilities();
    const auto limit = [](int v) { return v > 0 ? std::to_string(v) : std::string("memory-bound"); };
    fmt::print("{}: {}\n  tiles: {}\n  rows per tile: {}\n  columns per tile: {}\n", device->uri(), caps.description,
               limit(caps.max_tiles), limit(caps.max_rows), limit(caps.max_columns));
  });

  auto c = std::make_shared<RunArgs>();
  auto* check = app.add_subcommand("check", "validate a layout file (and its fit on a backend) without running it");
  check->add_option("layout", c->layout, "layout file (.toml)")->required()->check(CLI::ExistingFile);
  check->add_option("--backend", c->backend, kBackendHelp)->capture_default_str();
  check->add_flag("--no-record", c->no_record, "ignore the layout's [record] table");
  check->callback([c] {
    const auto layout = load_layout(c->layout);
    const auto device = open_backend(c->backend);
    device->check(layout);
    recording(layout, *device, *c);
    fmt::print("check: {} is valid for the {} backend: {} x {} tiles of {} x {}, {} steps\n", c->layout, c->backend,
               layout.grid_rows, layout.grid_columns, layout.spec.rows, layout.spec.columns, layout.steps);
  });
}

}  // namespace ionarray::cli
