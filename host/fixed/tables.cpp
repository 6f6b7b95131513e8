#include "fixed/tables.hpp"

#include <cmath>
#include <numbers>

namespace ionarray::fixed {
namespace {

// Table entries at kTableSize evenly spaced arguments from lo to hi, scaled by 2^frac.
void fill(std::int32_t* table, double scale, double lo, double hi, double (*fn)(double)) {
  for (int i = 0; i < fx::kTableSize; ++i) {
    const double arg = lo + (hi - lo) * i / (fx::kTableSize - 1);
    table[i] = static_cast<std::int32_t>(std::lround(fn(arg) * scale));
  }
}

double expm1_ratio(double p) { return p == 0 ? std::numbers::ln2 : std::expm1(p * std::numbers::ln2) / p; }

}  // namespace

void fill_tables(fx::EngineTables& t) {
  const double u16 = std::ldexp(1.0, 16), u18 = std::ldexp(1.0, 18);
  fill(t.exp_neg, u16, 0, 4, [](double s) { return std::exp(-s); });
  fill(t.exp_pos, u18, 0, 4, [](double s) { return std::exp(s); });
  fill(t.inv_s2, u16, 0, 4, [](double s) { return 1 / ((1 + s) * (1 + s)); });
  fill(t.exp2_frac, u16, 0, 1, [](double p) { return std::exp2(p); });
  fill(t.expm1_ratio, u16, 0, 1, expm1_ratio);
  fill(t.reciprocal, u16, 1, 2, [](double m) { return 1 / m; });
}

}  // namespace ionarray::fixed
