// The shared noise stream: generator, seeding and the Irwin-Hall Gaussian.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "ionarray/noise.hpp"

using namespace ionarray::noise;

TEST_CASE("xorshift64 matches Marsaglia's published first output") {
  // Marsaglia, "Xorshift RNGs" (2003), xor64 example seeded with 88172645463325252.
  CHECK(xorshift64(88172645463325252ULL) == 8748534153485358512ULL);
}

TEST_CASE("gaussian code sums the four 16-bit lanes and centres them") {
  CHECK(gaussian_code(0) == -kGaussianCodeMax);
  CHECK(gaussian_code(~0ULL) == kGaussianCodeMax);
  CHECK(gaussian_code(0x0001000200030004ULL) == 10 - kGaussianCodeMax);
}

TEST_CASE("streams differ per device and per kind, and repeat per seed") {
  NoiseStream a(7, 0, Stream::cycle_to_cycle), b(7, 0, Stream::cycle_to_cycle);
  NoiseStream other_device(7, 1, Stream::cycle_to_cycle), other_kind(7, 0, Stream::device_to_device);
  for (int k = 0; k < 100; ++k) {
    const auto code = a.next_gaussian_code();
    REQUIRE(code == b.next_gaussian_code());
  }
  CHECK(a.state() != other_device.state());
  CHECK(a.state() != other_kind.state());
  CHECK(stream_state(0, 0, Stream::cycle_to_cycle) != 0);
}

TEST_CASE("Irwin-Hall(4) approximation: zero mean, unit variance, kurtosis 2.7, bounded tails") {
  NoiseStream s(12345, 3, Stream::cycle_to_cycle);
  const int n = 400000;
  double m1 = 0, m2 = 0, m4 = 0, biggest = 0;
  for (int k = 0; k < n; ++k) {
    const double z = s.next_gaussian();
    m1 += z;
    m2 += z * z;
    m4 += z * z * z * z;
    biggest = std::max(biggest, std::abs(z));
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  CHECK(std::abs(m1) < 0.01);
  CHECK(std::abs(m2 - 1) < 0.01);
  CHECK(std::abs(m4 / (m2 * m2) - 2.7) < 0.03);  // Irwin-Hall(4): 3 - 6/(5*4)
  CHECK(biggest <= std::sqrt(12.0) + 1e-9);      // = 2 * sqrt(3) sd
}

TEST_CASE("next_below(probability_limit(p)) decides exactly as next_uniform() < p") {
  for (const double p : {0.0, 1e-9, 0.01, 0.02, 1.0 / 3.0, 0.5, 0.999999, 1.0}) {
    CAPTURE(p);
    NoiseStream a(5, 7, Stream::device_to_device), b(5, 7, Stream::device_to_device);
    const auto limit = probability_limit(p);
    long disagreements = 0;
    for (int k = 0; k < 200000; ++k) disagreements += (a.next_uniform() < p) != b.next_below(limit);
    CHECK(disagreements == 0);
  }
  // At the boundary: x 2^-53 < p for x = limit - 1, not for x = limit.
  const double p = 0.3;
  const auto limit = probability_limit(p);
  CHECK(static_cast<double>(limit - 1) * 0x1.0p-53 < p);
  CHECK_FALSE(static_cast<double>(limit) * 0x1.0p-53 < p);
}
