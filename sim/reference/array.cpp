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
}

void ReferenceArray::trigger(int tile, int row) { row_timer_[static_cast<std::size_t>(tile * spec_.rows + row)] = spec_.pulse_steps; }

const std::vector<int>& ReferenceArray::step() {
  spiked_.clear();
  const auto cols = static_cast<std::size_t>(spec_.columns);
  for (int t = 0; t < spec_.tiles; ++t) {
    const auto& g = spec_.conductance[static_cast<std::size_t>(t)];
    auto* neurons = &neurons_[static_cast<std::size_t>(t) * cols];
    std::fill(i_syn_.begin(), i_syn_.end(), 0.0);
    for (int i = 0; i < spec_.rows; ++i) {
      int& timer = row_timer_[static_cast<std::size_t>(t * spec_.rows + i)];
      if (timer == 0) continue;
      const double* g_row = &g[static_cast<std::size_t>(i) * cols];
      for (std::size_t j = 0; j < cols; ++j) i_syn_[j] += g_row[j] * (spec_.row_voltage - neurons[j].vm());
      --timer;
    }
    for (std::size_t j = 0; j < cols; ++j)
      if (neurons[j].step(spec_.v_bias, i_syn_[j])) spiked_.push_back(t * spec_.columns + static_cast<int>(j));
  }
  for (int n : spiked_)
    for (const auto& target : spec_.routes[static_cast<std::size_t>(n)]) trigger(target.tile, target.row);
  return spiked_;
}

}  // namespace ionarray::reference
