// One step of the diffusive-memristor neuron, bit for bit as hls/ionarray/neuron_engine.hpp:
// the reference RTL of the engine (combinational; the pipelined engine is checked against it).
// Widths and table contents come from the generated packages.
//
// Written in the SystemVerilog that Yosys 0.23 (Debian 12, the synthesis front end) reads as
// well as Verilator: no wildcard imports, no `return`, no type casts (`$signed(64'(x))` for
// s64_t'(x)), and structs only as module-level signals (Yosys 0.23 drops the members of struct
// function arguments and block-local structs), so coefficients pass as mantissa and shift.
module ionarray_engine (
  input  ionarray_engine_pkg::neuron_state_t state_i,
  input  ionarray_engine_pkg::device_coefs_t device_i,
  input  ionarray_engine_pkg::shared_coefs_t shared_i,
  input  logic signed [63:0]                 v_in_i,
  input  logic signed [63:0]                 dv_syn_i,
  // Low: outputs hold the state (next = state, no spike, no saturation) and the datapath is not
  // evaluated: operand isolation in hardware, and a simulator skips the whole engine while its
  // tile accumulates or waits (most cycles of a step).
  input  logic                               enable_i,
  output ionarray_engine_pkg::neuron_state_t next_o,
  output logic                               spike_o,
  output logic                               vm_sat_o, s_sat_o, g_sat_o
);
  typedef logic signed [63:0]                 s64_t;

  localparam int X_FRAC         = ionarray_formats_pkg::X_FRAC;
  localparam int S_FRAC         = ionarray_formats_pkg::S_FRAC;
  localparam int S_MAX          = ionarray_formats_pkg::S_MAX;
  localparam int V_MAX          = ionarray_formats_pkg::V_MAX;
  localparam int U_FRAC         = ionarray_formats_pkg::U_FRAC;
  localparam int R_FRAC         = ionarray_formats_pkg::R_FRAC;
  localparam int LUT16_FRAC     = ionarray_formats_pkg::LUT16_FRAC;
  localparam int BRIDGED_MARGIN = ionarray_formats_pkg::BRIDGED_MARGIN;
  localparam int OPEN_MARGIN    = ionarray_formats_pkg::OPEN_MARGIN;
  localparam int TABLE_BITS     = ionarray_formats_pkg::TABLE_BITS;
  localparam int SHIFT_MIN      = ionarray_formats_pkg::COEF_SHIFT_MIN;
  localparam int SHIFT_MAX      = ionarray_formats_pkg::COEF_SHIFT_MAX;
  localparam s64_t X_ONE        = 64'sd1 <<< X_FRAC;

  typedef enum logic [2:0] { T_EXP_NEG, T_EXP_POS, T_INV_S2, T_EXP2_FRAC, T_EXPM1_RATIO, T_RECIPROCAL } table_t;

  // A signed 32-bit word widened to 64 bits.
  function automatic s64_t s64(input logic signed [31:0] v);
    s64 = 64'(v);
  endfunction

  function automatic s64_t clamp64(input s64_t v, input s64_t lo, input s64_t hi);
    clamp64 = ionarray_arith_pkg::clamp64(v, lo, hi);
  endfunction

  function automatic s64_t shift_round(input s64_t v, input int shift);
    shift_round = ionarray_arith_pkg::shift_round(v, shift);
  endfunction

  // The function tables as ROMs, filled at initialisation from the generated
  // ionarray_tables.svh and read by index. Not as case functions: Verilator inlines a case
  // function at every call site (166 MB of C++ for the 16-tile device model, ten minutes to
  // compile); not as a packed constant with a part-select (Yosys 0.23 reads no array
  // parameters): that takes Yosys more than ten minutes for a single lookup. Yosys maps the
  // arrays to LUT ROMs (on one lookup measured alone, 508 cells, as many as the case function).
  localparam int TABLE_SIZE = ionarray_formats_pkg::TABLE_SIZE;
  logic [31:0] exp_neg_rom [TABLE_SIZE], exp_pos_rom [TABLE_SIZE], inv_s2_rom [TABLE_SIZE],
               exp2_frac_rom [TABLE_SIZE], expm1_ratio_rom [TABLE_SIZE], reciprocal_rom [TABLE_SIZE];
  initial begin
    `include "ionarray_tables.svh"
  end

  function automatic s64_t table_entry(input table_t t, input logic [10:0] i);
    logic [31:0] word;
    case (t)
      T_EXP_NEG:     word = exp_neg_rom[i];
      T_EXP_POS:     word = exp_pos_rom[i];
      T_INV_S2:      word = inv_s2_rom[i];
      T_EXP2_FRAC:   word = exp2_frac_rom[i];
      T_EXPM1_RATIO: word = expm1_ratio_rom[i];
      default:       word = reciprocal_rom[i];
    endcase
    table_entry = s64(word);
  endfunction

  // fx::interpolate: position = index << frac_bits | fraction.
  function automatic s64_t interpolate(input table_t t, input s64_t position, input int frac_bits);
    int   i;
    s64_t frac, lo;
    i    = 32'(position >>> frac_bits);
    frac = position & ((64'sd1 <<< frac_bits) - 1);
    lo   = table_entry(t, 11'(i));
    interpolate = lo + shift_round(frac * (table_entry(t, 11'(i + 1)) - lo), frac_bits);
  endfunction

  // fx::reciprocal: 1 / v = q 2^-16 2^e with `frac` fraction bits, v unsigned and 0 read as 1.
  task automatic reciprocal(input s64_t v, input int frac, output s64_t q, output int e);
    int   msb;
    s64_t m;
    msb = 0;
    for (int b = 63; b >= 0; b--)
      if (v[b] && msb == 0) msb = b;
    m = msb >= 16 ? v >> (msb - 16) : (v == 0 ? 64'sd1 : v) << (16 - msb);
    q = interpolate(T_RECIPROCAL, m - (64'sd1 <<< 16), 16 - TABLE_BITS);
    e = frac - msb;
  endtask

  // fx::conductance, from the shared coefficients it needs (mantissa and shift of each).
  task automatic conductance(input logic signed [17:0] exponent_mant, input int exponent_shift,
                             input logic signed [31:0] scale_mant, input int scale_shift, input s64_t tunnel_offset,
                             input logic signed [31:0] on_mant, input int on_shift, input s64_t x, input s64_t s,
                             output logic signed [31:0] kg_mant, output logic signed [31:0] kg_shift,
                             output logic saturated);
    s64_t u, n, phi, tunnel, p, m, filament, r_norm, q;
    int   e;
    u   = ionarray_arith_pkg::apply(27'(X_ONE - x), exponent_mant, exponent_shift);
    n   = u >>> U_FRAC;
    phi = u & ((64'sd1 <<< U_FRAC) - 1);
    if (n == 0) begin
      p      = shift_round(phi * interpolate(T_EXPM1_RATIO, phi, U_FRAC - TABLE_BITS), 15);
      tunnel = shift_round(p * s64(scale_mant), scale_shift + 1);
    end else begin
      m      = interpolate(T_EXP2_FRAC, phi, U_FRAC - TABLE_BITS);
      tunnel = shift_round(m * s64(scale_mant), scale_shift + 16 - R_FRAC - 32'(n))
               - tunnel_offset;
    end
    filament = shift_round(x * interpolate(T_INV_S2, s, S_FRAC + 2 - TABLE_BITS), LUT16_FRAC);
    r_norm   = filament + tunnel;
    reciprocal(r_norm > 0 ? r_norm : 64'sd1, R_FRAC, q, e);
    kg_mant   = 32'(shift_round(q * s64(on_mant), 16));
    kg_shift  = on_shift - e;
    saturated = kg_shift < SHIFT_MIN || kg_shift > SHIFT_MAX;
    if (kg_shift < SHIFT_MIN) kg_shift = SHIFT_MIN;
    if (kg_shift > SHIFT_MAX) kg_shift = SHIFT_MAX;
  endtask

  // round(wide * mant 2^-shift) for a coefficient given as mantissa and shift.
  function automatic s64_t apply_coef(input logic signed [31:0] mant, input int shift, input s64_t wide);
    apply_coef = shift_round(wide * s64(mant), shift);
  endfunction

  // fx::step_neuron: membrane, device, conductance, detection.
  ionarray_engine_pkg::neuron_state_t next;  // (a typedef alias would lose the members in Yosys 0.23)
  always_comb begin
    s64_t drive, vm, va, f, r, s, x0, z1, z2, z3, e_neg, e_pos, grow, shrink, noise_f, noise_r, gap, q, drift, moved, x,
          current;
    int   e;
    logic bridged, opened;
    logic [63:0] noise;
    // Every local is assigned on every path, so that synthesis sees no latch.
    {drive, vm, va, f, r, s, x0, z1, z2, z3, e_neg, e_pos, grow, shrink, noise_f, noise_r, gap, q, drift, moved, x,
     current} = '0;
    e        = 0;
    {bridged, opened} = '0;
    noise    = '0;
    next     = state_i;
    vm_sat_o = 1'b0;
    s_sat_o  = 1'b0;
    g_sat_o  = 1'b0;
    spike_o  = 1'b0;
    if (enable_i) begin
      // Membrane.
      drive = clamp64(v_in_i - s64(state_i.vm), -s64(V_MAX), s64(V_MAX));
      vm    = s64(state_i.vm) + apply_coef(shared_i.input_gain.mant, shared_i.input_gain.shift, drive) + dv_syn_i - apply_coef(state_i.kg.mant, state_i.kg.shift, s64(state_i.vm));
      if (vm > s64(V_MAX) || vm < -s64(V_MAX)) begin
        vm_sat_o = 1'b1;
        vm       = clamp64(vm, -s64(V_MAX), s64(V_MAX));
      end
      next.vm = 32'(vm);
      // Device.
      va      = shared_i.symmetric ? (vm < 0 ? -vm : vm) : (vm > 0 ? vm : 0);
      f       = s64(state_i.f);
      r       = s64(state_i.r);
      s       = s64(state_i.s);
      x0      = f + r < X_ONE ? f + r : X_ONE;
      bridged = X_ONE - x0 < s64(BRIDGED_MARGIN);
      opened  = s < s64(OPEN_MARGIN);
      noise = state_i.noise;
      if (shared_i.c2c) begin
        noise = ionarray_arith_pkg::xorshift64(noise);
        z1    = s64(32'(ionarray_arith_pkg::gaussian_code(noise)));
        noise = ionarray_arith_pkg::xorshift64(noise);
        z2    = s64(32'(ionarray_arith_pkg::gaussian_code(noise)));
        noise = ionarray_arith_pkg::xorshift64(noise);
        z3    = s64(32'(ionarray_arith_pkg::gaussian_code(noise)));
      end
      next.noise = noise;
      if (bridged) begin
        e_neg  = interpolate(T_EXP_NEG, s, S_FRAC + 2 - TABLE_BITS);
        e_pos  = interpolate(T_EXP_POS, s, S_FRAC + 2 - TABLE_BITS);
        grow   = apply_coef(shared_i.grow.mant, shared_i.grow.shift, shift_round(va * e_neg, LUT16_FRAC));
        shrink = apply_coef(shared_i.shrink.mant, shared_i.shrink.shift, e_pos) + apply_coef(shared_i.shrink_noise.mant, shared_i.shrink_noise.shift, shift_round(e_pos * z3, 17));
        s      = s + grow - shrink;
        if (s > s64(S_MAX)) begin
          s_sat_o = 1'b1;
          s       = s64(S_MAX);
        end
        if (s < 0) s = 0;
      end
      if (opened) begin
        noise_f = apply_coef(device_i.diffuse_f_noise.mant, device_i.diffuse_f_noise.shift, shift_round(shift_round(f * shift_round(f, 9), 16) * z1, 17));
        f       = f - clamp64(apply_coef(device_i.diffuse_f.mant, device_i.diffuse_f.shift, f) + noise_f, 0, f);
        noise_r = apply_coef(device_i.diffuse_r_noise.mant, device_i.diffuse_r_noise.shift, shift_round(shift_round(r * shift_round(r, 9), 16) * z2, 17));
        r       = r - clamp64(apply_coef(device_i.diffuse_r.mant, device_i.diffuse_r.shift, r) + noise_r, 0, r);
        gap     = clamp64(s64(shared_i.alpha) + X_ONE - x0, s64(shared_i.alpha), s64(shared_i.alpha) + X_ONE);
        reciprocal(gap, X_FRAC, q, e);
        drift   = shift_round(shift_round(va * q, 16) * s64(device_i.drift.mant), device_i.drift.shift - e);
        f       = f + clamp64(drift, 0, X_ONE - f - r);
        moved   = clamp64(apply_coef(device_i.transfer.mant, device_i.transfer.shift, f), 0, (X_ONE - r) < f ? (X_ONE - r) : f);
        f       = f - moved;
        r       = r + moved;
      end
      next.f = 32'(f);
      next.r = 32'(r);
      next.s = 32'(s);
      // Conductance and detection.
      x       = f + r < X_ONE ? f + r : X_ONE;
      conductance(18'(shared_i.tunnel_exponent.mant), shared_i.tunnel_exponent.shift, shared_i.tunnel_scale.mant,
                  shared_i.tunnel_scale.shift, shared_i.tunnel_offset, shared_i.on_conductance.mant,
                  shared_i.on_conductance.shift, x, s, next.kg.mant, next.kg.shift, g_sat_o);
      current = apply_coef(next.kg.mant, next.kg.shift, s64(next.vm));
      next.armed = current <= s64(shared_i.spike_threshold);
      spike_o = state_i.armed && current > s64(shared_i.spike_threshold);
    end
  end
  assign next_o = next;
endmodule
