#pragma once
// Lockstep co-simulation: the same host-link packets go to a golden device (the fixed-point C++
// link core) and a device under test (the array core RTL under Verilator), one step at a time,
// and every output word is compared: the step's spikes, every neuron's state words (read_state
// after every step), the words of every plastic synapse (read_crossbar after every step), status
// counters and acknowledgements. The first difference is reported by
// step, tile, neuron and field with both values, and the run stops there.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "device/device.hpp"
#include "device/transport.hpp"
#include "fixed/array_image.hpp"

namespace ionarray {

struct LockstepMismatch {
  std::uint64_t step = 0;
  std::string where;  // "tile 2, neuron 17, field vm", "spike word 3", "word 12 (status)"
  std::uint64_t golden = 0, tested = 0;
  std::string describe() const;
};

struct LockstepResult {
  std::uint64_t steps = 0, words_compared = 0, state_words = 0, spikes = 0;
  std::uint64_t synapse_words = 0;     // plastic synapse words compared (every plastic row, every step)
  std::uint64_t synapses_changed = 0;  // of those, the words the step had changed
  std::optional<LockstepMismatch> mismatch;
};

// Changes what the device under test is loaded with (tests use it to show a difference is caught).
using ImagePerturbation = std::function<void(fixed::ArrayImage&)>;

// Runs `steps` steps of `layout` with `inputs` (in step order) on both devices.
LockstepResult run_lockstep(const Layout& layout, std::span<const InputEvent> inputs, std::uint64_t steps,
                            Transport& golden, Transport& tested, const ImagePerturbation& perturb_tested = {});

}  // namespace ionarray
