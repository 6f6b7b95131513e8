// Experiments asked to stop early (Ctrl-C on the command line) return exactly what they
// completed: the same data as a shorter run with the same seed, never a partial cycle or trial.
#include <doctest/doctest.h>

#include "experiments/dc_sweep.hpp"
#include "experiments/fit.hpp"
#include "experiments/neuron_run.hpp"
#include "experiments/pulse_test.hpp"
#include "reference/device_params.hpp"

using namespace ionarray;

namespace {

// Says "stop" from its (n+1)-th question on.
StopRequest stop_after(int n) {
  return [n, asked = 0]() mutable { return asked++ >= n; };
}

}  // namespace

TEST_CASE("a DC sweep asked to stop returns the cycles before it, equal to a shorter sweep") {
  const auto set = reference::named_set("dc-asymmetric");
  const auto protocol = default_dc_protocol(set);
  const auto cut = run_dc_sweep(set, protocol, 10, 3, Backend::reference, stop_after(4));
  const auto whole = run_dc_sweep(set, protocol, 4, 3);
  REQUIRE(cut.size() == 4);
  for (std::size_t c = 0; c < cut.size(); ++c) {
    CHECK(cut[c].v == whole[c].v);
    CHECK(cut[c].i == whole[c].i);
  }
}

TEST_CASE("pulse trials asked to stop return the trials before it") {
  const auto set = reference::named_set("pulse");
  const auto cut = run_pulse_trials(set, PulseProtocol{}, 10, 5, Backend::reference, stop_after(3));
  const auto whole = run_pulse_trials(set, PulseProtocol{}, 3, 5);
  REQUIRE(cut.size() == 3);
  CHECK(cut[2].i == whole[2].i);
}

TEST_CASE("neurons asked to stop end at a step boundary with the spikes of the steps done") {
  const auto set = reference::named_set("lif");
  const auto drive = make_drive(set);
  const auto cut = run_neurons(set, drive, Backend::fixed, 4, 20000, 2, {}, 0, {}, stop_after(30));
  CHECK(cut.stopped);
  CHECK(cut.steps == 30 * 256);  // (asked every 256 steps)
  const auto whole = run_neurons(set, drive, Backend::fixed, 4, cut.steps, 2);
  CHECK_FALSE(whole.stopped);
  CHECK(cut.spike_steps == whole.spike_steps);
  long spikes = 0;
  for (const auto& s : whole.spike_steps) spikes += static_cast<long>(s.size());
  CHECK(spikes > 0);  // (the comparison compares something)
}

TEST_CASE("a fit asked to stop returns the best set it evaluated, marked as stopped") {
  const auto set = reference::named_set("dc-asymmetric");
  const auto measured = split_sweeps(run_dc_sweep(set, default_dc_protocol(set), 40, 9), "simulated sweeps");
  auto start = set;
  start.device.mu *= 2;
  FitOptions options{.fields = {"device.mu"}, .samples = 10, .seed = 1, .max_evaluations = 50, .stop = stop_after(5)};
  const auto r = fit_dc(start, measured, options);
  CHECK(r.stopped);
  CHECK(r.evaluations == 5);
  CHECK(r.objective < 1e12);
  CHECK_FALSE(r.simulated.is_null());
}
