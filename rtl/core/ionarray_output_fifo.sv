// The output side of the host link: output words in block RAM, read one cycle ahead into the
// output register (the first word falls through), each packet header stamped as it is taken
// with the next output sequence number, and each packet followed on the output by its trailer
// (the CRC of its words, computed as they leave), as LinkCore::emit numbers and ends its
// packets. The core's writers (answers to input packets, spike packets, state readback, sync
// release) take turns, so one push port serves them all.
module ionarray_output_fifo #(
  parameter int DEPTH_BITS = 6,
  localparam int DEPTH = 1 << DEPTH_BITS
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                push_i,
  input  logic                push_header_i,  // a packet header: its seq field is replaced
  input  logic [63:0]         push_word_i,
  output logic                out_valid_o,
  output logic [63:0]         out_data_o,
  input  logic                out_ready_i,
  output logic [DEPTH_BITS:0] count_o         // words in the RAM (the output register holds one more; trailers take none)
);
  logic [63:0]         mem_q [DEPTH];
  logic [DEPTH_BITS:0] read_q, tail_q;  // the next word to read from the RAM, to write to it
  logic [63:0]         word_q;          // the word on the output
  logic                valid_q;
  logic [15:0]         seq_q;
  logic                fetch;           // the RAM's next word moves to the output register
  // The packet on the output: payload words still to leave, its CRC so far, and whether its
  // trailer is on the output (the output register's word waits behind it).
  logic [7:0]          out_remaining_q;
  logic [31:0]         crc_q;
  logic                trailer_q;
  logic                word_taken;
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::header_t out_header;
  /* verilator lint_on UNUSEDSIGNAL */
  assign out_header  = word_q;
  assign word_taken  = valid_q && !trailer_q && out_ready_i;
  assign count_o     = tail_q - read_q;
  assign fetch       = count_o != 0 && (!valid_q || word_taken);
  assign out_valid_o = valid_q || trailer_q;
  assign out_data_o  = trailer_q ? ionarray_host_link_pkg::pack_trailer(crc_q) : word_q;
  logic [31:0] crc_next;
  localparam logic [31:0] CRC_INIT = ionarray_host_link_pkg::CRC_INIT;
  assign crc_next = ionarray_host_link_pkg::crc_word(out_remaining_q == 0 ? CRC_INIT : crc_q, word_q);

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::header_t header;  // (its seq field is replaced)
  /* verilator lint_on UNUSEDSIGNAL */
  logic [63:0] stamped;
  assign header  = push_word_i;
  assign stamped = push_header_i ? ionarray_host_link_pkg::pack_header(header.opcode, header.length, seq_q, header.argument)
                                 : push_word_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      read_q  <= '0;
      tail_q  <= '0;
      valid_q <= 1'b0;
      seq_q   <= '0;
      out_remaining_q <= '0;
      crc_q   <= '0;
      trailer_q <= 1'b0;
    end else begin
      if (fetch) read_q <= read_q + 1'b1;
      if (fetch) valid_q <= 1'b1;
      else if (word_taken) valid_q <= 1'b0;
      if (word_taken) begin
        crc_q           <= crc_next;
        out_remaining_q <= out_remaining_q == 0 ? out_header.length : out_remaining_q - 1'b1;
        trailer_q       <= out_remaining_q == 0 ? out_header.length == 0 : out_remaining_q == 8'd1;
      end else if (trailer_q && out_ready_i) begin
        trailer_q <= 1'b0;
      end
      if (push_i) tail_q <= tail_q + 1'b1;
      if (push_i && push_header_i) seq_q <= seq_q + 1'b1;
    end
  end
  // (written apart from the reset logic so that synthesis maps the memory to block RAM)
  always_ff @(posedge clk_i) begin
    if (push_i) mem_q[tail_q[DEPTH_BITS-1:0]] <= stamped;
    if (fetch) word_q <= mem_q[read_q[DEPTH_BITS-1:0]];
  end
endmodule
