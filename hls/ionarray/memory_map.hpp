#pragma once
// How the engine's configuration and state map onto the host link's memory words
// (write_memory packets). Shared by the host encoder and the device decoder.
#include <cstdint>

#include "ionarray/host_link.hpp"
#include "ionarray/plastic_synapse.hpp"
#include "ionarray/tile_engine.hpp"

namespace ionarray::fx {

inline constexpr int kRouteSlots = 4;  // rows one neuron can drive
inline constexpr std::uint32_t kNoRoute = link::Route::none;  // a route word (spec/host_link.toml)
static_assert(link::Route::word_bits <= 32, "route words are kept as 32-bit values");
inline constexpr int kCoefsPerNeuron = 16;  // address stride in device_coefs
inline constexpr int kStateWords = 8;       // address stride in neuron_state

// Crossbar word addresses: row * kMaxColumns + column, a power-of-two stride so that the hardware
// takes row and column apart by wiring rather than dividing by the configured column count.
inline constexpr int kCrossbarColumnBits = 8;
static_assert(kMaxColumns == 1 << kCrossbarColumnBits && kMaxRows << kCrossbarColumnBits <= 1 << 16,
              "a crossbar address must fit the 16-bit address field");
constexpr int crossbar_address(int row, int column) { return (row << kCrossbarColumnBits) | column; }
constexpr int crossbar_row(int address) { return address >> kCrossbarColumnBits; }
constexpr int crossbar_column(int address) { return address & ((1 << kCrossbarColumnBits) - 1); }

// A coefficient in one data field: the coefficient word of spec/host_link.toml.
constexpr std::uint64_t pack_coef(const Coef& c) {
  link::Coefficient v;
  v.shift = c.shift;
  v.mant = static_cast<std::uint64_t>(static_cast<std::int64_t>(c.mant));
  return link::pack(v);
}
constexpr Coef unpack_coef(std::uint64_t w) {
  const auto v = link::unpack_coefficient(w);
  return {static_cast<std::int32_t>(v.mant), static_cast<std::int32_t>(v.shift)};
}

// A coefficient word the engine can hold: its shift within [kCoefShiftMin, kCoefShiftMax].
constexpr bool coef_word_ok(std::uint64_t w) {
  const int shift = unpack_coef(w).shift;
  return shift >= kCoefShiftMin && shift <= kCoefShiftMax;
}
constexpr std::uint64_t pack_signed(std::int64_t v) { return static_cast<std::uint64_t>(v) & 0xFFFFFFFFFULL; }
constexpr std::int64_t unpack_signed(std::uint64_t w) {  // sign-extend 36 bits
  return static_cast<std::int64_t>(w << 28) >> 28;
}

// Coefficients of one neuron, in address order.
inline Coef* device_coef_slot(DeviceCoefs& d, int k) {
  Coef* slots[] = {&d.diffuse_f, &d.diffuse_f_noise, &d.diffuse_r, &d.diffuse_r_noise, &d.drift, &d.transfer};
  return k < 6 ? slots[k] : nullptr;
}
inline constexpr int kDeviceCoefCount = 6;

// Shared coefficient addresses.
enum class SharedField : int {
  symmetric, c2c, alpha, grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale,
  tunnel_offset_low, tunnel_offset_high, input, on_conductance, spike_threshold, count
};
constexpr bool is_coef(SharedField f) {
  return f == SharedField::grow || f == SharedField::shrink || f == SharedField::shrink_noise ||
         f == SharedField::tunnel_exponent || f == SharedField::tunnel_scale || f == SharedField::input ||
         f == SharedField::on_conductance;
}

// Tile configuration addresses.
enum class ConfigField : int {
  tiles, rows, columns, row_voltage, v_bias, g_shift, pulse_steps, row_voltage_1, row_voltage_2, row_voltage_3, count
};
// The column pulse's phases (plasticity post_head_steps, post_tail_steps): each at most this.
inline constexpr int kColumnPulseStepsMax = 255;

// Neuron state addresses (within a kStateWords stride).
enum class StateField : int { f, r, s, vm, kg, armed, noise_low, noise_high, count };

// One neuron_state word of a neuron, as write_memory carries it and read_state answers it.
inline std::uint64_t state_word(const NeuronState& n, StateField field) {
  switch (field) {
    case StateField::f: return pack_signed(n.f);
    case StateField::r: return pack_signed(n.r);
    case StateField::s: return pack_signed(n.s);
    case StateField::vm: return pack_signed(n.vm);
    case StateField::kg: return pack_coef(n.kg);
    case StateField::armed: return n.armed ? 1 : 0;
    case StateField::noise_low: return n.noise & 0xFFFFFFFF;
    case StateField::noise_high: return n.noise >> 32;
    default: return 0;
  }
}
// A neuron_state word the engine can take (its tables are indexed by f, r and s): f and r in
// [0, 1], s in [0, kSMax], |vm| <= kVMax, kg a coefficient word the engine holds.
constexpr bool state_word_ok(StateField field, std::uint64_t data) {
  const std::int64_t v = unpack_signed(data);
  switch (field) {
    case StateField::f:
    case StateField::r: return v >= 0 && v <= kXOne;
    case StateField::s: return v >= 0 && v <= kSMax;
    case StateField::vm: return v >= -kVMax && v <= kVMax;
    case StateField::kg: return coef_word_ok(data);
    default: return true;
  }
}
// The inverse: one neuron_state word into a neuron's state.
inline void set_state_word(NeuronState& n, StateField field, std::uint64_t data) {
  const auto v = static_cast<std::int32_t>(unpack_signed(data));
  switch (field) {
    case StateField::f: n.f = v; break;
    case StateField::r: n.r = v; break;
    case StateField::s: n.s = v; break;
    case StateField::vm: n.vm = v; break;
    case StateField::kg: n.kg = unpack_coef(data); break;
    case StateField::armed: n.armed = data != 0; break;
    case StateField::noise_low: n.noise = (n.noise & ~0xFFFFFFFFULL) | (data & 0xFFFFFFFF); break;
    case StateField::noise_high: n.noise = (n.noise & 0xFFFFFFFFULL) | ((data & 0xFFFFFFFF) << 32); break;
    default: break;
  }
}
// Neurons one read_state may ask for: their words fill at most one packet (255 payload words).
inline constexpr int kStateReadMax = 255 / kStateWords;
// Crossbar words one read_crossbar may ask for (one packet).
inline constexpr int kCrossbarReadMax = 255;

inline std::int32_t* table_slot(EngineTables& t, int table) {
  std::int32_t* tables[] = {t.exp_neg, t.exp_pos, t.inv_s2, t.exp2_frac, t.expm1_ratio, t.reciprocal};
  return table < 6 ? tables[table] : nullptr;
}
inline constexpr int kTableCount = 6;

// Plastic synapses: synapse_state and synapse_change addresses are plastic row * kMaxColumns +
// column (the crossbar's stride), the plastic row counted from the tile's first plastic row.
enum class PlasticField : int {
  first_row, rows, pre_head_steps, post_head_steps, post_tail_steps, idle_rows_grounded, slot_map,
  c2c, resistance_ratio, word_on, noise_low, noise_high, count
};
constexpr bool is_coef(PlasticField f) {
  return f == PlasticField::c2c || f == PlasticField::resistance_ratio || f == PlasticField::word_on;
}
// The slot map: the slot of voltage class v in bits [4 v + 3 : 4 v], kNoSlot where the class
// moves no synapse of the tile.
inline constexpr std::uint64_t kNoSlot = 0xF;
constexpr std::uint64_t pack_slot_map(const PlasticConfig& c) {
  std::uint64_t map = 0;
  for (int v = 0; v < kVoltageClasses; ++v) map |= (c.slot[v] < 0 ? kNoSlot : std::uint64_t(c.slot[v])) << (4 * v);
  return map;
}
constexpr bool slot_map_ok(std::uint64_t map) {
  if (map >> (4 * kVoltageClasses) != 0) return false;
  for (int v = 0; v < kVoltageClasses; ++v) {
    const std::uint64_t slot = (map >> (4 * v)) & 0xF;
    if (slot != kNoSlot && slot >= std::uint64_t(kSynapseSlots)) return false;
  }
  return true;
}
inline void unpack_slot_map(PlasticConfig& c, std::uint64_t map) {
  for (int v = 0; v < kVoltageClasses; ++v) {
    const std::uint64_t slot = (map >> (4 * v)) & 0xF;
    c.slot[v] = static_cast<std::int8_t>(slot == kNoSlot ? -1 : int(slot));
  }
}
constexpr std::uint64_t pack_change(int slot, std::int32_t change) {
  link::SynapseChange w;
  w.slot = std::uint64_t(slot);
  w.change = change;
  return link::pack(w);
}
// A change word the tile can hold: its slot below kSynapseSlots and |change| at most x's range.
constexpr bool change_word_ok(std::uint64_t w) {
  const auto v = link::unpack_synapse_change(w);
  return link::fits_synapse_change(w) && v.slot < std::uint64_t(kSynapseSlots) && v.change >= -kSynapseXOne &&
         v.change <= kSynapseXOne;
}

}  // namespace ionarray::fx
