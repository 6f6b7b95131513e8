// The array behind the host link, as hls/ionarray/link_core.hpp: decodes the input word stream
// (configuration writes, input events, run control, syncs, register reads), steps all tiles at
// once, gathers their spikes in tile order, routes them, and encodes the output stream (step-stamped spikes, status,
// acknowledgements, error packets). Every refused packet is answered and counted.
// Input words have priority; steps run while no input is waiting.
//
// Written in the SystemVerilog Yosys 0.23 reads (docs/rtl.md): package names aliased by
// localparam, no type casts, no `return`, no unpacked-array ports, no packed arrays of more than
// one dimension (per-tile signals are flat vectors, tile t at [t * width +: width]), and words
// built by the generated pack_* functions rather than struct members.
module ionarray_array_core #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int TILES_PER_ENGINE = 1,  // tiles sharing one neuron engine, in turn; divides TILES
  localparam int TileBits = TILES > 1 ? $clog2(TILES) : 1,  // (one bit for a single tile)
  localparam int RowBits = $clog2(ROWS),
  localparam int ColumnBits = $clog2(COLUMNS),
  localparam int NeuronBits = $clog2(TILES * COLUMNS),
  // Words a step or an answer may emit (spike packets of a whole step), and an output FIFO that
  // always has room for two of them.
  localparam int PacketRoom = 2 * TILES * COLUMNS + 16,
  localparam int OutBits = $clog2(2 * PacketRoom),
  localparam int OUT_DEPTH = 1 << OutBits,
  localparam int COUNTER_COUNT = ionarray_formats_pkg::COUNTER_COUNT
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  input  logic [63:0] in_data_i,
  output logic        in_ready_o,
  output logic        out_valid_o,
  output logic [63:0] out_data_o,
  input  logic        out_ready_i,
  output logic        running_o,
  // A word lost or added on a board bus, dropped by the bus bridge in front (a pulse; counted).
  input  logic        link_error_i,
  // Run control from the register block (single-cycle pulses, applied between steps):
  // control.run adds ctrl_run_steps_i steps, control.free_run runs until paused, control.pause
  // stops at the end of the current step and answers the syncs that were waiting for the run.
  input  logic        ctrl_run_i,
  input  logic [31:0] ctrl_run_steps_i,
  input  logic        ctrl_free_run_i,
  input  logic        ctrl_pause_i,
  output logic        paused_o,
  output logic [63:0] step_o,
  output logic [64*COUNTER_COUNT-1:0] counters_o  // counter c at [64 c +: 64]
);
  // ---- Names from the generated packages -------------------------------------------------
  localparam logic [7:0] OP_WRITE_REGISTER = ionarray_host_link_pkg::OP_WRITE_REGISTER;
  localparam logic [7:0] OP_READ_REGISTER  = ionarray_host_link_pkg::OP_READ_REGISTER;
  localparam logic [7:0] OP_WRITE_MEMORY   = ionarray_host_link_pkg::OP_WRITE_MEMORY;
  localparam logic [7:0] OP_READ_STATE     = ionarray_host_link_pkg::OP_READ_STATE;
  localparam logic [7:0] OP_SPIKE_IN       = ionarray_host_link_pkg::OP_SPIKE_IN;
  localparam logic [7:0] OP_RUN            = ionarray_host_link_pkg::OP_RUN;
  localparam logic [7:0] OP_SYNC           = ionarray_host_link_pkg::OP_SYNC;
  localparam logic [7:0] OP_SPIKE_OUT      = ionarray_host_link_pkg::OP_SPIKE_OUT;
  localparam logic [7:0] OP_STATUS         = ionarray_host_link_pkg::OP_STATUS;
  localparam logic [7:0] OP_ACK            = ionarray_host_link_pkg::OP_ACK;
  localparam logic [7:0] OP_REGISTER_VALUE = ionarray_host_link_pkg::OP_REGISTER_VALUE;
  localparam logic [7:0] OP_STATE_VALUE    = ionarray_host_link_pkg::OP_STATE_VALUE;
  localparam logic [7:0] OP_ERROR          = ionarray_host_link_pkg::OP_ERROR;
  localparam logic [3:0] MEM_CROSSBAR      = ionarray_host_link_pkg::MEM_CROSSBAR;
  localparam logic [3:0] MEM_DEVICE_COEFS  = ionarray_host_link_pkg::MEM_DEVICE_COEFS;
  localparam logic [3:0] MEM_NEURON_STATE  = ionarray_host_link_pkg::MEM_NEURON_STATE;
  localparam logic [3:0] MEM_SHARED_COEFS  = ionarray_host_link_pkg::MEM_SHARED_COEFS;
  localparam logic [3:0] MEM_TABLES        = ionarray_host_link_pkg::MEM_TABLES;
  localparam logic [3:0] MEM_ROUTES        = ionarray_host_link_pkg::MEM_ROUTES;
  localparam logic [3:0] MEM_TILE_CONFIG   = ionarray_host_link_pkg::MEM_TILE_CONFIG;
  localparam logic [31:0] ERR_UNKNOWN_OPCODE      = ionarray_host_link_pkg::ERR_UNKNOWN_OPCODE;
  localparam logic [31:0] ERR_BAD_LENGTH          = ionarray_host_link_pkg::ERR_BAD_LENGTH;
  localparam logic [31:0] ERR_OUT_OF_RANGE        = ionarray_host_link_pkg::ERR_OUT_OF_RANGE;
  localparam logic [31:0] ERR_WRITE_WHILE_RUNNING = ionarray_host_link_pkg::ERR_WRITE_WHILE_RUNNING;
  localparam logic [31:0] ERR_SEQUENCE_GAP        = ionarray_host_link_pkg::ERR_SEQUENCE_GAP;
  localparam logic [31:0] ERR_EVENT_IN_THE_PAST   = ionarray_host_link_pkg::ERR_EVENT_IN_THE_PAST;
  localparam logic [31:0] ERR_QUEUE_FULL          = ionarray_host_link_pkg::ERR_QUEUE_FULL;
  localparam logic [31:0] ERR_READ_ONLY           = ionarray_host_link_pkg::ERR_READ_ONLY;
  localparam int CNT_STEPS       = 32'(ionarray_host_link_pkg::CNT_STEPS);
  localparam int CNT_SPIKES_IN   = 32'(ionarray_host_link_pkg::CNT_SPIKES_IN);
  localparam int CNT_SPIKES_OUT  = 32'(ionarray_host_link_pkg::CNT_SPIKES_OUT);
  localparam int CNT_OVERFLOWS   = 32'(ionarray_host_link_pkg::CNT_OVERFLOWS);
  localparam int CNT_SATURATIONS = 32'(ionarray_host_link_pkg::CNT_SATURATIONS);
  localparam int CNT_ERRORS      = 32'(ionarray_host_link_pkg::CNT_ERRORS);
  localparam int CNT_LINK_ERRORS = 32'(ionarray_host_link_pkg::CNT_LINK_ERRORS);
  localparam int V_MAX                  = ionarray_formats_pkg::V_MAX;
  localparam int ROUTE_SLOTS            = ionarray_formats_pkg::ROUTE_SLOTS;
  // Words in the data of memory_write (spec/host_link.toml): a coefficient, and a route kept as
  // its low 20 bits (a 4-bit tile: 16 tiles at most; the empty slot ROUTE_NONE fits too).
  localparam int CoefBits      = ionarray_host_link_pkg::COEFFICIENT_BITS;
  localparam int CoefShiftBits = ionarray_host_link_pkg::COEFFICIENT_SHIFT_BITS;
  localparam int RouteKeepBits = ionarray_host_link_pkg::ROUTE_TILE_LSB + 4;
  localparam logic [RouteKeepBits-1:0] NO_ROUTE = RouteKeepBits'(ionarray_host_link_pkg::ROUTE_NONE);
  localparam int EVENT_QUEUE_DEPTH      = ionarray_formats_pkg::EVENT_QUEUE_DEPTH;
  localparam int SYNC_QUEUE_DEPTH       = ionarray_formats_pkg::SYNC_QUEUE_DEPTH;
  localparam int TABLE_COUNT            = ionarray_formats_pkg::TABLE_COUNT;
  localparam int TABLE_SIZE             = ionarray_formats_pkg::TABLE_SIZE;
  localparam int COEFS_PER_NEURON       = ionarray_formats_pkg::COEFS_PER_NEURON;
  localparam int CROSSBAR_COLUMN_BITS   = ionarray_formats_pkg::CROSSBAR_COLUMN_BITS;
  localparam int COEF_TRANSFER          = ionarray_formats_pkg::COEF_TRANSFER;
  localparam int STATE_WORDS            = ionarray_formats_pkg::STATE_WORDS;
  localparam int STATE_READ_MAX         = ionarray_formats_pkg::STATE_READ_MAX;
  localparam int STATE_F                = ionarray_formats_pkg::STATE_F;
  localparam int STATE_R                = ionarray_formats_pkg::STATE_R;
  localparam int STATE_S                = ionarray_formats_pkg::STATE_S;
  localparam int STATE_VM               = ionarray_formats_pkg::STATE_VM;
  localparam int STATE_KG               = ionarray_formats_pkg::STATE_KG;
  localparam int STATE_ARMED            = ionarray_formats_pkg::STATE_ARMED;
  localparam int STATE_NOISE_LOW        = ionarray_formats_pkg::STATE_NOISE_LOW;
  localparam int SHARED_SPIKE_THRESHOLD = ionarray_formats_pkg::SHARED_SPIKE_THRESHOLD;
  localparam int CONFIG_TILES           = ionarray_formats_pkg::CONFIG_TILES;
  localparam int CONFIG_ROWS            = ionarray_formats_pkg::CONFIG_ROWS;
  localparam int CONFIG_COLUMNS         = ionarray_formats_pkg::CONFIG_COLUMNS;
  localparam int CONFIG_ROW_VOLTAGE     = ionarray_formats_pkg::CONFIG_ROW_VOLTAGE;
  localparam int CONFIG_V_BIAS          = ionarray_formats_pkg::CONFIG_V_BIAS;
  localparam int CONFIG_G_SHIFT         = ionarray_formats_pkg::CONFIG_G_SHIFT;
  localparam int CONFIG_PULSE_STEPS     = ionarray_formats_pkg::CONFIG_PULSE_STEPS;
  localparam logic [31:0] REG_IDENTITY       = ionarray_regs_pkg::REG_IDENTITY;
  localparam logic [31:0] REG_IDENTITY_VALUE = ionarray_regs_pkg::REG_IDENTITY_VALUE;
  localparam logic [31:0] REG_VERSION        = ionarray_regs_pkg::REG_VERSION;
  localparam logic [31:0] REG_VERSION_VALUE  = ionarray_regs_pkg::REG_VERSION_VALUE;
  localparam logic [31:0] REG_MAX_TILES      = ionarray_regs_pkg::REG_MAX_TILES;
  localparam logic [31:0] REG_MAX_ROWS       = ionarray_regs_pkg::REG_MAX_ROWS;
  localparam logic [31:0] REG_MAX_COLUMNS    = ionarray_regs_pkg::REG_MAX_COLUMNS;
  localparam logic [31:0] REG_STEP_LOW       = ionarray_regs_pkg::REG_STEP_LOW;
  localparam logic [31:0] REG_STEP_HIGH      = ionarray_regs_pkg::REG_STEP_HIGH;
  localparam logic [31:0] REG_SPIKES_IN      = ionarray_regs_pkg::REG_SPIKES_IN;
  localparam logic [31:0] REG_SPIKES_OUT     = ionarray_regs_pkg::REG_SPIKES_OUT;
  localparam logic [31:0] REG_OVERFLOWS      = ionarray_regs_pkg::REG_OVERFLOWS;
  localparam logic [31:0] REG_SATURATIONS    = ionarray_regs_pkg::REG_SATURATIONS;
  localparam logic [31:0] REG_ERRORS         = ionarray_regs_pkg::REG_ERRORS;
  localparam int EventBits = $clog2(EVENT_QUEUE_DEPTH);
  localparam int SpikedBits = TileBits + ColumnBits + NeuronBits;  // a spike of the step: {tile, column, neuron index}
  localparam int RouteBits = NeuronBits + $clog2(ROUTE_SLOTS);  // routes_q address

  typedef enum logic [3:0] {
    S_INPUT, S_EMIT, S_EVENTS, S_TILE_STEP, S_GATHER, S_SPIKE_HEADER, S_SPIKE_WORDS, S_ROUTE, S_STEP_END, S_READ_STATE,
    S_RELEASE
  } state_t;

  // ---- Output FIFO -------------------------------------------------------------------------
  // Block RAM read one cycle ahead into the output register (the first word falls through).
  logic [63:0]     out_mem [OUT_DEPTH];
  logic [OutBits:0] out_read_q, out_tail_q;  // the next word to read from the RAM, to write to it
  logic [63:0]     out_word_q;                // the word on the output
  logic            out_valid_q;
  logic            push;
  logic [63:0]     push_word;
  logic [OutBits:0] out_count;  // words in the RAM (the output register holds one more)
  logic            out_fetch;   // the RAM's next word moves to the output register
  assign out_count   = out_tail_q - out_read_q;
  assign out_fetch   = out_count != 0 && (!out_valid_q || out_ready_i);
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_word_q;

  // ---- Tiles (per-tile signals flat: tile t at [t * width +: width]) -------------------------
  logic [TILES-1:0] cfg_valid;
  logic [3:0]  cfg_memory;
  logic [15:0] cfg_address;
  logic [35:0] cfg_data;
  logic [TILES-1:0] trig_valid;
  logic [RowBits-1:0] trig_row;
  logic [TILES-1:0] tile_step, tile_done, tile_spike;
  logic [TILES*ColumnBits-1:0] tile_column;

  // State read port of every tile (read_state): the column to read, and each tile's answer one
  // clock edge later.
  logic [ColumnBits-1:0] probe_column;
  logic [TILES*32-1:0]   probe_f, probe_r, probe_s, probe_vm, probe_kg_mant, probe_kg_shift;
  logic [TILES-1:0]      probe_armed;
  logic [TILES*64-1:0]   probe_noise;

  if (TILES % TILES_PER_ENGINE != 0) begin : g_engine_sharing_check
    $error("ionarray_array_core: TILES_PER_ENGINE must divide TILES");
  end
  localparam int Engines = TILES / TILES_PER_ENGINE;
  logic [2*Engines-1:0] engine_saturations;  // engine e's at [2 e +: 2]: this cycle's flags, counted
  localparam int GroupTileBits = TILES_PER_ENGINE > 1 ? $clog2(TILES_PER_ENGINE) : 1;
  for (genvar e = 0; e < Engines; e++) begin : g_engines
    localparam int First = e * TILES_PER_ENGINE;  // its first tile
    logic unused_busy, unused_trigger_lost;
    logic done, spike;
    logic [GroupTileBits-1:0] spike_tile;
    logic [ColumnBits-1:0]    spike_column;
    logic [31:0]              f, r, s, vm, kg_mant, kg_shift;
    logic                     armed;
    logic [63:0]              noise;
    ionarray_tile #(.ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE)) u_tiles (
      .clk_i, .rst_ni,
      .cfg_valid_i(cfg_valid[First +: TILES_PER_ENGINE]), .cfg_memory_i(cfg_memory), .cfg_address_i(cfg_address),
      .cfg_data_i(cfg_data),
      .trigger_valid_i(trig_valid[First +: TILES_PER_ENGINE]), .trigger_row_i(trig_row), .trigger_lost_o(unused_trigger_lost),
      .step_i(tile_step[First +: TILES_PER_ENGINE]), .busy_o(unused_busy), .done_o(done),
      .spike_valid_o(spike), .spike_tile_o(spike_tile), .spike_column_o(spike_column), .saturations_o(engine_saturations[2*e +: 2]),
      .probe_tile_i(GroupTileBits'(32'(read_tile_q) % TILES_PER_ENGINE)), .probe_column_i(probe_column),
      .probe_f_o(f), .probe_r_o(r), .probe_s_o(s), .probe_vm_o(vm), .probe_kg_mant_o(kg_mant), .probe_kg_shift_o(kg_shift),
      .probe_armed_o(armed), .probe_noise_o(noise));
    // Seen by the rest of the core as TILES_PER_ENGINE tiles: the probe answers for the tile read.
    for (genvar k = 0; k < TILES_PER_ENGINE; k++) begin : g_tiles
      localparam int T = First + k;
      assign tile_done[T]  = done;
      assign tile_spike[T] = spike && 32'(spike_tile) == k;
      assign tile_column[T*ColumnBits +: ColumnBits] = spike_column;
      assign probe_f[T*32 +: 32] = f;
      assign probe_r[T*32 +: 32] = r;
      assign probe_s[T*32 +: 32] = s;
      assign probe_vm[T*32 +: 32] = vm;
      assign probe_kg_mant[T*32 +: 32] = kg_mant;
      assign probe_kg_shift[T*32 +: 32] = kg_shift;
      assign probe_armed[T] = armed;
      assign probe_noise[T*64 +: 64] = noise;
    end
  end

  // ---- Spike capture: every tile steps at once and reports its spiking columns in column order;
  // each tile's list is kept apart so that S_GATHER can emit them in tile order, as the C++ core.
  // Every list is read at the gathering index; S_GATHER takes the current tile's.
  logic                  capture_clear;  // a step begins
  logic [ColumnBits:0]   gathered_q;     // S_GATHER: spikes of tile_q copied so far
  logic [TILES*(ColumnBits+1)-1:0] tile_spike_count;
  logic [TILES*ColumnBits-1:0]     tile_gathered_column;
  logic [TILES-1:0]      tile_finished;
  for (genvar t = 0; t < TILES; t++) begin : g_capture
    logic [ColumnBits:0]   count_q;
    logic [ColumnBits-1:0] columns_spiked_q [COLUMNS];
    logic                  finished_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        count_q    <= '0;
        finished_q <= 1'b0;
      end else if (capture_clear) begin
        count_q    <= '0;
        finished_q <= 1'b0;
      end else begin
        if (tile_spike[t]) count_q <= count_q + 1'b1;
        if (tile_done[t]) finished_q <= 1'b1;
      end
    end
    // Spike list: plain memory, written at the count (no reset needed: the count bounds reads).
    always_ff @(posedge clk_i)
      if (!capture_clear && tile_spike[t]) columns_spiked_q[ColumnBits'(count_q)] <= tile_column[t*ColumnBits +: ColumnBits];
    assign tile_spike_count[t*(ColumnBits+1) +: ColumnBits+1] = count_q;
    assign tile_gathered_column[t*ColumnBits +: ColumnBits]   = columns_spiked_q[ColumnBits'(gathered_q)];
    assign tile_finished[t] = finished_q;
  end

  // ---- Core state ----------------------------------------------------------------------------
  state_t       state_q;
  logic [7:0]   opcode_q;  // of the packet whose payload is arriving
  logic [8:0]   remaining_q;
  logic         skipping_q, seq_started_q;
  logic [15:0]  expected_seq_q, seq_out_q;
  logic [63:0]  step_q, steps_left_q;
  logic         free_run_q;
  logic [63:0]  events_q [EVENT_QUEUE_DEPTH];
  logic [10:0]  ev_head_q, ev_count_q;
  logic [31:0]  sync_q [SYNC_QUEUE_DEPTH];
  logic [4:0]   sync_count_q, release_index_q;
  logic [63:0]  counters_q [COUNTER_COUNT];
  logic [TileBits:0] tiles_active_q;
  logic [RowBits:0]  rows_q;
  logic [ColumnBits:0] columns_q;
  logic [RouteKeepBits-1:0] routes_q [TILES * COLUMNS * ROUTE_SLOTS];  // address neuron * ROUTE_SLOTS + slot
  // Words waiting to be emitted (a short packet), written by the decoder.
  logic [63:0]  emit_q [4];
  logic [3:0]   emit_count_q, emit_index_q;
  // The step's spikes.
  logic [SpikedBits-1:0] spiked_q [TILES * COLUMNS];
  logic [NeuronBits:0]   spike_count_q, spike_index_q;
  logic [7:0]   packet_left_q;
  logic [TileBits:0] tile_q;            // S_GATHER: the tile whose spikes are copied
  logic [31:0]       tile_base_q;       // S_GATHER: the neuron index of its column 0 (tile_q x columns)
  logic         tiles_started_q;
  logic [2:0]   slot_q;
  logic         release_pending_q;  // a sync answered right after the current S_EMIT
  // read_state: the request, the neuron being read and its next field (8: wait for the probe).
  logic         read_pending_q;     // a read_state answered right after the current S_EMIT
  logic [31:0]  read_request_q;
  logic [TileBits-1:0]  read_tile_q;
  logic [ColumnBits:0]  read_column_q, read_end_q;
  logic [3:0]   read_field_q;
  logic         read_header_sent_q;

  // An error packet's header: the error code as its argument, one payload word (the refused header).
  function automatic logic [63:0] error_header(input logic [15:0] seq, input logic [31:0] code);
    error_header = ionarray_host_link_pkg::pack_header(OP_ERROR, 8'd1, seq, code);
  endfunction

  // Saturations: each engine reports the flags of the neuron it writes back, summed over the
  // engines into a register and then counted (two clocks behind the engines, long before a step
  // ends).
  localparam int SaturationBits = $clog2(3 * Engines + 1);  // up to three flags per engine
  logic [SaturationBits-1:0] saturations, saturations_q;
  always_comb begin
    saturations = '0;
    for (int e = 0; e < Engines; e++) saturations += SaturationBits'(engine_saturations[2*e +: 2]);
  end
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) saturations_q <= '0;
    else saturations_q <= saturations;
  always_comb
    for (int c = 0; c < COUNTER_COUNT; c++) counters_o[64*c +: 64] = counters_q[c];

  logic wants_step;
  assign wants_step = free_run_q || steps_left_q != 0;
  logic has_room;
  assign has_room = 32'(out_count) + PacketRoom <= OUT_DEPTH;
  // Control pulses wait here until the core is between steps (S_INPUT), where they go first.
  logic        control_pending, control_apply, pause_pending_q, free_run_pending_q, paused_q;
  logic [63:0] run_pending_q;
  // (the pulses registered as they arrive: the register block's write decode ends there)
  logic        ctrl_run_q, ctrl_free_run_q, ctrl_pause_q;
  logic [31:0] ctrl_run_steps_q;
  logic        run_pending_any_q;  // run_pending_q != 0, kept beside it (it only grows until applied)
  logic [31:0] run_added;
  assign run_added       = ctrl_run_q ? ctrl_run_steps_q : 32'd0;
  assign control_pending = run_pending_any_q || free_run_pending_q || pause_pending_q;
  assign control_apply   = state_q == S_INPUT && control_pending;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_run_q         <= 1'b0;
      ctrl_free_run_q    <= 1'b0;
      ctrl_pause_q       <= 1'b0;
      ctrl_run_steps_q   <= '0;
      run_pending_q      <= '0;
      run_pending_any_q  <= 1'b0;
      free_run_pending_q <= 1'b0;
      pause_pending_q    <= 1'b0;
    end else begin
      ctrl_run_q         <= ctrl_run_i;
      ctrl_free_run_q    <= ctrl_free_run_i;
      ctrl_pause_q       <= ctrl_pause_i;
      ctrl_run_steps_q   <= ctrl_run_steps_i;
      // (the add does not wait for control_apply: both candidates, then the choice)
      run_pending_q      <= control_apply ? 64'(run_added) : run_pending_q + 64'(run_added);
      run_pending_any_q  <= (run_pending_any_q && !control_apply) || run_added != 0;
      free_run_pending_q <= (free_run_pending_q && !control_apply) || ctrl_free_run_q;
      pause_pending_q    <= (pause_pending_q && !control_apply) || ctrl_pause_q;
    end
  end
  // (a run asked for on the control port counts from the cycle after it is asked)
  assign running_o = wants_step || run_pending_any_q || free_run_pending_q || run_added != 0 || ctrl_free_run_q;
  assign paused_o  = paused_q;
  assign step_o   = step_q;

  assign in_ready_o = state_q == S_INPUT && has_room && !control_pending;

  // ---- Input word decoding (combinational view of the word at the input) --------------------
  ionarray_host_link_pkg::header_t       in_header;
  ionarray_host_link_pkg::memory_write_t in_write;
  ionarray_host_link_pkg::spike_in_t     in_event;
  assign in_header = in_data_i;
  assign in_write  = in_data_i;
  assign in_event  = in_data_i;

  // Range checks of a write_memory word, as LinkCore::write_memory. A coefficient word's shift
  // must lie in [COEF_SHIFT_MIN, COEF_SHIFT_MAX] (fx::coef_word_ok).
  logic write_ok, coef_shift_ok, shared_is_coef;
  logic [ionarray_host_link_pkg::ROUTE_BITS-1:0] w_route;
  assign w_route = in_write.data[ionarray_host_link_pkg::ROUTE_BITS-1:0];
  logic signed [CoefShiftBits-1:0] w_coef_shift;
  assign w_coef_shift  = $signed(ionarray_host_link_pkg::coefficient_shift(in_write.data[CoefBits-1:0]));
  assign coef_shift_ok = w_coef_shift >= CoefShiftBits'(ionarray_formats_pkg::COEF_SHIFT_MIN)
                         && w_coef_shift <= CoefShiftBits'(ionarray_formats_pkg::COEF_SHIFT_MAX);
  assign shared_is_coef = 32'(in_write.address) == ionarray_formats_pkg::SHARED_GROW
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_SHRINK
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_SHRINK_NOISE
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_TUNNEL_EXPONENT
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_TUNNEL_SCALE
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_INPUT
                          || 32'(in_write.address) == ionarray_formats_pkg::SHARED_ON_CONDUCTANCE;
  int unsigned w_address, w_column;
  always_comb begin
    w_address = 32'(in_write.address);
    w_column  = 0;
    write_ok  = 1'b0;
    unique case (in_write.memory)
      MEM_CROSSBAR:     write_ok = 32'(in_write.tile) < 32'(tiles_active_q)
                                   && w_address >> CROSSBAR_COLUMN_BITS < 32'(rows_q)
                                   && w_address % (1 << CROSSBAR_COLUMN_BITS) < 32'(columns_q) && in_write.data <= 36'hFFFF;
      MEM_DEVICE_COEFS: begin
        w_column = w_address / COEFS_PER_NEURON;
        write_ok = 32'(in_write.tile) < 32'(tiles_active_q) && w_column < 32'(columns_q)
                   && w_address % COEFS_PER_NEURON <= COEF_TRANSFER && coef_shift_ok;
      end
      MEM_NEURON_STATE: write_ok = 32'(in_write.tile) < 32'(tiles_active_q) && w_address / STATE_WORDS < 32'(columns_q)
                                   && (w_address % STATE_WORDS != STATE_KG || coef_shift_ok);
      MEM_SHARED_COEFS: write_ok = 32'(in_write.tile) < 32'(tiles_active_q) && w_address <= SHARED_SPIKE_THRESHOLD
                                   && (!shared_is_coef || coef_shift_ok);
      MEM_TABLES:       write_ok = w_address < TABLE_COUNT * TABLE_SIZE;  // tables are ROMs here
      MEM_ROUTES:       write_ok = w_address / ROUTE_SLOTS < 32'(tiles_active_q) * 32'(columns_q)
                                   && (in_write.data[RouteKeepBits-1:0] == NO_ROUTE
                                       || (32'(ionarray_host_link_pkg::route_tile(w_route)) < 32'(tiles_active_q)
                                           && 32'(ionarray_host_link_pkg::route_row(w_route)) < 32'(rows_q)
                                           && in_write.data >> RouteKeepBits == '0));
      MEM_TILE_CONFIG: begin
        unique case (w_address)
          CONFIG_TILES:       write_ok = in_write.data >= 1 && in_write.data <= 36'(TILES);
          CONFIG_ROWS:        write_ok = in_write.data >= 1 && in_write.data <= 36'(ROWS);
          CONFIG_COLUMNS:     write_ok = in_write.data >= 1 && in_write.data <= 36'(COLUMNS);
          CONFIG_ROW_VOLTAGE, CONFIG_V_BIAS:
                              write_ok = $signed(in_write.data) >= -36'(V_MAX) && $signed(in_write.data) <= 36'(V_MAX);
          CONFIG_G_SHIFT:     write_ok = in_write.data <= 36'd62;
          CONFIG_PULSE_STEPS: write_ok = in_write.data >= 1 && in_write.data <= 36'd32767;
          default:            write_ok = 1'b0;
        endcase
      end
      default: write_ok = 1'b0;
    endcase
  end

  // A payload word of an accepted packet is taken in this cycle.
  logic payload_taken;
  assign payload_taken = state_q == S_INPUT && !control_pending && in_valid_i && has_room && remaining_q != 0 && !skipping_q;
  // An input event's checks, as LinkCore::payload (refused in this order).
  logic event_off_chip, event_in_past, event_queue_full, event_accepted;
  assign event_off_chip   = 32'(in_event.tile) >= 32'(tiles_active_q) || 32'(in_event.row) >= 32'(rows_q);
  assign event_in_past    = in_event.step < step_q[31:0];
  assign event_queue_full = ev_count_q == 11'(EVENT_QUEUE_DEPTH);
  assign event_accepted   = payload_taken && opcode_q == OP_SPIKE_IN && !event_off_chip && !event_in_past && !event_queue_full;
  logic route_written;
  assign route_written = payload_taken && opcode_q == OP_WRITE_MEMORY && write_ok && in_write.memory == MEM_ROUTES;

  // Tile configuration and trigger ports: driven in the cycle a word or event is handled.
  always_comb begin
    cfg_memory  = in_write.memory;
    cfg_address = in_write.address;
    cfg_data    = in_write.data;
    cfg_valid   = '0;
    if (payload_taken && opcode_q == OP_WRITE_MEMORY && write_ok) begin
      unique case (in_write.memory)
        MEM_CROSSBAR, MEM_DEVICE_COEFS, MEM_NEURON_STATE, MEM_SHARED_COEFS: cfg_valid[TileBits'(in_write.tile)] = 1'b1;
        MEM_TILE_CONFIG: for (int t = 0; t < TILES; t++) cfg_valid[t] = 1'b1;
        default: ;
      endcase
    end
  end

  // The queue's head, read from its block RAM one cycle ahead: the word at the head the next
  // cycle will have. No write needs to pass by the RAM: an event is accepted in S_INPUT, and
  // S_EVENTS, the only state that looks at the head, comes two cycles later at the earliest.
  logic [63:0] head_word_q;
  logic        event_taken;  // S_EVENTS takes the head: it is due at this step
  logic [EventBits-1:0] head_next;
  ionarray_host_link_pkg::spike_in_t head_event;
  assign head_event  = head_word_q;
  assign event_taken = state_q == S_EVENTS && ev_count_q != 0 && head_event.step == step_q[31:0];
  assign head_next   = EventBits'(ev_head_q + (event_taken ? 11'd1 : 11'd0));
  // The spike being sent or routed: its tile and column, and its neuron index across the chip.
  // (one read of the spike list: the spike sent; while routing, the next spike to route, whose
  // neuron index is registered so that the route lookup starts from a register)
  logic [TileBits-1:0]   spike_tile;
  logic [ColumnBits-1:0] spike_column;
  logic [NeuronBits-1:0] spike_neuron, route_neuron_q;
  logic [NeuronBits-1:0] spiked_read;
  assign spiked_read = state_q == S_ROUTE ? NeuronBits'(spike_index_q + 1'b1) : state_q == S_SPIKE_HEADER ? '0
                     : NeuronBits'(spike_index_q);
  assign {spike_tile, spike_column, spike_neuron} = spiked_q[spiked_read];
  // The next spike packet's length: the spikes left to send, at most a packet's 255.
  logic [31:0] spikes_left;
  logic [7:0]  spike_packet_length;
  assign spikes_left = 32'(spike_count_q) - 32'(spike_index_q);
  assign spike_packet_length = spikes_left > 255 ? 8'd255 : 8'(spikes_left);
  logic [RouteKeepBits-1:0] route_target;
  assign route_target = routes_q[RouteBits'(32'(route_neuron_q) * ROUTE_SLOTS + 32'(slot_q[1:0]))];
  always_comb begin
    for (int t = 0; t < TILES; t++) begin
      trig_valid[t] = 1'b0;
      tile_step[t]  = 1'b0;
    end
    trig_row = '0;
    if (event_taken) begin
      trig_valid[TileBits'(head_event.tile)] = 1'b1;
      trig_row = RowBits'(head_event.row);
    end
    if (state_q == S_ROUTE && spike_index_q != spike_count_q && route_target != NO_ROUTE) begin
      trig_valid[TileBits'(ionarray_host_link_pkg::route_tile(32'(route_target)))] = 1'b1;
      trig_row = RowBits'(ionarray_host_link_pkg::route_row(32'(route_target)));
    end
    if (state_q == S_TILE_STEP && !tiles_started_q)
      for (int t = 0; t < TILES; t++) tile_step[t] = t < 32'(tiles_active_q);
  end
  assign capture_clear = state_q == S_EVENTS;

  assign probe_column = ColumnBits'(read_column_q);

  // The neuron_state word `field` of the probed neuron, as fx::state_word encodes it.
  function automatic logic [35:0] state_word(input int field, input logic signed [31:0] f, r, s, vm,
                                             input logic [16:0] kg_mant, input logic [7:0] kg_shift, input logic armed,
                                             input logic [63:0] noise);
    unique case (field)
      STATE_F:         state_word = 36'(f);
      STATE_R:         state_word = 36'(r);
      STATE_S:         state_word = 36'(s);
      STATE_VM:        state_word = 36'(vm);
      STATE_KG:        state_word = {11'b0, kg_shift, kg_mant};
      STATE_ARMED:     state_word = 36'(armed);
      STATE_NOISE_LOW: state_word = {4'b0, noise[31:0]};
      default:         state_word = {4'b0, noise[63:32]};
    endcase
  endfunction

  // A read_state request, checked as LinkCore::read_state.
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::state_request_t in_request;  // (a 64-bit word layout; the request uses its low 32 bits)
  /* verilator lint_on UNUSEDSIGNAL */
  logic request_ok;
  assign in_request = 64'(in_header.argument);
  assign request_ok = 32'(in_request.tile) < 32'(tiles_active_q) && in_request.count != 0
                      && 32'(in_request.count) <= STATE_READ_MAX
                      && 32'(in_request.column) + 32'(in_request.count) <= 32'(columns_q);
  logic [OutBits:0] out_space;
  assign out_space = (OutBits + 1)'(OUT_DEPTH) - out_count;

  // Every active tile has finished its step (done pulses are registered in tile_finished).
  logic all_finished;
  always_comb begin
    all_finished = 1'b1;
    for (int t = 0; t < TILES; t++)
      if (t < 32'(tiles_active_q) && !tile_finished[t]) all_finished = 1'b0;
  end


  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q         <= S_INPUT;
      out_read_q      <= '0;
      out_valid_q     <= 1'b0;
      out_tail_q      <= '0;
      remaining_q     <= '0;
      skipping_q      <= 1'b0;
      seq_started_q   <= 1'b0;
      expected_seq_q  <= '0;
      seq_out_q       <= '0;
      step_q          <= '0;
      steps_left_q    <= '0;
      free_run_q      <= 1'b0;
      ev_head_q       <= '0;
      ev_count_q      <= '0;
      sync_count_q    <= '0;
      release_index_q <= '0;
      tiles_active_q  <= 1;
      rows_q          <= (RowBits + 1)'(ROWS);
      columns_q       <= (ColumnBits + 1)'(COLUMNS);
      emit_count_q    <= '0;
      emit_index_q    <= '0;
      spike_count_q   <= '0;
      spike_index_q   <= '0;
      route_neuron_q  <= '0;
      tile_base_q     <= '0;
      packet_left_q   <= '0;
      tile_q          <= '0;
      gathered_q      <= '0;
      tiles_started_q <= 1'b0;
      slot_q          <= '0;
      release_pending_q <= 1'b0;
      read_pending_q  <= 1'b0;
      read_request_q  <= '0;
      read_tile_q     <= '0;
      read_column_q   <= '0;
      read_end_q      <= '0;
      read_field_q    <= '0;
      read_header_sent_q <= 1'b0;
      paused_q        <= 1'b0;
      opcode_q        <= '0;
      for (int c = 0; c < COUNTER_COUNT; c++) counters_q[c] <= '0;
      // The route memory is block RAM without reset: configuration writes every slot.
    end else begin
      counters_q[3'(CNT_SATURATIONS)] <= counters_q[3'(CNT_SATURATIONS)] + 64'(saturations_q);
      if (out_fetch) out_read_q <= out_read_q + 1'b1;
      if (out_fetch) out_valid_q <= 1'b1;
      else if (out_ready_i) out_valid_q <= 1'b0;
      unique case (state_q)
        S_INPUT: begin
          if (control_pending) begin
            // A pause drops what is left of the run (and answers the syncs waiting for it);
            // steps and free running asked for since are added after it.
            // (whether nothing is left is known without the add: neither part has steps)
            logic [63:0] left;
            logic free, none_left;
            left = (pause_pending_q ? 64'd0 : steps_left_q) + run_pending_q;
            none_left = (pause_pending_q || steps_left_q == 0) && !run_pending_any_q;
            free = free_run_pending_q || (free_run_q && !pause_pending_q);
            steps_left_q <= left;
            free_run_q   <= free;
            paused_q     <= pause_pending_q && none_left && !free;
            if (none_left && !free && sync_count_q != 0) begin
              release_index_q <= '0;
              state_q         <= S_RELEASE;
            end
          end else if (in_valid_i && has_room) begin
            logic [3:0] errors;     // words queued for S_EMIT
            logic [1:0] refusals;   // error packets among them
            logic [63:0] error_words [4];
            errors = 0;
            refusals = 0;
            if (remaining_q == 0) begin
              // Header, as LinkCore::header.
              logic [7:0] op;
              op = in_header.opcode;
              opcode_q    <= in_header.opcode;
              remaining_q <= 9'(in_header.length);
              skipping_q  <= 1'b1;
              if (seq_started_q && in_header.seq != expected_seq_q) begin
                error_words[0] = error_header(16'(seq_out_q), ERR_SEQUENCE_GAP);
                refusals = refusals + 1'b1;
                error_words[1] = in_data_i;
                errors = 2;
              end
              seq_started_q  <= 1'b1;
              expected_seq_q <= in_header.seq + 1'b1;
              if (!ionarray_host_link_pkg::to_device(op)) begin
                error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_UNKNOWN_OPCODE);
                refusals = refusals + 1'b1;
                error_words[2'(errors + 4'd1)] = in_data_i;
                errors = errors + 4'd2;
              end else if (!ionarray_host_link_pkg::length_ok(op, in_header.length)) begin
                error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_BAD_LENGTH);
                refusals = refusals + 1'b1;
                error_words[2'(errors + 4'd1)] = in_data_i;
                errors = errors + 4'd2;
              end else if ((op == OP_WRITE_MEMORY || op == OP_READ_STATE) && wants_step) begin
                error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_WRITE_WHILE_RUNNING);
                refusals = refusals + 1'b1;
                error_words[2'(errors + 4'd1)] = in_data_i;
                errors = errors + 4'd2;
              end else begin
                skipping_q <= 1'b0;
                if (in_header.length == 0) begin
                  // finish() of a packet without payload.
                  if (op == OP_RUN) begin
                    if (in_header.argument == 0) free_run_q <= 1'b1;
                    else steps_left_q <= steps_left_q + 64'(in_header.argument);
                    paused_q <= 1'b0;
                  end else if (op == OP_SYNC) begin
                    if (!wants_step || free_run_q) begin
                      sync_q[0]         <= in_header.argument;
                      sync_count_q      <= 5'd1;
                      release_index_q   <= '0;
                      release_pending_q <= 1'b1;
                      state_q           <= S_RELEASE;
                    end else if (sync_count_q == 5'(SYNC_QUEUE_DEPTH)) begin
                      error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_QUEUE_FULL);
                      refusals = refusals + 1'b1;
                      error_words[2'(errors + 4'd1)] = in_data_i;
                      errors = errors + 4'd2;
                    end else begin
                      sync_q[4'(sync_count_q)] <= in_header.argument;
                      sync_count_q         <= sync_count_q + 1'b1;
                    end
                  end else if (op == OP_READ_STATE) begin
                    if (request_ok) begin
                      read_pending_q     <= 1'b1;
                      read_request_q     <= in_header.argument;
                      read_tile_q        <= TileBits'(in_request.tile);
                      read_column_q      <= (ColumnBits + 1)'(in_request.column);
                      read_end_q         <= (ColumnBits + 1)'(32'(in_request.column) + 32'(in_request.count));
                      read_field_q       <= 4'd8;
                      read_header_sent_q <= 1'b0;
                      state_q            <= S_READ_STATE;  // (S_EMIT first when an error is queued, below)
                    end else begin
                      error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_OUT_OF_RANGE);
                      refusals = refusals + 1'b1;
                      error_words[2'(errors + 4'd1)] = in_data_i;
                      errors = errors + 4'd2;
                    end
                  end else if (op == OP_READ_REGISTER) begin
                    logic [31:0] value;
                    logic known;
                    known = 1'b1;
                    unique case (in_header.argument)
                      REG_IDENTITY:    value = REG_IDENTITY_VALUE;
                      REG_VERSION:     value = REG_VERSION_VALUE;
                      REG_MAX_TILES:   value = 32'(TILES);
                      REG_MAX_ROWS:    value = 32'(ROWS);
                      REG_MAX_COLUMNS: value = 32'(COLUMNS);
                      REG_STEP_LOW:    value = step_q[31:0];
                      REG_STEP_HIGH:   value = step_q[63:32];
                      REG_SPIKES_IN:   value = counters_q[3'(CNT_SPIKES_IN)][31:0];
                      REG_SPIKES_OUT:  value = counters_q[3'(CNT_SPIKES_OUT)][31:0];
                      REG_OVERFLOWS:   value = counters_q[3'(CNT_OVERFLOWS)][31:0];
                      REG_SATURATIONS: value = counters_q[3'(CNT_SATURATIONS)][31:0];
                      REG_ERRORS:      value = counters_q[3'(CNT_ERRORS)][31:0];
                      default: begin value = '0; known = 1'b0; end
                    endcase
                    if (known) begin
                      error_words[2'(errors)] = ionarray_host_link_pkg::pack_header(OP_REGISTER_VALUE, 8'd1, seq_out_q + 16'(errors[3:1]), in_header.argument);
                      error_words[2'(errors + 4'd1)] = 64'(value);
                    end else begin
                      error_words[2'(errors)] = error_header(seq_out_q + 16'(errors[3:1]), ERR_OUT_OF_RANGE);
                      refusals = refusals + 1'b1;
                      error_words[2'(errors + 4'd1)] = in_data_i;
                    end
                    errors = errors + 4'd2;
                  end
                end
              end
            end else begin
              // Payload word, as LinkCore::payload and finish.
              remaining_q <= remaining_q - 1'b1;
              if (!skipping_q) begin
                if (opcode_q == OP_SPIKE_IN) begin
                  if (event_off_chip) begin
                    error_words[0] = error_header(seq_out_q, ERR_OUT_OF_RANGE);
                    refusals = refusals + 1'b1;
                    error_words[1] = in_data_i;
                    errors = 2;
                  end else if (event_in_past) begin
                    error_words[0] = error_header(seq_out_q, ERR_EVENT_IN_THE_PAST);
                    refusals = refusals + 1'b1;
                    error_words[1] = in_data_i;
                    errors = 2;
                  end else if (event_queue_full) begin
                    counters_q[3'(CNT_OVERFLOWS)] <= counters_q[3'(CNT_OVERFLOWS)] + 1'b1;
                    error_words[0] = error_header(seq_out_q, ERR_QUEUE_FULL);
                    refusals = refusals + 1'b1;
                    error_words[1] = in_data_i;
                    errors = 2;
                  end else begin
                    ev_count_q <= ev_count_q + 1'b1;
                    counters_q[3'(CNT_SPIKES_IN)] <= counters_q[3'(CNT_SPIKES_IN)] + 1'b1;
                  end
                end else if (opcode_q == OP_WRITE_MEMORY) begin
                  if (!write_ok) begin
                    error_words[0] = error_header(seq_out_q, ERR_OUT_OF_RANGE);
                    refusals = refusals + 1'b1;
                    error_words[1] = in_data_i;
                    errors = 2;
                  end else if (in_write.memory == MEM_TILE_CONFIG) begin
                    unique case (w_address)
                      CONFIG_TILES:   tiles_active_q <= (TileBits + 1)'(in_write.data);
                      CONFIG_ROWS:    rows_q <= (RowBits + 1)'(in_write.data);
                      CONFIG_COLUMNS: columns_q <= (ColumnBits + 1)'(in_write.data);
                      default: ;
                    endcase
                  end
                end else if (opcode_q == OP_WRITE_REGISTER) begin
                  error_words[0] = error_header(seq_out_q, ERR_READ_ONLY);
                  refusals = refusals + 1'b1;
                  error_words[1] = in_data_i;
                  errors = 2;
                end
              end
            end
            // Queue the answers for S_EMIT; error packets are counted.
            for (int k = 0; k < 4; k++)
              if (k < 32'(errors)) emit_q[k] <= error_words[k];
            if (refusals != 0) counters_q[3'(CNT_ERRORS)] <= counters_q[3'(CNT_ERRORS)] + 64'(refusals);
            if (errors != 0) begin
              emit_count_q <= errors;
              emit_index_q <= '0;
              seq_out_q    <= seq_out_q + 16'(errors[3:1]);
              state_q      <= S_EMIT;
            end
          end else if (!in_valid_i && wants_step && has_room) begin
            state_q <= S_EVENTS;
          end
        end
        S_EMIT: begin
          if (emit_index_q == emit_count_q) begin
            emit_index_q <= '0;
            state_q      <= release_pending_q ? S_RELEASE : read_pending_q ? S_READ_STATE : S_INPUT;
          end else begin
            emit_index_q <= emit_index_q + 1'b1;
          end
        end
        S_EVENTS: begin
          if (event_taken) begin
            ev_head_q  <= ev_head_q + 1'b1;
            ev_count_q <= ev_count_q - 1'b1;
          end else begin
            tiles_started_q <= 1'b0;
            spike_count_q   <= '0;
            state_q         <= S_TILE_STEP;
          end
        end
        S_TILE_STEP: begin  // all tiles step at once; their spikes are captured per tile
          tiles_started_q <= 1'b1;
          if (tiles_started_q && all_finished) begin
            tile_q      <= '0;
            tile_base_q <= '0;
            gathered_q <= '0;
            state_q    <= S_GATHER;
          end
        end
        S_GATHER: begin  // the spike lists in tile order, one spike per cycle
          if (tile_q == tiles_active_q) begin
            spike_index_q <= '0;
            state_q       <= spike_count_q == 0 ? S_ROUTE : S_SPIKE_HEADER;
          end else if (gathered_q == tile_spike_count[TileBits'(tile_q)*(ColumnBits+1) +: ColumnBits+1]) begin
            tile_q      <= tile_q + 1'b1;
            tile_base_q <= tile_base_q + 32'(columns_q);
            gathered_q <= '0;
          end else begin
            spike_count_q <= spike_count_q + 1'b1;
            gathered_q    <= gathered_q + 1'b1;
          end
        end
        S_SPIKE_HEADER: begin
          if (spike_index_q == spike_count_q) begin
            spike_index_q  <= '0;
            slot_q         <= '0;
            route_neuron_q <= spike_neuron;  // the first spike's (the list read at 0)
            state_q        <= S_ROUTE;
          end else begin
            packet_left_q <= spike_packet_length;
            seq_out_q     <= seq_out_q + 1'b1;
            state_q       <= S_SPIKE_WORDS;
          end
        end
        S_SPIKE_WORDS: begin
          spike_index_q <= spike_index_q + 1'b1;
          packet_left_q <= packet_left_q - 1'b1;
          if (packet_left_q == 8'd1) state_q <= S_SPIKE_HEADER;
        end
        S_ROUTE: begin
          if (spike_index_q == spike_count_q) begin
            state_q <= S_STEP_END;
          end else if (slot_q == 3'(ROUTE_SLOTS - 1)) begin
            slot_q         <= '0;
            spike_index_q  <= spike_index_q + 1'b1;
            route_neuron_q <= spike_neuron;  // the next spike's (the list read one ahead)
          end else begin
            slot_q <= slot_q + 1'b1;
          end
        end
        S_STEP_END: begin
          counters_q[3'(CNT_SPIKES_OUT)] <= counters_q[3'(CNT_SPIKES_OUT)] + 64'(spike_count_q);
          counters_q[3'(CNT_STEPS)]      <= counters_q[3'(CNT_STEPS)] + 1'b1;
          step_q <= step_q + 1'b1;
          if (steps_left_q != 0) begin
            steps_left_q <= steps_left_q - 1'b1;
            if (steps_left_q == 1 && sync_count_q != 0) begin
              release_index_q <= '0;
              state_q <= S_RELEASE;
            end else begin
              state_q <= S_INPUT;
            end
          end else begin
            state_q <= S_INPUT;
          end
        end
        S_READ_STATE: begin  // header, then per neuron: one cycle for the probe, eight words
          if (!read_header_sent_q) begin
            if (out_space != 0) begin
              read_header_sent_q <= 1'b1;
              seq_out_q          <= seq_out_q + 1'b1;
            end
          end else if (read_field_q == 4'd8) begin
            read_field_q <= '0;
          end else if (out_space != 0) begin
            if (read_field_q == 4'(STATE_WORDS - 1)) begin
              read_field_q  <= 4'd8;
              read_column_q <= read_column_q + 1'b1;
              if (read_column_q + 1'b1 == read_end_q) begin
                read_pending_q <= 1'b0;
                state_q        <= S_INPUT;
              end
            end else begin
              read_field_q <= read_field_q + 1'b1;
            end
          end
        end
        default: begin  // S_RELEASE: status and ack for each waiting sync, one word per cycle
          if (release_index_q == sync_count_q) begin
            sync_count_q      <= '0;
            release_pending_q <= 1'b0;
            state_q           <= S_INPUT;
          end else if (emit_index_q == 4'(COUNTER_COUNT + 2)) begin
            emit_index_q    <= '0;
            release_index_q <= release_index_q + 1'b1;
          end else begin
            emit_index_q <= emit_index_q + 1'b1;
            if (emit_index_q == 0 || emit_index_q == 4'(COUNTER_COUNT + 1)) seq_out_q <= seq_out_q + 1'b1;
          end
        end
      endcase
      // A word lost or added on the board's bus (found by the bridge once everything before it
      // was taken): counted, and the decoder expects a header again, with a fresh sequence.
      if (link_error_i) begin
        counters_q[3'(CNT_LINK_ERRORS)] <= counters_q[3'(CNT_LINK_ERRORS)] + 1'b1;
        remaining_q   <= '0;
        seq_started_q <= 1'b0;
      end
      if (push) out_tail_q <= out_tail_q + 1'b1;
    end
  end

  // The memories, written apart from the reset state machine so that synthesis maps them to RAM
  // (a memory written under an asynchronous reset becomes registers). The event queue and output
  // FIFO are read through registers (block RAM); the routes and the spike list, read in the cycle
  // they are looked up, are LUT RAM.
  logic                  spike_gathered;
  logic [ColumnBits-1:0] gathered_column;
  assign gathered_column = tile_gathered_column[TileBits'(tile_q)*ColumnBits +: ColumnBits];
  assign spike_gathered = state_q == S_GATHER && tile_q != tiles_active_q
                          && gathered_q != tile_spike_count[TileBits'(tile_q)*(ColumnBits+1) +: ColumnBits+1];
  always_ff @(posedge clk_i) begin
    if (event_accepted) events_q[EventBits'(ev_head_q + ev_count_q)] <= in_data_i;
    head_word_q <= events_q[head_next];
    if (route_written) routes_q[RouteBits'(w_address)] <= in_write.data[RouteKeepBits-1:0];
    if (spike_gathered)
      spiked_q[NeuronBits'(spike_count_q)] <= {TileBits'(tile_q), gathered_column, NeuronBits'(tile_base_q + 32'(gathered_column))};
    if (push) out_mem[out_tail_q[OutBits-1:0]] <= push_word;
    if (out_fetch) out_word_q <= out_mem[out_read_q[OutBits-1:0]];
  end

  // What the current state writes to the output FIFO this cycle.
  logic [31:0] read_offset;  // the probed tile's state at [read_offset +: 32] (noise: twice that, 64 bits)
  assign read_offset = 32'(read_tile_q) * 32;
  always_comb begin
    push      = 1'b0;
    push_word = '0;
    unique case (state_q)
      S_EMIT: if (emit_index_q != emit_count_q) begin
        push      = 1'b1;
        push_word = emit_q[2'(emit_index_q)];
      end
      S_SPIKE_HEADER: if (spike_index_q != spike_count_q) begin
        push      = 1'b1;
        push_word = ionarray_host_link_pkg::pack_header(OP_SPIKE_OUT, spike_packet_length, seq_out_q, step_q[31:0]);
      end
      S_SPIKE_WORDS: begin
        push      = 1'b1;
        push_word = ionarray_host_link_pkg::pack_spike_out(step_q[31:0], 16'(spike_tile), 16'(spike_column));
      end
      S_READ_STATE: if (out_space != 0) begin
        if (!read_header_sent_q) begin
          push      = 1'b1;
          push_word = ionarray_host_link_pkg::pack_header(OP_STATE_VALUE, 8'((32'(read_end_q) - 32'(read_column_q)) * STATE_WORDS), seq_out_q,
                                  read_request_q);
        end else if (read_field_q != 4'd8) begin
          push      = 1'b1;
          push_word = ionarray_host_link_pkg::pack_memory_write(
              8'(read_tile_q), MEM_NEURON_STATE, 16'(32'(read_column_q) * STATE_WORDS + 32'(read_field_q)),
              state_word(32'(read_field_q), probe_f[read_offset +: 32], probe_r[read_offset +: 32], probe_s[read_offset +: 32],
                         probe_vm[read_offset +: 32], probe_kg_mant[read_offset +: 17], probe_kg_shift[read_offset +: 8],
                         probe_armed[read_tile_q], probe_noise[2 * read_offset +: 64]));
        end
      end
      S_RELEASE: if (release_index_q != sync_count_q && emit_index_q != 4'(COUNTER_COUNT + 2)) begin
        push = 1'b1;
        if (emit_index_q == 0) begin
          push_word = ionarray_host_link_pkg::pack_header(OP_STATUS, 8'(COUNTER_COUNT), seq_out_q, step_q[31:0]);
        end else if (emit_index_q == 4'(COUNTER_COUNT + 1)) begin
          push_word = ionarray_host_link_pkg::pack_header(OP_ACK, 8'd0, seq_out_q, sync_q[4'(release_index_q)]);
        end else begin
          push_word = ionarray_host_link_pkg::pack_counter_value(8'(emit_index_q) - 8'd1,
                                                                 counters_o[64 * (32'(emit_index_q) - 1) +: 56]);
        end
      end
      default: ;
    endcase
  end
endmodule
