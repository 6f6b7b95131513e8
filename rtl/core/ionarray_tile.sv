// TILES_PER_ENGINE tiles sharing one neuron engine, each a crossbar of synapse words feeding one
// neuron per column, as fx::step_tile (hls/ionarray/tile_engine.hpp) computes it. One crossbar
// row of every tile enters per cycle and each active row's words are added to their columns'
// conductance sums (an adder per column, no multiply: V_row is the same for every row, so a
// column's input is its drive V_row - Vm times its sum). Then one neuron per cycle, tile after
// tile: its drive meets its sum in ionarray_synapse_drive (TILE_SYNAPSE_LATENCY clocks from
// issue), then the pipelined engine (ionarray_engine_pipeline), whose results are written back as
// they leave it, ENGINE_LATENCY clocks later: a step's neuron phase takes
// TILES_PER_ENGINE * columns + TILE_SYNAPSE_LATENCY + ENGINE_LATENCY clocks. Each tile keeps its
// own shared coefficients; where the next tile's differ from those in the engine, its first
// neuron waits until the engine is empty.
//
// ROW_LEVELS > 1: rows at up to that many voltages, a sum per column and level (row_levels).
// PLASTIC_ROWS > 0: while the neurons step, each tile walks its plastic rows through
// ionarray_synapse_program (fx::program_rows), and the step ends when both are done.
//
// The crossbars, the device coefficients and the neuron states are block RAMs (ionarray_ram) read
// one cycle ahead: the next row while accumulating, each neuron's Vm as it is issued and its other
// words as it reaches the engine, the probed neuron while idle. Neuron n of tile k is at address
// k * 2^ColumnBits + n. Written in the SystemVerilog Yosys 0.23 reads (no wildcard imports, no type
// casts).
module ionarray_tile #(
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int TILES_PER_ENGINE = 1,
  parameter int ROW_LEVELS = 1,    // row voltages (1 .. ROW_VOLTAGE_LEVELS): a conductance sum and a drive each
  parameter int PLASTIC_ROWS = 0,  // rows per tile whose synapses the tile programs (0: a fixed crossbar)
  localparam int RowBits = $clog2(ROWS),
  localparam int ColumnBits = $clog2(COLUMNS),
  localparam int TileBits = TILES_PER_ENGINE > 1 ? $clog2(TILES_PER_ENGINE) : 1,  // (one bit for one tile)
  localparam int NeuronBits = $clog2(TILES_PER_ENGINE) + ColumnBits
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Configuration: write_memory words (memory_map.hpp), one per cycle, while idle, to each tile
  // whose bit is set (one tile for its memories; every tile for the tile configuration); each is
  // written a clock after it arrives, so a step may start two clocks after the last.
  input  logic [TILES_PER_ENGINE-1:0] cfg_valid_i,
  input  logic [3:0]                  cfg_memory_i,
  input  logic [15:0]                 cfg_address_i,
  input  logic [35:0]                 cfg_data_i,
  // A row trigger (router or input event) for one tile, active from the next step on; accepted while idle.
  input  logic [TILES_PER_ENGINE-1:0] trigger_valid_i,
  input  logic [RowBits-1:0]          trigger_row_i,
  output logic                        trigger_lost_o,   // pulses: a trigger arrived while busy
  // One global step, of the tiles whose bit is set (the others keep their state and timers).
  input  logic [TILES_PER_ENGINE-1:0] step_i,
  output logic                        busy_o,
  output logic                        done_o,
  output logic                        spike_valid_o,    // in tile order, each tile's in column order
  output logic [TileBits-1:0]         spike_tile_o,
  output logic [ColumnBits-1:0]       spike_column_o,
  output logic [1:0]                  saturations_o,    // pulses: the saturation flags of the neuron written back, counted
  // State read port, for lockstep checking: while idle, the state of neuron probe_column_i of
  // tile probe_tile_i appears one clock edge after they are set (a block-RAM read).
  input  logic [TileBits-1:0]         probe_tile_i,
  input  logic [ColumnBits-1:0]       probe_column_i,
  output logic signed [31:0]          probe_f_o, probe_r_o, probe_s_o, probe_vm_o, probe_kg_mant_o, probe_kg_shift_o,
  output logic                        probe_armed_o,
  output logic [63:0]                 probe_noise_o,
  // Crossbar read port, for read_crossbar: while idle, the word of row probe_row_i, column
  // probe_column_i of tile probe_tile_i appears one clock edge after the row is set.
  input  logic [RowBits-1:0]          probe_row_i,
  output logic [15:0]                 probe_synapse_o
);
  localparam logic [3:0] MEM_CROSSBAR     = ionarray_host_link_pkg::MEM_CROSSBAR;
  localparam logic [3:0] MEM_DEVICE_COEFS = ionarray_host_link_pkg::MEM_DEVICE_COEFS;
  localparam logic [3:0] MEM_NEURON_STATE = ionarray_host_link_pkg::MEM_NEURON_STATE;
  localparam logic [3:0] MEM_SHARED_COEFS = ionarray_host_link_pkg::MEM_SHARED_COEFS;
  localparam logic [3:0] MEM_TILE_CONFIG  = ionarray_host_link_pkg::MEM_TILE_CONFIG;
  localparam logic [3:0] MEM_ROW_LEVELS   = ionarray_host_link_pkg::MEM_ROW_LEVELS;
  localparam logic [3:0] MEM_PLASTICITY   = ionarray_host_link_pkg::MEM_PLASTICITY;
  localparam logic [3:0] MEM_SYNAPSE_STATE = ionarray_host_link_pkg::MEM_SYNAPSE_STATE;
  localparam logic [3:0] MEM_SYNAPSE_CHANGE = ionarray_host_link_pkg::MEM_SYNAPSE_CHANGE;
  localparam int Levels = ROW_LEVELS;
  localparam int LevelBits = Levels > 1 ? $clog2(Levels) : 1;
  if (Levels < 1 || Levels > ionarray_formats_pkg::ROW_VOLTAGE_LEVELS) begin : g_levels_check
    $error("ionarray_tile: ROW_LEVELS must lie in 1 .. ROW_VOLTAGE_LEVELS");
  end
  localparam int COEFS_PER_NEURON = ionarray_formats_pkg::COEFS_PER_NEURON;
  localparam int CROSSBAR_COLUMN_BITS = ionarray_formats_pkg::CROSSBAR_COLUMN_BITS;
  localparam int COEF_TRANSFER    = ionarray_formats_pkg::COEF_TRANSFER;
  localparam int STATE_WORDS      = ionarray_formats_pkg::STATE_WORDS;
  localparam int STATE_VM         = ionarray_formats_pkg::STATE_VM;
  localparam int STATE_KG         = ionarray_formats_pkg::STATE_KG;
  // The neuron-state RAM holds the memory-map words, the kg word as mantissa and shift; Vm has a
  // RAM of its own besides, read when the neuron is issued.
  localparam int StateLanes = 9;  // f, r, s, kg mant, kg shift, armed, noise low, noise high, Vm

  // A coefficient word of the host link (spec/host_link.toml) as the engine's coef_t ({mant, shift}):
  // the mantissa zero-extended, the shift sign-extended.
  localparam int CoefBits = ionarray_host_link_pkg::COEFFICIENT_BITS;
  localparam int ChangeBits = ionarray_host_link_pkg::SYNAPSE_CHANGE_BITS;
  function automatic logic [63:0] unpack_coef(input logic [CoefBits-1:0] w);
    unpack_coef = {32'(ionarray_host_link_pkg::coefficient_mant(w)), 32'($signed(ionarray_host_link_pkg::coefficient_shift(w)))};
  endfunction
  localparam int VmLane     = 8;
  localparam int CoefLanes  = COEF_TRANSFER + 1;

  typedef enum logic [1:0] { IDLE, ACCUMULATE, NEURONS, DONE } phase_t;
  localparam int SumBits = 16 + RowBits;  // a column's conductance sum: ROWS words of 16 bits
  localparam int Tiles = TILES_PER_ENGINE;
  ionarray_engine_pkg::shared_coefs_t engine_shared;  // (package types spelled out: Yosys 0.23 loses struct members through a typedef alias)
  localparam int SharedBits = $bits(engine_shared);  // (Yosys 0.23 takes $bits of a signal, not of a package type)

  // The conductance sums of each neuron's column, one per row voltage level: level l of neuron
  // address a at l * (Tiles << ColumnBits) + a.
  localparam int Neurons = Tiles << ColumnBits;
  logic [SumBits-1:0]  sum_q [Levels * Neurons];
  logic [SharedBits-1:0] shared_q [Tiles];  // each tile's shared coefficients
  logic [Tiles-1:0]    same_as_next_q;    // tile k's shared coefficients equal tile k + 1's
  logic [RowBits:0]    rows_q;
  logic [ColumnBits:0] columns_q;
  logic [32*Levels-1:0] level_voltages_q;  // level l's row voltage at [32 * l +: 32] (level 0: CONFIG_ROW_VOLTAGE)
  logic signed [31:0]  v_bias_q;
  logic [5:0]          g_shift_q;
  logic [15:0]         pulse_steps_q;
  phase_t              phase_q;
  logic [RowBits:0]    row_q, row_next_q;  // the row entering the sums, and row_q + 1
  logic [ColumnBits-1:0] column_q;        // the next neuron to issue: column_q of tile issue_tile_q
  logic [TileBits:0]   issue_tile_q;      // (Tiles once every neuron is issued)
  logic [TileBits-1:0] engine_tile_q;     // whose shared coefficients the engine uses
  logic [15:0]         issued_q, retired_q;
  logic [Tiles-1:0]    stepping_q;

  // A neuron's address in the state and coefficient RAMs.
  function automatic logic [NeuronBits-1:0] neuron_address(input logic [TileBits-1:0] tile, input logic [ColumnBits-1:0] column);
    neuron_address = (NeuronBits'(tile) << ColumnBits) | NeuronBits'(column);
  endfunction

  // Configuration words are registered as they arrive and written a clock later (the array core
  // steps no sooner than two clocks after its last word), so the decode starts from registers.
  logic [Tiles-1:0] cfg_valid_q;
  logic [3:0]       cfg_memory_q;
  logic [15:0]      cfg_address_q;
  logic [35:0]      cfg_data_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) cfg_valid_q <= '0;
    else cfg_valid_q <= cfg_valid_i;
  always_ff @(posedge clk_i) {cfg_memory_q, cfg_address_q, cfg_data_q} <= {cfg_memory_i, cfg_address_i, cfg_data_i};

  // Configuration decode. The array core has checked every word against the chip's shape (the
  // one place configuration is validated), so the tile only splits addresses, by wiring
  // (power-of-two strides, memory_map.hpp).
  int unsigned address;
  logic [RowBits-1:0]    row_of;
  logic [ColumnBits-1:0] column_of;
  logic [3:0]            field_of;
  always_comb begin
    address   = 32'(cfg_address_q);
    row_of    = RowBits'(address >> CROSSBAR_COLUMN_BITS);
    column_of = cfg_memory_q == MEM_CROSSBAR || cfg_memory_q == MEM_SYNAPSE_STATE || cfg_memory_q == MEM_SYNAPSE_CHANGE
                ? ColumnBits'(address % (1 << CROSSBAR_COLUMN_BITS))
              : cfg_memory_q == MEM_DEVICE_COEFS ? ColumnBits'(address / COEFS_PER_NEURON) : ColumnBits'(address / STATE_WORDS);
    field_of  = cfg_memory_q == MEM_DEVICE_COEFS ? 4'(address % COEFS_PER_NEURON) : 4'(address % STATE_WORDS);
  end

  assign busy_o = phase_q != IDLE;
  logic cfg_write;
  assign cfg_write = cfg_valid_q != '0 && !busy_o;
  logic [TileBits-1:0] cfg_tile;  // the tile written (its memories are written one tile at a time)
  always_comb begin
    cfg_tile = '0;
    for (int k = 0; k < Tiles; k++) if (cfg_valid_q[k]) cfg_tile = TileBits'(k);
  end

  // ---- Block RAMs ----------------------------------------------------------------------------
  // The neuron issued (column_q of issue_tile_q), the one reaching the engine (synapse_tag, its
  // other words read a clock before at early_tag), and the one leaving it (retire_tag), written
  // back. Tags are RAM addresses.
  ionarray_engine_pkg::neuron_state_t next;
  logic                  issue, retire, synapse_valid, spike;
  logic [NeuronBits-1:0] issue_address, retire_tag, synapse_tag, early_tag;
  assign issue_address = neuron_address(TileBits'(issue_tile_q), column_q);

  logic [Tiles*16*COLUMNS-1:0] crossbar_rows;  // tile k's row at [k * 16 * COLUMNS +: 16 * COLUMNS] (per tile below)
  logic [Tiles-1:0]            programming;    // tile k's synapses are being programmed (per tile below)
  assign probe_synapse_o = crossbar_rows[(32'(probe_tile_i) * COLUMNS + 32'(probe_column_i)) * 16 +: 16];

  // Device coefficients and neuron state: one word per neuron, read for the neuron about to
  // reach the engine, or the probed one while idle.
  logic [NeuronBits-1:0] neuron_read;
  assign neuron_read = phase_q == NEURONS ? early_tag : neuron_address(probe_tile_i, probe_column_i);

  logic [CoefLanes-1:0]    coef_we;
  logic [CoefBits*CoefLanes-1:0] coef_word;
  always_comb begin
    coef_we = '0;
    if (cfg_write && cfg_memory_q == MEM_DEVICE_COEFS) coef_we = CoefLanes'(1) << field_of;
  end
  ionarray_ram #(.WORDS(Tiles << ColumnBits), .LANE_BITS(CoefBits), .LANES(CoefLanes)) u_coefs (
    .clk_i, .we_i(coef_we), .waddr_i(neuron_address(cfg_tile, column_of)), .wdata_i({CoefLanes{cfg_data_q[CoefBits-1:0]}}),
    .raddr_i(neuron_read), .rdata_o(coef_word));

  logic [StateLanes-1:0]    state_we;
  logic [32*StateLanes-1:0] state_wdata;
  /* verilator lint_off UNUSEDSIGNAL */  // the armed lane uses one bit of its 32
  logic [32*StateLanes-1:0] state_word;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [NeuronBits-1:0]    state_waddr;
  always_comb begin
    state_we    = '0;
    state_waddr = neuron_address(cfg_tile, column_of);
    // Configuration words: the kg word is a coefficient (shift and mantissa), armed is non-zero.
    state_wdata = {StateLanes{cfg_data_q[31:0]}};
    state_wdata[32*3 +: 32] = 32'(ionarray_host_link_pkg::coefficient_mant(cfg_data_q[CoefBits-1:0]));
    state_wdata[32*4 +: 32] = 32'($signed(ionarray_host_link_pkg::coefficient_shift(cfg_data_q[CoefBits-1:0])));
    state_wdata[32*5 +: 32] = 32'(cfg_data_q != '0);
    // Lanes: f, r, s as fields 0-2; kg (field 4) as lanes 3 and 4; armed and noise as fields 5-7;
    // Vm (field 3) as lane 8.
    if (cfg_write && cfg_memory_q == MEM_NEURON_STATE) begin
      if (field_of == 4'(STATE_KG)) state_we[4:3] = 2'b11;
      else if (field_of == 4'(STATE_VM)) state_we[VmLane] = 1'b1;
      else state_we = StateLanes'(1) << field_of;
    end
    if (retire) begin
      state_we    = '1;
      state_waddr = retire_tag;
      state_wdata = {next.vm, next.noise, 32'(next.armed), next.kg.shift, next.kg.mant, next.s, next.r, next.f};
    end
  end
  ionarray_ram #(.WORDS(Tiles << ColumnBits), .LANE_BITS(32), .LANES(StateLanes)) u_state (
    .clk_i, .we_i(state_we), .waddr_i(state_waddr), .wdata_i(state_wdata), .raddr_i(neuron_read),
    .rdata_o(state_word));

  // Vm again, read as the neuron is issued: its drive is computed before the engine.
  logic [31:0] issued_vm;
  ionarray_ram #(.WORDS(Tiles << ColumnBits), .LANE_BITS(32), .LANES(1)) u_vm (
    .clk_i, .we_i(state_we[VmLane]), .waddr_i(state_waddr), .wdata_i(state_wdata[32*VmLane +: 32]),
    .raddr_i(issue_address), .rdata_o(issued_vm));

  // A shared-coefficient write as every field holding the word in its own format, and a mask of
  // the addressed field's bits (Yosys 0.23 cannot write struct members inside a generate block).
  ionarray_engine_pkg::shared_coefs_t shared_word, shared_mask;
  always_comb begin
    shared_word.symmetric       = cfg_data_q != '0;
    shared_word.c2c             = cfg_data_q != '0;
    shared_word.alpha           = cfg_data_q[31:0];
    shared_word.grow            = unpack_coef(cfg_data_q[CoefBits-1:0]);
    shared_word.shrink          = shared_word.grow;
    shared_word.shrink_noise    = shared_word.grow;
    shared_word.tunnel_exponent = shared_word.grow;
    shared_word.tunnel_scale    = shared_word.grow;
    shared_word.tunnel_offset   = {cfg_data_q[31:0], cfg_data_q[31:0]};
    shared_word.input_gain      = shared_word.grow;
    shared_word.on_conductance  = shared_word.grow;
    shared_word.spike_threshold = cfg_data_q[31:0];
    shared_mask = '0;
    unique case (address)
      ionarray_formats_pkg::SHARED_SYMMETRIC:          shared_mask.symmetric = '1;
      ionarray_formats_pkg::SHARED_C2C:                shared_mask.c2c = '1;
      ionarray_formats_pkg::SHARED_ALPHA:              shared_mask.alpha = '1;
      ionarray_formats_pkg::SHARED_GROW:               shared_mask.grow = '1;
      ionarray_formats_pkg::SHARED_SHRINK:             shared_mask.shrink = '1;
      ionarray_formats_pkg::SHARED_SHRINK_NOISE:       shared_mask.shrink_noise = '1;
      ionarray_formats_pkg::SHARED_TUNNEL_EXPONENT:    shared_mask.tunnel_exponent = '1;
      ionarray_formats_pkg::SHARED_TUNNEL_SCALE:       shared_mask.tunnel_scale = '1;
      ionarray_formats_pkg::SHARED_TUNNEL_OFFSET_LOW:  shared_mask.tunnel_offset[31:0] = '1;
      ionarray_formats_pkg::SHARED_TUNNEL_OFFSET_HIGH: shared_mask.tunnel_offset[63:32] = '1;
      ionarray_formats_pkg::SHARED_INPUT:              shared_mask.input_gain = '1;
      ionarray_formats_pkg::SHARED_ON_CONDUCTANCE:     shared_mask.on_conductance = '1;
      default:                                         shared_mask.spike_threshold = '1;
    endcase
  end

  // ---- Row voltage levels: written as configuration; the level of the row entering next is read
  // a cycle ahead, as its timer.
  logic [LevelBits-1:0] level_row_q;
  if (Levels > 1) begin : g_row_levels
    logic [LevelBits-1:0] row_level_q [ROWS];  // each row's level (row_levels)
    always_ff @(posedge clk_i)
      level_row_q <= row_level_q[phase_q == ACCUMULATE ? RowBits'(row_next_q) : '0];
    always_ff @(posedge clk_i or negedge rst_ni)
      if (!rst_ni) begin
        for (int r = 0; r < ROWS; r++) row_level_q[r] <= '0;
      end else if (cfg_write && cfg_memory_q == MEM_ROW_LEVELS) begin
        row_level_q[RowBits'(address)] <= cfg_data_q[LevelBits-1:0];
      end
  end else begin : g_one_level
    assign level_row_q = '0;
  end

  // ---- Per tile: row timers, the columns' conductance sums, the shared coefficients ----------
  for (genvar k = 0; k < Tiles; k++) begin : g_tiles
    logic [15:0] timer_q [ROWS];
    logic [15:0] timer_row_q;  // the timer of the row entering next, read a cycle ahead
    logic        row_enters;
    assign row_enters = phase_q == ACCUMULATE && stepping_q[k] && row_q != rows_q && timer_row_q != '0;
    // (row r + 1's timer is read while row r's is written: a different row)
    always_ff @(posedge clk_i)
      timer_row_q <= timer_q[phase_q == ACCUMULATE ? RowBits'(row_next_q) : '0];
    always_ff @(posedge clk_i or negedge rst_ni)
      if (!rst_ni) begin
        for (int r = 0; r < ROWS; r++) timer_q[r] <= '0;
      end else if (trigger_valid_i[k] && !busy_o) begin
        timer_q[trigger_row_i] <= pulse_steps_q;
      end else if (row_enters) begin
        timer_q[RowBits'(row_q)] <= timer_row_q - 1'b1;
      end

    for (genvar c = 0; c < COLUMNS; c++) begin : g_columns
      localparam int A = (k << ColumnBits) + c;
      // (clock enables: a simulator skips the sums outside a step's start and its active rows; one
      // process per column, the entering row's level selecting its sum, whatever the levels)
      always_ff @(posedge clk_i)
        if (phase_q == IDLE && step_i != '0) begin
          for (int l = 0; l < Levels; l++) sum_q[l * Neurons + A] <= '0;
        end else if (row_enters) begin
          sum_q[32'(level_row_q) * Neurons + A] <= sum_q[32'(level_row_q) * Neurons + A]
                                                   + SumBits'(crossbar_rows[(k * COLUMNS + c) * 16 +: 16]);
        end
    end

    always_ff @(posedge clk_i)
      if (cfg_write && cfg_valid_q[k] && cfg_memory_q == MEM_SHARED_COEFS)
        shared_q[k] <= shared_q[k] & ~shared_mask | shared_word & shared_mask;

    // The crossbar: one word per row, a 16-bit lane per column; the next row is read while
    // accumulating (row 0 as a step starts), the probed row while idle. Written by configuration while idle and by the
    // synapse programming during a step.
    logic [COLUMNS-1:0] program_we;  // a programmed word: its column, row and word
    logic [RowBits-1:0] program_row;
    logic [15:0]        program_word;
    logic [COLUMNS-1:0] crossbar_we;
    logic [RowBits-1:0] crossbar_waddr;
    logic [15:0]        crossbar_wdata;
    always_comb begin
      crossbar_we    = program_we;
      crossbar_waddr = program_row;
      crossbar_wdata = program_word;
      // (write enables as shifted ones: Yosys builds an indexed bit assignment with a 32-bit subtract)
      if (cfg_write && cfg_valid_q[k] && cfg_memory_q == MEM_CROSSBAR) begin
        crossbar_we    = COLUMNS'(1) << column_of;
        crossbar_waddr = row_of;
        crossbar_wdata = cfg_data_q[15:0];
      end
    end
    ionarray_ram #(.WORDS(ROWS), .LANE_BITS(16), .LANES(COLUMNS)) u_crossbar (
      .clk_i, .we_i(crossbar_we), .waddr_i(crossbar_waddr), .wdata_i({COLUMNS{crossbar_wdata}}),
      .raddr_i(phase_q == ACCUMULATE ? RowBits'(row_next_q) : phase_q == IDLE && step_i == '0 ? probe_row_i : '0),
      .rdata_o(crossbar_rows[k * 16 * COLUMNS +: 16 * COLUMNS]));

    if (PLASTIC_ROWS > 0) begin : g_plastic
      // ---- Synapse programming, as fx::program_rows and fx::advance_column_pulses ----------
      // While the neurons step, the plastic rows are walked in row-major order, one synapse per
      // clock: its voltage class (from its row's pulse phase, recorded as the row entered the
      // sums, and its column's) picks its change, and ionarray_synapse_program gives its new x
      // and crossbar word SYNAPSE_PROGRAM_LATENCY clocks later. Then the column pulses advance.
      localparam int PlasticBits = PLASTIC_ROWS > 1 ? $clog2(PLASTIC_ROWS) : 1;
      localparam int SynapseBits = PlasticBits + ColumnBits;
      localparam int Slots = ionarray_formats_pkg::SYNAPSE_SLOTS;
      localparam logic [8:0] IdleColumn = '1;  // a column's phase without a pulse
      localparam logic [3:0] NoSlot = 4'(ionarray_formats_pkg::NO_SLOT);
      logic [RowBits-1:0]  first_row_q;
      logic [PlasticBits:0] plastic_rows_q;
      logic [15:0]         pre_head_q;
      logic [7:0]          post_head_q, post_tail_q;
      logic                grounded_q;
      logic [31:0]         slot_map_q;
      logic [63:0]         c2c_q, ratio_q, word_on_q;  // {mant, shift}
      logic [63:0]         seed_q;
      logic                load_noise_q;
      logic                write_plasticity;
      assign write_plasticity = cfg_write && cfg_valid_q[k] && cfg_memory_q == MEM_PLASTICITY;
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) begin
          plastic_rows_q <= '0;
          load_noise_q   <= 1'b0;
        end else begin
          load_noise_q <= write_plasticity && (address == 32'(ionarray_formats_pkg::PLASTICITY_NOISE_LOW)
                                               || address == 32'(ionarray_formats_pkg::PLASTICITY_NOISE_HIGH));
          if (write_plasticity && address == 32'(ionarray_formats_pkg::PLASTICITY_ROWS))
            plastic_rows_q <= (PlasticBits + 1)'(cfg_data_q);
        end
      always_ff @(posedge clk_i)
        if (write_plasticity)
          unique case (address)
            ionarray_formats_pkg::PLASTICITY_FIRST_ROW:          first_row_q <= RowBits'(cfg_data_q);
            ionarray_formats_pkg::PLASTICITY_PRE_HEAD_STEPS:     pre_head_q <= cfg_data_q[15:0];
            ionarray_formats_pkg::PLASTICITY_POST_HEAD_STEPS:    post_head_q <= cfg_data_q[7:0];
            ionarray_formats_pkg::PLASTICITY_POST_TAIL_STEPS:    post_tail_q <= cfg_data_q[7:0];
            ionarray_formats_pkg::PLASTICITY_IDLE_ROWS_GROUNDED: grounded_q <= cfg_data_q != '0;
            ionarray_formats_pkg::PLASTICITY_SLOT_MAP:           slot_map_q <= cfg_data_q[31:0];
            ionarray_formats_pkg::PLASTICITY_C2C:                c2c_q <= unpack_coef(cfg_data_q[CoefBits-1:0]);
            ionarray_formats_pkg::PLASTICITY_RESISTANCE_RATIO:   ratio_q <= unpack_coef(cfg_data_q[CoefBits-1:0]);
            ionarray_formats_pkg::PLASTICITY_WORD_ON:            word_on_q <= unpack_coef(cfg_data_q[CoefBits-1:0]);
            ionarray_formats_pkg::PLASTICITY_NOISE_LOW:          seed_q[31:0] <= cfg_data_q[31:0];
            ionarray_formats_pkg::PLASTICITY_NOISE_HIGH:         seed_q[63:32] <= cfg_data_q[31:0];
            default: ;
          endcase

      // Each row's pulse as it entered this step's sums: active (its timer was running) and in
      // its head (fewer than pre_head steps since its trigger).
      logic [ROWS-1:0] active_q, head_q;
      always_ff @(posedge clk_i)
        if (phase_q == ACCUMULATE && stepping_q[k] && row_q != rows_q) begin
          active_q[RowBits'(row_q)] <= timer_row_q != '0;
          // (pulse_steps - timer < pre_head, as fx::voltage_class, without a wrap where a timer
          // outlasts a pulse_steps rewritten since its trigger)
          head_q[RowBits'(row_q)]   <= 32'(timer_row_q) + 32'(pre_head_q) > 32'(pulse_steps_q);
        end

      // Each column's pulse phase (IdleColumn: none), and the columns that spiked this step.
      logic [8:0]         column_phase_q [COLUMNS];
      logic [COLUMNS-1:0] spiked_q;
      logic [8:0]         pulse_steps;
      assign pulse_steps = 9'(post_head_q) + 9'(post_tail_q);
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) begin
          for (int j = 0; j < COLUMNS; j++) column_phase_q[j] <= IdleColumn;
          spiked_q <= '0;
        end else begin
          if (phase_q == IDLE && step_i[k]) spiked_q <= '0;
          if (retire && spike && TileBits'(retire_tag >> ColumnBits) == TileBits'(k))
            spiked_q[ColumnBits'(retire_tag)] <= 1'b1;
          if (phase_q == DONE && stepping_q[k] && plastic_rows_q != '0)
            for (int j = 0; j < COLUMNS; j++)
              if (spiked_q[j] && pulse_steps != '0) column_phase_q[j] <= '0;
              else if (column_phase_q[j] == IdleColumn || column_phase_q[j] + 1'b1 >= pulse_steps)
                column_phase_q[j] <= IdleColumn;
              else column_phase_q[j] <= column_phase_q[j] + 1'b1;
        end

      // The walk: plastic row p (from first_row on, within the configured rows), column j.
      logic                walking_q;
      logic [PlasticBits:0] walk_row_q, walk_rows_q;
      logic [RowBits-1:0]  walk_crossbar_row_q;  // first_row + walk_row_q, kept beside it (no adder before the row's mux)
      logic [ColumnBits:0] walk_column_q;
      logic [RowBits:0]    rows_from_first;
      assign rows_from_first = rows_q - (RowBits + 1)'(first_row_q);
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) begin
          walking_q <= 1'b0;
        end else if (phase_q == ACCUMULATE && row_next_q >= rows_q && stepping_q[k]) begin
          // (the last row enters the sums in this cycle: every row's pulse is recorded by the next)
          walk_row_q    <= '0;
          walk_crossbar_row_q <= first_row_q;
          walk_column_q <= '0;
          walk_rows_q   <= 32'(first_row_q) >= 32'(rows_q) ? '0
                         : 32'(rows_from_first) < 32'(plastic_rows_q) ? (PlasticBits + 1)'(rows_from_first) : plastic_rows_q;
          walking_q     <= 32'(first_row_q) < 32'(rows_q) && plastic_rows_q != '0 && columns_q != '0;
        end else if (walking_q) begin
          if (walk_column_q + 1'b1 == columns_q) begin
            walk_column_q <= '0;
            walk_row_q    <= walk_row_q + 1'b1;
            walk_crossbar_row_q <= walk_crossbar_row_q + 1'b1;
            if (walk_row_q + 1'b1 == walk_rows_q) walking_q <= 1'b0;
          end else begin
            walk_column_q <= walk_column_q + 1'b1;
          end
        end

      // The synapse's voltage class (fx::voltage_class) and its slot, in two clocks: its row's and
      // its column's pulse looked up, then the class and its slot, beside the RAM reads.
      logic [8:0] phase;
      assign phase = column_phase_q[ColumnBits'(walk_column_q)];
      logic                   looked_up_q, row_active_q, row_head_q;
      logic [1:0]             post_q;  // 0: no column pulse, 1: its head, 2: its tail
      logic [SynapseBits-1:0] synapse_q;
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) looked_up_q <= 1'b0;
        else looked_up_q <= walking_q;
      always_ff @(posedge clk_i) begin
        row_active_q <= active_q[walk_crossbar_row_q];
        row_head_q   <= head_q[walk_crossbar_row_q];
        post_q       <= phase == IdleColumn ? 2'd0 : phase < 9'(post_head_q) ? 2'd1 : 2'd2;
        synapse_q    <= {PlasticBits'(walk_row_q), ColumnBits'(walk_column_q)};
      end
      logic [3:0] voltage, slot;
      logic       classified;
      always_comb begin
        classified = 1'b1;
        voltage    = '0;
        if (row_active_q) voltage = (row_head_q ? 4'd0 : 4'd3) + 4'(post_q);
        else if (grounded_q && post_q != 2'd0) voltage = 4'd5 + 4'(post_q);
        else classified = 1'b0;
        slot = classified ? slot_map_q[4 * voltage +: 4] : NoSlot;
      end
      logic                   entering_q;  // the synapse read last cycle moves: it enters the pipeline
      logic [SynapseBits-1:0] entering_synapse_q;
      logic [1:0]             entering_slot_q;
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) entering_q <= 1'b0;
        else entering_q <= looked_up_q && slot != NoSlot;
      always_ff @(posedge clk_i) begin
        entering_synapse_q <= synapse_q;
        entering_slot_q    <= slot[1:0];
      end

      // States and changes: one word per plastic synapse, written by configuration while idle
      // (synapse_state, synapse_change: plastic row << CROSSBAR_COLUMN_BITS | column) and the
      // states by the pipeline as they leave it.
      logic                   done_valid, done_changed;
      logic [SynapseBits-1:0] done_synapse;
      logic signed [31:0]     done_x;
      logic [15:0]            done_word;
      logic [SynapseBits-1:0] cfg_synapse;
      assign cfg_synapse = {PlasticBits'(address >> CROSSBAR_COLUMN_BITS), column_of};
      logic x_we;
      logic [SynapseBits-1:0] x_waddr;
      logic [31:0] x_wdata, x_word;
      always_comb begin
        x_we    = done_valid;
        x_waddr = done_synapse;
        x_wdata = done_x;
        if (cfg_write && cfg_valid_q[k] && cfg_memory_q == MEM_SYNAPSE_STATE) begin
          x_we    = 1'b1;
          x_waddr = cfg_synapse;
          x_wdata = cfg_data_q[31:0];
        end
      end
      ionarray_ram #(.WORDS(PLASTIC_ROWS << ColumnBits), .LANE_BITS(32), .LANES(1)) u_states (
        .clk_i, .we_i(x_we), .waddr_i(x_waddr), .wdata_i(x_wdata), .raddr_i(synapse_q), .rdata_o(x_word));
      logic [Slots-1:0]    change_we;
      logic [32*Slots-1:0] change_words;
      always_comb begin
        change_we = '0;
        if (cfg_write && cfg_valid_q[k] && cfg_memory_q == MEM_SYNAPSE_CHANGE)
          change_we = Slots'(1) << ionarray_host_link_pkg::synapse_change_slot(cfg_data_q[ChangeBits-1:0]);
      end
      ionarray_ram #(.WORDS(PLASTIC_ROWS << ColumnBits), .LANE_BITS(32), .LANES(Slots)) u_changes (
        .clk_i, .we_i(change_we), .waddr_i(cfg_synapse),
        .wdata_i({Slots{32'($signed(ionarray_host_link_pkg::synapse_change_change(cfg_data_q[ChangeBits-1:0])))}}),
        .raddr_i(synapse_q), .rdata_o(change_words));

      /* verilator lint_off UNUSEDSIGNAL */
      logic [63:0] noise;  // (the stream's state: observed in the unit's own test)
      /* verilator lint_on UNUSEDSIGNAL */
      ionarray_synapse_program #(.TAG_BITS(SynapseBits)) u_program (
        .clk_i, .rst_ni, .noise_load_i(load_noise_q), .noise_seed_i(seed_q), .noise_o(noise),
        .c2c_mant_i(c2c_q[63:32]), .c2c_shift_i(c2c_q[31:0]), .ratio_mant_i(ratio_q[63:32]), .ratio_shift_i(ratio_q[31:0]),
        .word_on_mant_i(word_on_q[63:32]), .word_on_shift_i(word_on_q[31:0]),
        .valid_i(entering_q), .tag_i(entering_synapse_q), .x_i(x_word),
        .change_i(change_words[32 * 32'(entering_slot_q) +: 32]),
        .valid_o(done_valid), .tag_o(done_synapse), .x_o(done_x), .changed_o(done_changed), .word_o(done_word));

      // A changed synapse's new word goes to its crossbar row.
      assign program_we   = done_valid && done_changed ? COLUMNS'(1) << ColumnBits'(done_synapse) : '0;
      assign program_row  = first_row_q + RowBits'(done_synapse >> ColumnBits);
      assign program_word = done_word;

      logic [7:0] in_flight_q;  // synapses in the pipeline
      always_ff @(posedge clk_i or negedge rst_ni)
        if (!rst_ni) in_flight_q <= '0;
        else in_flight_q <= in_flight_q + 8'(entering_q) - 8'(done_valid);
      assign programming[k] = walking_q || looked_up_q || entering_q || in_flight_q != '0;
    end else begin : g_fixed
      assign program_we     = '0;
      assign program_row    = '0;
      assign program_word   = '0;
      assign programming[k] = 1'b0;
    end
  end
  // (compared while idle, where configuration is written: ready before a step's first neuron)
  always_ff @(posedge clk_i)
    if (phase_q == IDLE) begin
      for (int k = 0; k + 1 < Tiles; k++) same_as_next_q[k] <= shared_q[k] == shared_q[k + 1];
      same_as_next_q[Tiles-1] <= 1'b0;
    end

  // ---- Synaptic input, then the engine -------------------------------------------------------
  // The next tile's first neuron may enter once the engine is empty, or at once if its shared
  // coefficients are those in the engine.
  logic engine_ready, issuing, tile_skipped;
  assign engine_ready = TileBits'(issue_tile_q) == engine_tile_q || same_as_next_q[engine_tile_q] || issued_q == retired_q;
  assign issuing      = phase_q == NEURONS && issue_tile_q != (TileBits + 1)'(Tiles);
  assign tile_skipped = issuing && (!stepping_q[TileBits'(issue_tile_q)] || columns_q == '0);
  assign issue        = issuing && !tile_skipped && engine_ready;

  logic                  issued_valid_q;
  logic [NeuronBits-1:0] issued_address_q;
  logic [24*Levels-1:0]  issued_sums_q;  // level l at [24 * l +: 24]
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) issued_valid_q <= 1'b0;
    else issued_valid_q <= issue;
  always_ff @(posedge clk_i) begin
    issued_address_q <= issue_address;
    for (int l = 0; l < Levels; l++) issued_sums_q[24 * l +: 24] <= 24'(sum_q[l * Neurons + 32'(issue_address)]);
  end
  logic signed [63:0] acc;
  ionarray_synapse_drive #(.TAG_BITS(NeuronBits), .LEVELS(Levels)) u_synapse (
    .clk_i, .rst_ni, .valid_i(issued_valid_q), .tag_i(issued_address_q), .vm_i(issued_vm), .conductance_sums_i(issued_sums_q),
    .level_voltages_i(level_voltages_q), .early_tag_o(early_tag), .valid_o(synapse_valid), .tag_o(synapse_tag), .acc_o(acc));

  ionarray_engine_pkg::neuron_state_t current;
  ionarray_engine_pkg::device_coefs_t coefs;
  always_comb begin
    current.f     = state_word[32*0 +: 32];
    current.r     = state_word[32*1 +: 32];
    current.s     = state_word[32*2 +: 32];
    current.vm    = state_word[32*VmLane +: 32];
    current.kg    = {state_word[32*3 +: 32], state_word[32*4 +: 32]};
    current.armed = state_word[32*5];
    current.noise = state_word[32*6 +: 64];
    coefs.diffuse_f       = unpack_coef(coef_word[CoefBits*0 +: CoefBits]);
    coefs.diffuse_f_noise = unpack_coef(coef_word[CoefBits*1 +: CoefBits]);
    coefs.diffuse_r       = unpack_coef(coef_word[CoefBits*2 +: CoefBits]);
    coefs.diffuse_r_noise = unpack_coef(coef_word[CoefBits*3 +: CoefBits]);
    coefs.drift           = unpack_coef(coef_word[CoefBits*4 +: CoefBits]);
    coefs.transfer        = unpack_coef(coef_word[CoefBits*5 +: CoefBits]);
    engine_shared         = shared_q[engine_tile_q];
  end
  logic vm_sat, s_sat, g_sat;
  ionarray_engine_pipeline #(.TAG_BITS(NeuronBits)) u_engine (
    .clk_i, .rst_ni, .valid_i(synapse_valid), .tag_i(synapse_tag), .state_i(current), .device_i(coefs),
    .shared_i(engine_shared), .v_in_i(64'(v_bias_q)), .acc_i(acc), .acc_shift_i(g_shift_q),
    .valid_o(retire), .tag_o(retire_tag), .next_o(next), .spike_o(spike), .vm_sat_o(vm_sat), .s_sat_o(s_sat),
    .g_sat_o(g_sat));

  // ---- Control and registers ---------------------------------------------------------------
  // Every neuron issued has left the engine, with the one leaving now (the engine's late output
  // selects between two compares of registers rather than entering an adder).
  logic all_retired;
  assign all_retired = retire ? retired_q + 1'b1 == issued_q : retired_q == issued_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      phase_q        <= IDLE;
      rows_q         <= '0;  // (no rows or columns until configured, as the C++ core)
      columns_q      <= '0;
      level_voltages_q <= '0;
      v_bias_q       <= '0;
      g_shift_q      <= '0;
      pulse_steps_q  <= 16'd1;
      row_q          <= '0;
      row_next_q     <= '0;
      column_q       <= '0;
      issue_tile_q   <= '0;
      engine_tile_q  <= '0;
      issued_q       <= '0;
      retired_q      <= '0;
      stepping_q     <= '0;
      done_o         <= 1'b0;
      spike_valid_o  <= 1'b0;
      spike_tile_o   <= '0;
      spike_column_o <= '0;
      trigger_lost_o <= 1'b0;
      saturations_o  <= '0;
    end else begin
      done_o         <= 1'b0;
      spike_valid_o  <= 1'b0;
      saturations_o  <= '0;
      trigger_lost_o <= trigger_valid_i != '0 && busy_o;

      if (cfg_write && cfg_memory_q == MEM_TILE_CONFIG)
        unique case (address)
          ionarray_formats_pkg::CONFIG_ROWS:        rows_q <= (RowBits + 1)'(cfg_data_q);
          ionarray_formats_pkg::CONFIG_COLUMNS:     columns_q <= (ColumnBits + 1)'(cfg_data_q);
          ionarray_formats_pkg::CONFIG_ROW_VOLTAGE: level_voltages_q[31:0] <= cfg_data_q[31:0];
          ionarray_formats_pkg::CONFIG_V_BIAS:      v_bias_q <= cfg_data_q[31:0];
          ionarray_formats_pkg::CONFIG_G_SHIFT:     g_shift_q <= cfg_data_q[5:0];
          ionarray_formats_pkg::CONFIG_PULSE_STEPS: pulse_steps_q <= cfg_data_q[15:0];
          default: ;                                // CONFIG_TILES belongs to the array
        endcase
      // (the other levels' voltages: CONFIG_ROW_VOLTAGE_1 .. on, those beyond ROW_LEVELS ignored)
      if (cfg_write && cfg_memory_q == MEM_TILE_CONFIG)
        for (int l = 1; l < Levels; l++)
          if (address == 32'(ionarray_formats_pkg::CONFIG_ROW_VOLTAGE_1 + l - 1)) level_voltages_q[32 * l +: 32] <= cfg_data_q[31:0];

      unique case (phase_q)
        IDLE:
          if (step_i != '0) begin
            stepping_q   <= step_i;
            row_q        <= '0;
            row_next_q   <= (RowBits + 1)'(1);
            column_q     <= '0;
            issue_tile_q <= '0;
            issued_q     <= '0;
            retired_q    <= '0;
            phase_q      <= ACCUMULATE;
          end
        ACCUMULATE: begin
          // One row of every tile enters the sums per cycle (read from the crossbar RAMs in the
          // cycle before); the last row's words are in the sums as the first neuron is issued.
          if (row_q != rows_q) begin
            row_q      <= row_next_q;
            row_next_q <= row_next_q + 1'b1;
          end
          if (row_next_q >= rows_q) phase_q <= NEURONS;
        end
        NEURONS: begin
          // One neuron issued per clock, a tile not stepping skipped; the step ends when the last
          // has left the engine.
          if (tile_skipped) begin
            column_q     <= '0;
            issue_tile_q <= issue_tile_q + 1'b1;
          end
          if (issue) begin
            issued_q      <= issued_q + 1'b1;
            engine_tile_q <= TileBits'(issue_tile_q);
            if (32'(column_q) + 1 == 32'(columns_q)) begin
              column_q     <= '0;
              issue_tile_q <= issue_tile_q + 1'b1;
            end else begin
              column_q <= column_q + 1'b1;
            end
          end
          if (retire) begin
            saturations_o  <= 2'(vm_sat) + 2'(s_sat) + 2'(g_sat);
            spike_valid_o  <= spike;
            spike_tile_o   <= TileBits'(retire_tag >> ColumnBits);
            spike_column_o <= ColumnBits'(retire_tag);
            retired_q      <= retired_q + 1'b1;
          end
          if (!issuing && all_retired && programming == '0) phase_q <= DONE;
        end
        default: begin  // DONE
          done_o  <= 1'b1;
          phase_q <= IDLE;
        end
      endcase
    end
  end

  assign probe_f_o        = state_word[32*0 +: 32];
  assign probe_r_o        = state_word[32*1 +: 32];
  assign probe_s_o        = state_word[32*2 +: 32];
  assign probe_vm_o       = state_word[32*VmLane +: 32];
  assign probe_kg_mant_o  = state_word[32*3 +: 32];
  assign probe_kg_shift_o = state_word[32*4 +: 32];
  assign probe_armed_o    = state_word[32*5];
  assign probe_noise_o    = state_word[32*6 +: 64];
endmodule
