#include "reference/array_spec.hpp"

#include <cmath>

#include "ionarray/noise.hpp"

namespace ionarray::reference {
namespace {
// Synapse streams sit far above any neuron index so they never share a stream with a device.
constexpr std::uint64_t kSynapseStreamBase = std::uint64_t{1} << 40;

void check_programming(const SynapseGenerator& gen) {
  // Irwin-Hall draws reach 3.46 sd: above 0.28 a conductance could be drawn negative.
  if (gen.spread < 0 || gen.spread > 0.28)
    throw ParameterError("synapses.spread", "synapses.spread must be in 0 .. 0.28");
  if (gen.levels < 1) throw ParameterError("synapses.levels", "synapses.levels must be >= 1");
}

noise::NoiseStream synapse_draws(std::uint64_t seed, int tile) {
  return noise::NoiseStream(seed, kSynapseStreamBase + static_cast<std::uint64_t>(tile), noise::Stream::device_to_device);
}

// What a synapse set to `target` holds: the nearest programmable level, then its device spread.
double program_level(double target, const SynapseGenerator& gen, noise::NoiseStream& draws) {
  const double step = gen.levels > 1 ? gen.g_max / (gen.levels - 1) : gen.g_max;
  double programmed = step > 0 ? std::round(target / step) * step : 0;
  if (programmed > 0 && gen.spread > 0) programmed *= 1 + gen.spread * draws.next_gaussian();
  return programmed;
}

void clear(ArraySpec& spec) {
  spec.conductance.assign(static_cast<std::size_t>(spec.tiles),
                          std::vector<double>(static_cast<std::size_t>(spec.rows * spec.columns), 0.0));
}

}  // namespace

void generate_synapses(ArraySpec& spec, const SynapseGenerator& gen, std::uint64_t seed) {
  check_programming(gen);
  clear(spec);
  for (int t = 0; t < spec.tiles; ++t) {
    auto draws = synapse_draws(seed, t);
    auto& g = spec.conductance[static_cast<std::size_t>(t)];
    for (int i = 0; i < spec.rows; ++i) {
      for (int j = 0; j < spec.columns; ++j) {
        double target = 0;
        switch (gen.kind) {
          case SynapseGenerator::Kind::identity: target = i == j ? gen.g_max : 0; break;
          case SynapseGenerator::Kind::random: target = draws.next_uniform() * gen.g_max; break;
          case SynapseGenerator::Kind::sparse: {
            const double keep = draws.next_uniform(), level = draws.next_uniform();
            target = keep < gen.density ? level * gen.g_max : 0;
            break;
          }
        }
        g[static_cast<std::size_t>(i * spec.columns + j)] = program_level(target, gen, draws);
      }
    }
  }
}

void program_synapses(ArraySpec& spec, const std::vector<std::vector<double>>& targets, const SynapseGenerator& gen,
                      std::uint64_t seed) {
  check_programming(gen);
  const auto size = static_cast<std::size_t>(spec.rows * spec.columns);
  if (targets.size() != static_cast<std::size_t>(spec.tiles))
    throw ParameterError("synapses", "synapse targets must hold one matrix per tile");
  clear(spec);
  for (int t = 0; t < spec.tiles; ++t) {
    const auto& target = targets[static_cast<std::size_t>(t)];
    if (target.size() != size) throw ParameterError("synapses", "synapse target matrix must hold rows x columns values");
    auto draws = synapse_draws(seed, t);
    auto& g = spec.conductance[static_cast<std::size_t>(t)];
    for (std::size_t k = 0; k < size; ++k) {
      if (target[k] < 0 || target[k] > gen.g_max)
        throw ParameterError("synapses", "synapse targets must lie in 0 .. g_max");
      g[k] = program_level(target[k], gen, draws);
    }
  }
}

}  // namespace ionarray::reference
