// The neuron engine as pipelined hardware: one neuron enters per clock (II = 1) and its next
// state, spike and saturation flags leave LATENCY clocks later, bit for bit as the
// combinational ionarray_engine (the oracle) and hls/ionarray/neuron_engine.hpp compute them.
//
// Every product is a signed 27 x 18 DSP48E2 with its A/B, M and P registers (ionarray_dsp_mul);
// tables are registered ROMs (ionarray_table_interp); a stage otherwise does one add or compare,
// a mux, or a barrel shift. The schedule is written as the clock at which each value is ready
// (T_*, counted from the input registers at 0); each consumer delays its operands to its own
// start, so the delays follow from the schedule. Coefficient shifts lie in [-8, 62] (the host
// link refuses others: fx::coef_word_ok), so applying a coefficient needs left shifts of at most 8; the
// shifts computed from the data (drift, tunnelling) take any left shift, as the 64-bit oracle.
// Shared coefficients are static while neurons are in flight (the tile writes them only while
// idle) and are read where used.
// Not traced, nor are its stages: waveforms show the tiles around the engine; the pipeline's
// inner registers would multiply the trace, and Verilator 5.006's FST writer crashes on them.
/* verilator tracing_off */
module ionarray_engine_pipeline #(
  parameter int TAG_BITS = 8
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  input  logic                               valid_i,
  input  logic [TAG_BITS-1:0]                tag_i,     // travels with the neuron (its column)
  input  ionarray_engine_pkg::neuron_state_t state_i,
  input  ionarray_engine_pkg::device_coefs_t device_i,
  input  ionarray_engine_pkg::shared_coefs_t shared_i,
  input  logic signed [63:0]                 v_in_i,
  input  logic signed [63:0]                 acc_i,      // synaptic sum; dv_syn = clamp(round(acc 2^-acc_shift))
  input  logic [5:0]                         acc_shift_i,
  output logic                               valid_o,
  output logic [TAG_BITS-1:0]                tag_o,
  output ionarray_engine_pkg::neuron_state_t next_o,
  output logic                               spike_o,
  output logic                               vm_sat_o, s_sat_o, g_sat_o
);
  typedef logic signed [63:0] s64_t;
  localparam s64_t X_ONE  = 64'sd1 <<< ionarray_formats_pkg::X_FRAC;
  localparam s64_t V_MAX  = 64'(ionarray_formats_pkg::V_MAX);
  localparam s64_t S_MAX  = 64'(ionarray_formats_pkg::S_MAX);
  localparam int   U_FRAC = ionarray_formats_pkg::U_FRAC;
  localparam int   R_FRAC = ionarray_formats_pkg::R_FRAC;
  localparam int   S_TABLE_FRAC = ionarray_formats_pkg::S_FRAC + 2 - ionarray_formats_pkg::TABLE_BITS;
  localparam int   U_TABLE_FRAC = U_FRAC - ionarray_formats_pkg::TABLE_BITS;
  localparam int   LUT16_FRAC = ionarray_formats_pkg::LUT16_FRAC;
  localparam logic signed [31:0] SHIFT_MIN = ionarray_formats_pkg::COEF_SHIFT_MIN;
  localparam logic signed [31:0] SHIFT_MAX = ionarray_formats_pkg::COEF_SHIFT_MAX;
  // Table order of ionarray_tables.svh.
  localparam int EXP_NEG = 0, EXP_POS = 1, INV_S2 = 2, EXP2_FRAC = 3, EXPM1_RATIO = 4;
  // The schedule names every value's clock, also where only a comment uses it.
  /* verilator lint_off UNUSEDPARAM */
  localparam int APPLY = 5, APPLY_CONST = 4, INTERP = 7, RECIP = 11;

  // ---- The schedule: the clock at which each value is ready ------------------------------
  // Membrane: Vm + input - leak + synaptic input, saturated; va = |Vm| or max(Vm, 0).
  localparam int T_DRIVE_RAW = 1, T_DRIVE_FLAGS = 2, T_DRIVE = 3;
  localparam int T_A_IN = T_DRIVE + APPLY;                         // 8
  localparam int T_LEAK = APPLY;                                   // 5
  localparam int T_DV_ROUND = 3, T_DV_FLAGS = 4, T_DV = 5;         // decode, shift, round; flags; clamp
  localparam int T_SUM_SYN = (T_DV > T_LEAK ? T_DV : T_LEAK) + 1;  // 6
  localparam int T_SUM_IN = T_A_IN + 1;                            // 9
  localparam int T_VM_RAW = T_SUM_IN + 1, T_VM_FLAGS = T_VM_RAW + 1, T_VM = T_VM_FLAGS + 1;  // 10, 11, 12
  localparam int T_VM_NEG = T_VM + 1, T_VA = T_VM_NEG + 1;         // 13, 14
  // Noise: three xorshift64 steps, a Gaussian code from each (two adder stages).
  localparam int T_N1 = 1, T_Z1 = T_N1 + 2, T_Z2 = T_Z1 + 1, T_Z3 = T_Z2 + 1, T_NOISE = 4;
  // x0, bridged, open.
  localparam int T_FR = 1, T_X0 = 2, T_OPEN = 1;
  // Bridged: s += grow - shrink.
  localparam int T_E = INTERP;                                     // 7: e^-s, e^s
  localparam int T_GM = T_VA + APPLY_CONST;                        // 18: va e^-s
  localparam int T_GROW = T_GM + APPLY;                            // 23
  localparam int T_SHRINK_MAIN = T_E + APPLY;                      // 12
  localparam int T_Z3E = (T_E > T_Z3 ? T_E : T_Z3) + APPLY_CONST;  // 11
  localparam int T_SHRINK_NOISE = T_Z3E + APPLY;                   // 16
  localparam int T_SHRINK = T_SHRINK_NOISE + 1;                    // 17
  localparam int T_S_MINUS = T_SHRINK + 1;                         // 18
  localparam int T_S_RAW = T_GROW + 1, T_S_FLAGS = T_S_RAW + 1, T_S = T_S_FLAGS + 1;  // 24, 25, 26
  // Open: diffusion with noise, drift, transfer to the residue.
  localparam int T_FH = 1, T_FF = T_FH + APPLY_CONST;              // 1, 5
  localparam int T_FZ = (T_FF > T_Z2 ? T_FF : T_Z2) + APPLY_CONST; // 9
  localparam int T_DIFF_NOISE = T_FZ + APPLY;                      // 14
  localparam int T_DIFF = APPLY;                                   // 5
  localparam int T_DSUM = T_DIFF_NOISE + 1, T_DEC_FLAGS = T_DSUM + 1, T_DEC = T_DEC_FLAGS + 1;  // 15, 16, 17
  localparam int T_F1 = T_DEC + 1;                                 // 18
  localparam int T_GAP_RAW = T_X0 + 1, T_GAP_FLAGS = T_GAP_RAW + 1, T_GAP = T_GAP_FLAGS + 1;  // 3, 4, 5
  localparam int T_QG = T_GAP + RECIP;                             // 16
  localparam int T_DRIFT_SHIFT = T_QG + 1;                         // 17
  localparam int T_VQ = (T_QG > T_VA ? T_QG : T_VA) + APPLY_CONST; // 20
  localparam int T_DRIFT = (T_VQ > T_DRIFT_SHIFT ? T_VQ : T_DRIFT_SHIFT) + APPLY;  // 25
  localparam int T_ONE_F1 = T_F1 + 1, T_LIM = T_ONE_F1 + 1;        // 19, 20: 1 - f1 - r1
  localparam int T_ONE_R1 = T_F1 + 1;                              // 19: 1 - r1
  localparam int T_DADD_FLAGS = T_DRIFT + 1, T_DADD = T_DADD_FLAGS + 1;  // 26, 27
  localparam int T_F2 = T_DADD + 1;                                // 28
  localparam int T_MOVE = T_F2 + APPLY;                            // 33
  localparam int T_MLIM_FLAG = T_F2 + 1, T_MLIM = T_MLIM_FLAG + 1; // 29, 30
  localparam int T_MOVED_FLAGS = T_MOVE + 1, T_MOVED = T_MOVED_FLAGS + 1;  // 34, 35
  localparam int T_FR3 = T_MOVED + 1;                              // 36: f, r after the device step
  // Conductance: kg = dt G / C from x and s, then the output current and spike.
  localparam int T_XS = T_FR3 + 1, T_X = T_XS + 1, T_OMX = T_X + 1;  // 37, 38, 39
  localparam int T_U = T_OMX + APPLY;                              // 44
  localparam int T_N = T_U + 1;                                    // 45: n == 0, n
  localparam int T_RATIO = T_U + INTERP;                           // 51: (2^phi - 1) / phi, 2^phi
  localparam int T_P = T_RATIO + APPLY_CONST;                      // 55
  localparam int T_TUNNEL0 = T_P + APPLY;                          // 60
  localparam int T_TUNNEL_SHIFT = T_N + 1;                         // 46
  localparam int T_TUNNEL1_RAW = T_RATIO + APPLY;                  // 56
  localparam int T_TUNNEL1 = T_TUNNEL1_RAW + 1;                    // 57: less the offset
  localparam int T_TUNNEL = (T_TUNNEL0 > T_TUNNEL1 ? T_TUNNEL0 : T_TUNNEL1) + 1;  // 61
  localparam int T_INV = T_S + INTERP;                             // 33: 1 / S^2
  localparam int T_FIL = (T_X > T_INV ? T_X : T_INV) + APPLY_CONST;  // 42
  localparam int T_RNORM = T_TUNNEL + 1, T_RPOS = T_RNORM + 1;     // 62, 63
  localparam int T_QR = T_RPOS + RECIP;                            // 74
  localparam int T_KG_MANT = T_QR + APPLY_CONST;                   // 78
  localparam int T_KG_SHIFT_RAW = T_QR + 1, T_KG_SHIFT = T_KG_SHIFT_RAW + 1;  // 75, 76
  localparam int T_CURRENT = T_KG_MANT + APPLY;                    // 83
  localparam int T_OUT = T_CURRENT + 1;                            // 84
  localparam int LATENCY = T_OUT + 1;  // valid_i in cycle c: valid_o in cycle c + LATENCY
  /* verilator lint_on UNUSEDPARAM */
