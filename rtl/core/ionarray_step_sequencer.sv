// One global step, as LinkCore::step: the input events due in it trigger their rows, every tile
// steps at once, the spikes are gathered in tile order and sent as spike_out packets, then each
// spike drives the rows its routes name. The tiles report their spiking columns in column order
// as they step; each tile's list is kept apart so that they are sent in tile order.
module ionarray_step_sequencer #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  localparam int TileBits = TILES > 1 ? $clog2(TILES) : 1,
  localparam int RowBits = $clog2(ROWS),
  localparam int ColumnBits = $clog2(COLUMNS),
  localparam int NeuronBits = $clog2(TILES * COLUMNS),
  localparam int RouteBits = NeuronBits + $clog2(ionarray_formats_pkg::ROUTE_SLOTS)  // route memory address
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,           // a step begins (the sequencer is idle)
  output logic        done_o,            // its last cycle: every spike sent and routed
  output logic [NeuronBits:0] spike_count_o,  // the step's spikes, with done_o
  input  logic [31:0] step_i,            // the step's number (low half), for events and packets
  input  logic [TileBits:0]   tiles_active_i,
  input  logic [ColumnBits:0] columns_i,
  // The event queue's head
  input  logic [63:0] event_head_i,
  input  logic        event_empty_i,
  output logic        event_pop_o,
  // Route memory writes (a routes word, checked by the decoder)
  input  logic        route_write_i,
  input  logic [63:0] route_word_i,
  // The tiles (tile t at [t * width +: width])
  output logic [TILES-1:0]   tile_step_o,
  output logic [TILES-1:0]   trigger_valid_o,
  output logic [RowBits-1:0] trigger_row_o,
  input  logic [TILES-1:0]   tile_done_i,
  input  logic [TILES-1:0]   tile_spike_i,
  input  logic [TILES*ColumnBits-1:0] tile_column_i,
  // Spike packets to the output FIFO (room for a whole step is checked before start_i)
  output logic        push_o,
  output logic        push_header_o,
  output logic [63:0] push_word_o
);
  localparam int ROUTE_SLOTS = ionarray_formats_pkg::ROUTE_SLOTS;
  localparam int MAX_PAYLOAD_WORDS = ionarray_formats_pkg::MAX_PAYLOAD_WORDS;
  localparam int SpikedBits = TileBits + ColumnBits + NeuronBits;  // a spike of the step: {tile, column, neuron index}
  // Routes are kept as their low bits (a 4-bit tile: 16 tiles at most; ROUTE_NONE fits too).
  localparam int RouteKeepBits = ionarray_host_link_pkg::ROUTE_TILE_LSB + 4;
  localparam logic [RouteKeepBits-1:0] NO_ROUTE = RouteKeepBits'(ionarray_host_link_pkg::ROUTE_NONE);

  typedef enum logic [2:0] {
    S_IDLE, S_EVENTS, S_TILE_STEP, S_GATHER, S_SPIKE_HEADER, S_SPIKE_WORDS, S_ROUTE, S_END
  } state_t;
  state_t state_q;
  assign done_o = state_q == S_END;

  // ---- Spike capture, per tile --------------------------------------------------------------
  logic                  capture_clear;  // a step begins
  logic [ColumnBits:0]   gathered_q;     // S_GATHER: spikes of tile_q copied so far
  logic [TILES*(ColumnBits+1)-1:0] tile_spike_count;
  logic [TILES*ColumnBits-1:0]     tile_gathered_column;
  logic [TILES-1:0]      tile_finished;
  assign capture_clear = state_q == S_EVENTS;
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
        if (tile_spike_i[t]) count_q <= count_q + 1'b1;
        if (tile_done_i[t]) finished_q <= 1'b1;
      end
    end
    // Spike list: plain memory, written at the count (no reset needed: the count bounds reads).
    always_ff @(posedge clk_i)
      if (!capture_clear && tile_spike_i[t]) columns_spiked_q[ColumnBits'(count_q)] <= tile_column_i[t*ColumnBits +: ColumnBits];
    assign tile_spike_count[t*(ColumnBits+1) +: ColumnBits+1] = count_q;
    assign tile_gathered_column[t*ColumnBits +: ColumnBits]   = columns_spiked_q[ColumnBits'(gathered_q)];
    assign tile_finished[t] = finished_q;
  end
  // Every active tile has finished its step.
  logic all_finished;
  always_comb begin
    all_finished = 1'b1;
    for (int t = 0; t < TILES; t++)
      if (t < 32'(tiles_active_i) && !tile_finished[t]) all_finished = 1'b0;
  end

  // ---- The step's spikes and their routes ---------------------------------------------------
  logic [SpikedBits-1:0] spiked_q [TILES * COLUMNS];
  logic [NeuronBits:0]   spike_count_q, spike_index_q;
  logic [7:0]            packet_left_q;
  logic [TileBits:0]     tile_q;          // S_GATHER: the tile whose spikes are copied
  logic [31:0]           tile_base_q;     // S_GATHER: the neuron index of its column 0 (tile_q x columns)
  logic                  tiles_started_q;
  logic [2:0]            slot_q;
  logic [RouteKeepBits-1:0] routes_q [TILES * COLUMNS * ROUTE_SLOTS];  // address neuron * ROUTE_SLOTS + slot
  assign spike_count_o = spike_count_q;

  ionarray_host_link_pkg::spike_in_t     head_event;
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::memory_write_t route_write;  // (its address and the route's kept bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign head_event  = event_head_i;
  assign route_write = route_word_i;
  assign event_pop_o = state_q == S_EVENTS && !event_empty_i && head_event.step == step_i;
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
  // The next spike packet's length: the spikes left to send, at most a packet's payload.
  logic [31:0] spikes_left;
  logic [7:0]  spike_packet_length;
  assign spikes_left = 32'(spike_count_q) - 32'(spike_index_q);
  assign spike_packet_length = spikes_left > MAX_PAYLOAD_WORDS ? 8'(MAX_PAYLOAD_WORDS) : 8'(spikes_left);
  logic [RouteKeepBits-1:0] route_target;
  assign route_target = routes_q[RouteBits'(32'(route_neuron_q) * ROUTE_SLOTS + 32'(slot_q[1:0]))];

  always_comb begin
    trigger_valid_o = '0;
    trigger_row_o   = '0;
    tile_step_o     = '0;
    if (event_pop_o) begin
      trigger_valid_o[TileBits'(head_event.tile)] = 1'b1;
      trigger_row_o = RowBits'(head_event.row);
    end
    if (state_q == S_ROUTE && spike_index_q != spike_count_q && route_target != NO_ROUTE) begin
      trigger_valid_o[TileBits'(ionarray_host_link_pkg::route_tile(32'(route_target)))] = 1'b1;
      trigger_row_o = RowBits'(ionarray_host_link_pkg::route_row(32'(route_target)));
    end
    if (state_q == S_TILE_STEP && !tiles_started_q)
      for (int t = 0; t < TILES; t++) tile_step_o[t] = t < 32'(tiles_active_i);
  end

  always_comb begin
    push_o        = 1'b0;
    push_header_o = 1'b0;
    push_word_o   = '0;
    if (state_q == S_SPIKE_HEADER && spike_index_q != spike_count_q) begin
      push_o        = 1'b1;
      push_header_o = 1'b1;
      push_word_o   = ionarray_host_link_pkg::pack_header(ionarray_host_link_pkg::OP_SPIKE_OUT, spike_packet_length, 16'd0, step_i);
    end else if (state_q == S_SPIKE_WORDS) begin
      push_o      = 1'b1;
      push_word_o = ionarray_host_link_pkg::pack_spike_out(step_i, 16'(spike_tile), 16'(spike_column));
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q         <= S_IDLE;
      spike_count_q   <= '0;
      spike_index_q   <= '0;
      route_neuron_q  <= '0;
      tile_base_q     <= '0;
      packet_left_q   <= '0;
      tile_q          <= '0;
      gathered_q      <= '0;
      tiles_started_q <= 1'b0;
      slot_q          <= '0;
    end else begin
      unique case (state_q)
        S_IDLE: if (start_i) state_q <= S_EVENTS;
        S_EVENTS: begin
          if (!event_pop_o) begin
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
            gathered_q  <= '0;
            state_q     <= S_GATHER;
          end
        end
        S_GATHER: begin  // the spike lists in tile order, one spike per cycle
          if (tile_q == tiles_active_i) begin
            spike_index_q <= '0;
            state_q       <= spike_count_q == 0 ? S_ROUTE : S_SPIKE_HEADER;
          end else if (gathered_q == tile_spike_count[TileBits'(tile_q)*(ColumnBits+1) +: ColumnBits+1]) begin
            tile_q      <= tile_q + 1'b1;
            tile_base_q <= tile_base_q + 32'(columns_i);
            gathered_q  <= '0;
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
            state_q <= S_END;
          end else if (slot_q == 3'(ROUTE_SLOTS - 1)) begin
            slot_q         <= '0;
            spike_index_q  <= spike_index_q + 1'b1;
            route_neuron_q <= spike_neuron;  // the next spike's (the list read one ahead)
          end else begin
            slot_q <= slot_q + 1'b1;
          end
        end
        default: state_q <= S_IDLE;  // S_END
      endcase
    end
  end

  // The memories, written apart from the reset logic so that synthesis maps them to RAM (the
  // routes and the spike list, read in the cycle they are looked up, are LUT RAM).
  logic                  spike_gathered;
  logic [ColumnBits-1:0] gathered_column;
  assign gathered_column = tile_gathered_column[TileBits'(tile_q)*ColumnBits +: ColumnBits];
  assign spike_gathered = state_q == S_GATHER && tile_q != tiles_active_i
                          && gathered_q != tile_spike_count[TileBits'(tile_q)*(ColumnBits+1) +: ColumnBits+1];
  always_ff @(posedge clk_i) begin
    if (route_write_i) routes_q[RouteBits'(route_write.address)] <= route_write.data[RouteKeepBits-1:0];
    if (spike_gathered)
      spiked_q[NeuronBits'(spike_count_q)] <= {TileBits'(tile_q), gathered_column, NeuronBits'(tile_base_q + 32'(gathered_column))};
  end
endmodule
