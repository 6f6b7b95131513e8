// One tile: a crossbar of synapse words feeding one neuron per column, as fx::step_tile
// (hls/ionarray/tile_engine.hpp) computes it. Functional first version: one crossbar row per
// cycle (inactive rows skipped in a cycle each), then one neuron per cycle through the
// combinational reference engine; the pipelined engine will be checked against this.
module ionarray_tile
  import ionarray_formats_pkg::*;
  import ionarray_host_link_pkg::*;
  import ionarray_arith_pkg::*;
  import ionarray_engine_pkg::*;
#(
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  localparam int RowBits = $clog2(ROWS),
  localparam int ColumnBits = $clog2(COLUMNS)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // Configuration: this tile's write_memory words (memory_map.hpp), one per cycle, while idle.
  input  logic                  cfg_valid_i,
  input  logic [3:0]            cfg_memory_i,
  input  logic [15:0]           cfg_address_i,
  input  logic [35:0]           cfg_data_i,
  output logic                  cfg_error_o,      // pulses: address out of range or written while busy
  // A row trigger (router or input event), active from the next step on; accepted while idle.
  input  logic                  trigger_valid_i,
  input  logic [RowBits-1:0]    trigger_row_i,
  output logic                  trigger_lost_o,   // pulses: a trigger arrived while busy
  // One global step.
  input  logic                  step_i,
  output logic                  busy_o,
  output logic                  done_o,
  output logic                  spike_valid_o,
  output logic [ColumnBits-1:0] spike_column_o,
  output logic [31:0]           saturations_o,
  // State read port, for lockstep checking.
  input  logic [ColumnBits-1:0] probe_column_i,
  output logic signed [31:0]    probe_f_o, probe_r_o, probe_s_o, probe_vm_o, probe_kg_mant_o, probe_kg_shift_o,
  output logic                  probe_armed_o,
  output logic [63:0]           probe_noise_o
);
  typedef enum logic [1:0] { IDLE, ACCUMULATE, NEURONS, DONE } phase_t;

  logic [15:0]         g_q [ROWS][COLUMNS];
  device_coefs_t       coefs_q [COLUMNS];
  neuron_state_t       state_q [COLUMNS];
  logic [15:0]         timer_q [ROWS];
  s64_t                acc_q [COLUMNS];
  shared_coefs_t       shared_q;
  logic [RowBits:0]    rows_q;
  logic [ColumnBits:0] columns_q;
  logic signed [31:0]  row_voltage_q, v_bias_q;
  logic [5:0]          g_shift_q;
  logic [15:0]         pulse_steps_q;
  phase_t              phase_q;
  logic [RowBits:0]    row_q;
  logic [ColumnBits:0] column_q;

  function automatic coef_t unpack_coef(input logic [24:0] w);  // shift[24:17], mant[16:0]
    coef_t c;
    c.mant  = {15'b0, w[16:0]};
    c.shift = {{24{w[24]}}, w[24:17]};
    return c;
  endfunction

  function automatic logic signed [31:0] unpack_word(input logic [31:0] w);  // state and config words fit 32 bits
    return w;
  endfunction

  // Configuration decode.
  int unsigned address;
  int unsigned row_of, column_of, field_of;
  logic        cfg_ok;
  always_comb begin
    address   = int'(cfg_address_i);
    row_of    = 0;
    column_of = 0;
    field_of  = 0;
    cfg_ok    = 1'b0;
    unique case (cfg_memory_i)
      MEM_CROSSBAR: begin
        row_of    = address / int'(columns_q);
        column_of = address % int'(columns_q);
        cfg_ok    = row_of < int'(rows_q) && cfg_data_i <= 36'hFFFF;
      end
      MEM_DEVICE_COEFS: begin
        column_of = address / COEFS_PER_NEURON;
        field_of  = address % COEFS_PER_NEURON;
        cfg_ok    = column_of < int'(columns_q) && field_of <= COEF_TRANSFER;
      end
      MEM_NEURON_STATE: begin
        column_of = address / STATE_WORDS;
        field_of  = address % STATE_WORDS;
        cfg_ok    = column_of < int'(columns_q);
      end
      MEM_SHARED_COEFS: cfg_ok = address <= SHARED_SPIKE_THRESHOLD;
      MEM_TILE_CONFIG:  cfg_ok = address <= CONFIG_PULSE_STEPS;
      default:          cfg_ok = 1'b0;
    endcase
  end

  assign busy_o = phase_q != IDLE;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      phase_q        <= IDLE;
      rows_q         <= (RowBits + 1)'(ROWS);
      columns_q      <= (ColumnBits + 1)'(COLUMNS);
      row_voltage_q  <= '0;
      v_bias_q       <= '0;
      g_shift_q      <= '0;
      pulse_steps_q  <= 16'd1;
      row_q          <= '0;
      column_q       <= '0;
      done_o         <= 1'b0;
      spike_valid_o  <= 1'b0;
      spike_column_o <= '0;
      cfg_error_o    <= 1'b0;
      trigger_lost_o <= 1'b0;
      saturations_o  <= '0;
      for (int r = 0; r < ROWS; r++) timer_q[r] <= '0;
    end else begin
      done_o         <= 1'b0;
      spike_valid_o  <= 1'b0;
      cfg_error_o    <= 1'b0;
      trigger_lost_o <= 1'b0;

      if (cfg_valid_i) begin
        if (!cfg_ok || busy_o) begin
          cfg_error_o <= 1'b1;
        end else begin
          unique case (cfg_memory_i)
            MEM_CROSSBAR: g_q[RowBits'(row_of)][ColumnBits'(column_of)] <= cfg_data_i[15:0];
            MEM_DEVICE_COEFS:
              unique case (field_of)
                COEF_DIFFUSE_F:       coefs_q[ColumnBits'(column_of)].diffuse_f <= unpack_coef(cfg_data_i[24:0]);
                COEF_DIFFUSE_F_NOISE: coefs_q[ColumnBits'(column_of)].diffuse_f_noise <= unpack_coef(cfg_data_i[24:0]);
                COEF_DIFFUSE_R:       coefs_q[ColumnBits'(column_of)].diffuse_r <= unpack_coef(cfg_data_i[24:0]);
                COEF_DIFFUSE_R_NOISE: coefs_q[ColumnBits'(column_of)].diffuse_r_noise <= unpack_coef(cfg_data_i[24:0]);
                COEF_DRIFT:           coefs_q[ColumnBits'(column_of)].drift <= unpack_coef(cfg_data_i[24:0]);
                default:              coefs_q[ColumnBits'(column_of)].transfer <= unpack_coef(cfg_data_i[24:0]);
              endcase
            MEM_NEURON_STATE:
              unique case (field_of)
                STATE_F:          state_q[ColumnBits'(column_of)].f <= unpack_word(cfg_data_i[31:0]);
                STATE_R:          state_q[ColumnBits'(column_of)].r <= unpack_word(cfg_data_i[31:0]);
                STATE_S:          state_q[ColumnBits'(column_of)].s <= unpack_word(cfg_data_i[31:0]);
                STATE_VM:         state_q[ColumnBits'(column_of)].vm <= unpack_word(cfg_data_i[31:0]);
                STATE_KG:         state_q[ColumnBits'(column_of)].kg <= unpack_coef(cfg_data_i[24:0]);
                STATE_ARMED:      state_q[ColumnBits'(column_of)].armed <= cfg_data_i != '0;
                STATE_NOISE_LOW:  state_q[ColumnBits'(column_of)].noise[31:0] <= cfg_data_i[31:0];
                default:          state_q[ColumnBits'(column_of)].noise[63:32] <= cfg_data_i[31:0];
              endcase
            MEM_SHARED_COEFS:
              unique case (address)
                SHARED_SYMMETRIC:          shared_q.symmetric <= cfg_data_i != '0;
                SHARED_C2C:                shared_q.c2c <= cfg_data_i != '0;
                SHARED_ALPHA:              shared_q.alpha <= unpack_word(cfg_data_i[31:0]);
                SHARED_GROW:               shared_q.grow <= unpack_coef(cfg_data_i[24:0]);
                SHARED_SHRINK:             shared_q.shrink <= unpack_coef(cfg_data_i[24:0]);
                SHARED_SHRINK_NOISE:       shared_q.shrink_noise <= unpack_coef(cfg_data_i[24:0]);
                SHARED_TUNNEL_EXPONENT:    shared_q.tunnel_exponent <= unpack_coef(cfg_data_i[24:0]);
                SHARED_TUNNEL_SCALE:       shared_q.tunnel_scale <= unpack_coef(cfg_data_i[24:0]);
                SHARED_TUNNEL_OFFSET_LOW:  shared_q.tunnel_offset[31:0] <= cfg_data_i[31:0];
                SHARED_TUNNEL_OFFSET_HIGH: shared_q.tunnel_offset[63:32] <= cfg_data_i[31:0];
                SHARED_INPUT:              shared_q.input_gain <= unpack_coef(cfg_data_i[24:0]);
                SHARED_ON_CONDUCTANCE:     shared_q.on_conductance <= unpack_coef(cfg_data_i[24:0]);
                default:                   shared_q.spike_threshold <= unpack_word(cfg_data_i[31:0]);
              endcase
            default:  // MEM_TILE_CONFIG
              unique case (address)
                CONFIG_ROWS:        rows_q <= (RowBits + 1)'(cfg_data_i);
                CONFIG_COLUMNS:     columns_q <= (ColumnBits + 1)'(cfg_data_i);
                CONFIG_ROW_VOLTAGE: row_voltage_q <= unpack_word(cfg_data_i[31:0]);
                CONFIG_V_BIAS:      v_bias_q <= unpack_word(cfg_data_i[31:0]);
                CONFIG_G_SHIFT:     g_shift_q <= cfg_data_i[5:0];
                CONFIG_PULSE_STEPS: pulse_steps_q <= cfg_data_i[15:0];
                default: ;          // CONFIG_TILES belongs to the array
              endcase
          endcase
        end
      end

      if (trigger_valid_i) begin
        if (busy_o) trigger_lost_o <= 1'b1;
        else timer_q[trigger_row_i] <= pulse_steps_q;
      end

      unique case (phase_q)
        IDLE:
          if (step_i) begin
            for (int c = 0; c < COLUMNS; c++) acc_q[c] <= '0;
            row_q    <= '0;
            column_q <= '0;
            phase_q  <= ACCUMULATE;
          end
        ACCUMULATE: begin
          // dt/C G_ij (V_row - Vm_j) at full precision: one active row per cycle, all columns at
          // once (a crossbar row read in one word, one multiplier per column).
          if (row_q == rows_q) begin
            column_q <= '0;
            phase_q  <= NEURONS;
          end else begin
            if (timer_q[RowBits'(row_q)] != '0) begin
              for (int c = 0; c < COLUMNS; c++)
                if (c < int'(columns_q))
                  acc_q[c] <= acc_q[c] + s64_t'(g_q[RowBits'(row_q)][c])
                              * clamp64(s64_t'(row_voltage_q) - s64_t'(state_q[c].vm), -s64_t'(V_MAX), s64_t'(V_MAX));
              timer_q[RowBits'(row_q)] <= timer_q[RowBits'(row_q)] - 1'b1;
            end
            row_q <= row_q + 1'b1;
          end
        end
        NEURONS: begin
          if (column_q == columns_q) begin
            phase_q <= DONE;
          end else begin
            neuron_state_t next;
            logic vm_sat, s_sat, g_sat, spike;
            spike = step_neuron(state_q[ColumnBits'(column_q)], coefs_q[ColumnBits'(column_q)], shared_q,
                                s64_t'(v_bias_q),
                                clamp64(shift_round(acc_q[ColumnBits'(column_q)], int'(g_shift_q)), -s64_t'(V_MAX), s64_t'(V_MAX)),
                                next, vm_sat, s_sat, g_sat);
            state_q[ColumnBits'(column_q)] <= next;
            saturations_o  <= saturations_o + 32'(vm_sat) + 32'(s_sat) + 32'(g_sat);
            spike_valid_o  <= spike;
            spike_column_o <= ColumnBits'(column_q);
            column_q       <= column_q + 1'b1;
          end
        end
        default: begin  // DONE
          done_o  <= 1'b1;
          phase_q <= IDLE;
        end
      endcase
    end
  end

  assign probe_f_o        = state_q[probe_column_i].f;
  assign probe_r_o        = state_q[probe_column_i].r;
  assign probe_s_o        = state_q[probe_column_i].s;
  assign probe_vm_o       = state_q[probe_column_i].vm;
  assign probe_kg_mant_o  = state_q[probe_column_i].kg.mant;
  assign probe_kg_shift_o = state_q[probe_column_i].kg.shift;
  assign probe_armed_o    = state_q[probe_column_i].armed;
  assign probe_noise_o    = state_q[probe_column_i].noise;
endmodule
