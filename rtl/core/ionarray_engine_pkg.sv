// The neuron engine's types, as hls/ionarray/neuron_engine.hpp defines them; the engine itself
// is the module ionarray_engine (Yosys 0.23, the synthesis front end, reads no package function
// that uses a struct).
package ionarray_engine_pkg;

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

endpackage
