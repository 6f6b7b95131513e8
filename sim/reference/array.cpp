#include "reference/array.hpp"

#include <algorithm>

namespace ionarray::reference {

ReferenceArray::ReferenceArray(ArraySpec spec, std::uint64_t seed)
    : spec_(std::move(spec)),
      row_timer_(static_cast<std::size_t>(spec_.tiles * spec_.rows), 0),
      i_syn_(static_cast<std::size_t>(spec_.columns)) {
  spec_.routes.resize(static_cast<std::size_t>(spec_.neurons()));
  neurons_.reserve(static_cast<std::size_t>(spec_.neurons()));
  for (int n = 0; n < spec_.neurons(); ++n)
    neurons_.emplace_back(spec_.neuron_of(n / spec_.columns), seed, static_cast<std::uint64_t>(n));
  plastic_.resize(static_cast<std::size_t>(spec_.tiles));
  for (int t = 0; t < spec_.tiles; ++t) {
    if (!spec_.plasticity.plastic(t)) continue;
    plastic_[static_cast<std::size_t>(t)] = std::make_unique<PlasticTile>(
        spec_.plasticity.synapse, spec_.plasticity.pulses, spec_.rows, spec_.columns, seed, t,
        spec_.plasticity.first_row, spec_.plasticity.last_row < 0 ? spec_.rows - 1 : spec_.plasticity.last_row);
    plastic_[static_cast<std::size_t>(t)]->program(spec_.conductance[static_cast<std::size_t>(t)]);
  }
  row_phase_.resize(static_cast<std::size_t>(spec_.rows));
}

void ReferenceArray::trigger(int tile, int row) { row_timer_[static_cast<std::size_t>(tile * spec_.rows + row)] = spec_.pulse_steps; }

const std::vector<int>& ReferenceArray::step() {
  spiked_.clear();
  const auto cols = static_cast<std::size_t>(spec_.columns);
  for (int t = 0; t < spec_.tiles; ++t) {
    const auto& g = spec_.conductance[static_cast<std::size_t>(t)];
    auto* neurons = &neurons_[static_cast<std::size_t>(t) * cols];
    auto* plastic = plastic_[static_cast<std::size_t>(t)].get();
    if (plastic)  // each row's step within its pulse, before this step counts it down
      for (int i = 0; i < spec_.rows; ++i) {
        const int timer = row_timer_[static_cast<std::size_t>(t * spec_.rows + i)];
        row_phase_[static_cast<std::size_t>(i)] = timer > 0 ? spec_.pulse_steps - timer : kIdlePhase;
      }
    std::fill(i_syn_.begin(), i_syn_.end(), 0.0);
    for (int i = 0; i < spec_.rows; ++i) {
      int& timer = row_timer_[static_cast<std::size_t>(t * spec_.rows + i)];
      if (timer == 0) continue;
      const double* g_row = &g[static_cast<std::size_t>(i) * cols];
      const double v_row = spec_.row_voltage_of(i);
      for (std::size_t j = 0; j < cols; ++j) i_syn_[j] += g_row[j] * (v_row - neurons[j].vm());
      --timer;
    }
    const auto first_spike = spiked_.size();
    for (std::size_t j = 0; j < cols; ++j)
      if (neurons[j].step(spec_.v_bias, i_syn_[j])) spiked_.push_back(t * spec_.columns + static_cast<int>(j));
    if (plastic) {  // programmed after the currents, so the next step sees the new conductances
      synapse_changes_ += static_cast<std::uint64_t>(
          plastic->step(row_phase_, spec_.neuron_of(t).circuit.dt, spec_.conductance[static_cast<std::size_t>(t)]));
      for (auto k = first_spike; k < spiked_.size(); ++k) plastic->spiked(spiked_[k] % spec_.columns);
    }
  }
  for (int n : spiked_)
    for (const auto& target : spec_.routes[static_cast<std::size_t>(n)]) trigger(target.tile, target.row);
  return spiked_;
}

}  // namespace ionarray::reference
