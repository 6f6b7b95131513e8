// The FPGA side of a Cypress/Infineon FX3 synchronous slave FIFO (GPIF II, 32-bit DQ bus), as
// the usb:// transport (host/device/usb_fifo_transport.cpp) uses it: host-link words from the
// bulk OUT endpoint are read from thread READ_ADDR, words for the bulk IN endpoint are written
// to thread WRITE_ADDR. A 64-bit host-link word is two bus words, low word first (the
// transport's little-endian byte order). The bus is half duplex: reads and writes take turns,
// with an idle cycle between them in which neither side drives DQ.
//
// Pin conventions (AN65974's 2-bit example as commonly described): every strobe is active low;
// FLAGA is the full flag of the write thread and FLAGB the empty flag of the read thread, both
// dedicated to their thread and low when full / empty. All outputs are registered and all inputs are registered once
// (IOB flip-flops), so the bus timing is that of one register to one register per PCLK.
//
// Timing assumptions, each a parameter (docs/rtl.md "The USB bridge" gives the sources):
//   READ_DATA_LATENCY   the word read at the PCLK edge where the FX3 samples SLRD# low is on DQ
//                       at the edge READ_DATA_LATENCY later (exact: the bridge samples it then).
//   FULL_FLAG_LATENCY   FLAGA as sampled at edge e reflects every write and PKTEND# the FX3
//   EMPTY_FLAG_LATENCY  sampled at edges <= e - LATENCY (FLAGB likewise for reads). Any true
//                       latency up to the parameter is safe; a larger one is not.
//
// Flow control without partial flags:
//   - Writes: a buffer the FX3 offers (FLAGA high, read once the flag has settled after the
//     previous commit) takes BUFFER_WORDS words, so the bridge writes a whole buffer without
//     looking at the flag again and only waits for the flag after a buffer is complete or a
//     packet was ended. BUFFER_WORDS must not exceed the firmware's DMA buffer of that thread.
//   - Reads: the host sends whole 8-byte words, so every OUT buffer holds an even number of bus
//     words: once FLAGB has settled high, two words can be read. The bridge reads in pairs and
//     waits for the flag to settle after each pair; it never reads an empty thread.
//   - Packet end: the last word written is held back until either another word follows (it is
//     then written plainly) or the output has been idle for IDLE_CYCLES; then it is written
//     with PKTEND# (a short packet that completes the host's read). If that word completes a
//     buffer it is written plainly (the buffer commits itself) and a zero-length packet
//     (PKTEND# alone) follows, so the host's read completes then too.
module ionarray_fx3_bridge #(
  parameter int         READ_DATA_LATENCY  = 2,
  parameter int         FULL_FLAG_LATENCY  = 3,
  parameter int         EMPTY_FLAG_LATENCY = 3,
  parameter int         BUFFER_WORDS       = 256,  // 1 KiB: one SuperSpeed bulk packet
  parameter int         IDLE_CYCLES        = 32,
  parameter int         BURST_LIMIT        = 64,   // bus words per turn while the other direction waits
  parameter int         IN_FIFO_WORDS      = 8,    // 64-bit words from the host; a power of two
  parameter logic [1:0] WRITE_ADDR         = 2'd0,
  parameter logic [1:0] READ_ADDR          = 2'd3
) (
  input  logic        clk_i,    // PCLK
  input  logic        rst_ni,   // synchronous to clk_i when released
  // FX3 slave FIFO bus
  input  logic [31:0] dq_i,
  output logic [31:0] dq_o,
  output logic        dq_oe_o,
  output logic        slcs_n_o,
  output logic        slwr_n_o,
  output logic        slrd_n_o,
  output logic        sloe_n_o,
  output logic        pktend_n_o,
  output logic [1:0]  fifoaddr_o,
  input  logic        flaga_i,  // write thread: low when full
  input  logic        flagb_i,  // read thread: low when empty
  // Host-link words from the host (to the kernel's s_axis)
  output logic [63:0] from_host_tdata_o,
  output logic        from_host_tvalid_o,
  input  logic        from_host_tready_i,
  // Host-link words to the host (from the kernel's m_axis)
  input  logic [63:0] to_host_tdata_i,
  input  logic        to_host_tvalid_i,
  output logic        to_host_tready_o,
  // A word on its way in either direction, or a packet end owed to the host.
  output logic        busy_o
);
  localparam int InPtrBits   = $clog2(IN_FIFO_WORDS);
  localparam int InCountBits = $clog2(IN_FIFO_WORDS + 1);
  localparam int BufferBits  = $clog2(BUFFER_WORDS);
  localparam int IdleBits    = $clog2(IDLE_CYCLES + 1);
  localparam int BurstBits   = $clog2(BURST_LIMIT + 1);
  localparam int SettleBits  = $clog2((FULL_FLAG_LATENCY > EMPTY_FLAG_LATENCY ? FULL_FLAG_LATENCY : EMPTY_FLAG_LATENCY) + 2);
  // A read registered at edge X is sampled by the FX3 at X + 1 and its word reaches dq_q at
  // X + 1 + READ_DATA_LATENCY: bit READ_DATA_LATENCY + 1 of the in-flight shift register.
  localparam int InflightBits = READ_DATA_LATENCY + 2;
  // A flag reflects a transfer registered at edge X once counted down from LATENCY + 1.
  localparam logic [SettleBits-1:0] FullSettle  = SettleBits'(FULL_FLAG_LATENCY + 1);
  localparam logic [SettleBits-1:0] EmptySettle = SettleBits'(EMPTY_FLAG_LATENCY + 1);
  localparam logic [BufferBits-1:0] LastInBuffer = BufferBits'(BUFFER_WORDS - 1);
  localparam logic [IdleBits-1:0]   IdleDone     = IdleBits'(IDLE_CYCLES);
  localparam logic [BurstBits-1:0]  BurstDone    = BurstBits'(BURST_LIMIT);

  localparam logic [2:0] S_IDLE = 3'd0, S_RD_SETUP = 3'd1, S_READ = 3'd2, S_RD_DRAIN = 3'd3, S_WR_SETUP = 3'd4,
                         S_WRITE = 3'd5;

  // Input registers (IOB flip-flops).
  logic [31:0] dq_q;
  logic        full_n_q, empty_n_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      dq_q      <= '0;
      full_n_q  <= 1'b0;
      empty_n_q <= 1'b0;
    end else begin
      dq_q      <= dq_i;
      full_n_q  <= flaga_i;
      empty_n_q <= flagb_i;
    end

  logic [2:0] state_q;
  logic       last_turn_read_q;
  logic [BurstBits-1:0] burst_q;

  // ---- Read side: pairs of bus words into 64-bit words, through a small FIFO to the kernel.
  logic [InflightBits-1:0] inflight_q;
  logic                    second_read_q;   // the second read of a pair is registered next
  logic [SettleBits-1:0]   empty_settle_q;  // FLAGB reflects our reads once this is 0
  logic [InCountBits-1:0]  in_count_q, pairs_pending_q;
  logic [31:0]             low_word_q;
  logic                    have_low_q;
  logic [63:0]             in_mem [IN_FIFO_WORDS];
  logic [InPtrBits-1:0]    in_wr_ptr_q, in_rd_ptr_q;

  wire word_arrives = inflight_q[InflightBits-1];
  wire push_in      = word_arrives && have_low_q;
  wire pop_in       = from_host_tvalid_o && from_host_tready_i;
  // Room for one more pair beyond the words stored and the pairs on their way.
  wire in_room      = (in_count_q + pairs_pending_q) < InCountBits'(IN_FIFO_WORDS);
  wire read_wanted  = empty_settle_q == 0 && empty_n_q && in_room;

  assign from_host_tvalid_o = in_count_q != 0;
  assign from_host_tdata_o  = in_mem[in_rd_ptr_q];

  // ---- Write side: 64-bit words into halves, the last half held back for the packet end.
  logic [63:0]            out_word_q;
  logic [1:0]             out_halves_q;     // halves of out_word_q not yet taken (2: both)
  logic [31:0]            held_q;
  logic                   held_valid_q;
  logic [IdleBits-1:0]    idle_q;
  logic [BufferBits-1:0]  buffer_words_q;   // words in the FX3's current write buffer
  logic [SettleBits-1:0]  full_settle_q;    // FLAGA reflects our commits once this is 0
  logic                   zlp_owed_q;

  wire [31:0] next_half     = out_halves_q == 2'd2 ? out_word_q[31:0] : out_word_q[63:32];
  wire        half_ready    = out_halves_q != 2'd0;
  wire        idle_expired  = idle_q == IdleDone;
  // A started buffer has room by construction; a new one only once FLAGA is settled and high.
  wire        can_write     = buffer_words_q != 0 || (full_settle_q == 0 && full_n_q);
  wire        write_next    = held_valid_q && half_ready && can_write;
  wire        write_closing = held_valid_q && !half_ready && idle_expired && can_write;
  wire        write_zlp     = !held_valid_q && zlp_owed_q && idle_expired && full_settle_q == 0 && full_n_q;
  wire        write_wanted  = write_next || write_closing || write_zlp;
  wire        closing_fills = buffer_words_q == LastInBuffer;  // the held word completes the buffer
  // Something to write, waiting only for FLAGA to settle after a commit: the turn is kept.
  wire        write_settling = ((held_valid_q && (half_ready || idle_expired)) || (zlp_owed_q && idle_expired))
                               && buffer_words_q == 0 && full_settle_q != 0;

  assign busy_o = state_q != S_IDLE || inflight_q != 0 || pairs_pending_q != 0 || in_count_q != 0 || half_ready
                  || held_valid_q || zlp_owed_q;

  // Bus actions of this cycle (registered onto the pins at the coming edge).
  wire in_write_turn = state_q == S_WRITE && !(burst_q == BurstDone && read_wanted);
  wire do_write      = in_write_turn && (write_next || write_closing);
  wire do_pktend     = in_write_turn && ((write_closing && !closing_fills) || write_zlp);
  wire in_read_turn  = state_q == S_READ && !(burst_q == BurstDone && write_wanted);
  wire do_first_read = in_read_turn && !second_read_q && read_wanted;
  wire do_read       = do_first_read || second_read_q;

  wire take_half = half_ready && (!held_valid_q || (do_write && write_next));
  assign to_host_tready_o = out_halves_q == 2'd0 || (out_halves_q == 2'd1 && take_half);

  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      state_q          <= S_IDLE;
      last_turn_read_q <= 1'b0;
      burst_q          <= '0;
      slcs_n_o         <= 1'b1;
      slwr_n_o         <= 1'b1;
      slrd_n_o         <= 1'b1;
      sloe_n_o         <= 1'b1;
      pktend_n_o       <= 1'b1;
      fifoaddr_o       <= READ_ADDR;
      dq_o             <= '0;
      dq_oe_o          <= 1'b0;
    end else begin
      slcs_n_o   <= 1'b0;  // the FX3 is the only device on this bus
      slwr_n_o   <= !do_write;
      pktend_n_o <= !do_pktend;
      slrd_n_o   <= !do_read;
      if (do_write) dq_o <= held_q;
      if ((do_read || do_write || do_pktend) && burst_q != BurstDone) burst_q <= burst_q + 1'b1;  // saturates
      case (state_q)
        S_IDLE: begin
          sloe_n_o <= 1'b1;
          dq_oe_o  <= 1'b0;
          burst_q  <= '0;
          if (read_wanted && (!write_wanted || !last_turn_read_q)) begin
            state_q          <= S_RD_SETUP;
            last_turn_read_q <= 1'b1;
            fifoaddr_o       <= READ_ADDR;
            sloe_n_o         <= 1'b0;
          end else if (write_wanted) begin
            state_q          <= S_WR_SETUP;
            last_turn_read_q <= 1'b0;
            fifoaddr_o       <= WRITE_ADDR;
            dq_oe_o          <= 1'b1;
          end
        end
        S_RD_SETUP: state_q <= S_READ;  // address and SLOE# settle before the first SLRD#
        S_READ:
          // Leave once the flag has settled and no further pair can start.
          if (!second_read_q && !do_first_read && empty_settle_q == 0) state_q <= S_RD_DRAIN;
        S_RD_DRAIN:
          if (inflight_q == 0) begin
            state_q  <= S_IDLE;
            sloe_n_o <= 1'b1;
          end
        S_WR_SETUP: state_q <= S_WRITE;
        S_WRITE:
          if (!do_write && !do_pktend && !(in_write_turn && write_settling)) begin
            state_q <= S_IDLE;
            dq_oe_o <= 1'b0;
          end
        default: state_q <= S_IDLE;
      endcase
    end

  // Read bookkeeping: words in flight, flag settling, pairing, the input FIFO.
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      inflight_q      <= '0;
      second_read_q   <= 1'b0;
      empty_settle_q  <= '0;
      pairs_pending_q <= '0;
      in_count_q      <= '0;
      in_wr_ptr_q     <= '0;
      in_rd_ptr_q     <= '0;
      low_word_q      <= '0;
      have_low_q      <= 1'b0;
    end else begin
      inflight_q    <= {inflight_q[InflightBits-2:0], do_read};
      second_read_q <= do_first_read;
      if (second_read_q) empty_settle_q <= EmptySettle;
      else if (empty_settle_q != 0) empty_settle_q <= empty_settle_q - 1'b1;
      pairs_pending_q <= pairs_pending_q + InCountBits'(do_first_read) - InCountBits'(push_in);
      in_count_q      <= in_count_q + InCountBits'(push_in) - InCountBits'(pop_in);
      if (word_arrives) begin
        low_word_q <= dq_q;
        have_low_q <= !have_low_q;
      end
      if (push_in) in_wr_ptr_q <= in_wr_ptr_q + 1'b1;
      if (pop_in) in_rd_ptr_q <= in_rd_ptr_q + 1'b1;
    end

  // The FIFO storage has no reset (it maps to distributed RAM).
  always_ff @(posedge clk_i)
    if (push_in) in_mem[in_wr_ptr_q] <= {dq_q, low_word_q};

  // Write bookkeeping: halves, the held word, idle time, buffer fill, flag settling.
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      out_word_q     <= '0;
      out_halves_q   <= 2'd0;
      held_q         <= '0;
      held_valid_q   <= 1'b0;
      idle_q         <= '0;
      buffer_words_q <= '0;
      full_settle_q  <= '0;
      zlp_owed_q     <= 1'b0;
    end else begin
      if (to_host_tvalid_i && to_host_tready_o) begin
        out_word_q   <= to_host_tdata_i;
        out_halves_q <= 2'd2;
      end else if (take_half) begin
        out_halves_q <= out_halves_q - 1'b1;
      end
      if (take_half) begin
        held_q       <= next_half;
        held_valid_q <= 1'b1;
      end else if (do_write) begin
        held_valid_q <= 1'b0;
      end
      // Idle: nothing new to send; counted while a word is held or a zero-length packet owed.
      if (half_ready || to_host_tvalid_i) idle_q <= '0;
      else if (!idle_expired) idle_q <= idle_q + 1'b1;
      // Commits: a buffer completed by a write, or a packet ended; FLAGA lags both.
      if (do_write && (buffer_words_q == LastInBuffer || do_pktend)) begin
        buffer_words_q <= '0;
        full_settle_q  <= FullSettle;
      end else begin
        if (do_write) buffer_words_q <= buffer_words_q + 1'b1;
        if (do_pktend) full_settle_q <= FullSettle;
        else if (full_settle_q != 0) full_settle_q <= full_settle_q - 1'b1;
      end
      if (do_write || do_pktend) zlp_owed_q <= do_write && write_closing && closing_fills;
    end
endmodule
