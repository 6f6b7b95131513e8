#pragma once
// One step of the diffusive-memristor neuron in fixed point: the golden model of the hardware
// engine. Same equations, same order and same noise stream as the reference model
// (sim/reference/memristor.cpp), in the formats of fixed_point.hpp. Plain C++: g++ compiles it
// as the fast software backend, Vitis HLS synthesizes it (static sizes, no allocation).
#include <cstdint>

#include "ionarray/fixed_point.hpp"
#include "ionarray/noise.hpp"

#ifdef __SYNTHESIS__
#define IONARRAY_HLS_PRAGMA(x) _Pragma(#x)
#else
#define IONARRAY_HLS_PRAGMA(x)
#endif

namespace ionarray::fx {

// Clocks from a neuron entering the RTL's pipelined engine (rtl/core/ionarray_engine_pipeline.sv,
// which checks its schedule against this) to its next state leaving it; one neuron enters per clock.
inline constexpr int kEngineLatency = 85;

inline constexpr int kTableBits = 10;                 // 1024 intervals, linear interpolation
inline constexpr int kTableSize = (1 << kTableBits) + 1;

// Function tables, loaded at configuration time (filled by host/fixed/tables.cpp).
struct EngineTables {
  std::int32_t exp_neg[kTableSize];      // e^-s over s in [0, 4): UQ1.16
  std::int32_t exp_pos[kTableSize];      // e^s over s in [0, 4): UQ6.18 (wide operand)
  std::int32_t inv_s2[kTableSize];       // 1 / (1 + s)^2 over s in [0, 4): UQ1.16
  std::int32_t exp2_frac[kTableSize];    // 2^p over p in [0, 1): UQ1.16
  std::int32_t expm1_ratio[kTableSize];  // (2^p - 1) / p over p in [0, 1): UQ1.16
  std::int32_t reciprocal[kTableSize];   // 1 / m over m in [1, 2): UQ1.16
};

// Per-device coefficients (device-to-device spread lives here: parameter memory).
struct DeviceCoefs {
  Coef diffuse_f;        // gamma1 dt                 X -> X
  Coef diffuse_f_noise;  // gamma1 dt sigma1 2^17/SD  (f f z / 2^17) -> X
  Coef diffuse_r;        // gamma2 dt
  Coef diffuse_r_noise;  // gamma2 dt sigma2 2^17/SD  (r r z / 2^17) -> X
  Coef drift;            // mu dt                     V -> X
  Coef transfer;         // beta dt                   X -> X
};

// Coefficients every device of a set shares.
struct SharedCoefs {
  bool symmetric = true;
  bool c2c = true;
  std::int32_t alpha = 0;         // alpha, X format
  Coef grow;                      // theta dt            V -> s
  Coef shrink;                    // gamma3 dt           e^s (UQ6.18) -> s
  Coef shrink_noise;              // gamma3 dt sigma3 2^17/SD
  Coef tunnel_exponent;           // 1 / (lambda ln 2)   X -> U
  Coef tunnel_scale;              // K = Roff / (Ron (e^(1/lambda) - 1))   -> R
  std::int64_t tunnel_offset = 0; // K in R format
  Coef input;                     // dt / (Rin C)        V -> V
  Coef on_conductance;            // dt / (C Ron): kg = on_conductance * Ron / R
  std::int32_t spike_threshold = 0;  // I_th dt / C in V format
};

struct NeuronState {
  std::int32_t f = 0, r = 0, s = 0;  // X, X, s formats
  std::int32_t vm = 0;               // V format
  Coef kg;                           // dt G / C of the last step: leak = kg * vm
  bool armed = true;                 // spike detector re-armed below threshold
  std::uint64_t noise = 0;           // xorshift64 state (cycle-to-cycle stream)
};

// Table lookup with linear interpolation: `position` is (index << frac_bits) | fraction.
template <typename M = PlainMultiply>
std::int64_t interpolate(const std::int32_t* table, std::int64_t position, int frac_bits) {
  const auto i = position >> frac_bits;
  const auto frac = position & ((std::int64_t{1} << frac_bits) - 1);
  // (the difference in 64 bits: a table a host wrote may hold entries far apart)
  return table[i] + shift_round(M::mul(frac, std::int64_t{table[i + 1]} - table[i]), frac_bits);
}

// 1 / v for v > 0 with `frac` fraction bits: returns q (UQ1.16, in (0.5, 1]) and e with
// 1 / v = q 2^-16 2^e. Every 64-bit word has a result, the same in the RTL: v is unsigned and
// v = 0 (a gap with alpha written as 0) reads as 1.
struct Reciprocal {
  std::int32_t q;
  std::int32_t e;
};
template <typename M = PlainMultiply>
Reciprocal reciprocal(const EngineTables& t, std::uint64_t v, int frac) {
  if (v == 0) v = 1;
  const int msb = 63 - __builtin_clzll(v);
  const std::int64_t m = msb >= 16 ? static_cast<std::int64_t>(v >> (msb - 16)) : static_cast<std::int64_t>(v << (16 - msb));
  const auto q = interpolate<M>(t.reciprocal, m - (1 << 16), 16 - kTableBits);
  return {static_cast<std::int32_t>(q), frac - msb};
}

// Conductance coefficient kg = dt G / C from x, s (after the device step).
template <typename M = PlainMultiply>
Coef conductance(const EngineTables& t, const SharedCoefs& c, std::int32_t x, std::int32_t s,
                        SaturationCounters& sat) {
  // Tunnelling term T / Ron = K (2^u - 1), u = (1 - x) / (lambda ln 2).
  const std::int64_t u = apply<M>(c.tunnel_exponent, kXOne - x);
  const std::int64_t n = u >> kUFrac, phi = u & ((std::int64_t{1} << kUFrac) - 1);
  std::int64_t tunnel;
  if (n == 0) {  // 2^phi - 1 = phi (2^phi - 1)/phi keeps relative precision near x = 1
    const std::int64_t p = shift_round(M::mul(phi, interpolate<M>(t.expm1_ratio, phi, kUFrac - kTableBits)), 15);  // frac 26
    tunnel = shift_round(M::mul(p, c.tunnel_scale.mant), c.tunnel_scale.shift + 1);
  } else {
    const std::int64_t m = interpolate<M>(t.exp2_frac, phi, kUFrac - kTableBits);  // UQ1.16
    tunnel = shift_round(M::mul(m, c.tunnel_scale.mant), c.tunnel_scale.shift + 16 - kRFrac - static_cast<int>(n)) - c.tunnel_offset;
  }
  // Filament term Ron x / S^2, then R / Ron = filament + tunnel and its reciprocal.
  const std::int64_t filament = shift_round(M::mul(x, interpolate<M>(t.inv_s2, s, kSFrac + 2 - kTableBits)), kLut16Frac);
  const std::int64_t r_norm = filament + tunnel;
  const Reciprocal g = reciprocal<M>(t, static_cast<std::uint64_t>(r_norm > 0 ? r_norm : 1), kRFrac);
  Coef kg{static_cast<std::int32_t>(shift_round(M::mul(g.q, c.on_conductance.mant), 16)),
          c.on_conductance.shift - g.e};
  if (kg.shift < kCoefShiftMin || kg.shift > kCoefShiftMax) {
    ++sat.conductance;
    kg.shift = kg.shift < kCoefShiftMin ? kCoefShiftMin : kCoefShiftMax;
  }
  return kg;
}

// The device's state update with voltage `v` (V format) across it: f, r and s. The conductance
// follows from them (update_conductance), a separate stage so that batches can interleave.
template <typename M = PlainMultiply>
void update_filament(NeuronState& n, const DeviceCoefs& d, const SharedCoefs& c, const EngineTables& t,
                     std::int64_t v, SaturationCounters& sat) {
  IONARRAY_HLS_PRAGMA(HLS INLINE)
  const std::int64_t va = c.symmetric ? (v < 0 ? -v : v) : (v > 0 ? v : 0);
  std::int64_t f = n.f, r = n.r, s = n.s;
  const std::int64_t x0 = f + r < kXOne ? f + r : kXOne;
  const bool bridged = kXOne - x0 < kBridgedMargin;
  const bool open = s < kOpenMargin;

  std::int64_t z1 = 0, z2 = 0, z3 = 0;
  if (c.c2c) {  // three draws, g1, g2, g3, as the reference model
    n.noise = noise::xorshift64(n.noise);
    z1 = noise::gaussian_code(n.noise);
    n.noise = noise::xorshift64(n.noise);
    z2 = noise::gaussian_code(n.noise);
    n.noise = noise::xorshift64(n.noise);
    z3 = noise::gaussian_code(n.noise);
  }

  if (bridged) {
    const std::int64_t e_neg = interpolate<M>(t.exp_neg, s, kSFrac + 2 - kTableBits);
    const std::int64_t e_pos = interpolate<M>(t.exp_pos, s, kSFrac + 2 - kTableBits);
    const std::int64_t grow = apply<M>(c.grow, shift_round(M::mul(va, e_neg), kLut16Frac));
    const std::int64_t shrink = apply<M>(c.shrink, e_pos) + apply<M>(c.shrink_noise, shift_round(M::mul(e_pos, z3), 17));
    s += grow - shrink;
    if (s > kSMax) {
      ++sat.s;
      s = kSMax;
    }
    if (s < 0) s = 0;
  }
  if (open) {
    // g f dt with g ~ N(gamma, (sigma gamma f)^2): the noise part is sigma gamma dt f^2 z (f^2 from
    // f times f rounded to 17 bits, a 27x18 product).
    const std::int64_t noise_f = apply<M>(d.diffuse_f_noise, shift_round(M::mul(shift_round(M::mul(f, shift_round(f, 9)), 16), z1), 17));
    f -= clamp64(apply<M>(d.diffuse_f, f) + noise_f, 0, f);
    const std::int64_t noise_r = apply<M>(d.diffuse_r_noise, shift_round(M::mul(shift_round(M::mul(r, shift_round(r, 9)), 16), z2), 17));
    r -= clamp64(apply<M>(d.diffuse_r, r) + noise_r, 0, r);
    const std::int64_t gap = clamp64(c.alpha + kXOne - x0, c.alpha, c.alpha + kXOne);
    const Reciprocal inv = reciprocal<M>(t, static_cast<std::uint64_t>(gap), kXFrac);
    const std::int64_t drift = shift_round(M::mul(shift_round(M::mul(va, inv.q), 16), d.drift.mant), d.drift.shift - inv.e);
    f += clamp64(drift, 0, kXOne - f - r);
    const std::int64_t moved = clamp64(apply<M>(d.transfer, f), 0, (kXOne - r) < f ? (kXOne - r) : f);
    f -= moved;
    r += moved;
  }
  n.f = static_cast<std::int32_t>(f);
  n.r = static_cast<std::int32_t>(r);
  n.s = static_cast<std::int32_t>(s);
}

// kg from the device's f, r, s: dt G / C for a neuron; Ron G for a series circuit (per
// SharedCoefs::on_conductance).
template <typename M = PlainMultiply>
void update_conductance(NeuronState& n, const SharedCoefs& c, const EngineTables& t, SaturationCounters& sat) {
  const std::int32_t x = n.f + n.r < kXOne ? n.f + n.r : kXOne;
  n.kg = conductance<M>(t, c, x, n.s, sat);
}

// One device step with voltage `v` across it.
template <typename M = PlainMultiply>
void step_device(NeuronState& n, const DeviceCoefs& d, const SharedCoefs& c, const EngineTables& t, std::int64_t v,
                 SaturationCounters& sat) {
  update_filament<M>(n, d, c, t, v, sat);
  update_conductance<M>(n, c, t, sat);
}

// Membrane node: Vm += dt/C ((Vin - Vm)/Rin + Isyn - Vm G), with the G of the previous step.
template <typename M = PlainMultiply>
std::int64_t update_membrane(NeuronState& n, const SharedCoefs& c, std::int32_t v_in, std::int32_t dv_syn,
                             SaturationCounters& sat) {
  const std::int64_t drive = clamp64(std::int64_t{v_in} - n.vm, -kVMax, kVMax);
  std::int64_t vm = n.vm + apply<M>(c.input, drive) + dv_syn - apply<M>(n.kg, n.vm);
  if (vm > kVMax || vm < -kVMax) {
    ++sat.vm;
    vm = clamp64(vm, -kVMax, kVMax);
  }
  n.vm = static_cast<std::int32_t>(vm);
  return vm;
}

// Output current I = Vm G, as dt I / C in V format; a spike is an upward threshold crossing.
template <typename M = PlainMultiply>
bool detect_spike(NeuronState& n, const SharedCoefs& c) {
  const std::int64_t current = apply<M>(n.kg, n.vm);
  const bool spike = n.armed && current > c.spike_threshold;
  n.armed = current <= c.spike_threshold;
  return spike;
}

// One step of one neuron: membrane node, then device, then spike detection. v_in and dv_syn
// (synaptic current times dt / C) are in V format. Returns true on a spike.
template <typename M = PlainMultiply>
bool step_neuron(NeuronState& n, const DeviceCoefs& d, const SharedCoefs& c, const EngineTables& t,
                 std::int32_t v_in, std::int32_t dv_syn, SaturationCounters& sat) {
  IONARRAY_HLS_PRAGMA(HLS INLINE)
  const std::int64_t vm = update_membrane<M>(n, c, v_in, dv_syn, sat);
  update_filament<M>(n, d, c, t, vm, sat);
  update_conductance<M>(n, c, t, sat);
  return detect_spike<M>(n, c);
}

}  // namespace ionarray::fx
