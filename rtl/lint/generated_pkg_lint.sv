// Lint harness for the generated packages: gives Verilator a top module that uses them.
module generated_pkg_lint
  import ionarray_host_link_pkg::*;
  import ionarray_formats_pkg::*;
(
  input  logic [WORD_BITS-1:0] word_i,
  output logic [7:0]           opcode_o,
  output logic [7:0]           length_o,
  output logic [15:0]          seq_o,
  output logic [31:0]          argument_o,
  output logic                 is_spike_in_o,
  output logic [V_FRAC-1:0]    v_fraction_o
);
  header_t header;
  assign header        = header_t'(word_i);
  assign opcode_o      = header.opcode;
  assign length_o      = header.length;
  assign seq_o         = header.seq;
  assign argument_o    = header.argument;
  assign is_spike_in_o = header.opcode == OP_SPIKE_IN;
  assign v_fraction_o  = word_i[V_FRAC-1:0];
endmodule
