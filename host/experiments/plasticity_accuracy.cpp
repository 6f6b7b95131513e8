#include "experiments/plasticity_accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "fixed/array_image.hpp"
#include "reference/device_params.hpp"
#include "reference/plastic_tile.hpp"

namespace ionarray {

bool PlasticityAccuracy::meets_target() const {
  return max_x_error <= 1e-4 && max_conductance_error <= word_lsb + 1e-3 && reference_changes == fixed_changes;
}

PlasticityAccuracy plasticity_accuracy(std::uint64_t seed, long steps) {
  reference::ArraySpec spec{.tiles = 1, .rows = 64, .columns = 16, .neuron = reference::named_set("lif")};
  spec.pulse_steps = 20;
  auto& p = spec.plasticity;
  p.synapse = reference::named_synapse_set("vteam");
  p.synapse.r_on = 700e3, p.synapse.r_off = 6e6, p.synapse.k_on = -2e5, p.synapse.k_off = 2e4;
  p.synapse.c2c = 0.1, p.synapse.d2d = 0.05;
  p.pulses = {.pre_head = 0.015, .pre_tail = -0.15, .pre_head_steps = 1, .post_head = 0.15, .post_tail = -0.03,
              .post_head_steps = 2, .post_tail_steps = 2, .idle_rows_grounded = true};
  p.tiles = {true};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> start(0.6e-6, 1.2e-6);
  spec.conductance.assign(1, std::vector<double>(static_cast<std::size_t>(spec.rows * spec.columns)));
  for (double& g : spec.conductance[0]) g = start(rng);

  auto image = fixed::build_array_image(spec, seed);
  auto& fixed_tile = *image.plastic[0];
  auto& words = image.g[0];
  const double siemens_per_word = image.siemens_per_word[0];
  reference::PlasticTile reference_tile(p.synapse, p.pulses, spec.rows, spec.columns, seed, 0);
  std::vector<double> g = spec.conductance[0];
  reference_tile.program(g);

  PlasticityAccuracy r{.rows = spec.rows, .columns = spec.columns, .steps = steps};
  const double range = p.synapse.g_on() - p.synapse.g_off();
  r.word_lsb = siemens_per_word / range;
  std::vector<std::int16_t> timer(static_cast<std::size_t>(spec.rows), 0);
  std::vector<int> phase(static_cast<std::size_t>(spec.rows));
  std::bernoulli_distribution trigger(0.02), spike(0.01);
  std::vector<std::uint16_t> spiked;
  double squares = 0;
  const double dt = spec.neuron.circuit.dt;
  for (long k = 0; k < steps; ++k) {
    for (auto& t : timer)
      if (trigger(rng)) t = static_cast<std::int16_t>(spec.pulse_steps);
    spiked.clear();
    for (int j = 0; j < spec.columns; ++j)
      if (spike(rng)) spiked.push_back(static_cast<std::uint16_t>(j));
    for (std::size_t i = 0; i < timer.size(); ++i) phase[i] = timer[i] > 0 ? spec.pulse_steps - timer[i] : reference::kIdlePhase;
    r.reference_changes += static_cast<std::uint64_t>(reference_tile.step(phase, dt, g));
    for (const auto j : spiked) reference_tile.spiked(j);
    const auto before = fixed_tile.changed;
    fixed_tile.program(timer, words, spec.columns, image.config->tables, spiked);
    r.fixed_changes += fixed_tile.changed - before;
    for (auto& t : timer)
      if (t > 0) --t;
    for (int i = 0; i < spec.rows; ++i)
      for (int j = 0; j < spec.columns; ++j) {
        const auto n = static_cast<std::size_t>(i * spec.columns + j);
        const double x_error = std::abs(static_cast<double>(fixed_tile.x[n]) / fx::kSynapseXOne - reference_tile.synapse(i, j).x());
        const double g_error = std::abs(words[n] * siemens_per_word - g[n]) / range;
        r.max_x_error = std::max(r.max_x_error, x_error);
        r.max_conductance_error = std::max(r.max_conductance_error, g_error);
        squares += g_error * g_error;
      }
  }
  r.rms_conductance_error = std::sqrt(squares / (static_cast<double>(steps) * spec.rows * spec.columns));
  return r;
}

nlohmann::json to_json(const PlasticityAccuracy& r) {
  return {{"rows", r.rows},
          {"columns", r.columns},
          {"steps", r.steps},
          {"reference_changes", r.reference_changes},
          {"fixed_changes", r.fixed_changes},
          {"max_x_error", r.max_x_error},
          {"max_conductance_error_of_range", r.max_conductance_error},
          {"rms_conductance_error_of_range", r.rms_conductance_error},
          {"word_lsb_of_range", r.word_lsb},
          {"meets_target", r.meets_target()}};
}

}  // namespace ionarray