`ifndef SYNTHESIS
  if (LATENCY != ionarray_formats_pkg::ENGINE_LATENCY) begin : g_latency_mismatch
    $error("ionarray_engine_pipeline: the schedule takes %0d clocks, fx::kEngineLatency says %0d", LATENCY,
           ionarray_formats_pkg::ENGINE_LATENCY);
  end
`endif

  // ---- Pipeline control: valid bits with reset; every other register is enabled only while
  // a neuron is in flight (operand isolation; a simulator skips the idle engine).
  logic [LATENCY-1:0] valid_q;
  logic en;
  assign en = valid_i || valid_q != '0;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) valid_q <= '0;
    else valid_q <= {valid_q[LATENCY-2:0], valid_i};
  assign valid_o = valid_q[LATENCY-1];

  // ---- T = 0: the inputs, registered -------------------------------------------------------
  s64_t f0, r0, s0, vm0, kg_mant0, v_in0, acc0;
  logic signed [31:0] kg_shift0;
  logic armed0;
  logic [63:0] noise0;
  ionarray_engine_pkg::device_coefs_t dev0;
  logic [5:0] acc_shift0;
  always_ff @(posedge clk_i)
    if (en) begin
      f0         <= 64'(state_i.f);
      r0         <= 64'(state_i.r);
      s0         <= 64'(state_i.s);
      vm0        <= 64'(state_i.vm);
      kg_mant0   <= 64'(state_i.kg.mant);
      kg_shift0  <= state_i.kg.shift;
      armed0     <= state_i.armed;
      noise0     <= state_i.noise;
      dev0       <= device_i;
      v_in0      <= v_in_i;
      acc0       <= acc_i;
      acc_shift0 <= acc_shift_i;
    end
  ionarray_delay #(.WIDTH(TAG_BITS), .DEPTH(LATENCY)) u_tag (.clk_i, .en_i(en), .d_i(tag_i), .q_o(tag_o));

  // ---- Membrane ------------------------------------------------------------------------------
  s64_t drive_raw, drive, vm_raw, vm1, vm_neg, va, a_in, leak, dv_round, dv, sum_syn, sum_in;
  logic drive_hi, drive_lo, dv_hi, dv_lo, vm_hi, vm_lo, vm_sat_flag;
  always_ff @(posedge clk_i)
    if (en) begin
      drive_raw <= v_in0 - vm0;                                         // T_DRIVE_RAW
      drive_hi  <= drive_raw > V_MAX;                                   // T_DRIVE_FLAGS
      drive_lo  <= drive_raw < -V_MAX;
      drive     <= drive_lo ? -V_MAX : drive_hi ? V_MAX : drive_raw_d;  // T_DRIVE
    end
  s64_t drive_raw_d;
  ionarray_delay #(.DEPTH(1)) d_drive_raw (.clk_i, .en_i(en), .d_i(drive_raw), .q_o(drive_raw_d));
  ionarray_apply u_a_in (.clk_i, .en_i(en), .wide_i(drive), .narrow_i(64'(shared_i.input_gain.mant)),
                         .shift_i(shared_i.input_gain.shift), .value_o(a_in));
  ionarray_apply u_leak (.clk_i, .en_i(en), .wide_i(vm0), .narrow_i(kg_mant0), .shift_i(kg_shift0), .value_o(leak));
  // dv_syn = clamp(shift_round(acc, acc_shift), +-V_MAX): the shift decoded (1), shifted and rounded (2).
  logic       dv_right;
  logic [7:0] dv_amount;
  s64_t       acc1;
  ionarray_shift_decode #(.IN_BITS(64), .LEFT_MAX(0)) u_dv_decode (
    .clk_i, .en_i(en), .shift_i(32'(acc_shift0)), .right_o(dv_right), .amount_o(dv_amount));
  ionarray_delay #(.DEPTH(1)) d_acc (.clk_i, .en_i(en), .d_i(acc0), .q_o(acc1));
  ionarray_round_shift #(.IN_BITS(64), .LEFT_MAX(0)) u_dv_round (
    .clk_i, .en_i(en), .v_i(acc1), .right_i(dv_right), .amount_i(dv_amount), .q_o(dv_round));
  always_ff @(posedge clk_i)
    if (en) begin
      dv_hi <= dv_round > V_MAX;                                        // T_DV_FLAGS
      dv_lo <= dv_round < -V_MAX;
      dv    <= dv_lo ? -V_MAX : dv_hi ? V_MAX : dv_round_d;             // T_DV
    end
  s64_t dv_round_d, leak_d, vm0_d, sum_syn_d, vm_raw_d;
  ionarray_delay #(.DEPTH(1)) d_dv_round (.clk_i, .en_i(en), .d_i(dv_round), .q_o(dv_round_d));
  ionarray_delay #(.DEPTH(T_SUM_SYN - 1 - T_LEAK)) d_leak (.clk_i, .en_i(en), .d_i(leak), .q_o(leak_d));
  ionarray_delay #(.DEPTH(T_SUM_IN - 1)) d_vm0 (.clk_i, .en_i(en), .d_i(vm0), .q_o(vm0_d));
  ionarray_delay #(.DEPTH(T_VM_RAW - 1 - T_SUM_SYN)) d_sum_syn (.clk_i, .en_i(en), .d_i(sum_syn), .q_o(sum_syn_d));
  ionarray_delay #(.DEPTH(1)) d_vm_raw (.clk_i, .en_i(en), .d_i(vm_raw), .q_o(vm_raw_d));
  always_ff @(posedge clk_i)
    if (en) begin
      sum_syn     <= dv - leak_d;                                       // T_SUM_SYN (dv held from T_DV)
      sum_in      <= vm0_d + a_in;                                      // T_SUM_IN
      vm_raw      <= sum_in + sum_syn_d;                                // T_VM_RAW
      vm_hi       <= vm_raw > V_MAX;                                    // T_VM_FLAGS
      vm_lo       <= vm_raw < -V_MAX;
      vm_sat_flag <= vm_hi || vm_lo;                                    // T_VM
      vm1         <= vm_lo ? -V_MAX : vm_hi ? V_MAX : vm_raw_d;
      vm_neg      <= -vm1;                                              // T_VM_NEG
      va          <= shared_i.symmetric ? (vm1_d[63] ? vm_neg : vm1_d) : (vm1_d[63] ? 64'sd0 : vm1_d);  // T_VA
    end
  s64_t vm1_d;
  ionarray_delay #(.DEPTH(1)) d_vm1 (.clk_i, .en_i(en), .d_i(vm1), .q_o(vm1_d));

  // ---- Noise ---------------------------------------------------------------------------------
  logic [63:0] n1, n2, n3, noise_next;
  logic signed [18:0] z1, z2, z3;
  always_ff @(posedge clk_i)
    if (en) begin
      n1 <= ionarray_arith_pkg::xorshift64(noise0);                     // T_N1
      n2 <= ionarray_arith_pkg::xorshift64(n1);
      n3 <= ionarray_arith_pkg::xorshift64(n2);
      noise_next <= shared_i.c2c ? n3 : noise2;                         // T_NOISE
    end
  logic [63:0] noise2;
  ionarray_delay #(.WIDTH(64), .DEPTH(T_NOISE - 1)) d_noise0 (.clk_i, .en_i(en), .d_i(noise0), .q_o(noise2));
  ionarray_gaussian u_z1 (.clk_i, .en_i(en), .enable_i(shared_i.c2c), .word_i(n1), .code_o(z1));
  ionarray_gaussian u_z2 (.clk_i, .en_i(en), .enable_i(shared_i.c2c), .word_i(n2), .code_o(z2));
  ionarray_gaussian u_z3 (.clk_i, .en_i(en), .enable_i(shared_i.c2c), .word_i(n3), .code_o(z3));

  // ---- x0, bridged, open -------------------------------------------------------------------
  s64_t fr, x0;
  logic bridged, opened;
  always_ff @(posedge clk_i)
    if (en) begin
      fr      <= f0 + r0;                                               // T_FR
      opened  <= s0 < 64'(ionarray_formats_pkg::OPEN_MARGIN);           // T_OPEN
      x0      <= fr < X_ONE ? fr : X_ONE;                               // T_X0
      bridged <= fr > X_ONE - 64'(ionarray_formats_pkg::BRIDGED_MARGIN);  // (1 - x0 < margin)
    end

  // ---- Bridged: s += grow - shrink, saturated ---------------------------------------------
  s64_t e_neg, e_pos, e_neg_d, gm, grow, shrink_main, shrink_main_d, z3e, shrink_noise, shrink, s_minus,
        s_minus_d, s_raw, s_raw_d, s_b, s_d;
  logic s_hi, s_lo, s_sat_flag, bridged_d;
  ionarray_table_interp #(.TABLE(EXP_NEG), .FRAC_BITS(S_TABLE_FRAC)) u_e_neg (.clk_i, .en_i(en), .position_i(s0), .value_o(e_neg));
  ionarray_table_interp #(.TABLE(EXP_POS), .FRAC_BITS(S_TABLE_FRAC)) u_e_pos (.clk_i, .en_i(en), .position_i(s0), .value_o(e_pos));
  ionarray_delay #(.DEPTH(T_VA - T_E)) d_e_neg (.clk_i, .en_i(en), .d_i(e_neg), .q_o(e_neg_d));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(LUT16_FRAC)) u_gm (.clk_i, .en_i(en), .wide_i(va), .narrow_i(e_neg_d),
                                                                 .shift_i('0), .value_o(gm));
  ionarray_apply u_grow (.clk_i, .en_i(en), .wide_i(gm), .narrow_i(64'(shared_i.grow.mant)), .shift_i(shared_i.grow.shift),
                         .value_o(grow));
  ionarray_apply u_shrink (.clk_i, .en_i(en), .wide_i(e_pos), .narrow_i(64'(shared_i.shrink.mant)),
                           .shift_i(shared_i.shrink.shift), .value_o(shrink_main));
  logic signed [18:0] z3_d;
  ionarray_delay #(.WIDTH(19), .DEPTH(T_E - T_Z3)) d_z3 (.clk_i, .en_i(en), .d_i(z3), .q_o(z3_d));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(17)) u_z3e (.clk_i, .en_i(en), .wide_i(e_pos), .narrow_i(64'(z3_d)),
                                                          .shift_i('0), .value_o(z3e));
  ionarray_apply u_shrink_noise (.clk_i, .en_i(en), .wide_i(z3e), .narrow_i(64'(shared_i.shrink_noise.mant)),
                                 .shift_i(shared_i.shrink_noise.shift), .value_o(shrink_noise));
  ionarray_delay #(.DEPTH(T_SHRINK - 1 - T_SHRINK_MAIN)) d_shrink_main (.clk_i, .en_i(en), .d_i(shrink_main), .q_o(shrink_main_d));
  ionarray_delay #(.DEPTH(T_S_MINUS - 1)) d_s0 (.clk_i, .en_i(en), .d_i(s0), .q_o(s_d));
  ionarray_delay #(.DEPTH(T_S_RAW - 1 - T_S_MINUS)) d_s_minus (.clk_i, .en_i(en), .d_i(s_minus), .q_o(s_minus_d));
  ionarray_delay #(.DEPTH(1)) d_s_raw (.clk_i, .en_i(en), .d_i(s_raw), .q_o(s_raw_d));
  s64_t s_keep;  // s unchanged when not bridged
  ionarray_delay #(.DEPTH(T_S - 1)) d_s_keep (.clk_i, .en_i(en), .d_i(s0), .q_o(s_keep));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_S - 1 - T_X0)) d_bridged (.clk_i, .en_i(en), .d_i(bridged), .q_o(bridged_d));
  always_ff @(posedge clk_i)
    if (en) begin
      shrink     <= shrink_main_d + shrink_noise;                       // T_SHRINK
      s_minus    <= s_d - shrink;                                       // T_S_MINUS
      s_raw      <= s_minus_d + grow;                                   // T_S_RAW
      s_hi       <= s_raw > S_MAX;                                      // T_S_FLAGS
      s_lo       <= s_raw < 0;
      s_b        <= !bridged_d ? s_keep : s_hi ? S_MAX : s_lo ? 64'sd0 : s_raw_d;  // T_S
      s_sat_flag <= bridged_d && s_hi;
    end

  // ---- Open: diffusion with noise, drift, transfer -----------------------------------------
  // dec = clamp(apply(diffuse, w) + apply(diffuse_noise, round(round(w round(w, 9), 16) z, 17)), 0, w)
  s64_t f1, r1;
  ionarray_diffusion #(.Z_TIME(T_Z1)) u_diffuse_f (.clk_i, .en_i(en), .w_i(f0), .z_i(z1), .diffuse_i(dev0.diffuse_f),
                                  .diffuse_noise_i(dev0.diffuse_f_noise), .opened_i(opened), .w_next_o(f1));
  ionarray_diffusion #(.Z_TIME(T_Z2)) u_diffuse_r (.clk_i, .en_i(en), .w_i(r0), .z_i(z2), .diffuse_i(dev0.diffuse_r),
                                  .diffuse_noise_i(dev0.diffuse_r_noise), .opened_i(opened), .w_next_o(r1));

  // gap = clamp(alpha + 1 - x0, alpha, alpha + 1), its reciprocal q 2^-16 2^e
  s64_t alpha, alpha_one, gap_raw, gap_raw_d, gap, q_g;
  logic gap_lo, gap_hi;
  logic signed [31:0] e_g;
  assign alpha     = 64'(shared_i.alpha);
  assign alpha_one = alpha + X_ONE;
  always_ff @(posedge clk_i)
    if (en) begin
      gap_raw <= alpha_one - x0;                                        // T_GAP_RAW
      gap_lo  <= gap_raw < alpha;                                       // T_GAP_FLAGS
      gap_hi  <= gap_raw > alpha_one;
      gap     <= gap_lo ? alpha : gap_hi ? alpha_one : gap_raw_d;       // T_GAP
    end
  ionarray_delay #(.DEPTH(1)) d_gap_raw (.clk_i, .en_i(en), .d_i(gap_raw), .q_o(gap_raw_d));
  ionarray_reciprocal #(.FRAC(ionarray_formats_pkg::X_FRAC)) u_gap_recip (.clk_i, .en_i(en), .v_i(gap), .q_o(q_g), .e_o(e_g));

  // drift = round(round(va q, 16) drift.mant, drift.shift - e)
  s64_t va_q, vq, drift;
  logic signed [31:0] drift_shift, drift_shift_d;
  ionarray_engine_pkg::coef_t drift_coef, transfer_coef;
  ionarray_delay #(.DEPTH(T_QG - T_VA)) d_va_q (.clk_i, .en_i(en), .d_i(va), .q_o(va_q));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(LUT16_FRAC)) u_vq (.clk_i, .en_i(en), .wide_i(va_q), .narrow_i(q_g),
                                                                 .shift_i('0), .value_o(vq));
  ionarray_delay #(.WIDTH(64), .DEPTH(T_QG)) d_drift_coef (.clk_i, .en_i(en), .d_i(dev0.drift), .q_o(drift_coef));
  always_ff @(posedge clk_i)
    if (en) drift_shift <= drift_coef.shift - e_g;                      // T_DRIFT_SHIFT
  ionarray_delay #(.WIDTH(32), .DEPTH(T_VQ - T_DRIFT_SHIFT)) d_drift_shift (.clk_i, .en_i(en), .d_i(drift_shift), .q_o(drift_shift_d));
  logic signed [31:0] drift_mant_d;
  ionarray_delay #(.WIDTH(32), .DEPTH(T_VQ - T_QG)) d_drift_mant (.clk_i, .en_i(en), .d_i(drift_coef.mant), .q_o(drift_mant_d));
  ionarray_apply #(.LEFT_MAX(63)) u_drift (.clk_i, .en_i(en), .wide_i(vq), .narrow_i(64'(drift_mant_d)),
                                           .shift_i(drift_shift_d), .value_o(drift));

  // f2 = f1 + clamp(drift, 0, 1 - f1 - r1); moved = clamp(apply(transfer, f2), 0, min(1 - r1, f2))
  s64_t one_f1, lim, lim_d, one_r1, one_r1_d, dadd, f1_d, f2, f2_d, f2_dd, drift_d, move, move_d, mlim, mlim_d, moved,
        f3, r3, r1_d, r1_dd;
  logic dadd_lo, dadd_hi, mlim_lt, moved_lo, moved_hi, opened_dadd, opened_moved;
  ionarray_delay #(.DEPTH(1)) d_r1 (.clk_i, .en_i(en), .d_i(r1), .q_o(r1_d));
  ionarray_delay #(.DEPTH(T_DADD_FLAGS - 1 - T_LIM)) d_lim (.clk_i, .en_i(en), .d_i(lim), .q_o(lim_d));
  ionarray_delay #(.DEPTH(1)) d_drift (.clk_i, .en_i(en), .d_i(drift), .q_o(drift_d));
  ionarray_delay #(.DEPTH(T_F2 - 1 - T_F1)) d_f1 (.clk_i, .en_i(en), .d_i(f1), .q_o(f1_d));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_DADD - 1 - T_OPEN)) d_opened_dadd (.clk_i, .en_i(en), .d_i(opened), .q_o(opened_dadd));
  ionarray_delay #(.WIDTH(1), .DEPTH((T_MOVED - 1) - (T_DADD - 1))) d_opened_moved (.clk_i, .en_i(en), .d_i(opened_dadd), .q_o(opened_moved));
  always_ff @(posedge clk_i)
    if (en) begin
      one_f1  <= X_ONE - f1;                                            // T_ONE_F1
      one_r1  <= X_ONE - r1;                                            // T_ONE_R1
      lim     <= one_f1 - r1_d;                                         // T_LIM
      dadd_lo <= drift < 0;                                             // T_DADD_FLAGS
      dadd_hi <= drift > lim_d;
      dadd    <= !opened_dadd || dadd_lo ? 64'sd0 : dadd_hi ? lim_dd : drift_d;  // T_DADD
      f2      <= f1_d + dadd;                                           // T_F2
      mlim_lt <= one_r1_d < f2;                                         // T_MLIM_FLAG
      mlim    <= mlim_lt ? one_r1_dd : f2_d;                            // T_MLIM
      moved_lo <= move < 0;                                             // T_MOVED_FLAGS
      moved_hi <= move > mlim_d;
      moved   <= !opened_moved || moved_lo ? 64'sd0 : moved_hi ? mlim_dd : move_d;  // T_MOVED
      f3      <= f2_dd - moved;                                         // T_FR3
      r3      <= r1_dd + moved;
    end
  s64_t lim_dd, one_r1_dd, mlim_dd;
  ionarray_delay #(.DEPTH(1)) d_lim2 (.clk_i, .en_i(en), .d_i(lim_d), .q_o(lim_dd));
  ionarray_delay #(.DEPTH(T_MLIM_FLAG - 1 - T_ONE_R1)) d_one_r1 (.clk_i, .en_i(en), .d_i(one_r1), .q_o(one_r1_d));
  ionarray_delay #(.DEPTH(1)) d_one_r1_2 (.clk_i, .en_i(en), .d_i(one_r1_d), .q_o(one_r1_dd));
  ionarray_delay #(.DEPTH(1)) d_f2 (.clk_i, .en_i(en), .d_i(f2), .q_o(f2_d));
  ionarray_delay #(.DEPTH(T_FR3 - 1 - T_F2)) d_f2_2 (.clk_i, .en_i(en), .d_i(f2), .q_o(f2_dd));
  ionarray_delay #(.DEPTH(T_FR3 - 1 - T_F1)) d_r1_2 (.clk_i, .en_i(en), .d_i(r1), .q_o(r1_dd));
  ionarray_delay #(.DEPTH(T_MOVED_FLAGS - 1 - T_MLIM)) d_mlim (.clk_i, .en_i(en), .d_i(mlim), .q_o(mlim_d));
  ionarray_delay #(.DEPTH(1)) d_mlim2 (.clk_i, .en_i(en), .d_i(mlim_d), .q_o(mlim_dd));
  ionarray_delay #(.DEPTH(1)) d_move (.clk_i, .en_i(en), .d_i(move), .q_o(move_d));
  ionarray_delay #(.WIDTH(64), .DEPTH(T_F2)) d_transfer_coef (.clk_i, .en_i(en), .d_i(dev0.transfer), .q_o(transfer_coef));
  ionarray_apply u_move (.clk_i, .en_i(en), .wide_i(f2), .narrow_i(64'(transfer_coef.mant)), .shift_i(transfer_coef.shift),
                         .value_o(move));

  // ---- Conductance: kg from x and s; current and spike --------------------------------------
  s64_t xs, x, omx, u, phi, phi_d, ratio, exp2_phi, p, tunnel0, tunnel1_raw, tunnel1, tunnel, tunnel1_d, inv, inv_d, fil, fil_d,
        r_norm, r_pos, q_r, kg_mant_new, current;
  logic signed [31:0] n, tunnel_shift, tunnel_shift_d, e_r, kg_shift_raw, kg_shift_new, kg_shift_d;
  logic n_zero, n_zero_d, g_sat_flag;
  always_ff @(posedge clk_i)
    if (en) begin
      xs <= f3 + r3;                                                    // T_XS
      x  <= xs < X_ONE ? xs : X_ONE;                                    // T_X
      omx <= X_ONE - x;                                                 // T_OMX
    end
  ionarray_apply u_u (.clk_i, .en_i(en), .wide_i(omx), .narrow_i(64'(18'(shared_i.tunnel_exponent.mant))),
                      .shift_i(shared_i.tunnel_exponent.shift), .value_o(u));
  assign phi = u & ((64'sd1 <<< U_FRAC) - 1);
  always_ff @(posedge clk_i)
    if (en) begin
      n            <= 32'(u >>> U_FRAC);                                // T_N
      n_zero       <= (u >>> U_FRAC) == 64'sd0;
      tunnel_shift <= shared_i.tunnel_scale.shift + 32'(LUT16_FRAC - R_FRAC) - n;  // T_TUNNEL_SHIFT
    end
  ionarray_table_interp #(.TABLE(EXPM1_RATIO), .FRAC_BITS(U_TABLE_FRAC)) u_ratio (.clk_i, .en_i(en), .position_i(phi), .value_o(ratio));
  ionarray_table_interp #(.TABLE(EXP2_FRAC), .FRAC_BITS(U_TABLE_FRAC)) u_exp2 (.clk_i, .en_i(en), .position_i(phi), .value_o(exp2_phi));
  ionarray_delay #(.DEPTH(T_RATIO - T_U)) d_phi (.clk_i, .en_i(en), .d_i(phi), .q_o(phi_d));
  // n == 0: tunnel = round(round(phi ratio, 15) scale, scale.shift + 1)
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(15)) u_p (.clk_i, .en_i(en), .wide_i(phi_d), .narrow_i(ratio), .shift_i('0), .value_o(p));
  ionarray_apply u_tunnel0 (.clk_i, .en_i(en), .wide_i(p), .narrow_i(64'(shared_i.tunnel_scale.mant)),
                            .shift_i(shared_i.tunnel_scale.shift + 32'sd1), .value_o(tunnel0));
  // otherwise: tunnel = round(2^phi scale, scale.shift + 16 - R_FRAC - n) - offset
  ionarray_delay #(.WIDTH(32), .DEPTH(T_RATIO - T_TUNNEL_SHIFT)) d_tunnel_shift (.clk_i, .en_i(en), .d_i(tunnel_shift), .q_o(tunnel_shift_d));
  ionarray_apply #(.LEFT_MAX(63)) u_tunnel1 (.clk_i, .en_i(en), .wide_i(exp2_phi), .narrow_i(64'(shared_i.tunnel_scale.mant)),
                                             .shift_i(tunnel_shift_d), .value_o(tunnel1_raw));
  ionarray_delay #(.DEPTH(T_TUNNEL - 1 - T_TUNNEL1)) d_tunnel1 (.clk_i, .en_i(en), .d_i(tunnel1), .q_o(tunnel1_d));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_TUNNEL - 1 - T_N)) d_n_zero (.clk_i, .en_i(en), .d_i(n_zero), .q_o(n_zero_d));
  // filament = round(x inv_s2(s), 16)
  ionarray_table_interp #(.TABLE(INV_S2), .FRAC_BITS(S_TABLE_FRAC)) u_inv (.clk_i, .en_i(en), .position_i(s_b), .value_o(inv));
  ionarray_delay #(.DEPTH(T_X - T_INV)) d_inv (.clk_i, .en_i(en), .d_i(inv), .q_o(inv_d));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(LUT16_FRAC)) u_fil (.clk_i, .en_i(en), .wide_i(x), .narrow_i(inv_d), .shift_i('0), .value_o(fil));
  ionarray_delay #(.DEPTH(T_RNORM - 1 - T_FIL)) d_fil (.clk_i, .en_i(en), .d_i(fil), .q_o(fil_d));
  always_ff @(posedge clk_i)
    if (en) begin
      tunnel1 <= tunnel1_raw - shared_i.tunnel_offset;                  // T_TUNNEL1
      tunnel  <= n_zero_d ? tunnel0 : tunnel1_d;                        // T_TUNNEL
      r_norm  <= fil_d + tunnel;                                        // T_RNORM
      r_pos   <= !r_norm[63] && r_norm != 64'sd0 ? r_norm : 64'sd1;     // T_RPOS
    end
  ionarray_reciprocal #(.FRAC(R_FRAC)) u_r_recip (.clk_i, .en_i(en), .v_i(r_pos), .q_o(q_r), .e_o(e_r));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(LUT16_FRAC)) u_kg (.clk_i, .en_i(en), .wide_i(q_r),
                                                                 .narrow_i(64'(shared_i.on_conductance.mant)), .shift_i('0),
                                                                 .value_o(kg_mant_new));
  always_ff @(posedge clk_i)
    if (en) begin
      kg_shift_raw <= shared_i.on_conductance.shift - e_r;              // T_KG_SHIFT_RAW
      g_sat_flag   <= kg_shift_raw < SHIFT_MIN || kg_shift_raw > SHIFT_MAX;  // T_KG_SHIFT
      kg_shift_new <= kg_shift_raw < SHIFT_MIN ? SHIFT_MIN : kg_shift_raw > SHIFT_MAX ? SHIFT_MAX : kg_shift_raw;
    end
  s64_t vm_cur;
  ionarray_delay #(.DEPTH(T_KG_MANT - T_VM)) d_vm_cur (.clk_i, .en_i(en), .d_i(vm1), .q_o(vm_cur));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_KG_MANT - T_KG_SHIFT)) d_kg_shift (.clk_i, .en_i(en), .d_i(kg_shift_new), .q_o(kg_shift_d));
  ionarray_apply u_current (.clk_i, .en_i(en), .wide_i(vm_cur), .narrow_i(kg_mant_new), .shift_i(kg_shift_d), .value_o(current));

  // ---- T_OUT: the next state, spike and flags -----------------------------------------------
  logic signed [31:0] f_out, r_out, s_out, vm_out, kg_mant_out, kg_shift_out;
  logic [63:0] noise_out;
  logic armed_out, vm_sat_out, s_sat_out, g_sat_out;
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_FR3)) d_f_out (.clk_i, .en_i(en), .d_i(32'(f3)), .q_o(f_out));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_FR3)) d_r_out (.clk_i, .en_i(en), .d_i(32'(r3)), .q_o(r_out));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_S)) d_s_out (.clk_i, .en_i(en), .d_i(32'(s_b)), .q_o(s_out));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_KG_MANT)) d_vm_out (.clk_i, .en_i(en), .d_i(32'(vm_cur)), .q_o(vm_out));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_KG_MANT)) d_kg_mant_out (.clk_i, .en_i(en), .d_i(32'(kg_mant_new)), .q_o(kg_mant_out));
  ionarray_delay #(.WIDTH(32), .DEPTH(T_CURRENT - T_KG_MANT)) d_kg_shift_out (.clk_i, .en_i(en), .d_i(kg_shift_d), .q_o(kg_shift_out));
  ionarray_delay #(.WIDTH(64), .DEPTH(T_CURRENT - T_NOISE)) d_noise_out (.clk_i, .en_i(en), .d_i(noise_next), .q_o(noise_out));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_CURRENT)) d_armed_out (.clk_i, .en_i(en), .d_i(armed0), .q_o(armed_out));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_CURRENT - T_VM)) d_vm_sat_out (.clk_i, .en_i(en), .d_i(vm_sat_flag), .q_o(vm_sat_out));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_CURRENT - T_S)) d_s_sat_out (.clk_i, .en_i(en), .d_i(s_sat_flag), .q_o(s_sat_out));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_CURRENT - T_KG_SHIFT)) d_g_sat_out (.clk_i, .en_i(en), .d_i(g_sat_flag), .q_o(g_sat_out));
  ionarray_engine_pkg::neuron_state_t next_q;
  always_ff @(posedge clk_i)
    if (en) begin
      next_q.f        <= f_out;
      next_q.r        <= r_out;
      next_q.s        <= s_out;
      next_q.vm       <= vm_out;
      next_q.kg.mant  <= kg_mant_out;
      next_q.kg.shift <= kg_shift_out;
      next_q.armed    <= !(current > 64'(shared_i.spike_threshold));
      next_q.noise    <= noise_out;
      spike_o         <= armed_out && current > 64'(shared_i.spike_threshold);
      vm_sat_o        <= vm_sat_out;
      s_sat_o         <= s_sat_out;
      g_sat_o         <= g_sat_out;
    end
  assign next_o = next_q;
endmodule
