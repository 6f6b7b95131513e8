// Input events waiting for their step, in arrival order, as LinkCore's event ring: block RAM
// whose head is read one cycle ahead, so the step sequencer looks at a register. No write
// passes by the RAM: an event that becomes the head is on head_o from the second clock edge
// after its push (the core pushes between steps and looks at the head two cycles later at the
// earliest).
module ionarray_event_queue #(
  parameter int DEPTH = ionarray_formats_pkg::EVENT_QUEUE_DEPTH,
  localparam int AddressBits = $clog2(DEPTH)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        push_i,
  input  logic [63:0] push_word_i,
  input  logic        pop_i,       // the head leaves (the queue is not empty)
  output logic [63:0] head_o,      // the head (see above), while the queue is not empty
  output logic        empty_o,
  output logic        full_o
);
  logic [63:0]            mem_q [DEPTH];
  logic [AddressBits-1:0] head_q, head_next;
  logic [AddressBits:0]   count_q;
  assign empty_o   = count_q == 0;
  assign full_o    = count_q == (AddressBits + 1)'(DEPTH);
  assign head_next = head_q + AddressBits'(pop_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q  <= '0;
      count_q <= '0;
    end else begin
      head_q  <= head_next;
      count_q <= count_q + (AddressBits + 1)'(push_i) - (AddressBits + 1)'(pop_i);
    end
  end
  always_ff @(posedge clk_i) begin
    if (push_i) mem_q[head_q + AddressBits'(count_q)] <= push_word_i;
    head_o <= mem_q[head_next];
  end
endmodule
