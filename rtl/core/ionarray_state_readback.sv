// read_state, as LinkCore::read_state: a state_value header, then for each requested neuron one
// cycle for the tile's probe to answer and its STATE_WORDS neuron_state words, in the form
// write_memory loads them. Words wait while the output FIFO is full.
module ionarray_state_readback #(
  parameter int TILES = 4,
  parameter int COLUMNS = 16,
  localparam int TileBits = TILES > 1 ? $clog2(TILES) : 1,
  localparam int ColumnBits = $clog2(COLUMNS)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,      // an accepted request (checked by the decoder)
  input  logic [31:0] request_i,
  output logic        pending_o,    // a request not yet answered in full
  input  logic        active_i,     // the core lets it answer now
  input  logic        space_i,      // the output FIFO takes a word
  output logic        done_o,       // the last word goes out this cycle
  // The tiles' state probes (tile t at [t * width +: width]), answering one clock edge later
  output logic [TileBits-1:0]   probe_tile_o,
  output logic [ColumnBits-1:0] probe_column_o,
  input  logic [TILES*32-1:0]   probe_f_i, probe_r_i, probe_s_i, probe_vm_i, probe_kg_mant_i, probe_kg_shift_i,
  input  logic [TILES-1:0]      probe_armed_i,
  input  logic [TILES*64-1:0]   probe_noise_i,
  output logic        push_o,
  output logic        push_header_o,
  output logic [63:0] push_word_o
);
  localparam int STATE_WORDS     = ionarray_formats_pkg::STATE_WORDS;
  localparam int STATE_F         = ionarray_formats_pkg::STATE_F;
  localparam int STATE_R         = ionarray_formats_pkg::STATE_R;
  localparam int STATE_S         = ionarray_formats_pkg::STATE_S;
  localparam int STATE_VM        = ionarray_formats_pkg::STATE_VM;
  localparam int STATE_KG        = ionarray_formats_pkg::STATE_KG;
  localparam int STATE_ARMED     = ionarray_formats_pkg::STATE_ARMED;
  localparam int STATE_NOISE_LOW = ionarray_formats_pkg::STATE_NOISE_LOW;
  localparam logic [3:0] WAIT_FOR_PROBE = 4'd8;  // (a field number past the last)

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

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::state_request_t request;  // (a 64-bit word layout; the request uses its low 32 bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign request = 64'(request_i);
  logic                 pending_q, header_sent_q;
  logic [31:0]          request_q;
  logic [TileBits-1:0]  tile_q;
  logic [ColumnBits:0]  column_q, end_q;
  logic [3:0]           field_q;
  assign pending_o      = pending_q;
  assign probe_tile_o   = tile_q;
  assign probe_column_o = ColumnBits'(column_q);
  logic word_out;  // a neuron_state word goes out
  assign word_out = active_i && header_sent_q && field_q != WAIT_FOR_PROBE && space_i;
  assign done_o   = word_out && field_q == 4'(STATE_WORDS - 1) && column_q + 1'b1 == end_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q     <= 1'b0;
      request_q     <= '0;
      tile_q        <= '0;
      column_q      <= '0;
      end_q         <= '0;
      field_q       <= '0;
      header_sent_q <= 1'b0;
    end else if (start_i) begin
      pending_q     <= 1'b1;
      request_q     <= request_i;
      tile_q        <= TileBits'(request.tile);
      column_q      <= (ColumnBits + 1)'(request.column);
      end_q         <= (ColumnBits + 1)'(32'(request.column) + 32'(request.count));
      field_q       <= WAIT_FOR_PROBE;
      header_sent_q <= 1'b0;
    end else if (active_i) begin
      if (!header_sent_q) begin
        if (space_i) header_sent_q <= 1'b1;
      end else if (field_q == WAIT_FOR_PROBE) begin
        field_q <= '0;
      end else if (space_i) begin
        if (field_q == 4'(STATE_WORDS - 1)) begin
          field_q  <= WAIT_FOR_PROBE;
          column_q <= column_q + 1'b1;
          if (done_o) pending_q <= 1'b0;
        end else begin
          field_q <= field_q + 1'b1;
        end
      end
    end
  end

  logic [31:0] offset;  // the probed tile's state at [offset +: 32] (noise: twice that, 64 bits)
  assign offset = 32'(tile_q) * 32;
  always_comb begin
    push_o        = 1'b0;
    push_header_o = 1'b0;
    push_word_o   = '0;
    if (active_i && space_i) begin
      if (!header_sent_q) begin
        push_o        = 1'b1;
        push_header_o = 1'b1;
        push_word_o   = ionarray_host_link_pkg::pack_header(ionarray_host_link_pkg::OP_STATE_VALUE,
                                                            8'((32'(end_q) - 32'(column_q)) * STATE_WORDS), 16'd0, request_q);
      end else if (field_q != WAIT_FOR_PROBE) begin
        push_o      = 1'b1;
        push_word_o = ionarray_host_link_pkg::pack_memory_write(
            8'(tile_q), ionarray_host_link_pkg::MEM_NEURON_STATE, 16'(32'(column_q) * STATE_WORDS + 32'(field_q)),
            state_word(32'(field_q), probe_f_i[offset +: 32], probe_r_i[offset +: 32], probe_s_i[offset +: 32],
                       probe_vm_i[offset +: 32], probe_kg_mant_i[offset +: 17], probe_kg_shift_i[offset +: 8],
                       probe_armed_i[tile_q], probe_noise_i[2 * offset +: 64]));
      end
    end
  end
endmodule
