#include "reference/synapse_params.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

#include "reference/device_params.hpp"

namespace ionarray::reference {
namespace {

// "vteam": the VTEAM parameter set MemTorch ships as its VTEAM default (Lammie et al., "MemTorch:
// An Open-source Simulation Framework for Memristive Deep Learning Systems", Neurocomputing 485,
// 124-133, 2022; memtorch/bh/memristor/VTEAM.py): R_on 50 ohm, R_off 1 kohm, k_on -10 m/s,
// k_off 5e-4 m/s, alpha_on 3, alpha_off 1, v_on -0.2 V, v_off 0.02 V over a state span
// w_off - w_on = 3 nm. Its switching takes nanoseconds at the thresholds' overdrive and its
// resistances are those of a large device: a chip's synapses usually take a parameter file with
// this base and their own r_on, r_off and rates (see examples/learning/).
constexpr double kVteamSpan = 3e-9;  // m
SynapseParams make_set(std::string_view name) {
  SynapseParams p;
  p.name = std::string(name);
  if (name == "vteam") {
    p.r_on = 50;
    p.r_off = 1000;
    p.k_on = -10 / kVteamSpan;
    p.k_off = 5e-4 / kVteamSpan;
    p.alpha_on = 3;
    p.alpha_off = 1;
    p.v_on = -0.2;
    p.v_off = 0.02;
  }
  return p;
}

constexpr std::array<std::string_view, 1> kSetNames = {"vteam"};

// Ranges: what the model is defined for, bounded where a value would be physically absurd
// (rates of a picosecond, resistances beyond a petaohm, thresholds beyond the drive limit).
// Irwin-Hall draws reach 3.46 sd: above 0.28 a spread could flip a threshold's or a rate's sign.
constexpr double kMaxOhm = 1e15, kMaxRate = 1e12;
const std::array kFields = {
    SynapseField{"r_on", 0, kMaxOhm, true, false, "ohm", &SynapseParams::r_on},
    SynapseField{"r_off", 0, kMaxOhm, true, false, "ohm", &SynapseParams::r_off},
    SynapseField{"k_on", -kMaxRate, 0, false, true, "1/s", &SynapseParams::k_on},
    SynapseField{"k_off", 0, kMaxRate, true, false, "1/s", &SynapseParams::k_off},
    SynapseField{"alpha_on", 0, 16, true, false, "", &SynapseParams::alpha_on},
    SynapseField{"alpha_off", 0, 16, true, false, "", &SynapseParams::alpha_off},
    SynapseField{"v_on", -kMaxDriveVolts, 0, false, true, "V", &SynapseParams::v_on},
    SynapseField{"v_off", 0, kMaxDriveVolts, true, false, "V", &SynapseParams::v_off},
    SynapseField{"d2d", 0, 0.28, false, false, "", &SynapseParams::d2d},
    SynapseField{"c2c", 0, 0.28, false, false, "", &SynapseParams::c2c},
};

}  // namespace

std::string SynapseField::allowed() const {
  const std::string u = unit.empty() ? std::string() : fmt::format(" {}", unit);
  return fmt::format("{:g} {} value {} {:g}{}", min, min_exclusive ? "<" : "<=", max_exclusive ? "<" : "<=", max, u);
}

std::span<const std::string_view> synapse_set_names() { return kSetNames; }

SynapseParams named_synapse_set(std::string_view name) {
  for (auto known : kSetNames)
    if (known == name) return make_set(name);
  throw ParameterError("set", fmt::format("unknown synapse parameter set '{}'; known sets: {}", name,
                                          fmt::join(kSetNames, ", ")));
}

std::span<const SynapseField> synapse_fields() { return kFields; }

const SynapseField* find_synapse_field(std::string_view key) {
  for (const auto& f : kFields)
    if (f.key == key) return &f;
  return nullptr;
}

void validate(const SynapseParams& p) {
  for (const auto& f : kFields) {
    const double v = p.*f.member;
    const bool ok = std::isfinite(v) && (f.min_exclusive ? v > f.min : v >= f.min) &&
                    (f.max_exclusive ? v < f.max : v <= f.max);
    if (!ok)
      throw ParameterError(fmt::format("synapse.{}", f.key),
                           fmt::format("synapse.{} = {:g} is out of range; allowed: {}", f.key, v, f.allowed()));
  }
  if (!(p.r_off > p.r_on))
    throw ParameterError("synapse.r_off", fmt::format("synapse.r_off = {:g} must exceed synapse.r_on = {:g}", p.r_off, p.r_on));
}

}  // namespace ionarray::reference
