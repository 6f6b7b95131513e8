// One step of the diffusive-memristor neuron, bit for bit as hls/ionarray/neuron_engine.hpp:
// the reference RTL of the engine (combinational functions; the pipelined engine is checked
// against it). Widths and table contents come from the generated packages.
package ionarray_engine_pkg;
  import ionarray_formats_pkg::*;
  import ionarray_tables_pkg::*;
  import ionarray_arith_pkg::*;

  typedef logic signed [63:0] s64_t;

  typedef struct packed {
    logic signed [31:0] mant;
    logic signed [31:0] shift;
  } coef_t;

  typedef struct packed {
    logic signed [31:0] f, r, s, vm;
    coef_t              kg;
    logic               armed;
    logic [63:0]        noise;
  } neuron_state_t;

  typedef struct packed {
    coef_t diffuse_f, diffuse_f_noise, diffuse_r, diffuse_r_noise, drift, transfer;
  } device_coefs_t;

  typedef struct packed {
    logic               symmetric, c2c;
    logic signed [31:0] alpha;
    coef_t              grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale;
    s64_t               tunnel_offset;
    coef_t              input_gain, on_conductance;
    logic signed [31:0] spike_threshold;
  } shared_coefs_t;

  typedef enum int { T_EXP_NEG, T_EXP_POS, T_INV_S2, T_EXP2_FRAC, T_EXPM1_RATIO, T_RECIPROCAL } table_t;

  localparam s64_t X_ONE = s64_t'(1) <<< X_FRAC;

  function automatic s64_t clamp64(input s64_t v, input s64_t lo, input s64_t hi);
    return v < lo ? lo : (v > hi ? hi : v);  // hi wins when hi < lo, as fx::clamp64
  endfunction

  function automatic s64_t table_entry(input table_t t, input logic [10:0] i);
    case (t)
      T_EXP_NEG:     return s64_t'(EXP_NEG[i]);
      T_EXP_POS:     return s64_t'(EXP_POS[i]);
      T_INV_S2:      return s64_t'(INV_S2[i]);
      T_EXP2_FRAC:   return s64_t'(EXP2_FRAC[i]);
      T_EXPM1_RATIO: return s64_t'(EXPM1_RATIO[i]);
      default:       return s64_t'(RECIPROCAL[i]);
    endcase
  endfunction

  // fx::interpolate: position = index << frac_bits | fraction.
  function automatic s64_t interpolate(input table_t t, input s64_t position, input int frac_bits);
    int   i;
    s64_t frac, lo;
    i    = int'(position >>> frac_bits);
    frac = position & ((s64_t'(1) <<< frac_bits) - 1);
    lo   = table_entry(t, 11'(i));
    return lo + shift_round(frac * (table_entry(t, 11'(i + 1)) - lo), frac_bits);
  endfunction

  // fx::reciprocal: 1 / v = q 2^-16 2^e for v > 0 with `frac` fraction bits.
  function automatic void reciprocal(input s64_t v, input int frac, output s64_t q, output int e);
    int   msb;
    s64_t m;
    msb = 0;
    for (int b = 63; b >= 0; b--)
      if (v[b] && msb == 0) msb = b;
    m = msb >= 16 ? v >>> (msb - 16) : v <<< (16 - msb);
    q = interpolate(T_RECIPROCAL, m - (s64_t'(1) <<< 16), 16 - TABLE_BITS);
    e = frac - msb;
  endfunction

  // fx::conductance, from the shared coefficients it needs.
  function automatic coef_t conductance(input coef_t tunnel_exponent, input coef_t tunnel_scale, input s64_t tunnel_offset,
                                        input coef_t on_conductance, input s64_t x, input s64_t s,
                                        output logic saturated);
    s64_t u, n, phi, tunnel, p, m, filament, r_norm, q;
    int   e;
    coef_t kg;
    u   = apply(27'(X_ONE - x), 18'(tunnel_exponent.mant), int'(tunnel_exponent.shift));
    n   = u >>> U_FRAC;
    phi = u & ((s64_t'(1) <<< U_FRAC) - 1);
    if (n == 0) begin
      p      = shift_round(phi * interpolate(T_EXPM1_RATIO, phi, U_FRAC - TABLE_BITS), 15);
      tunnel = shift_round(p * s64_t'(tunnel_scale.mant), int'(tunnel_scale.shift) + 1);
    end else begin
      m      = interpolate(T_EXP2_FRAC, phi, U_FRAC - TABLE_BITS);
      tunnel = shift_round(m * s64_t'(tunnel_scale.mant), int'(tunnel_scale.shift) + 16 - R_FRAC - int'(n))
               - tunnel_offset;
    end
    filament = shift_round(x * interpolate(T_INV_S2, s, S_FRAC + 2 - TABLE_BITS), LUT16_FRAC);
    r_norm   = filament + tunnel;
    reciprocal(r_norm > 0 ? r_norm : s64_t'(1), R_FRAC, q, e);
    kg.mant  = 32'(shift_round(q * s64_t'(on_conductance.mant), 16));
    kg.shift = on_conductance.shift - e;
    saturated = kg.shift < -8 || kg.shift > 62;
    if (kg.shift < -8) kg.shift = -8;
    if (kg.shift > 62) kg.shift = 62;
    return kg;
  endfunction

  function automatic s64_t apply_coef(input coef_t c, input s64_t wide);
    return shift_round(wide * s64_t'(c.mant), int'(c.shift));
  endfunction

  // fx::step_neuron: membrane, device, conductance, detection. Returns the spike; `vm_sat`,
  // `s_sat` and `g_sat` flag saturations.
  function automatic logic step_neuron(input neuron_state_t n, input device_coefs_t d, input shared_coefs_t c,
                                       input s64_t v_in, input s64_t dv_syn, output neuron_state_t next,
                                       output logic vm_sat, output logic s_sat, output logic g_sat);
    s64_t drive, vm, va, f, r, s, x0, z1, z2, z3, e_neg, e_pos, grow, shrink, noise_f, noise_r, gap, q, drift, moved, x,
          current;
    int   e;
    logic bridged, opened;
    logic [63:0] state;
    next   = n;
    vm_sat = 1'b0;
    s_sat  = 1'b0;
    // Membrane.
    drive = clamp64(v_in - s64_t'(n.vm), -s64_t'(V_MAX), s64_t'(V_MAX));
    vm    = s64_t'(n.vm) + apply_coef(c.input_gain, drive) + dv_syn - apply_coef(n.kg, s64_t'(n.vm));
    if (vm > s64_t'(V_MAX) || vm < -s64_t'(V_MAX)) begin
      vm_sat = 1'b1;
      vm     = clamp64(vm, -s64_t'(V_MAX), s64_t'(V_MAX));
    end
    next.vm = 32'(vm);
    // Device.
    va      = c.symmetric ? (vm < 0 ? -vm : vm) : (vm > 0 ? vm : 0);
    f       = s64_t'(n.f);
    r       = s64_t'(n.r);
    s       = s64_t'(n.s);
    x0      = f + r < X_ONE ? f + r : X_ONE;
    bridged = X_ONE - x0 < s64_t'(BRIDGED_MARGIN);
    opened  = s < s64_t'(OPEN_MARGIN);
    z1 = 0;
    z2 = 0;
    z3 = 0;
    state = n.noise;
    if (c.c2c) begin
      state = xorshift64(state);
      z1    = s64_t'(gaussian_code(state));
      state = xorshift64(state);
      z2    = s64_t'(gaussian_code(state));
      state = xorshift64(state);
      z3    = s64_t'(gaussian_code(state));
    end
    next.noise = state;
    if (bridged) begin
      e_neg  = interpolate(T_EXP_NEG, s, S_FRAC + 2 - TABLE_BITS);
      e_pos  = interpolate(T_EXP_POS, s, S_FRAC + 2 - TABLE_BITS);
      grow   = apply_coef(c.grow, shift_round(va * e_neg, LUT16_FRAC));
      shrink = apply_coef(c.shrink, e_pos) + apply_coef(c.shrink_noise, shift_round(e_pos * z3, 17));
      s      = s + grow - shrink;
      if (s > s64_t'(S_MAX)) begin
        s_sat = 1'b1;
        s     = s64_t'(S_MAX);
      end
      if (s < 0) s = 0;
    end
    if (opened) begin
      noise_f = apply_coef(d.diffuse_f_noise, shift_round(shift_round(f * shift_round(f, 9), 16) * z1, 17));
      f       = f - clamp64(apply_coef(d.diffuse_f, f) + noise_f, 0, f);
      noise_r = apply_coef(d.diffuse_r_noise, shift_round(shift_round(r * shift_round(r, 9), 16) * z2, 17));
      r       = r - clamp64(apply_coef(d.diffuse_r, r) + noise_r, 0, r);
      gap     = clamp64(s64_t'(c.alpha) + X_ONE - x0, s64_t'(c.alpha), s64_t'(c.alpha) + X_ONE);
      reciprocal(gap, X_FRAC, q, e);
      drift   = shift_round(shift_round(va * q, 16) * s64_t'(d.drift.mant), int'(d.drift.shift) - e);
      f       = f + clamp64(drift, 0, X_ONE - f - r);
      moved   = clamp64(apply_coef(d.transfer, f), 0, (X_ONE - r) < f ? (X_ONE - r) : f);
      f       = f - moved;
      r       = r + moved;
    end
    next.f = 32'(f);
    next.r = 32'(r);
    next.s = 32'(s);
    // Conductance and detection.
    x       = f + r < X_ONE ? f + r : X_ONE;
    next.kg = conductance(c.tunnel_exponent, c.tunnel_scale, c.tunnel_offset, c.on_conductance, x, s, g_sat);
    current = apply_coef(next.kg, s64_t'(next.vm));
    next.armed = current <= s64_t'(c.spike_threshold);
    return n.armed && current > s64_t'(c.spike_threshold);
  endfunction

endpackage
