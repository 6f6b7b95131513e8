// The packet guard between the link and the packet decoder, as hls/ionarray/link_guard.hpp:
// packets wait in block RAM until their trailer holds the CRC of their words and their sequence
// number is the one expected; only then does the decoder see them (without the trailer), so
// nothing acts on a corrupted, cut or lost-and-replaced packet. A CRC mismatch or a sequence gap
// is a verdict the core answers with an error packet; the guard then drops every word until the
// host's resync (its header and trailer, looked for at every word), since no packet boundary
// can be trusted any more. A packet numbered behind the expected one is a duplicate, dropped.
// A verdict is given once every packet before it has been taken, and input waits meanwhile, so
// the core answers in the order LinkCore does.
module ionarray_packet_guard #(
  parameter int BUFFER_BITS = 9  // room for two of the longest packets (header and 255 words)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  input  logic [63:0] in_data_i,
  output logic        in_ready_o,
  input  logic        link_error_i,     // a word lost or added upstream: the packet is dropped, resync awaited
  // The header and payload words of the packets that passed, for the decoder.
  output logic        out_valid_o,
  output logic [63:0] out_data_o,
  input  logic        out_take_i,
  // A packet not passed on (ionarray_link_guard_pkg::VERDICT_*), held until verdict_done_i.
  output logic        verdict_valid_o,
  output logic [1:0]  verdict_o,
  output logic [63:0] verdict_word_o,   // the header as received (gap, CRC) or the resync header
  input  logic        verdict_done_i,
  output logic [15:0] expected_seq_o,   // the sequence number of the next packet to pass
  output logic        receiving_o       // a packet is coming in (the core holds its steps, as LinkCore
                                        // takes a packet whole before it steps)
);
  localparam logic [7:0] OP_RESYNC = ionarray_host_link_pkg::OP_RESYNC;
  localparam logic [31:0] CRC_INIT = ionarray_host_link_pkg::CRC_INIT;
  localparam logic [1:0] VERDICT_DUPLICATE = ionarray_link_guard_pkg::VERDICT_DUPLICATE;
  localparam logic [1:0] VERDICT_GAP = ionarray_link_guard_pkg::VERDICT_GAP;
  localparam logic [1:0] VERDICT_CRC = ionarray_link_guard_pkg::VERDICT_CRC;
  localparam logic [1:0] VERDICT_RESYNC = ionarray_link_guard_pkg::VERDICT_RESYNC;
  localparam int Words = 1 << BUFFER_BITS;

  typedef enum logic [1:0] {M_HEADER, M_PAYLOAD, M_TRAILER, M_HUNT} mode_t;
  mode_t mode_q;
  // Buffer pointers (modulo Words): the next word to write, the current packet's header, the
  // end of the packets that passed, and the next word to read for the decoder.
  logic [BUFFER_BITS-1:0] write_q, start_q, commit_q, read_q, read_next;
  logic [7:0]  remaining_q;   // payload words still to come
  logic [31:0] crc_q, crc_next;
  logic [63:0] header_q;
  logic [15:0] expected_q;
  logic        started_q;     // a packet has passed (the first one sets the sequence)
  logic        candidate_q;   // hunting: the last word was a resync header, whose CRC is candidate_crc_q
  logic [31:0] candidate_crc_q;
  logic [63:0] candidate_word_q;
  logic        pending_q;     // a verdict waits for the core
  logic [1:0]  verdict_q;
  logic [63:0] verdict_word_q;

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::header_t word_header, packet_header;
  /* verilator lint_on UNUSEDSIGNAL */
  assign word_header   = in_data_i;
  assign packet_header = header_q;

  logic stores, take, room;
  assign stores     = mode_q == M_HEADER || mode_q == M_PAYLOAD;  // the word goes to the buffer
  assign room       = BUFFER_BITS'(write_q - read_q) != BUFFER_BITS'(Words - 1);
  assign in_ready_o = !pending_q && (!stores || room);
  assign take       = in_valid_i && in_ready_o;
  // One CRC step serves the packet and the hunt (where every word may start a resync).
  assign crc_next   = ionarray_host_link_pkg::crc_word(mode_q == M_PAYLOAD ? crc_q : CRC_INIT, in_data_i);

  logic is_resync_word, trailer_ok, candidate_ok, packet_is_resync;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0] behind;  // how far the packet's seq is behind the expected one (modulo 2^16): its sign bit
  /* verilator lint_on UNUSEDSIGNAL */
  assign is_resync_word   = word_header.opcode == OP_RESYNC && word_header.length == 0;
  assign trailer_ok       = in_data_i == ionarray_host_link_pkg::pack_trailer(crc_q);
  assign candidate_ok     = candidate_q && in_data_i == ionarray_host_link_pkg::pack_trailer(candidate_crc_q);
  assign packet_is_resync = packet_header.opcode == OP_RESYNC && packet_header.length == 0;
  assign behind           = expected_q - packet_header.seq;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_q      <= M_HEADER;
      write_q     <= '0;
      start_q     <= '0;
      commit_q    <= '0;
      remaining_q <= '0;
      crc_q       <= '0;
      header_q    <= '0;
      expected_q  <= '0;
      started_q   <= 1'b0;
      candidate_q <= 1'b0;
      pending_q   <= 1'b0;
      verdict_q   <= '0;
      verdict_word_q <= '0;
      candidate_crc_q  <= '0;
      candidate_word_q <= '0;
    end else begin
      if (verdict_done_i) pending_q <= 1'b0;
      if (take) begin
        if (stores) write_q <= write_q + 1'b1;
        unique case (mode_q)
          M_HEADER: begin
            start_q     <= write_q;
            header_q    <= in_data_i;
            crc_q       <= crc_next;
            remaining_q <= word_header.length;
            mode_q      <= word_header.length != 0 ? M_PAYLOAD : M_TRAILER;
          end
          M_PAYLOAD: begin
            crc_q       <= crc_next;
            remaining_q <= remaining_q - 1'b1;
            if (remaining_q == 8'd1) mode_q <= M_TRAILER;
          end
          M_TRAILER: begin
            // Only a packet that passes stays in the buffer.
            write_q        <= start_q;
            mode_q         <= M_HEADER;
            verdict_word_q <= header_q;
            if (!trailer_ok) begin
              pending_q   <= 1'b1;
              verdict_q   <= VERDICT_CRC;
              mode_q      <= M_HUNT;
              candidate_q <= 1'b0;
            end else if (packet_is_resync) begin
              pending_q <= 1'b1;
              verdict_q <= VERDICT_RESYNC;
            end else if (started_q && packet_header.seq != expected_q) begin
              pending_q <= 1'b1;
              if (!behind[15]) begin  // (behind != 0 here)
                verdict_q <= VERDICT_DUPLICATE;
              end else begin
                verdict_q   <= VERDICT_GAP;
                mode_q      <= M_HUNT;
                candidate_q <= 1'b0;
              end
            end else begin
              write_q    <= write_q;
              commit_q   <= write_q;
              started_q  <= 1'b1;
              expected_q <= packet_header.seq + 1'b1;
            end
          end
          default: begin  // M_HUNT
            if (candidate_ok) begin
              pending_q      <= 1'b1;
              verdict_q      <= VERDICT_RESYNC;
              verdict_word_q <= candidate_word_q;
              candidate_q    <= 1'b0;
              mode_q         <= M_HEADER;
            end else begin
              candidate_q      <= is_resync_word;
              candidate_crc_q  <= crc_next;
              candidate_word_q <= in_data_i;
            end
          end
        endcase
      end
      // (a bus bridge reports a lost word once the words before it were taken)
      if (link_error_i) begin
        write_q     <= start_q;
        mode_q      <= M_HUNT;
        candidate_q <= 1'b0;
      end
    end
  end

  // Reading for the decoder: the word at read_q sits in the RAM's output register.
  logic [63:0] read_word;
  assign out_valid_o     = read_q != commit_q;
  assign out_data_o      = read_word;
  assign read_next       = read_q + BUFFER_BITS'(out_take_i && out_valid_o);
  assign verdict_valid_o = pending_q && !out_valid_o;
  assign verdict_o       = verdict_q;
  assign verdict_word_o  = verdict_word_q;
  assign expected_seq_o  = expected_q;
  assign receiving_o     = mode_q == M_PAYLOAD || mode_q == M_TRAILER;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) read_q <= '0;
    else read_q <= read_next;
  ionarray_ram #(.WORDS(Words), .LANE_BITS(64)) u_buffer (
    .clk_i, .we_i(take && stores), .waddr_i(write_q), .wdata_i(in_data_i), .raddr_i(read_next), .rdata_o(read_word));
endmodule
