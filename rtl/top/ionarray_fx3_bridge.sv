// The FPGA side of a Cypress/Infineon FX3 synchronous slave FIFO (GPIF II, 32-bit DQ bus), as
// the usb:// transport (host/device/usb_fifo_transport.cpp) uses it: host-link words from the
// bulk OUT endpoint are read from thread READ_ADDR, words for the bulk IN endpoint are written
// to thread WRITE_ADDR. A 64-bit host-link word is two bus words, low word first (the
// transport's little-endian byte order). The bus is half duplex: reads and writes take turns,
// with an idle cycle between them in which neither side drives DQ.
//
// The firmware contract is that of AN65974's synchronous slave FIFO example (docs/usb-board-bringup.md):
// thread 0 (FPGA to host) with FLAGA its full flag and FLAGB its partial flag, thread 3 (host to
// FPGA) with FLAGC its empty flag and FLAGD its partial flag, all active low; a partial flag is
// low while the thread's current buffer holds (reads) or has room for (writes) WATERMARK words
// or fewer. All outputs are registered and all inputs are registered once (IOB flip-flops), so
// the bus timing is that of one register to one register per PCLK.
//
// Timing assumptions, each a parameter (docs/rtl.md "The USB bridge" gives the sources):
//   READ_DATA_LATENCY   the word read at the PCLK edge where the FX3 samples SLRD# low is on DQ
//                       at the edge READ_DATA_LATENCY later (exact: the bridge samples it then).
//   FULL_FLAG_LATENCY   FLAGA/FLAGB as sampled at edge e reflect every write and PKTEND# the FX3
//   EMPTY_FLAG_LATENCY  sampled at edges <= e - LATENCY (FLAGC/FLAGD likewise for reads). Any
//                       true latency up to the parameter is safe; a larger one is not.
//
// Flow control, independent of the firmware's DMA buffer size (1 KiB at SuperSpeed, 512 bytes
// at high speed):
//   - Streaming: while a thread's partial flag is high, more than WATERMARK words are there (or
//     room for them), not counting the transfers the flag does not reflect yet, of which there
//     are at most LATENCY + 1 <= WATERMARK: the bridge moves a word every cycle (on thread 0 not
//     until FLAGB reflects the last PKTEND#, which gives up the buffer at once).
//   - The last WATERMARK words of a buffer: one word at a time, each once the dedicated flag has
//     settled (LATENCY + 1 edges after the last transfer) and says there is a word (room).
//   - Packet end: once the output has been idle for IDLE_CYCLES after a write, PKTEND# alone
//     commits what the current buffer holds as a short packet, or, if the last write filled a
//     buffer (the FX3 committed it itself), a zero-length packet: either way the host's read
//     completes.
//   - Framing: every OUT buffer holds whole 64-bit words. Whenever thread 3 is drained (its
//     empty flag settled low, no read in flight), a low half without its high half means a word
//     was lost or added on the bus (or the bridge was reset between the halves): it is dropped
//     and framing_error_o pulses; the array core counts it (link_errors) and its decoder expects
//     a header again, so pairing and packets are back in step at every drained point instead of
//     swapping halves from there on.
module ionarray_fx3_bridge #(
  parameter int         READ_DATA_LATENCY  = 2,
  parameter int         FULL_FLAG_LATENCY  = 3,
  parameter int         EMPTY_FLAG_LATENCY = 3,
  parameter int         WATERMARK          = 6,    // the firmware's partial-flag watermark, in bus words
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
  output logic [31:0] dq_t_o,   // tristate per bit, high: the FX3 drives DQ (a register per bit, in
                                // the pad buffer's polarity, so that each packs into its pad)
  output logic        slcs_n_o,
  output logic        slwr_n_o,
  output logic        slrd_n_o,
  output logic        sloe_n_o,
  output logic        pktend_n_o,
  output logic [1:0]  fifoaddr_o,
  input  logic        flaga_i,  // thread 0 (write): low when full
  input  logic        flagb_i,  // thread 0: low when room <= WATERMARK
  input  logic        flagc_i,  // thread 3 (read): low when empty
  input  logic        flagd_i,  // thread 3: low when words <= WATERMARK
  // Host-link words from the host (to the kernel's s_axis)
  output logic [63:0] from_host_tdata_o,
  output logic        from_host_tvalid_o,
  input  logic        from_host_tready_i,
  // Host-link words to the host (from the kernel's m_axis)
  input  logic [63:0] to_host_tdata_i,
  input  logic        to_host_tvalid_i,
  output logic        to_host_tready_o,
  // A lost or extra bus word found (one pulse per dropped half).
  output logic        framing_error_o,
  // A word on its way in either direction, or a packet end owed to the host.
  output logic        busy_o
);
  localparam int InPtrBits    = $clog2(IN_FIFO_WORDS);
  localparam int InCountBits  = $clog2(IN_FIFO_WORDS + 1);
  localparam int HalvesBits   = $clog2(2 * IN_FIFO_WORDS + 1);
  localparam int IdleBits     = $clog2(IDLE_CYCLES + 1);
  localparam int BurstBits    = $clog2(BURST_LIMIT + 1);
  localparam int SettleBits   = $clog2((FULL_FLAG_LATENCY > EMPTY_FLAG_LATENCY ? FULL_FLAG_LATENCY : EMPTY_FLAG_LATENCY) + 2);
  // A read registered at edge X is sampled by the FX3 at X + 1 and its word reaches dq_q at
  // X + 1 + READ_DATA_LATENCY: bit READ_DATA_LATENCY + 1 of the in-flight shift register.
  localparam int InflightBits = READ_DATA_LATENCY + 2;
  // A flag reflects a transfer registered at edge X once counted down from LATENCY + 1.
  localparam logic [SettleBits-1:0] FullSettle  = SettleBits'(FULL_FLAG_LATENCY + 1);
  localparam logic [SettleBits-1:0] EmptySettle = SettleBits'(EMPTY_FLAG_LATENCY + 1);
  localparam logic [IdleBits-1:0]   IdleDone    = IdleBits'(IDLE_CYCLES);
  localparam logic [BurstBits-1:0]  BurstDone   = BurstBits'(BURST_LIMIT);

  // Streaming on a partial flag needs the transfers it does not reflect to fit under the watermark.
  if (WATERMARK < FULL_FLAG_LATENCY + 1 || WATERMARK < EMPTY_FLAG_LATENCY + 1) begin : g_watermark_check
    $error("WATERMARK must be at least the flag latency + 1");
  end

  localparam logic [2:0] S_IDLE = 3'd0, S_RD_SETUP = 3'd1, S_READ = 3'd2, S_RD_DRAIN = 3'd3, S_WR_SETUP = 3'd4,
                         S_WRITE = 3'd5;

  // Input registers (IOB flip-flops).
  logic [31:0] dq_q;
  logic        full_n_q, room_n_q, empty_n_q, words_n_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      dq_q      <= '0;
      full_n_q  <= 1'b0;
      room_n_q  <= 1'b0;
      empty_n_q <= 1'b0;
      words_n_q <= 1'b0;
    end else begin
      dq_q      <= dq_i;
      full_n_q  <= flaga_i;
      room_n_q  <= flagb_i;
      empty_n_q <= flagc_i;
      words_n_q <= flagd_i;
    end

  logic [2:0] state_q;
  logic       last_turn_read_q;
  logic [BurstBits-1:0] burst_q;

  // ---- Read side: bus words paired into 64-bit words, through a small FIFO to the kernel.
  logic [InflightBits-1:0] inflight_q;
  logic [SettleBits-1:0]   empty_settle_q;  // FLAGC reflects our reads once this is 0
  logic [InCountBits-1:0]  in_count_q;
  logic [31:0]             low_word_q;
  logic                    have_low_q;
  logic [63:0]             in_mem [IN_FIFO_WORDS];
  logic [InPtrBits-1:0]    in_wr_ptr_q, in_rd_ptr_q;

  wire word_arrives = inflight_q[InflightBits-1];
  wire push_in      = word_arrives && have_low_q;
  wire pop_in       = from_host_tvalid_o && from_host_tready_i;
  wire reading      = inflight_q != 0;
  // Halves stored, held and on their way, and room for one more.
  wire [HalvesBits-1:0] halves = {in_count_q, 1'b0} + HalvesBits'(have_low_q) + HalvesBits'($countones(inflight_q));
  wire in_room      = halves < HalvesBits'(2 * IN_FIFO_WORDS);
  wire read_ready   = words_n_q || (empty_settle_q == 0 && empty_n_q);
  wire read_wanted  = read_ready && in_room;
  // Thread 3 drained: every read reflected, the flag says empty, nothing in flight, and every
  // word passed on (a framing error then resynchronises the core's decoder at the right point).
  wire drained      = empty_settle_q == 0 && !empty_n_q && !reading && in_count_q == 0;

  assign from_host_tvalid_o = in_count_q != 0;
  assign from_host_tdata_o  = in_mem[in_rd_ptr_q];

  // ---- Write side: 64-bit words into halves; PKTEND# once the output goes idle.
  logic [63:0]            out_word_q;
  logic [1:0]             out_halves_q;     // halves of out_word_q not yet written (2: both)
  logic [IdleBits-1:0]    idle_q;
  logic [SettleBits-1:0]  full_settle_q;    // FLAGA reflects our writes once this is 0
  logic                   unended_q;        // written since the last PKTEND#
  logic                   end_settling_q;   // a PKTEND# the flags do not reflect yet

  wire [31:0] next_half      = out_halves_q == 2'd2 ? out_word_q[31:0] : out_word_q[63:32];
  wire        half_ready     = out_halves_q != 2'd0;
  wire        idle_expired   = idle_q == IdleDone;
  wire        room_settled   = full_settle_q == 0 && full_n_q;
  // (after PKTEND# the buffer is gone at once, while FLAGB still shows its old room)
  wire        write_ready    = half_ready && ((room_n_q && !end_settling_q) || room_settled);
  wire        end_ready      = unended_q && !half_ready && idle_expired && room_settled;
  wire        write_wanted   = write_ready || end_ready;
  // Something to write, waiting only for FLAGA to settle: the turn is kept.
  wire        write_settling = (half_ready || (unended_q && idle_expired)) && full_settle_q != 0;

  // Bus actions of this cycle (registered onto the pins at the coming edge).
  wire in_write_turn = state_q == S_WRITE && !(burst_q == BurstDone && read_wanted);
  wire do_write      = in_write_turn && write_ready;
  wire do_pktend     = in_write_turn && !write_ready && end_ready;
  wire in_read_turn  = state_q == S_READ && !(burst_q == BurstDone && write_wanted);
  wire do_read       = in_read_turn && read_wanted;

  wire take_word = to_host_tvalid_i && to_host_tready_o;
  assign to_host_tready_o = out_halves_q == 2'd0 || (out_halves_q == 2'd1 && do_write);

  // One tristate register per DQ bit, kept apart (not merged into one) so that each can go into
  // its pad; in the pad buffer's polarity, so that no inverter stands between them.
  (* keep = "true" *) logic [31:0] dq_t_q;
  assign dq_t_o = dq_t_q;

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
      dq_t_q           <= '1;
    end else begin
      slcs_n_o   <= 1'b0;  // the FX3 is the only device on this bus
      slwr_n_o   <= !do_write;
      pktend_n_o <= !do_pktend;
      slrd_n_o   <= !do_read;
      if (do_write) dq_o <= next_half;
      if ((do_read || do_write || do_pktend) && burst_q != BurstDone) burst_q <= burst_q + 1'b1;  // saturates
      case (state_q)
        S_IDLE: begin
          sloe_n_o <= 1'b1;
          dq_t_q   <= '1;
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
            dq_t_q           <= '0;
          end
        end
        S_RD_SETUP: state_q <= S_READ;  // address and SLOE# settle before the first SLRD#
        S_READ:
          // Kept while a flag is settling and there is room; left once nothing more can be read.
          if (!do_read && !(in_read_turn && in_room && empty_settle_q != 0)) state_q <= S_RD_DRAIN;
        S_RD_DRAIN:
          if (!reading) begin
            state_q  <= S_IDLE;
            sloe_n_o <= 1'b1;
          end
        S_WR_SETUP: state_q <= S_WRITE;
        S_WRITE:
          if (!do_write && !do_pktend && !(in_write_turn && write_settling)) begin
            state_q <= S_IDLE;
            dq_t_q  <= '1;
          end
        default: state_q <= S_IDLE;
      endcase
    end

  // Read bookkeeping: words in flight, flag settling, pairing and resynchronising, the FIFO.
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      inflight_q      <= '0;
      empty_settle_q  <= '0;
      in_count_q      <= '0;
      in_wr_ptr_q     <= '0;
      in_rd_ptr_q     <= '0;
      low_word_q      <= '0;
      have_low_q      <= 1'b0;
      framing_error_o <= 1'b0;
    end else begin
      inflight_q <= {inflight_q[InflightBits-2:0], do_read};
      if (do_read) empty_settle_q <= EmptySettle;
      else if (empty_settle_q != 0) empty_settle_q <= empty_settle_q - 1'b1;
      in_count_q <= in_count_q + InCountBits'(push_in) - InCountBits'(pop_in);
      framing_error_o <= drained && have_low_q;
      if (word_arrives) begin
        low_word_q <= dq_q;
        have_low_q <= !have_low_q;
      end else if (drained) begin
        have_low_q <= 1'b0;  // a half without its pair: dropped (framing_error_o)
      end
      if (push_in) in_wr_ptr_q <= in_wr_ptr_q + 1'b1;
      if (pop_in) in_rd_ptr_q <= in_rd_ptr_q + 1'b1;
    end

  // The FIFO storage has no reset (it maps to distributed RAM).
  always_ff @(posedge clk_i)
    if (push_in) in_mem[in_wr_ptr_q] <= {dq_q, low_word_q};

  // Write bookkeeping: halves, idle time, flag settling, the packet end owed.
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      out_word_q    <= '0;
      out_halves_q  <= 2'd0;
      idle_q        <= '0;
      full_settle_q <= '0;
      unended_q     <= 1'b0;
      end_settling_q <= 1'b0;
    end else begin
      if (take_word) begin
        out_word_q   <= to_host_tdata_i;
        out_halves_q <= 2'd2;
      end else if (do_write) begin
        out_halves_q <= out_halves_q - 1'b1;
      end
      // Idle: nothing new to send; counted while a packet end is owed.
      if (half_ready || to_host_tvalid_i) idle_q <= '0;
      else if (!idle_expired) idle_q <= idle_q + 1'b1;
      if (do_write || do_pktend) full_settle_q <= FullSettle;
      else if (full_settle_q != 0) full_settle_q <= full_settle_q - 1'b1;
      if (do_write) unended_q <= 1'b1;
      else if (do_pktend) unended_q <= 1'b0;
      if (do_pktend) end_settling_q <= 1'b1;
      else if (full_settle_q == 0) end_settling_q <= 1'b0;
    end

  assign busy_o = state_q != S_IDLE || reading || in_count_q != 0 || have_low_q || half_ready || unended_q;
endmodule
