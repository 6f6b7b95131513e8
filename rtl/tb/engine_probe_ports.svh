// The engine's state and coefficients as one port per field (what the C++ testbenches drive),
// included in the port lists of engine_probe_fields, engine_probe and engine_pipeline_probe.
  // state
  input  logic signed [31:0] f_i, r_i, s_i, vm_i, kg_mant_i, kg_shift_i,
  input  logic               armed_i,
  input  logic [63:0]        noise_i,
  // device coefficients: mant and shift of diffuse_f, diffuse_f_noise, diffuse_r, diffuse_r_noise, drift, transfer
  input  logic signed [31:0] d_mant_i [6],
  input  logic signed [31:0] d_shift_i [6],
  // shared coefficients: mant and shift of grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale, input, on_conductance
  input  logic signed [31:0] c_mant_i [7],
  input  logic signed [31:0] c_shift_i [7],
  input  logic               symmetric_i, c2c_i,
  input  logic signed [31:0] alpha_i, spike_threshold_i,
  input  logic signed [63:0] tunnel_offset_i,
