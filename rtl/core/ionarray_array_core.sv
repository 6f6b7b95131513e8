// The array behind the host link, as hls/ionarray/link_core.hpp: the tiles and their engines,
// and the parts that serve them (one job each): the packet guard (each packet's CRC and
// sequence number, the session reset), the packet decoder (framing and every check),
// the event queue, the step sequencer (events, tile steps, spike packets, routing), state
// readback and the output FIFO (which numbers the packets). This module holds what ties them
// together: run control, syncs and their release, the answers to refused packets and register
// reads (one path for every refusal), and the counters. Every refused packet is answered and
// counted. Input words have priority; steps run while no input is waiting.
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
  parameter int ROW_LEVELS = 1,        // row voltages per tile (1 .. ROW_VOLTAGE_LEVELS)
  parameter int PLASTIC_ROWS = 0,      // rows per tile whose synapses the tile programs (0: a fixed crossbar)
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
  output logic        busy_o,     // running (not held for the rest of a packet), input not yet acted on, or answers being written
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

  localparam logic [7:0] OP_ERROR          = ionarray_host_link_pkg::OP_ERROR;
  localparam logic [7:0] OP_STATUS         = ionarray_host_link_pkg::OP_STATUS;
  localparam logic [7:0] OP_ACK            = ionarray_host_link_pkg::OP_ACK;
  localparam logic [7:0] OP_REGISTER_VALUE = ionarray_host_link_pkg::OP_REGISTER_VALUE;
  localparam logic [7:0] OP_RESYNCED       = ionarray_host_link_pkg::OP_RESYNCED;
  localparam logic [31:0] ERR_SEQUENCE_GAP = ionarray_host_link_pkg::ERR_SEQUENCE_GAP;
  localparam logic [31:0] ERR_CRC_MISMATCH = ionarray_host_link_pkg::ERR_CRC_MISMATCH;
  localparam logic [1:0] VERDICT_DUPLICATE = ionarray_link_guard_pkg::VERDICT_DUPLICATE;
  localparam logic [1:0] VERDICT_GAP       = ionarray_link_guard_pkg::VERDICT_GAP;
  localparam logic [1:0] VERDICT_RESYNC    = ionarray_link_guard_pkg::VERDICT_RESYNC;
  localparam int CNT_STEPS       = 32'(ionarray_host_link_pkg::CNT_STEPS);
  localparam int CNT_SPIKES_IN   = 32'(ionarray_host_link_pkg::CNT_SPIKES_IN);
  localparam int CNT_SPIKES_OUT  = 32'(ionarray_host_link_pkg::CNT_SPIKES_OUT);
  localparam int CNT_OVERFLOWS   = 32'(ionarray_host_link_pkg::CNT_OVERFLOWS);
  localparam int CNT_SATURATIONS = 32'(ionarray_host_link_pkg::CNT_SATURATIONS);
  localparam int CNT_ERRORS      = 32'(ionarray_host_link_pkg::CNT_ERRORS);
  localparam int CNT_LINK_ERRORS = 32'(ionarray_host_link_pkg::CNT_LINK_ERRORS);
  localparam int CNT_LINK_FAULTS = 32'(ionarray_host_link_pkg::CNT_LINK_FAULTS);
  localparam int SYNC_QUEUE_DEPTH = ionarray_formats_pkg::SYNC_QUEUE_DEPTH;
  // (case labels name package constants through local aliases: Yosys 0.23)
  localparam logic [31:0] REG_IDENTITY = ionarray_regs_pkg::REG_IDENTITY;
  localparam logic [31:0] REG_VERSION = ionarray_regs_pkg::REG_VERSION;
  localparam logic [31:0] REG_MAX_TILES = ionarray_regs_pkg::REG_MAX_TILES;
  localparam logic [31:0] REG_MAX_ROWS = ionarray_regs_pkg::REG_MAX_ROWS;
  localparam logic [31:0] REG_MAX_COLUMNS = ionarray_regs_pkg::REG_MAX_COLUMNS;
  localparam logic [31:0] REG_ROW_LEVELS = ionarray_regs_pkg::REG_ROW_LEVELS;
  localparam logic [31:0] REG_PLASTIC_ROWS = ionarray_regs_pkg::REG_PLASTIC_ROWS;
  localparam logic [31:0] REG_STEP_LOW = ionarray_regs_pkg::REG_STEP_LOW;
  localparam logic [31:0] REG_STEP_HIGH = ionarray_regs_pkg::REG_STEP_HIGH;
  localparam logic [31:0] REG_SPIKES_IN = ionarray_regs_pkg::REG_SPIKES_IN;
  localparam logic [31:0] REG_SPIKES_OUT = ionarray_regs_pkg::REG_SPIKES_OUT;
  localparam logic [31:0] REG_OVERFLOWS = ionarray_regs_pkg::REG_OVERFLOWS;
  localparam logic [31:0] REG_SATURATIONS = ionarray_regs_pkg::REG_SATURATIONS;
  localparam logic [31:0] REG_ERRORS = ionarray_regs_pkg::REG_ERRORS;

  typedef enum logic [2:0] {S_INPUT, S_EMIT, S_STEP, S_READ_STATE, S_READ_CROSSBAR, S_RELEASE, S_RESYNC} state_t;
  state_t state_q;

  // ---- Output FIFO: every part pushes in its own state ---------------------------------------
  logic             push, push_header;
  logic [63:0]      push_word;
  logic [OutBits:0] out_count;
  ionarray_output_fifo #(.DEPTH_BITS(OutBits)) u_output (
    .clk_i, .rst_ni, .push_i(push), .push_header_i(push_header), .push_word_i(push_word),
    .out_valid_o, .out_data_o, .out_ready_i, .count_o(out_count));
  logic has_room;  // room for the most a step or an answer emits
  assign has_room = 32'(out_count) + PacketRoom <= OUT_DEPTH;

  // ---- Tiles (per-tile signals flat: tile t at [t * width +: width]) -------------------------
  logic [TILES-1:0]   cfg_valid;
  logic [TILES-1:0]   trig_valid;
  logic [RowBits-1:0] trig_row;
  logic [TILES-1:0]   tile_step, tile_done, tile_spike;
  logic [TILES*ColumnBits-1:0] tile_column;
  // State read port of every tile (read_state): the tile and column to read, and each tile's
  // answer one clock edge later.
  logic [TileBits-1:0]   probe_tile;
  logic [ColumnBits-1:0] probe_column;
  logic [TILES*32-1:0]   probe_f, probe_r, probe_s, probe_vm, probe_kg_mant, probe_kg_shift;
  logic [TILES-1:0]      probe_armed;
  logic [TILES*64-1:0]   probe_noise;
  // Crossbar read port (read_crossbar): the row to read (the tile and column as above), and each
  // tile's word one clock edge later.
  logic [RowBits-1:0]    probe_row;
  logic [TILES*16-1:0]   probe_synapse;

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
    logic [15:0]              synapse;
    ionarray_tile #(.ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE), .ROW_LEVELS(ROW_LEVELS),
                    .PLASTIC_ROWS(PLASTIC_ROWS)) u_tiles (
      .clk_i, .rst_ni,
      .cfg_valid_i(cfg_valid[First +: TILES_PER_ENGINE]), .cfg_memory_i(in_write.memory), .cfg_address_i(in_write.address),
      .cfg_data_i(in_write.data),
      .trigger_valid_i(trig_valid[First +: TILES_PER_ENGINE]), .trigger_row_i(trig_row), .trigger_lost_o(unused_trigger_lost),
      .step_i(tile_step[First +: TILES_PER_ENGINE]), .busy_o(unused_busy), .done_o(done),
      .spike_valid_o(spike), .spike_tile_o(spike_tile), .spike_column_o(spike_column), .saturations_o(engine_saturations[2*e +: 2]),
      .probe_tile_i(GroupTileBits'(32'(probe_tile) % TILES_PER_ENGINE)), .probe_column_i(probe_column),
      .probe_f_o(f), .probe_r_o(r), .probe_s_o(s), .probe_vm_o(vm), .probe_kg_mant_o(kg_mant), .probe_kg_shift_o(kg_shift),
      .probe_armed_o(armed), .probe_noise_o(noise), .probe_row_i(probe_row), .probe_synapse_o(synapse));
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
      assign probe_synapse[T*16 +: 16] = synapse;
    end
  end

  // ---- Core state ----------------------------------------------------------------------------
  logic [63:0]  step_q, steps_left_q;
  logic         free_run_q;
  logic [31:0]  sync_q [SYNC_QUEUE_DEPTH];
  logic [4:0]   sync_count_q, release_index_q;
  logic         release_pending_q;  // a sync answered right after the current S_EMIT
  logic [63:0]  counters_q [COUNTER_COUNT];
  // The answer to the word taken or to the guard's verdict (a refusal or a register value: a
  // header and one payload word), emitted in S_EMIT.
  logic [63:0]  emit_q [2];
  logic [3:0]   emit_count_q, emit_index_q;

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
  // (a run held while the guard waits for the rest of a packet is waiting for input, not busy: a
  // packet cut short on the link must not keep the device busy until its missing words come)
  assign busy_o    = (running_o && !receiving) || word_valid || verdict_valid || state_q != S_INPUT;
  assign paused_o  = paused_q;
  assign step_o    = step_q;

  // ---- Input: the packet guard, the decoder and the event queue ------------------------------
  logic        word_valid;  // a word of a packet that passed the guard
  logic [63:0] word;
  logic        verdict_valid, verdict_take, receiving;
  logic [1:0]  verdict;
  logic [63:0] verdict_word;
  logic [15:0] expected_seq;
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::header_t verdict_header;  // (a resync's token)
  /* verilator lint_on UNUSEDSIGNAL */
  assign verdict_header = verdict_word;
  logic [31:0] resync_token_q;
  logic [15:0] resync_expected_q;
  ionarray_packet_guard u_guard (
    .clk_i, .rst_ni, .in_valid_i, .in_data_i, .in_ready_o, .link_error_i,
    .out_valid_o(word_valid), .out_data_o(word), .out_take_i(take),
    .verdict_valid_o(verdict_valid), .verdict_o(verdict), .verdict_word_o(verdict_word), .verdict_done_i(verdict_take),
    .expected_seq_o(expected_seq), .receiving_o(receiving));

  logic take;  // the word from the guard is taken
  assign take         = state_q == S_INPUT && !control_pending && word_valid && has_room;
  assign verdict_take = state_q == S_INPUT && !control_pending && verdict_valid && has_room;

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::memory_write_t in_write;  // the tiles' configuration port (cfg_valid names the tiles)
  /* verilator lint_on UNUSEDSIGNAL */
  assign in_write = word;
  logic [TileBits:0]   tiles_active;
  logic [ColumnBits:0] columns;
  logic        refuse, run, sync, read_register, read_state, read_crossbar, event_accepted, overflow, route_write;
  logic [31:0] refusal, argument;
  logic        event_pop, event_empty, event_full;
  logic [63:0] event_head;
  logic        register_known;
  logic [31:0] register_value;
  ionarray_packet_decoder #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .ROW_LEVELS(ROW_LEVELS),
                            .PLASTIC_ROWS(PLASTIC_ROWS)) u_decoder (
    .clk_i, .rst_ni, .word_i(word), .take_i(take),
    .running_i(wants_step), .step_i(step_q[31:0]), .event_queue_empty_i(event_empty), .event_queue_full_i(event_full),
    .sync_queue_full_i(wants_step && !free_run_q && sync_count_q == 5'(SYNC_QUEUE_DEPTH)),
    .register_known_i(register_known),
    .refuse_o(refuse), .refusal_o(refusal),
    .run_o(run), .sync_o(sync), .read_register_o(read_register), .read_state_o(read_state),
    .read_crossbar_o(read_crossbar), .header_argument_o(argument),
    .event_o(event_accepted), .overflow_o(overflow), .cfg_valid_o(cfg_valid), .route_write_o(route_write),
    .tiles_active_o(tiles_active), .columns_o(columns));
  ionarray_event_queue #(.DEPTH(ionarray_formats_pkg::EVENT_QUEUE_DEPTH)) u_events (
    .clk_i, .rst_ni, .push_i(event_accepted), .push_word_i(word), .pop_i(event_pop),
    .head_o(event_head), .empty_o(event_empty), .full_o(event_full));

  // The read-only registers of spec/registers.toml, as LinkCore::read_register answers them.
  always_comb begin
    register_known = 1'b1;
    unique case (argument)
      REG_IDENTITY:    register_value = ionarray_regs_pkg::REG_IDENTITY_VALUE;
      REG_VERSION:     register_value = ionarray_regs_pkg::REG_VERSION_VALUE;
      REG_MAX_TILES:   register_value = 32'(TILES);
      REG_MAX_ROWS:    register_value = 32'(ROWS);
      REG_MAX_COLUMNS: register_value = 32'(COLUMNS);
      REG_ROW_LEVELS:  register_value = 32'(ROW_LEVELS);
      REG_PLASTIC_ROWS: register_value = 32'(PLASTIC_ROWS);
      REG_STEP_LOW:    register_value = step_q[31:0];
      REG_STEP_HIGH:   register_value = step_q[63:32];
      REG_SPIKES_IN:   register_value = counters_q[3'(CNT_SPIKES_IN)][31:0];
      REG_SPIKES_OUT:  register_value = counters_q[3'(CNT_SPIKES_OUT)][31:0];
      REG_OVERFLOWS:   register_value = counters_q[3'(CNT_OVERFLOWS)][31:0];
      REG_SATURATIONS: register_value = counters_q[3'(CNT_SATURATIONS)][31:0];
      REG_ERRORS:      register_value = counters_q[3'(CNT_ERRORS)][31:0];
      default: begin register_value = '0; register_known = 1'b0; end
    endcase
  end

  // The answer to the word taken: a refusal (an error packet) or a register value, a header
  // (numbered by the output FIFO) and one word.
  logic        answer;
  logic [63:0] answer_header, answer_word;
  assign answer        = refuse || read_register;
  assign answer_header = refuse ? ionarray_host_link_pkg::pack_header(OP_ERROR, 8'd1, 16'd0, refusal)
                                : ionarray_host_link_pkg::pack_header(OP_REGISTER_VALUE, 8'd1, 16'd0, argument);
  assign answer_word   = refuse ? word : ionarray_host_link_pkg::pack_register_value(register_value);

  // ---- Step sequencer and state readback ------------------------------------------------------
  logic step_start, step_done;
  logic [NeuronBits:0] step_spikes;
  logic seq_push, seq_push_header;
  logic [63:0] seq_push_word;
  assign step_start = state_q == S_INPUT && !control_pending && !word_valid && !verdict_valid && !receiving && wants_step &&
                      has_room;
  ionarray_step_sequencer #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS)) u_sequencer (
    .clk_i, .rst_ni, .start_i(step_start), .done_o(step_done), .spike_count_o(step_spikes),
    .step_i(step_q[31:0]), .tiles_active_i(tiles_active), .columns_i(columns),
    .event_head_i(event_head), .event_empty_i(event_empty), .event_pop_o(event_pop),
    .route_write_i(route_write), .route_word_i(word),
    .tile_step_o(tile_step), .trigger_valid_o(trig_valid), .trigger_row_o(trig_row),
    .tile_done_i(tile_done), .tile_spike_i(tile_spike), .tile_column_i(tile_column),
    .push_o(seq_push), .push_header_o(seq_push_header), .push_word_o(seq_push_word));

  logic read_pending, read_done, read_push, read_push_header;
  logic [63:0] read_push_word;
  logic [TileBits-1:0]   state_probe_tile, crossbar_probe_tile;
  logic [ColumnBits-1:0] state_probe_column, crossbar_probe_column;
  ionarray_state_readback #(.TILES(TILES), .COLUMNS(COLUMNS)) u_readback (
    .clk_i, .rst_ni, .start_i(read_state), .request_i(argument), .pending_o(read_pending),
    .active_i(state_q == S_READ_STATE), .space_i(out_count != (OutBits + 1)'(OUT_DEPTH)), .done_o(read_done),
    .probe_tile_o(state_probe_tile), .probe_column_o(state_probe_column),
    .probe_f_i(probe_f), .probe_r_i(probe_r), .probe_s_i(probe_s), .probe_vm_i(probe_vm),
    .probe_kg_mant_i(probe_kg_mant), .probe_kg_shift_i(probe_kg_shift), .probe_armed_i(probe_armed),
    .probe_noise_i(probe_noise),
    .push_o(read_push), .push_header_o(read_push_header), .push_word_o(read_push_word));

  logic crossbar_pending, crossbar_done, crossbar_push, crossbar_push_header;
  logic [63:0] crossbar_push_word;
  ionarray_crossbar_readback #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS)) u_crossbar_readback (
    .clk_i, .rst_ni, .start_i(read_crossbar), .request_i(argument), .pending_o(crossbar_pending),
    .active_i(state_q == S_READ_CROSSBAR), .space_i(out_count != (OutBits + 1)'(OUT_DEPTH)), .done_o(crossbar_done),
    .probe_tile_o(crossbar_probe_tile), .probe_row_o(probe_row), .probe_column_o(crossbar_probe_column),
    .probe_word_i(probe_synapse),
    .push_o(crossbar_push), .push_header_o(crossbar_push_header), .push_word_o(crossbar_push_word));
  // (the probes answer one readback at a time)
  assign probe_tile   = state_q == S_READ_CROSSBAR ? crossbar_probe_tile : state_probe_tile;
  assign probe_column = state_q == S_READ_CROSSBAR ? crossbar_probe_column : state_probe_column;

  // ---- Run control, syncs, answers and counters ----------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q           <= S_INPUT;
      step_q            <= '0;
      steps_left_q      <= '0;
      free_run_q        <= 1'b0;
      sync_count_q      <= '0;
      release_index_q   <= '0;
      release_pending_q <= 1'b0;
      emit_count_q      <= '0;
      emit_index_q      <= '0;
      paused_q          <= 1'b0;
      resync_token_q    <= '0;
      resync_expected_q <= '0;
      for (int c = 0; c < COUNTER_COUNT; c++) counters_q[c] <= '0;
    end else begin
      counters_q[3'(CNT_SATURATIONS)] <= counters_q[3'(CNT_SATURATIONS)] + 64'(saturations_q);
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
          end else if (take) begin
            if (run) begin
              if (argument == 0) free_run_q <= 1'b1;
              else steps_left_q <= steps_left_q + 64'(argument);
              paused_q <= 1'b0;
            end
            if (sync) begin
              if (!wants_step || free_run_q) begin  // answered at once
                sync_q[0]         <= argument;
                sync_count_q      <= 5'd1;
                release_index_q   <= '0;
                release_pending_q <= 1'b1;
                state_q           <= S_RELEASE;
              end else begin
                sync_q[4'(sync_count_q)] <= argument;
                sync_count_q             <= sync_count_q + 1'b1;
              end
            end
            if (read_state) state_q <= S_READ_STATE;
            if (read_crossbar) state_q <= S_READ_CROSSBAR;
            if (event_accepted) counters_q[3'(CNT_SPIKES_IN)] <= counters_q[3'(CNT_SPIKES_IN)] + 1'b1;
            if (overflow) counters_q[3'(CNT_OVERFLOWS)] <= counters_q[3'(CNT_OVERFLOWS)] + 1'b1;
            // The answer, emitted first (S_EMIT); a refusal is counted.
            emit_q[0] <= answer_header;
            emit_q[1] <= answer_word;
            if (refuse) counters_q[3'(CNT_ERRORS)] <= counters_q[3'(CNT_ERRORS)] + 1'b1;
            if (answer) begin
              emit_count_q <= 4'd2;
              emit_index_q <= '0;
              state_q      <= S_EMIT;
            end
          end else if (verdict_take) begin
            // A packet the guard did not pass: counted; a gap or a CRC mismatch is answered by an
            // error packet, a resync by status and resynced (S_RESYNC).
            if (verdict != VERDICT_RESYNC)
              counters_q[3'(CNT_LINK_FAULTS)] <= counters_q[3'(CNT_LINK_FAULTS)] + 1'b1;
            emit_q[0] <= ionarray_host_link_pkg::pack_header(OP_ERROR, 8'd1, 16'd0,
                                                             verdict == VERDICT_GAP ? ERR_SEQUENCE_GAP : ERR_CRC_MISMATCH);
            emit_q[1] <= verdict_word;
            emit_index_q <= '0;
            if (verdict == VERDICT_RESYNC) begin
              resync_token_q    <= verdict_header.argument;
              resync_expected_q <= expected_seq;
              state_q           <= S_RESYNC;
            end else if (verdict != VERDICT_DUPLICATE) begin
              counters_q[3'(CNT_ERRORS)] <= counters_q[3'(CNT_ERRORS)] + 1'b1;
              emit_count_q <= 4'd2;
              state_q      <= S_EMIT;
            end
          end else if (step_start) begin
            state_q <= S_STEP;
          end
        end
        S_EMIT: begin
          if (emit_index_q == emit_count_q) begin
            emit_index_q <= '0;
            state_q      <= release_pending_q ? S_RELEASE : read_pending ? S_READ_STATE
                          : crossbar_pending ? S_READ_CROSSBAR : S_INPUT;
          end else begin
            emit_index_q <= emit_index_q + 1'b1;
          end
        end
        S_STEP: begin
          if (step_done) begin
            counters_q[3'(CNT_SPIKES_OUT)] <= counters_q[3'(CNT_SPIKES_OUT)] + 64'(step_spikes);
            counters_q[3'(CNT_STEPS)]      <= counters_q[3'(CNT_STEPS)] + 1'b1;
            step_q <= step_q + 1'b1;
            if (steps_left_q != 0) steps_left_q <= steps_left_q - 1'b1;
            if (steps_left_q == 1 && sync_count_q != 0) begin
              release_index_q <= '0;
              state_q         <= S_RELEASE;
            end else begin
              state_q <= S_INPUT;
            end
          end
        end
        S_READ_STATE: if (read_done) state_q <= S_INPUT;
        S_READ_CROSSBAR: if (crossbar_done) state_q <= S_INPUT;
        S_RESYNC: begin  // status, then resynced and its session word, one word per cycle
          if (emit_index_q == 4'(COUNTER_COUNT + 2)) begin
            emit_index_q <= '0;
            state_q      <= S_INPUT;
          end else begin
            emit_index_q <= emit_index_q + 1'b1;
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
          end
        end
      endcase
      // A word lost or added on the board's bus (found by the bridge once everything before it
      // was taken): counted; the decoder expects a header again, with a fresh sequence.
      if (link_error_i) counters_q[3'(CNT_LINK_ERRORS)] <= counters_q[3'(CNT_LINK_ERRORS)] + 1'b1;
    end
  end

  // Counter emit_index_q - 1 of a status packet (S_RELEASE, S_RESYNC).
  logic [63:0] status_counter;
  assign status_counter = ionarray_host_link_pkg::pack_counter_value(8'(emit_index_q) - 8'd1,
                                                                     counters_o[64 * (32'(emit_index_q) - 1) +: 56]);

  // What the current state writes to the output FIFO this cycle.
  always_comb begin
    push        = 1'b0;
    push_header = 1'b0;
    push_word   = '0;
    unique case (state_q)
      S_EMIT: if (emit_index_q != emit_count_q) begin
        push        = 1'b1;
        push_header = !emit_index_q[0];  // (header, word)
        push_word   = emit_q[1'(emit_index_q)];
      end
      S_STEP: begin
        push        = seq_push;
        push_header = seq_push_header;
        push_word   = seq_push_word;
      end
      S_READ_STATE: begin
        push        = read_push;
        push_header = read_push_header;
        push_word   = read_push_word;
      end
      S_READ_CROSSBAR: begin
        push        = crossbar_push;
        push_header = crossbar_push_header;
        push_word   = crossbar_push_word;
      end
      S_RELEASE: if (release_index_q != sync_count_q && emit_index_q != 4'(COUNTER_COUNT + 2)) begin
        push        = 1'b1;
        push_header = emit_index_q == 0 || emit_index_q == 4'(COUNTER_COUNT + 1);
        if (emit_index_q == 0)
          push_word = ionarray_host_link_pkg::pack_header(OP_STATUS, 8'(COUNTER_COUNT), 16'd0, step_q[31:0]);
        else if (emit_index_q == 4'(COUNTER_COUNT + 1))
          push_word = ionarray_host_link_pkg::pack_header(OP_ACK, 8'd0, 16'd0, sync_q[4'(release_index_q)]);
        else
          push_word = status_counter;
      end
      S_RESYNC: begin
        push        = 1'b1;
        push_header = emit_index_q == 0 || emit_index_q == 4'(COUNTER_COUNT + 1);
        if (emit_index_q == 0)
          push_word = ionarray_host_link_pkg::pack_header(OP_STATUS, 8'(COUNTER_COUNT), 16'd0, step_q[31:0]);
        else if (emit_index_q == 4'(COUNTER_COUNT + 1))
          push_word = ionarray_host_link_pkg::pack_header(OP_RESYNCED, 8'd1, 16'd0, resync_token_q);
        else if (emit_index_q == 4'(COUNTER_COUNT + 2))
          push_word = ionarray_host_link_pkg::pack_session(resync_expected_q);
        else
          push_word = status_counter;
      end
      default: ;
    endcase
  end
endmodule
