// A neuron's synaptic input, as fx::step_tile computes it: for each row voltage level, (V_level -
// Vm) clamped to +-V_MAX times the conductance sum of its column's active rows of that level, at
// full precision, summed over the levels. Each sum (up to 24 bits) meets its 27-bit drive in two
// 27 x 18 DSP products, its low CONDUCTANCE_SUM_SPLIT bits and the rest, added once their
// registers are through; with more than one level, the levels' products are added a clock later
// (LEVEL_SUM_LATENCY). Latency TILE_SYNAPSE_LATENCY - 1 (+ LEVEL_SUM_LATENCY) from the inputs (the
// tile spends the first clock reading Vm); early_tag_o leaves one clock before the result, for
// reading the neuron's other words from block RAM in time.
module ionarray_synapse_drive #(
  parameter int TAG_BITS = 5,
  parameter int LEVELS = 1  // row voltage levels (1 .. ROW_VOLTAGE_LEVELS)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic [TAG_BITS-1:0]        tag_i,
  input  logic signed [31:0]         vm_i,
  input  logic [24*LEVELS-1:0]       conductance_sums_i,  // level l at [24 * l +: 24]
  input  logic [32*LEVELS-1:0]       level_voltages_i,    // level l at [32 * l +: 32]; static while a step runs
  output logic [TAG_BITS-1:0]        early_tag_o,
  output logic                       valid_o,
  output logic [TAG_BITS-1:0]        tag_o,
  output logic signed [63:0]         acc_o
);
  localparam int V_MAX = ionarray_formats_pkg::V_MAX;
  localparam int SPLIT = ionarray_formats_pkg::CONDUCTANCE_SUM_SPLIT;
  localparam int LevelSum = LEVELS > 1 ? ionarray_formats_pkg::LEVEL_SUM_LATENCY : 0;
  localparam int Latency = ionarray_formats_pkg::TILE_SYNAPSE_LATENCY - 1 + LevelSum;
  localparam int DspLatency = 3;  // ionarray_dsp_mul: input, product and output registers
  if (Latency != 3 + DspLatency + (LEVELS > 1 ? 1 : 0)) begin : g_latency_check
    $error("ionarray_synapse_drive: TILE_SYNAPSE_LATENCY disagrees with the stages");
  end

  logic signed [64*LEVELS-1:0] level_product;  // each level's product, level l at [64 * l +: 64]
  for (genvar l = 0; l < LEVELS; l++) begin : g_levels
    // Difference, then clamp (each a carry chain of its own).
    logic signed [33:0] across_q;
    logic signed [26:0] drive_q;
    logic [23:0]        sum_q, sum2_q;
    always_ff @(posedge clk_i) begin
      across_q <= 34'($signed(level_voltages_i[32 * l +: 32])) - 34'(vm_i);
      drive_q  <= across_q > 34'(V_MAX) ? 27'(V_MAX) : across_q < -34'(V_MAX) ? -27'(V_MAX) : 27'(across_q);
      sum_q    <= conductance_sums_i[24 * l +: 24];
      sum2_q   <= sum_q;
    end
    logic signed [44:0] low_product, high_product;
    ionarray_dsp_mul u_low (.clk_i, .en_i(1'b1), .a_i(drive_q), .b_i(18'(sum2_q[SPLIT-1:0])), .p_o(low_product));
    ionarray_dsp_mul u_high (.clk_i, .en_i(1'b1), .a_i(drive_q), .b_i(18'(sum2_q[23:SPLIT])), .p_o(high_product));
    assign level_product[64 * l +: 64] = 64'(low_product) + (64'(high_product) <<< SPLIT);
  end
  if (LEVELS == 1) begin : g_one_level
    always_ff @(posedge clk_i) acc_o <= level_product;
  end else begin : g_level_sum
    logic signed [64*LEVELS-1:0] level_product_q;
    logic signed [63:0]          level_total;
    always_comb begin
      level_total = '0;
      for (int l = 0; l < LEVELS; l++) level_total = level_total + $signed(level_product_q[64 * l +: 64]);
    end
    always_ff @(posedge clk_i) begin
      level_product_q <= level_product;
      acc_o           <= level_total;
    end
  end

  // The neuron's valid bit (with reset) and tag, beside its data.
  logic [Latency-1:0] valid_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) valid_q <= '0;
    else valid_q <= {valid_q[Latency-2:0], valid_i};
  assign valid_o       = valid_q[Latency-1];
  ionarray_delay #(.WIDTH(TAG_BITS), .DEPTH(Latency - 1)) u_tag (.clk_i, .en_i(1'b1), .d_i(tag_i), .q_o(early_tag_o));
  always_ff @(posedge clk_i) tag_o <= early_tag_o;
endmodule
