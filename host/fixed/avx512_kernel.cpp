// The tile step on AVX-512, eight columns per vector: the same operations as the scalar golden
// model (hls/ionarray/neuron_engine.hpp) in the same order, on 64-bit lanes, so every word is
// identical (tests/test_simd.cpp). Branches of the scalar model (bridged, open, the tunnelling
// range) become per-lane selects; a branch no lane of the group takes is skipped.
//
// Every function carries the target attribute instead of compiling the file with -mavx512f, so
// nothing here can leak AVX-512 code into inline functions shared with other files; the CPU is
// checked once at run time (resolve_kernel).
// GCC 12's intrinsics initialise "undefined" registers from themselves (GCC bug 105593, fixed in
// 13), which -Wmaybe-uninitialized reports at every use.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "fixed/tile_lanes.hpp"

namespace ionarray::fixed {
namespace {

typedef long long V __attribute__((vector_size(64)));
typedef unsigned long long U __attribute__((vector_size(64)));  // logical shifts

#define IONARRAY_AVX512 __attribute__((target("avx512f,avx512dq,avx512cd,avx512bw"), always_inline)) inline

IONARRAY_AVX512 V splat(std::int64_t x) { return (V)_mm512_set1_epi64(x); }
IONARRAY_AVX512 V load(const std::int64_t* p) { return (V)_mm512_loadu_si512(p); }
IONARRAY_AVX512 V load(const std::uint64_t* p) { return (V)_mm512_loadu_si512(p); }
IONARRAY_AVX512 void store(std::int64_t* p, V v) { _mm512_storeu_si512(p, (__m512i)v); }
IONARRAY_AVX512 void store(std::uint64_t* p, V v) { _mm512_storeu_si512(p, (__m512i)v); }
IONARRAY_AVX512 unsigned bits(V mask) { return _mm512_movepi64_mask((__m512i)mask); }
IONARRAY_AVX512 V select(V mask, V yes, V no) { return mask ? yes : no; }
IONARRAY_AVX512 V min(V a, V b) { return (V)_mm512_min_epi64((__m512i)a, (__m512i)b); }
IONARRAY_AVX512 V max(V a, V b) { return (V)_mm512_max_epi64((__m512i)a, (__m512i)b); }

// PlainMultiply: both operands are proven to fit 27 and 18 bits (tests/test_fixed.cpp), so the
// signed 32 x 32 -> 64 multiply of the low halves gives the same product.
IONARRAY_AVX512 V mul(V wide, V narrow) { return (V)_mm512_mul_epi32((__m512i)wide, (__m512i)narrow); }

IONARRAY_AVX512 V shift_round(V v, int shift) {
  if (shift <= 0) return v << -shift;
  return (v + splat(std::int64_t{1} << (shift - 1))) >> shift;
}
// A per-lane shift_round: ((v << left) + half) >> right, right with rounding where the shift is
// positive, left elsewhere.
struct Shift {
  V left, right, half;
};
IONARRAY_AVX512 Shift split(V shift) {
  const V zero = splat(0), right = max(shift, zero);
  return {max(-shift, zero), right, (splat(1) << right) >> 1};
}
IONARRAY_AVX512 V shift_round(V v, const Shift& s) { return ((v << s.left) + s.half) >> s.right; }
IONARRAY_AVX512 Shift shift_at(const CoefLanes& c, std::size_t j) { return {load(&c.left[j]), load(&c.right[j]), load(&c.half[j])}; }

// scalar clamp64, exactly (also when lo > hi); min/max where lo <= hi is known.
IONARRAY_AVX512 V clamp(V v, V lo, V hi) { return select(v < lo, lo, select(v > hi, hi, v)); }
IONARRAY_AVX512 V clamp_ordered(V v, V lo, V hi) { return max(min(v, hi), lo); }

IONARRAY_AVX512 V apply(const CoefLanes& c, std::size_t j, V wide) {
  const V product = mul(wide, load(&c.mant[j]));
  if (c.right_only) return (product + load(&c.half[j])) >> load(&c.right[j]);
  return shift_round(product, shift_at(c, j));
}

// Saturation counts per lane, summed into fx::SaturationCounters once per tile step.
struct Tallies {
  V vm, s, conductance;
};
// counter += 1 in the lanes where `condition` (all ones or zero) holds and the lane is valid.
IONARRAY_AVX512 void tally(V& counter, V condition, unsigned valid) {
  counter = (V)_mm512_mask_sub_epi64((__m512i)counter, static_cast<__mmask8>(valid), (__m512i)counter, (__m512i)condition);
}
IONARRAY_AVX512 std::uint64_t sum(V v) { return static_cast<std::uint64_t>(_mm512_reduce_add_epi64((__m512i)v)); }

// Shared coefficients and constants, broadcast once per tile step.
struct Constants {
  V zero, one, x_one, vmax, neg_vmax, smax, bridged_margin, open_margin, alpha, v_in, row_voltage, threshold;
  V input, grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale, tunnel_offset, on_conductance, on_shift;
  V far_shift;  // tunnel_scale.shift + 16 - kRFrac: the tunnelling term's shift before the octave
  V inv_s2_at_0;
};
IONARRAY_AVX512 Constants constants(const fx::SharedCoefs& c, const fx::TileConfig& tile, const PairTables& t) {
  return {splat(0), splat(1), splat(fx::kXOne), splat(fx::kVMax), splat(-fx::kVMax), splat(fx::kSMax),
          splat(fx::kBridgedMargin), splat(fx::kOpenMargin), splat(c.alpha), splat(tile.v_bias), splat(tile.row_voltage),
          splat(c.spike_threshold), splat(c.input.mant), splat(c.grow.mant), splat(c.shrink.mant), splat(c.shrink_noise.mant),
          splat(c.tunnel_exponent.mant), splat(c.tunnel_scale.mant), splat(c.tunnel_offset), splat(c.on_conductance.mant),
          splat(c.on_conductance.shift), splat(c.tunnel_scale.shift + 16 - fx::kRFrac), splat(t.inv_s2[0] & 0xFFFFFFFF)};
}

IONARRAY_AVX512 V interpolate(const std::vector<std::int64_t>& pairs, V position, int frac_bits) {
  const V index = position >> frac_bits;
  const V frac = position & splat((std::int64_t{1} << frac_bits) - 1);
  const V pair = (V)_mm512_i64gather_epi64((__m512i)index, pairs.data(), 8);
  const V lo = (pair << 32) >> 32, hi = pair >> 32;
  return lo + shift_round(mul(frac, hi - lo), frac_bits);
}

struct Reciprocal {
  V q, e;
};
// As fx::reciprocal: v unsigned, 0 read as 1.
IONARRAY_AVX512 Reciprocal reciprocal(const PairTables& t, V v, int frac) {
  v -= (V)(v == 0);
  const V msb = splat(63) - (V)_mm512_lzcnt_epi64((__m512i)v);
  const V to_16 = msb - 16;  // normalise v to 17 bits: right where wider, left where narrower
  const V m = (V)((U)v >> (U)max(to_16, splat(0))) << max(-to_16, splat(0));
  return {interpolate(t.reciprocal, m - splat(1 << 16), 16 - fx::kTableBits), splat(frac) - msb};
}

IONARRAY_AVX512 V xorshift64(V x) {
  x ^= (V)((U)x << 13);
  x ^= (V)((U)x >> 7);
  x ^= (V)((U)x << 17);
  return x;
}
// Sum of the four unsigned 16-bit lanes minus 131070: flipping each lane's top bit makes it a
// signed lane (value - 32768), which one multiply-add sums in pairs; the four sum to the code - 2.
IONARRAY_AVX512 V gaussian_code(V w) {
  const V pairs = (V)_mm512_madd_epi16((__m512i)(w ^ splat(std::int64_t(0x8000800080008000ULL))), _mm512_set1_epi16(1));
  return (((pairs << 32) >> 32) + (pairs >> 32)) + splat(2);
}
// The step's three draws; the third only shapes bridged devices, so its Gaussian is made there.
struct Noise {
  V z1, z2, word3;
};
IONARRAY_AVX512 Noise draw_noise(V& state) {
  Noise z;
  state = xorshift64(state), z.z1 = gaussian_code(state);
  state = xorshift64(state), z.z2 = gaussian_code(state);
  state = xorshift64(state), z.word3 = state;
  return z;
}

// The lanes of one group, loaded once, stored once.
struct Group {
  V f, r, s, vm, armed, noise, kg_mant, kg_shift, leak;
};

IONARRAY_AVX512 V update_membrane(Group& n, const fx::SharedCoefs& c, const Constants& k, V dv, unsigned valid,
                                  Tallies& sat) {
  const V drive = clamp_ordered(k.v_in - n.vm, k.neg_vmax, k.vmax);
  const V vm = n.vm + shift_round(mul(drive, k.input), c.input.shift) + dv - n.leak;
  tally(sat.vm, (vm > k.vmax) | (vm < k.neg_vmax), valid);
  n.vm = clamp_ordered(vm, k.neg_vmax, k.vmax);
  return n.vm;
}

IONARRAY_AVX512 void update_filament(Group& n, const NeuronLanes& d, std::size_t j, const fx::SharedCoefs& c,
                                     const Constants& k, const PairTables& t, V v, unsigned valid,
                                     Tallies& sat) {
  const V zero = k.zero, one = k.x_one;
  const V va = c.symmetric ? select(v < zero, -v, v) : max(v, zero);
  V f = n.f, r = n.r, s = n.s;
  const V x0 = min(f + r, one);
  const unsigned bridged = bits((one - x0) < k.bridged_margin);
  const unsigned open = bits(s < k.open_margin);
  Noise z{zero, zero, zero};
  if (c.c2c) z = draw_noise(n.noise);

  if (bridged) {
    const int frac = fx::kSFrac + 2 - fx::kTableBits;
    const V e_neg = interpolate(t.exp_neg, s, frac), e_pos = interpolate(t.exp_pos, s, frac);
    const V grow = shift_round(mul(shift_round(mul(va, e_neg), fx::kLut16Frac), k.grow), c.grow.shift);
    const V z3 = c.c2c ? gaussian_code(z.word3) : zero;
    const V shrink = shift_round(mul(e_pos, k.shrink), c.shrink.shift) +
                     shift_round(mul(shift_round(mul(e_pos, z3), 17), k.shrink_noise), c.shrink_noise.shift);
    const V grown = s + grow - shrink;
    tally(sat.s, grown > k.smax, bridged & valid);
    s = (V)_mm512_mask_blend_epi64(static_cast<__mmask8>(bridged), (__m512i)s, (__m512i)clamp_ordered(grown, zero, k.smax));
  }
  if (open) {
    // f, r >= 0 (unsigned formats): clamp(.., 0, f) is ordered.
    const V noise_f = apply(d.diffuse_f_noise, j, shift_round(mul(shift_round(mul(f, shift_round(f, 9)), 16), z.z1), 17));
    V f1 = f - clamp_ordered(apply(d.diffuse_f, j, f) + noise_f, zero, f);
    const V noise_r = apply(d.diffuse_r_noise, j, shift_round(mul(shift_round(mul(r, shift_round(r, 9)), 16), z.z2), 17));
    V r1 = r - clamp_ordered(apply(d.diffuse_r, j, r) + noise_r, zero, r);
    const V gap = clamp_ordered(k.alpha + one - x0, k.alpha, k.alpha + one);
    const Reciprocal inv = reciprocal(t, gap, fx::kXFrac);
    const V drift = shift_round(mul(shift_round(mul(va, inv.q), 16), load(&d.drift.mant[j])), split(load(&d.drift.shift[j]) - inv.e));
    f1 += clamp(drift, zero, one - f1 - r1);
    const V moved = clamp(apply(d.transfer, j, f1), zero, min(one - r1, f1));
    f1 -= moved;
    r1 += moved;
    if (open == 0xFF) {
      f = f1, r = r1;
    } else {
      f = (V)_mm512_mask_blend_epi64(static_cast<__mmask8>(open), (__m512i)f, (__m512i)f1);
      r = (V)_mm512_mask_blend_epi64(static_cast<__mmask8>(open), (__m512i)r, (__m512i)r1);
    }
  }
  n.f = f, n.r = r, n.s = s;
}

IONARRAY_AVX512 void update_conductance(Group& n, const fx::SharedCoefs& c, const Constants& k, const PairTables& t,
                                        unsigned valid, Tallies& sat) {
  const V x = min(n.f + n.r, k.x_one);
  const V u = shift_round(mul(k.x_one - x, k.tunnel_exponent), c.tunnel_exponent.shift);
  const V octave = u >> fx::kUFrac, phi = u & splat((std::int64_t{1} << fx::kUFrac) - 1);
  const unsigned first = bits(octave == k.zero);
  V tunnel = k.zero;
  if (first) {  // 2^phi - 1 = phi (2^phi - 1)/phi keeps relative precision near x = 1
    const V p = shift_round(mul(phi, interpolate(t.expm1_ratio, phi, fx::kUFrac - fx::kTableBits)), 15);
    tunnel = shift_round(mul(p, k.tunnel_scale), c.tunnel_scale.shift + 1);
  }
  if (first != 0xFF) {
    const V m = interpolate(t.exp2_frac, phi, fx::kUFrac - fx::kTableBits);
    const V far = shift_round(mul(m, k.tunnel_scale), split(k.far_shift - octave)) - k.tunnel_offset;
    tunnel = (V)_mm512_mask_blend_epi64(static_cast<__mmask8>(first), (__m512i)far, (__m512i)tunnel);
  }
  // A relaxed device (S = 1) reads the table's first entry: no gather needed.
  const V inv_s2 = bits(n.s != k.zero) ? interpolate(t.inv_s2, n.s, fx::kSFrac + 2 - fx::kTableBits) : k.inv_s2_at_0;
  const V filament = shift_round(mul(x, inv_s2), fx::kLut16Frac);
  const V r_norm = filament + tunnel;
  const Reciprocal g = reciprocal(t, max(r_norm, k.one), fx::kRFrac);
  n.kg_mant = shift_round(mul(g.q, k.on_conductance), 16);
  const V shift = k.on_shift - g.e, lo = splat(fx::kCoefShiftMin), hi = splat(fx::kCoefShiftMax);
  tally(sat.conductance, (shift < lo) | (shift > hi), valid);
  n.kg_shift = clamp_ordered(shift, lo, hi);
}

// Lanes of the group starting at column j that hold real columns (the rest is padding).
IONARRAY_AVX512 unsigned valid_lanes(int columns, std::size_t j) {
  const int left = columns - static_cast<int>(j);
  return left >= kLanes ? 0xFFu : (1u << left) - 1;
}

IONARRAY_AVX512 unsigned detect_spike(Group& n, const Constants& k) {
  const V current = shift_round(mul(n.vm, n.kg_mant), split(n.kg_shift));
  n.leak = current;
  const unsigned spike = bits(n.armed != k.zero) & bits(current > k.threshold);
  n.armed = select(current <= k.threshold, k.one, k.zero);
  return spike;
}

IONARRAY_AVX512 Group load_group(const NeuronLanes& lanes, std::size_t j) {
  return {load(&lanes.f[j]),       load(&lanes.r[j]),       load(&lanes.s[j]),     load(&lanes.vm[j]),
          load(&lanes.armed[j]),   load(&lanes.noise[j]),   load(&lanes.kg.mant[j]), load(&lanes.kg.shift[j]),
          load(&lanes.leak[j])};
}

}  // namespace

__attribute__((target("avx512f,avx512dq,avx512cd,avx512bw")))
void step_tile_avx512(TileLanes& tile, const fx::SharedCoefs& shared, const PairTables& tables,
                      std::vector<std::uint16_t>& spiked, fx::SaturationCounters& counters) {
  const auto& c = tile.config;
  auto& lanes = tile.neurons;
  const auto stride = static_cast<std::size_t>(tile.stride);
  const Constants k = constants(shared, c, tables);
  Tallies sat{k.zero, k.zero, k.zero};
  // Two passes, as fx::step_tile: the membrane and device of every group, then the conductance
  // and spike of every group. Shorter dependency chains per pass let the CPU overlap groups.
  for (std::size_t j = 0; j < stride; j += kLanes) {
    Group n = load_group(lanes, j);
    // Synaptic input of the active rows, dt/C G_ij (V_row - Vm_j), accumulated at full precision.
    const V across = clamp_ordered(k.row_voltage - n.vm, k.neg_vmax, k.vmax);
    V acc = k.zero;
    for (const std::size_t i : tile.active_rows) {
      const V g = (V)_mm512_cvtepu16_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&tile.g[i * stride + j])));
      acc += mul(across, g);
    }
    const V dv = clamp_ordered(shift_round(acc, c.g_shift), k.neg_vmax, k.vmax);
    const unsigned valid = valid_lanes(c.columns, j);
    const V vm = update_membrane(n, shared, k, dv, valid, sat);
    update_filament(n, lanes, j, shared, k, tables, vm, valid, sat);
    store(&lanes.f[j], n.f), store(&lanes.r[j], n.r), store(&lanes.s[j], n.s), store(&lanes.vm[j], n.vm);
    store(&lanes.noise[j], n.noise);
  }
  for (std::size_t j = 0; j < stride; j += kLanes) {
    Group n = load_group(lanes, j);
    const unsigned valid = valid_lanes(c.columns, j);
    update_conductance(n, shared, k, tables, valid, sat);
    for (unsigned spikes = detect_spike(n, k) & valid; spikes != 0; spikes &= spikes - 1)
      spiked.push_back(static_cast<std::uint16_t>(j + static_cast<std::size_t>(__builtin_ctz(spikes))));
    store(&lanes.armed[j], n.armed), store(&lanes.kg.mant[j], n.kg_mant), store(&lanes.kg.shift[j], n.kg_shift);
    store(&lanes.leak[j], n.leak);
  }
  tile.count_down_rows();
  counters.vm += sum(sat.vm), counters.s += sum(sat.s), counters.conductance += sum(sat.conductance);
}

}  // namespace ionarray::fixed
