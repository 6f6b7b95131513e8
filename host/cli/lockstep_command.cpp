// ionarray lockstep LAYOUT: the array core RTL under Verilator against the fixed-point C++ link
// core, step by step, on every output word and every neuron's state words.
#include <cstdlib>

#include <fmt/format.h>

#include "backends/open_device.hpp"
#include "cli/commands.hpp"
#include "device/device.hpp"
#include "lockstep/lockstep.hpp"

namespace ionarray::cli {
namespace {

struct LockstepArgs {
  std::string layout, waves;
  long steps = 0;
};

int run_lockstep_command(const LockstepArgs& a) {
  const auto layout = load_layout(a.layout);
  open_device("verilator://")->check(layout);  // the model's capacity, named when exceeded
  const long steps = a.steps > 0 ? a.steps : layout.steps;
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto inputs = next_inputs(schedule, steps);
  auto golden = make_loopback_transport();
  auto tested = make_verilator_transport(a.waves);
  const auto r = run_lockstep(layout, inputs, static_cast<std::uint64_t>(steps), *golden, *tested);
  if (r.mismatch) {
    fmt::print("lockstep: MISMATCH after {} equal steps: {}{}\n", r.steps, r.mismatch->describe(),
               a.waves.empty() ? "" : "; waveforms in " + a.waves);
    return 5;
  }
  fmt::print("lockstep: {} steps, {} neurons: equal on every output word ({} words, {} state words, {} spikes, {} "
             "plastic synapse words of which {} changed)\n", r.steps, layout.spec.neurons(), r.words_compared, r.state_words,
             r.spikes, r.synapse_words, r.synapses_changed);
  return 0;
}

}  // namespace

void add_lockstep_command(CLI::App& app) {
  auto a = std::make_shared<LockstepArgs>();
  auto* cmd = app.add_subcommand("lockstep", "run a layout on the array core RTL (Verilator) and the C++ core in lockstep, "
                                             "comparing every state word of every neuron at every step (exit 5 on a mismatch)");
  cmd->add_option("layout", a->layout, "layout file (.toml)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--steps", a->steps, "steps (default: the layout's run.steps)")->check(CLI::PositiveNumber);
  cmd->add_option("--waves", a->waves, "write the RTL's waveforms (every clock edge) to this FST file, for GTKWave");
  cmd->callback([a] {
    if (const int status = run_lockstep_command(*a); status != 0) std::exit(status);
  });
}

}  // namespace ionarray::cli
