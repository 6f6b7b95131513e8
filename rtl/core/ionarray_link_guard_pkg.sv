// The packet guard's verdicts on a packet it does not pass on, which the array core answers.
// (A shared package defines more than any one module uses.)
/* verilator lint_off UNUSEDPARAM */
package ionarray_link_guard_pkg;
  localparam logic [1:0] VERDICT_DUPLICATE = 2'd0;  // numbered behind the expected packet: dropped, counted
  localparam logic [1:0] VERDICT_GAP       = 2'd1;  // numbered ahead: packets lost (error sequence_gap)
  localparam logic [1:0] VERDICT_CRC       = 2'd2;  // trailer does not match (error crc_mismatch)
  localparam logic [1:0] VERDICT_RESYNC    = 2'd3;  // the host's session reset: status and resynced
endpackage
/* verilator lint_on UNUSEDPARAM */
