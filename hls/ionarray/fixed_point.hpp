#pragma once
// The fixed-point formats of the neuron engine, defined once for hls/, host/ and (generated) rtl/.
//
// Every state word and every operand has a stated width and binary point. Multiplies are always
// between a "wide" operand (signed, |a| < 2^26: 27 bits) and a "narrow" one (signed, |b| < 2^17:
// 18 bits), so each maps onto one DSP48E2 (27x18). Right shifts round half up (add half an LSB,
// then shift arithmetically). Values that leave their format saturate and are counted; nothing
// wraps silently.
#include <cstdint>

namespace ionarray::fx {

// State and signal formats: fraction bits (value = word / 2^frac).
inline constexpr int kXFrac = 25;                        // f, r, x in [0, 1]: UQ1.25
inline constexpr std::int32_t kXOne = 1 << kXFrac;
inline constexpr int kSFrac = 22;                        // s = S - 1 in [0, 4): UQ2.22
inline constexpr std::int32_t kSMax = (4 << kSFrac) - 1;
inline constexpr int kVFrac = 20;                        // voltages: SQ6.20, |V| < 64 V
inline constexpr std::int32_t kVMax = (1 << 26) - 1;
inline constexpr int kUFrac = 25;                        // tunnelling exponent u in [0, 32): UQ5.25
inline constexpr int kRFrac = 25;                        // resistance / Ron: UQ38.25 in 64 bits
inline constexpr int kLut16Frac = 16;                    // table values in [0, 2): UQ1.16 (narrow operand)

// Bridged: x > 1 - 1e-6 becomes 1 - x < 34 LSB (1.013e-6); open: S < 1 + 1e-6 becomes s < 5 LSB (1.19e-6).
inline constexpr std::int32_t kBridgedMargin = 34;
inline constexpr std::int32_t kOpenMargin = 5;

inline constexpr std::int64_t kWideLimit = std::int64_t{1} << 26;    // |wide operand| < this
inline constexpr std::int64_t kNarrowLimit = std::int64_t{1} << 17;  // |narrow operand| < this

// A configuration-time constant in block floating point: value = mant * 2^-shift, mant < 2^17,
// shift in [kCoefShiftMin, kCoefShiftMax] (the range the RTL engine's shifters take).
inline constexpr int kCoefShiftMin = -8;
inline constexpr int kCoefShiftMax = 62;
struct Coef {
  std::int32_t mant = 0;
  std::int32_t shift = 0;
};

// Arithmetic right shift with round-half-up; a negative shift is a left shift. In the 64-bit
// word of the RTL (ionarray_arith_pkg::shift_round): a left shift out of the word gives 0, a
// right shift by 64 or more the sign, and sums wrap. Shifts that large come only from state or
// coefficient words that no configured neuron reaches (a host may still write them), and are
// computed here as the RTL computes them, not left undefined.
constexpr std::int64_t shift_round(std::int64_t v, int shift) {
  const auto bits = static_cast<std::uint64_t>(v);
  if (shift <= 0) return -shift >= 64 ? 0 : static_cast<std::int64_t>(bits << -shift);
  const std::uint64_t half = shift > 64 ? 0 : std::uint64_t{1} << (shift - 1);
  const auto sum = static_cast<std::int64_t>(bits + half);
  return shift >= 64 ? (sum < 0 ? -1 : 0) : sum >> shift;
}

// The engine's only multiply: a wide (27-bit) by a narrow (18-bit) signed operand, one DSP48E2.
struct PlainMultiply {
  static constexpr std::int64_t mul(std::int64_t wide, std::int64_t narrow) { return wide * narrow; }
};
// The same multiply, counting operands outside those widths (tests prove the claim with it).
struct CheckedMultiply {
  static inline thread_local std::uint64_t violations = 0;
  static std::int64_t mul(std::int64_t wide, std::int64_t narrow) {
    if (wide <= -kWideLimit || wide >= kWideLimit || narrow <= -kNarrowLimit || narrow >= kNarrowLimit) ++violations;
    return wide * narrow;
  }
};

// round(wide * coef), in the units the coefficient was quantized for.
template <typename M = PlainMultiply>
constexpr std::int64_t apply(const Coef& c, std::int64_t wide) {
  return shift_round(M::mul(wide, c.mant), c.shift);
}

constexpr std::int64_t clamp64(std::int64_t v, std::int64_t lo, std::int64_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

// Saturation events, per engine; the host reads them as counters.
struct SaturationCounters {
  std::uint64_t vm = 0;  // membrane voltage left +-64 V
  std::uint64_t s = 0;   // filament cross-section reached S = 5
  std::uint64_t conductance = 0;  // conductance coefficient shift out of range
};

}  // namespace ionarray::fx
