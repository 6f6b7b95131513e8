#include "reference/plastic_tile.hpp"

#include <algorithm>

namespace ionarray::reference {

PlasticTile::PlasticTile(const SynapseParams& nominal, const PulseScheme& scheme, int rows, int columns,
                         std::uint64_t seed, int tile, int first_row, int last_row)
    : rows_(rows),
      columns_(columns),
      first_row_(first_row),
      last_row_(last_row < 0 ? rows - 1 : last_row),
      scheme_(scheme),
      column_phase_(static_cast<std::size_t>(columns), kIdlePhase),
      c2c_draws_(seed, kPlasticStreamBase + static_cast<std::uint64_t>(tile), noise::Stream::cycle_to_cycle) {
  synapses_.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns));
  const auto first = static_cast<std::uint64_t>(tile) * static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(columns);
  for (std::uint64_t k = 0; k < static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(columns); ++k) {
    noise::NoiseStream draws(seed, kPlasticStreamBase + first + k, noise::Stream::device_to_device);
    synapses_.emplace_back(nominal, draws);
  }
}

void PlasticTile::program(std::span<double> g) {
  for (std::size_t k = 0; k < synapses_.size(); ++k) {
    const int row = static_cast<int>(k / static_cast<std::size_t>(columns_));
    if (row < first_row_ || row > last_row_) continue;
    synapses_[k].set_conductance(g[k]);
    g[k] = synapses_[k].conductance();
  }
}

void PlasticTile::spiked(int column) {
  if (scheme_.post_steps() > 0) column_phase_[static_cast<std::size_t>(column)] = 0;
}

int PlasticTile::step(std::span<const int> row_phase, double dt, std::span<double> g) {
  pulsing_.clear();
  for (int j = 0; j < columns_; ++j)
    if (column_phase_[static_cast<std::size_t>(j)] != kIdlePhase) pulsing_.push_back(j);
  const double c2c = synapses_.empty() ? 0 : synapses_.front().params().c2c;
  int changed = 0;
  // Row-major, as the hardware walks the crossbar: the cycle-to-cycle draws are taken in this
  // order, one for each synapse whose voltage passes a threshold.
  const auto update = [&](int i, int j, double v) {
    auto& s = synapses_[static_cast<std::size_t>(i * columns_ + j)];
    if (s.rate(v) == 0) return;
    const double z = c2c_draws_.next_gaussian();
    if (s.step(v, dt, c2c > 0 ? 1 + c2c * z : 1)) {
      g[static_cast<std::size_t>(i * columns_ + j)] = s.conductance();
      ++changed;
    }
  };
  for (int i = first_row_; i <= last_row_; ++i) {
    const int phase = row_phase[static_cast<std::size_t>(i)];
    if (phase != kIdlePhase) {  // an active row: every column, pulsing or not
      const double pre = scheme_.pre_voltage(phase);
      for (int j = 0; j < columns_; ++j) update(i, j, pre - scheme_.post_voltage(column_phase_[static_cast<std::size_t>(j)]));
    } else if (scheme_.idle_rows_grounded) {  // a grounded idle row: the pulsing columns only
      for (int j : pulsing_) update(i, j, -scheme_.post_voltage(column_phase_[static_cast<std::size_t>(j)]));
    }
  }
  for (std::size_t j = 0; j < column_phase_.size(); ++j) {
    int& p = column_phase_[j];
    if (p != kIdlePhase && ++p >= scheme_.post_steps()) p = kIdlePhase;
  }
  return changed;
}

}  // namespace ionarray::reference
