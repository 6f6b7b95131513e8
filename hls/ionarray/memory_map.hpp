#pragma once
// How the engine's configuration and state map onto the host link's memory words
// (write_memory packets). Shared by the host encoder and the device decoder.
#include <cstdint>

#include "ionarray/tile_engine.hpp"

namespace ionarray::fx {

inline constexpr int kRouteSlots = 4;  // rows one neuron can drive
inline constexpr std::uint32_t kNoRoute = 0xFFFFF;
inline constexpr int kCoefsPerNeuron = 16;  // address stride in device_coefs
inline constexpr int kStateWords = 8;       // address stride in neuron_state

// A coefficient in one 36-bit data field: shift (8 bits, two's complement) above mant (17 bits).
constexpr std::uint64_t pack_coef(const Coef& c) {
  return (static_cast<std::uint64_t>(c.shift & 0xFF) << 17) | static_cast<std::uint64_t>(c.mant & 0x1FFFF);
}
constexpr Coef unpack_coef(std::uint64_t w) {
  return {static_cast<std::int32_t>(w & 0x1FFFF), static_cast<std::int32_t>(static_cast<std::int8_t>((w >> 17) & 0xFF))};
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

// Tile configuration addresses.
enum class ConfigField : int { tiles, rows, columns, row_voltage, v_bias, g_shift, pulse_steps, count };

// Neuron state addresses (within a kStateWords stride).
enum class StateField : int { f, r, s, vm, kg, armed, noise_low, noise_high, count };

inline std::int32_t* table_slot(EngineTables& t, int table) {
  std::int32_t* tables[] = {t.exp_neg, t.exp_pos, t.inv_s2, t.exp2_frac, t.expm1_ratio, t.reciprocal};
  return table < 6 ? tables[table] : nullptr;
}
inline constexpr int kTableCount = 6;

}  // namespace ionarray::fx
