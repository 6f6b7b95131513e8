#pragma once
// A tile's neurons as structure-of-arrays, one 64-bit word per field and lane, padded to a whole
// number of vector groups: the layout the vector kernel loads and stores directly. Holds the same
// values as fx::NeuronState / fx::DeviceCoefs (get/set convert), so the scalar golden model and
// the vector kernel can run on the same memory.
#include <cstdint>
#include <vector>

#include "ionarray/neuron_engine.hpp"

namespace ionarray::fixed {

inline constexpr int kLanes = 8;  // 8 x 64 bits: one AVX-512 register

constexpr int padded_columns(int columns) { return (columns + kLanes - 1) / kLanes * kLanes; }

// Block-floating-point coefficients, with the shift split the way a vector applies it in three
// operations: shift_round(x, shift) = ((x << left) + half) >> right.
struct CoefLanes {
  std::vector<std::int64_t> mant, shift, left, right, half;
  bool right_only = true;  // no lane shifts left: `left` may be skipped
  void resize(std::size_t n) {
    for (auto* v : {&mant, &shift, &left, &right, &half}) v->resize(n);
  }
  fx::Coef get(std::size_t j) const { return {static_cast<std::int32_t>(mant[j]), static_cast<std::int32_t>(shift[j])}; }
  void set(std::size_t j, const fx::Coef& c) {
    mant[j] = c.mant, shift[j] = c.shift;
    left[j] = c.shift < 0 ? -c.shift : 0;
    right[j] = c.shift > 0 ? c.shift : 0;
    half[j] = c.shift > 0 ? std::int64_t{1} << (c.shift - 1) : 0;
    right_only = right_only && c.shift >= 0;
  }
};

struct NeuronLanes {
  std::vector<std::int64_t> f, r, s, vm, armed;
  std::vector<std::uint64_t> noise;
  CoefLanes kg;
  CoefLanes diffuse_f, diffuse_f_noise, diffuse_r, diffuse_r_noise, drift, transfer;  // DeviceCoefs

  explicit NeuronLanes(int columns);
  fx::NeuronState state(std::size_t j) const;
  void set_state(std::size_t j, const fx::NeuronState& n);
  fx::DeviceCoefs coefs(std::size_t j) const;
  void set_coefs(std::size_t j, const fx::DeviceCoefs& d);
};

}  // namespace ionarray::fixed
