#include "fixed/engine_config.hpp"
#include "fixed/tables.hpp"

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "reference/memristor.hpp"

namespace ionarray::fixed {
namespace {

using fx::Coef;
constexpr double kMantLimit = 1 << 17;


void check(bool ok, const std::string& message) {
  if (!ok) throw RangeError(message);
}

}  // namespace


Coef quantize(double value, const std::string& name, int mantissa_bits) {
  check(std::isfinite(value) && value >= 0, fmt::format("{} = {:g}: must be a finite value >= 0", name, value));
  if (value == 0) return {};
  // mant in [2^16, 2^17): 17 significant bits.
  const int shift = 16 - static_cast<int>(std::floor(std::log2(value)));
  check(shift >= fx::kCoefShiftMin && shift <= fx::kCoefShiftMax,
        fmt::format("{} = {:g} is outside the representable range {:g} .. {:g}", name, value, std::ldexp(1.0, -46),
                    std::ldexp(kMantLimit, 8)));
  auto mant = std::llround(std::ldexp(value, shift));
  int s = shift;
  if (mant >= (1 << 17)) {  // rounding carried into bit 17
    mant = std::llround(std::ldexp(value, --s));
  }
  if (mantissa_bits < 17) {  // keep only the top mantissa_bits significant bits
    const int drop = 17 - mantissa_bits;
    mant = (mant + (1LL << (drop - 1))) >> drop << drop;
    if (mant >= (1 << 17)) mant >>= 1, --s;
  }
  return {static_cast<std::int32_t>(mant), s};
}

double coef_value(const Coef& c) { return std::ldexp(static_cast<double>(c.mant), -c.shift); }

std::int32_t to_volts_word(double volts, const std::string& name) {
  const double word = std::round(std::ldexp(volts, fx::kVFrac));
  check(std::abs(word) <= fx::kVMax, fmt::format("{} = {:g} V is outside the voltage format's range +-{:g} V", name,
                                                  volts, std::ldexp(static_cast<double>(fx::kVMax), -fx::kVFrac)));
  return static_cast<std::int32_t>(word);
}

double from_volts_word(std::int64_t word) { return std::ldexp(static_cast<double>(word), -fx::kVFrac); }

std::shared_ptr<const EngineConfig> configure(const reference::ParameterSet& set, double v_max, Circuit circuit,
                                              Precision precision) {
  const auto& d = set.device;
  const auto& c = set.circuit;
  auto cfg = std::make_shared<EngineConfig>();
  cfg->v_max = v_max;
  cfg->precision = precision;
  const auto quantize = [&](double value, const std::string& name) {
    return fixed::quantize(value, name, precision.mantissa_bits);
  };
  fill_tables(cfg->tables);

  check(circuit == Circuit::series || set.has_neuron_circuit(),
        fmt::format("set '{}' has no neuron circuit (circuit.r_in, circuit.c)", set.name));
  to_volts_word(v_max, "drive amplitude");
  // Cross-section equilibrium under the largest voltage: theta V e^-s = gamma3 e^s.
  if (d.gamma3 > 0 && d.theta > 0) {
    const double s_eq = 0.5 * std::log(std::max(1.0, d.theta * v_max / d.gamma3));
    check(s_eq < 3.5, fmt::format("device.theta / device.gamma3 = {:g} with drive {:g} V lets S - 1 reach {:.3g}; "
                                  "the S format holds S - 1 < 4 (keep 0.5 ln(theta V / gamma3) < 3.5)",
                                  d.theta / d.gamma3, v_max, s_eq));
  }
  const double u_max = 1 / (d.lambda * std::numbers::ln2);
  check(u_max < 31, fmt::format("device.lambda = {:g}: the tunnelling exponent 1/(lambda ln 2) = {:.3g} must stay "
                                "below 31 (lambda > {:.4g})", d.lambda, u_max, 1 / (31 * std::numbers::ln2)));
  const double k = d.r_off / (d.r_on * std::expm1(1 / d.lambda));
  check(d.r_off / d.r_on < std::ldexp(1.0, 37),
        fmt::format("device.r_off / device.r_on = {:g} exceeds the resistance format's 2^37", d.r_off / d.r_on));
  check(d.alpha >= std::ldexp(1.0, -20), fmt::format("device.alpha = {:g} is below 2^-20", d.alpha));

  auto& sh = cfg->shared;
  const double dt = c.dt, sd = noise::kGaussianCodeSd;
  sh.symmetric = d.polarity == reference::Polarity::symmetric;
  sh.c2c = d.c2c;
  sh.alpha = static_cast<std::int32_t>(std::lround(std::ldexp(d.alpha, fx::kXFrac)));
  sh.grow = quantize(d.theta * dt * std::ldexp(1.0, fx::kSFrac - fx::kVFrac), "device.theta * circuit.dt");
  sh.shrink = quantize(d.gamma3 * dt * std::ldexp(1.0, fx::kSFrac - 18), "device.gamma3 * circuit.dt");
  sh.shrink_noise = quantize(d.gamma3 * dt * d.sigma3 * std::ldexp(1.0, 17) / sd * std::ldexp(1.0, fx::kSFrac - 18),
                             "device.gamma3 * device.sigma3 * circuit.dt");
  sh.tunnel_exponent = quantize(u_max * std::ldexp(1.0, fx::kUFrac - fx::kXFrac), "1 / (device.lambda ln 2)");
  sh.tunnel_scale = quantize(k, "device.r_off / (device.r_on (e^(1/lambda) - 1))");
  sh.tunnel_offset = std::llround(std::ldexp(coef_value(sh.tunnel_scale), fx::kRFrac));
  if (circuit == Circuit::series) {  // kg = Ron G; the node equation is not used
    sh.on_conductance = quantize(1.0, "1");
    cfg->series = quantize(c.r_series / d.r_on, "circuit.r_series / device.r_on");
    cfg->compliance = quantize(std::ldexp(c.i_compliance * d.r_on, fx::kVFrac), "circuit.i_compliance * device.r_on");
    return cfg;
  }
  sh.input = quantize(dt / (c.r_in * c.c), "circuit.dt / (circuit.r_in * circuit.c)");
  sh.on_conductance = quantize(dt / (c.c * d.r_on), "circuit.dt / (circuit.c * device.r_on)");
  const double threshold = std::ldexp(c.spike_threshold * dt / c.c, fx::kVFrac);
  check(threshold >= 16 && threshold < fx::kVMax,
        fmt::format("circuit.spike_threshold = {:g} A is {:.3g} LSB of the current format; allowed 16 .. {}",
                    c.spike_threshold, threshold, fx::kVMax));
  sh.spike_threshold = static_cast<std::int32_t>(std::lround(threshold));
  return cfg;
}

fx::DeviceCoefs device_coefs(const EngineConfig& config, const reference::ParameterSet& set, std::uint64_t seed,
                             std::uint64_t index) {
  const auto quantize = [&](double value, const std::string& name) {
    return fixed::quantize(value, name, config.precision.mantissa_bits);
  };
  // The reference model's own spread, so both backends see the same devices.
  const reference::Memristor device(set.device, seed, index);
  const auto& p = device.params();
  const double dt = set.circuit.dt, noise_scale = std::ldexp(1.0, 17) / noise::kGaussianCodeSd;
  fx::DeviceCoefs dc;
  dc.diffuse_f = quantize(p.gamma1 * dt, "device.gamma1 * circuit.dt");
  dc.diffuse_f_noise = quantize(p.gamma1 * dt * p.sigma1 * noise_scale, "device.gamma1 * device.sigma1 * circuit.dt");
  dc.diffuse_r = quantize(p.gamma2 * dt, "device.gamma2 * circuit.dt");
  dc.diffuse_r_noise = quantize(p.gamma2 * dt * p.sigma2 * noise_scale, "device.gamma2 * device.sigma2 * circuit.dt");
  dc.drift = quantize(p.mu * dt * std::ldexp(1.0, fx::kXFrac - fx::kVFrac), "device.mu * circuit.dt");
  dc.transfer = quantize(p.beta * dt, "device.beta * circuit.dt");
  return dc;
}

}  // namespace ionarray::fixed
