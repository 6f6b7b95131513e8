#pragma once
// Random engine states anywhere in their formats, at the edges of the ranges half the time: the
// saturating corners the vector kernel and the RTL must handle exactly as the scalar model does.
#include <algorithm>
#include <cstdint>
#include <random>

#include "ionarray/neuron_engine.hpp"

namespace ionarray::testing {

inline std::int64_t corner_value(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  const auto r = rng() % 4;
  return r == 0 ? lo : r == 1 ? hi : lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

// f + r <= 1 as the engine keeps it; kg is the conductance the state implies.
inline fx::NeuronState corner_state(std::mt19937_64& rng, const fx::EngineTables& tables, const fx::SharedCoefs& shared) {
  fx::NeuronState n;
  n.f = static_cast<std::int32_t>(corner_value(rng, 0, fx::kXOne));
  n.r = static_cast<std::int32_t>(corner_value(rng, 0, fx::kXOne - n.f));
  n.s = static_cast<std::int32_t>(corner_value(rng, 0, fx::kSMax));
  n.vm = static_cast<std::int32_t>(corner_value(rng, -fx::kVMax, fx::kVMax));
  fx::SaturationCounters ignored;
  n.kg = fx::conductance(tables, shared, std::min(n.f + n.r, fx::kXOne), n.s, ignored);
  n.armed = rng() % 2 == 0;
  n.noise = rng() | 1;
  return n;
}

}  // namespace ionarray::testing
