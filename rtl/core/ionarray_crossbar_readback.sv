// read_crossbar, as LinkCore::read_crossbar: a crossbar_value header, one cycle for the tile's
// crossbar row to be read, then the words asked for, one per cycle, in the form write_memory
// loads them. Words wait while the output FIFO is full.
module ionarray_crossbar_readback #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  localparam int TileBits = TILES > 1 ? $clog2(TILES) : 1,
  localparam int RowBits = $clog2(ROWS),
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
  // The tiles' crossbar probes (tile t's word at [16 t +: 16]), the row read one clock edge later
  output logic [TileBits-1:0]   probe_tile_o,
  output logic [RowBits-1:0]    probe_row_o,
  output logic [ColumnBits-1:0] probe_column_o,
  input  logic [TILES*16-1:0]   probe_word_i,
  output logic        push_o,
  output logic        push_header_o,
  output logic [63:0] push_word_o
);
  localparam int CROSSBAR_COLUMN_BITS = ionarray_formats_pkg::CROSSBAR_COLUMN_BITS;

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::crossbar_request_t request;  // (a 64-bit word layout; the request uses its low 32 bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign request = 64'(request_i);
  logic                pending_q, header_sent_q, row_read_q;
  logic [31:0]         request_q;
  logic [TileBits-1:0] tile_q;
  logic [RowBits-1:0]  row_q;
  logic [ColumnBits:0] column_q, end_q;
  assign pending_o      = pending_q;
  assign probe_tile_o   = tile_q;
  assign probe_row_o    = row_q;
  assign probe_column_o = ColumnBits'(column_q);
  logic word_out;
  assign word_out = active_i && header_sent_q && row_read_q && space_i;
  assign done_o   = word_out && column_q + 1'b1 == end_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q     <= 1'b0;
      request_q     <= '0;
      tile_q        <= '0;
      row_q         <= '0;
      column_q      <= '0;
      end_q         <= '0;
      header_sent_q <= 1'b0;
      row_read_q    <= 1'b0;
    end else if (start_i) begin
      pending_q     <= 1'b1;
      request_q     <= request_i;
      tile_q        <= TileBits'(request.tile);
      row_q         <= RowBits'(32'(request.address) >> CROSSBAR_COLUMN_BITS);
      column_q      <= (ColumnBits + 1)'(32'(request.address) % (1 << CROSSBAR_COLUMN_BITS));
      end_q         <= (ColumnBits + 1)'(32'(request.address) % (1 << CROSSBAR_COLUMN_BITS) + 32'(request.count));
      header_sent_q <= 1'b0;
      row_read_q    <= 1'b0;
    end else if (active_i) begin
      if (!header_sent_q) begin
        if (space_i) header_sent_q <= 1'b1;
      end else if (!row_read_q) begin
        row_read_q <= 1'b1;
      end else if (space_i) begin
        column_q <= column_q + 1'b1;
        if (done_o) pending_q <= 1'b0;
      end
    end
  end

  always_comb begin
    push_o        = 1'b0;
    push_header_o = 1'b0;
    push_word_o   = '0;
    if (active_i && space_i) begin
      if (!header_sent_q) begin
        push_o        = 1'b1;
        push_header_o = 1'b1;
        push_word_o   = ionarray_host_link_pkg::pack_header(ionarray_host_link_pkg::OP_CROSSBAR_VALUE,
                                                            8'(32'(end_q) - 32'(column_q)), 16'd0, request_q);
      end else if (row_read_q) begin
        push_o      = 1'b1;
        push_word_o = ionarray_host_link_pkg::pack_memory_write(
            8'(tile_q), ionarray_host_link_pkg::MEM_CROSSBAR, 16'((32'(row_q) << CROSSBAR_COLUMN_BITS) | 32'(column_q)),
            36'(probe_word_i[16 * 32'(tile_q) +: 16]));
      end
    end
  end
endmodule
