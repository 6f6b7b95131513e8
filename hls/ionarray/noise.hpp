#pragma once
// The noise stream shared bit for bit by the reference model, the fixed-point model and the RTL.
//
// Generator: xorshift64 (Marsaglia 2003, shifts 13/7/17), one 64-bit state word per device and
// stream. It needs only XOR and shifts, so a hardware engine advances it without DSP slices, and
// per-device state keeps the stream independent of the order in which devices are updated.
//
// Gaussian: Irwin-Hall of order 4. The four 16-bit lanes of one 64-bit word are summed and
// centred, giving an integer code in [-131070, +131070] with mean 0 and standard deviation
// kGaussianCodeSd. The approximation has the right mean and variance, excess kurtosis -0.3,
// and tails bounded at +-3.46 sd (a true Gaussian exceeds 3.46 sd with probability 5.4e-4).
#include <cstdint>

namespace ionarray::noise {

inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

// splitmix64 finaliser (Steele, Lea, Flood 2014): spreads a seed over all 64 bits. Used only at
// reset to derive per-device states, so its 64-bit multiplies never sit in the per-step path.
constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Independent streams of one device: cycle-to-cycle noise and device-to-device draws.
enum class Stream : std::uint64_t { cycle_to_cycle = 0, device_to_device = 1 };

// Initial xorshift64 state of one device's stream; never zero (zero is xorshift's fixed point).
constexpr std::uint64_t stream_state(std::uint64_t seed, std::uint64_t device, Stream stream) {
  const std::uint64_t key = (device << 1) | static_cast<std::uint64_t>(stream);
  const std::uint64_t s = splitmix64(seed + (key + 1) * kGoldenGamma);
  return s != 0 ? s : kGoldenGamma;
}

constexpr std::uint64_t xorshift64(std::uint64_t x) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return x;
}

inline constexpr std::int32_t kGaussianCodeMax = 2 * 65535;  // |code| <= this
// sqrt(4 * (65536^2 - 1) / 12): sd of the sum of four uniform 16-bit lanes.
inline constexpr double kGaussianCodeSd = 37837.227237;

constexpr std::int32_t gaussian_code(std::uint64_t word) {
  const auto lane = [word](int i) { return static_cast<std::int32_t>((word >> (16 * i)) & 0xFFFF); };
  return lane(0) + lane(1) + lane(2) + lane(3) - kGaussianCodeMax;
}

// The integer form of "uniform < p" for next_below(): u = x 2^-53 with x < 2^53 an integer, and
// x 2^-53 < p exactly when x < ceil(p 2^53) (scaling by 2^53 is exact in double).
inline std::uint64_t probability_limit(double p) {
  const double scaled = p * 0x1.0p53;
  const auto whole = static_cast<std::uint64_t>(scaled);
  return static_cast<double>(whole) == scaled ? whole : whole + 1;
}

// One device's stream: advance, then turn the new word into a Gaussian code.
class NoiseStream {
 public:
  constexpr NoiseStream(std::uint64_t seed, std::uint64_t device, Stream stream)
      : state_(stream_state(seed, device, stream)) {}
  constexpr std::int32_t next_gaussian_code() {
    state_ = xorshift64(state_);
    return gaussian_code(state_);
  }
  // A uniform double in [0, 1) from the next word (53 top bits), for configuration-time draws.
  constexpr double next_uniform() {
    state_ = xorshift64(state_);
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  // true with probability p: next_uniform() < p, decided on integers. `limit` = poisson_limit(p).
  constexpr bool next_below(std::uint64_t limit) {
    state_ = xorshift64(state_);
    return (state_ >> 11) < limit;
  }
  // Standard-normal approximation, for the double-precision model.
  constexpr double next_gaussian() { return next_gaussian_code() / kGaussianCodeSd; }
  constexpr std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_;
};

}  // namespace ionarray::noise
