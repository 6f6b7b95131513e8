#include "reference/array_spec.hpp"

#include <cmath>

#include "ionarray/noise.hpp"

namespace ionarray::reference {
namespace {
// Synapse streams sit far above any neuron index so they never share a stream with a device.
constexpr std::uint64_t kSynapseStreamBase = std::uint64_t{1} << 40;

}  // namespace

void generate_synapses(ArraySpec& spec, const SynapseGenerator& gen, std::uint64_t seed) {
  // Irwin-Hall draws reach 3.46 sd: above 0.28 a conductance could be drawn negative.
  if (gen.spread < 0 || gen.spread > 0.28)
    throw ParameterError("synapses.spread", "synapses.spread must be in 0 .. 0.28");
  if (gen.levels < 1) throw ParameterError("synapses.levels", "synapses.levels must be >= 1");
  spec.conductance.assign(static_cast<std::size_t>(spec.tiles),
                          std::vector<double>(static_cast<std::size_t>(spec.rows * spec.columns), 0.0));
  const double step = gen.levels > 1 ? gen.g_max / (gen.levels - 1) : gen.g_max;
  for (int t = 0; t < spec.tiles; ++t) {
    noise::NoiseStream draws(seed, kSynapseStreamBase + static_cast<std::uint64_t>(t), noise::Stream::device_to_device);
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
        double programmed = std::round(target / step) * step;  // nearest programmable level
        if (programmed > 0 && gen.spread > 0) programmed *= 1 + gen.spread * draws.next_gaussian();
        g[static_cast<std::size_t>(i * spec.columns + j)] = programmed;
      }
    }
  }
}

}  // namespace ionarray::reference
