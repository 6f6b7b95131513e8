// The input side of the host link after the packet guard, as LinkCore::header, payload and
// finish: frames the checked packets (header, then `length` payload words; the guard has
// verified each packet's CRC and sequence number and removed its trailer), checks each packet and word in
// the order the C++ core does, and says for the word at the input what it asks for or why it is
// refused. It holds the array's shape (tiles, rows, columns), which it validates as it is
// written, so every other part (tiles included) trusts what it is given. Nothing here answers:
// the core turns a refusal into an error packet (one path for every refusal).
module ionarray_packet_decoder #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int ROW_LEVELS = 1,    // row voltage levels a tile holds
  parameter int PLASTIC_ROWS = 0,  // rows per tile whose synapses a tile programs
  localparam int TileBits = TILES > 1 ? $clog2(TILES) : 1,
  localparam int RowBits = $clog2(ROWS),
  localparam int ColumnBits = $clog2(COLUMNS)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [63:0] word_i,
  input  logic        take_i,             // the word is taken this cycle: framing moves on
  // What the checks depend on outside the decoder:
  input  logic        running_i,          // steps are pending (memory writes and state reads refused)
  input  logic [31:0] step_i,             // the current step (events before it are refused)
  input  logic        event_queue_empty_i,
  input  logic        event_queue_full_i,
  input  logic        sync_queue_full_i,  // a sync now would have to wait, and its queue is full
  input  logic        register_known_i,   // the register a read_register names exists
  // The word, checked:
  output logic        refuse_o,           // refused, with refusal_o's code
  output logic [31:0] refusal_o,
  // Accepted work (only with take_i, never with refuse_o):
  output logic        run_o,              // run: header_argument_o steps, 0 = until paused
  output logic        sync_o,             // sync with token header_argument_o
  output logic        read_register_o,    // read_register at header_argument_o
  output logic        read_state_o,       // read_state, request header_argument_o
  output logic        read_crossbar_o,    // read_crossbar, request header_argument_o
  output logic [31:0] header_argument_o,
  output logic        event_o,            // an input event for the event queue (word_i)
  output logic        overflow_o,         // an input event refused because the queue is full
  output logic [TILES-1:0] cfg_valid_o,   // a tile memory or configuration write (word_i), per tile
  output logic        route_write_o,      // a routes write (word_i)
  // The array's shape as configured (tile_config)
  output logic [TileBits:0]   tiles_active_o,
  output logic [ColumnBits:0] columns_o
);
  localparam logic [7:0] OP_WRITE_REGISTER = ionarray_host_link_pkg::OP_WRITE_REGISTER;
  localparam logic [7:0] OP_READ_REGISTER  = ionarray_host_link_pkg::OP_READ_REGISTER;
  localparam logic [7:0] OP_WRITE_MEMORY   = ionarray_host_link_pkg::OP_WRITE_MEMORY;
  localparam logic [7:0] OP_READ_STATE     = ionarray_host_link_pkg::OP_READ_STATE;
  localparam logic [7:0] OP_READ_CROSSBAR  = ionarray_host_link_pkg::OP_READ_CROSSBAR;
  localparam logic [7:0] OP_SPIKE_IN       = ionarray_host_link_pkg::OP_SPIKE_IN;
  localparam logic [7:0] OP_RUN            = ionarray_host_link_pkg::OP_RUN;
  localparam logic [7:0] OP_SYNC           = ionarray_host_link_pkg::OP_SYNC;
  localparam logic [3:0] MEM_CROSSBAR      = ionarray_host_link_pkg::MEM_CROSSBAR;
  localparam logic [3:0] MEM_DEVICE_COEFS  = ionarray_host_link_pkg::MEM_DEVICE_COEFS;
  localparam logic [3:0] MEM_NEURON_STATE  = ionarray_host_link_pkg::MEM_NEURON_STATE;
  localparam logic [3:0] MEM_SHARED_COEFS  = ionarray_host_link_pkg::MEM_SHARED_COEFS;
  localparam logic [3:0] MEM_TABLES        = ionarray_host_link_pkg::MEM_TABLES;
  localparam logic [3:0] MEM_ROUTES        = ionarray_host_link_pkg::MEM_ROUTES;
  localparam logic [3:0] MEM_TILE_CONFIG   = ionarray_host_link_pkg::MEM_TILE_CONFIG;
  localparam logic [3:0] MEM_ROW_LEVELS    = ionarray_host_link_pkg::MEM_ROW_LEVELS;
  localparam logic [3:0] MEM_PLASTICITY    = ionarray_host_link_pkg::MEM_PLASTICITY;
  localparam logic [3:0] MEM_SYNAPSE_STATE = ionarray_host_link_pkg::MEM_SYNAPSE_STATE;
  localparam logic [3:0] MEM_SYNAPSE_CHANGE = ionarray_host_link_pkg::MEM_SYNAPSE_CHANGE;
  localparam int SYNAPSE_X_ONE          = 1 << ionarray_formats_pkg::SYNAPSE_X_FRAC;
  localparam int SYNAPSE_SLOTS          = ionarray_formats_pkg::SYNAPSE_SLOTS;
  localparam int VOLTAGE_CLASSES        = ionarray_formats_pkg::VOLTAGE_CLASSES;
  localparam int NO_SLOT                = ionarray_formats_pkg::NO_SLOT;
  localparam int ChangeBits             = ionarray_host_link_pkg::SYNAPSE_CHANGE_BITS;
  localparam int PLASTICITY_FIRST_ROW       = ionarray_formats_pkg::PLASTICITY_FIRST_ROW;
  localparam int PLASTICITY_ROWS            = ionarray_formats_pkg::PLASTICITY_ROWS;
  localparam int PLASTICITY_PRE_HEAD_STEPS  = ionarray_formats_pkg::PLASTICITY_PRE_HEAD_STEPS;
  localparam int PLASTICITY_POST_HEAD_STEPS = ionarray_formats_pkg::PLASTICITY_POST_HEAD_STEPS;
  localparam int PLASTICITY_POST_TAIL_STEPS = ionarray_formats_pkg::PLASTICITY_POST_TAIL_STEPS;
  localparam int PLASTICITY_IDLE_ROWS_GROUNDED = ionarray_formats_pkg::PLASTICITY_IDLE_ROWS_GROUNDED;
  localparam int PLASTICITY_SLOT_MAP        = ionarray_formats_pkg::PLASTICITY_SLOT_MAP;
  localparam int PLASTICITY_C2C             = ionarray_formats_pkg::PLASTICITY_C2C;
  localparam int PLASTICITY_RESISTANCE_RATIO = ionarray_formats_pkg::PLASTICITY_RESISTANCE_RATIO;
  localparam int PLASTICITY_WORD_ON         = ionarray_formats_pkg::PLASTICITY_WORD_ON;
  localparam int PLASTICITY_NOISE_LOW       = ionarray_formats_pkg::PLASTICITY_NOISE_LOW;
  localparam int PLASTICITY_NOISE_HIGH      = ionarray_formats_pkg::PLASTICITY_NOISE_HIGH;
  localparam logic [31:0] ERR_UNKNOWN_OPCODE      = ionarray_host_link_pkg::ERR_UNKNOWN_OPCODE;
  localparam logic [31:0] ERR_BAD_LENGTH          = ionarray_host_link_pkg::ERR_BAD_LENGTH;
  localparam logic [31:0] ERR_OUT_OF_RANGE        = ionarray_host_link_pkg::ERR_OUT_OF_RANGE;
  localparam logic [31:0] ERR_WRITE_WHILE_RUNNING = ionarray_host_link_pkg::ERR_WRITE_WHILE_RUNNING;
  localparam logic [31:0] ERR_EVENT_IN_THE_PAST   = ionarray_host_link_pkg::ERR_EVENT_IN_THE_PAST;
  localparam logic [31:0] ERR_EVENT_OUT_OF_ORDER  = ionarray_host_link_pkg::ERR_EVENT_OUT_OF_ORDER;
  localparam logic [31:0] ERR_QUEUE_FULL          = ionarray_host_link_pkg::ERR_QUEUE_FULL;
  localparam logic [31:0] ERR_READ_ONLY           = ionarray_host_link_pkg::ERR_READ_ONLY;
  localparam int V_MAX                  = ionarray_formats_pkg::V_MAX;
  localparam int ROUTE_SLOTS            = ionarray_formats_pkg::ROUTE_SLOTS;
  localparam int CoefBits               = ionarray_host_link_pkg::COEFFICIENT_BITS;
  localparam int CoefShiftBits          = ionarray_host_link_pkg::COEFFICIENT_SHIFT_BITS;
  localparam int TABLE_COUNT            = ionarray_formats_pkg::TABLE_COUNT;
  localparam int TABLE_SIZE             = ionarray_formats_pkg::TABLE_SIZE;
  localparam int COEFS_PER_NEURON       = ionarray_formats_pkg::COEFS_PER_NEURON;
  localparam int CROSSBAR_COLUMN_BITS   = ionarray_formats_pkg::CROSSBAR_COLUMN_BITS;
  localparam int COEF_TRANSFER          = ionarray_formats_pkg::COEF_TRANSFER;
  localparam int STATE_WORDS            = ionarray_formats_pkg::STATE_WORDS;
  localparam int STATE_READ_MAX         = ionarray_formats_pkg::STATE_READ_MAX;
  localparam int STATE_F                = ionarray_formats_pkg::STATE_F;
  localparam int STATE_R                = ionarray_formats_pkg::STATE_R;
  localparam int STATE_S                = ionarray_formats_pkg::STATE_S;
  localparam int STATE_VM               = ionarray_formats_pkg::STATE_VM;
  localparam int STATE_KG               = ionarray_formats_pkg::STATE_KG;
  localparam int X_ONE                  = 1 << ionarray_formats_pkg::X_FRAC;
  localparam int S_MAX                  = ionarray_formats_pkg::S_MAX;
  localparam int SHARED_SPIKE_THRESHOLD = ionarray_formats_pkg::SHARED_SPIKE_THRESHOLD;
  localparam int CONFIG_TILES           = ionarray_formats_pkg::CONFIG_TILES;
  localparam int CONFIG_ROWS            = ionarray_formats_pkg::CONFIG_ROWS;
  localparam int CONFIG_COLUMNS         = ionarray_formats_pkg::CONFIG_COLUMNS;
  localparam int CONFIG_ROW_VOLTAGE     = ionarray_formats_pkg::CONFIG_ROW_VOLTAGE;
  localparam int CONFIG_V_BIAS          = ionarray_formats_pkg::CONFIG_V_BIAS;
  localparam int CONFIG_G_SHIFT         = ionarray_formats_pkg::CONFIG_G_SHIFT;
  localparam int CONFIG_PULSE_STEPS     = ionarray_formats_pkg::CONFIG_PULSE_STEPS;
  localparam int CONFIG_ROW_VOLTAGE_1   = ionarray_formats_pkg::CONFIG_ROW_VOLTAGE_1;
  localparam int CONFIG_ROW_VOLTAGE_2   = ionarray_formats_pkg::CONFIG_ROW_VOLTAGE_2;
  localparam int CONFIG_ROW_VOLTAGE_3   = ionarray_formats_pkg::CONFIG_ROW_VOLTAGE_3;

  // ---- Framing ------------------------------------------------------------------------------
  logic [7:0]  opcode_q;  // of the packet whose payload is arriving
  logic [8:0]  remaining_q;
  logic        skipping_q;
  logic [TileBits:0]   tiles_active_q;
  logic [RowBits:0]    rows_q;
  logic [ColumnBits:0] columns_q;
  assign tiles_active_o = tiles_active_q;
  assign columns_o      = columns_q;

  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::header_t       header;  // (its seq was the guard's)
  /* verilator lint_on UNUSEDSIGNAL */
  ionarray_host_link_pkg::memory_write_t write;
  ionarray_host_link_pkg::spike_in_t     event_word;
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::state_request_t request;  // (a 64-bit word layout; the request uses its low 32 bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign header     = word_i;
  assign write      = word_i;
  assign event_word = word_i;
  assign request    = 64'(header.argument);
  /* verilator lint_off UNUSEDSIGNAL */
  ionarray_host_link_pkg::crossbar_request_t crossbar_request;  // (its low 32 bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign crossbar_request = 64'(header.argument);
  logic at_header;  // the word is a packet header
  assign at_header         = remaining_q == 0;
  assign header_argument_o = header.argument;
  logic payload;  // a payload word of an accepted packet
  assign payload = !at_header && !skipping_q;

  // ---- Checks -------------------------------------------------------------------------------
  // A header, as LinkCore::header, then finish() for the packets without payload.
  logic [31:0] header_refusal;  // 0: accepted
  logic        request_ok;
  assign request_ok = 32'(request.tile) < 32'(tiles_active_q) && request.count != 0
                      && 32'(request.count) <= STATE_READ_MAX
                      && 32'(request.column) + 32'(request.count) <= 32'(columns_q);
  logic crossbar_request_ok;
  assign crossbar_request_ok = 32'(crossbar_request.tile) < 32'(tiles_active_q) && crossbar_request.count != 0
                               && 32'(crossbar_request.address) >> CROSSBAR_COLUMN_BITS < 32'(rows_q)
                               && 32'(crossbar_request.address) % (1 << CROSSBAR_COLUMN_BITS) + 32'(crossbar_request.count)
                                  <= 32'(columns_q);
  always_comb begin
    header_refusal = '0;
    if (!ionarray_host_link_pkg::to_device(header.opcode)) header_refusal = ERR_UNKNOWN_OPCODE;
    else if (!ionarray_host_link_pkg::length_ok(header.opcode, header.length)) header_refusal = ERR_BAD_LENGTH;
    else if ((header.opcode == OP_WRITE_MEMORY || header.opcode == OP_READ_STATE || header.opcode == OP_READ_CROSSBAR)
             && running_i)
      header_refusal = ERR_WRITE_WHILE_RUNNING;
    else if (header.opcode == OP_SYNC && sync_queue_full_i) header_refusal = ERR_QUEUE_FULL;
    else if (header.opcode == OP_READ_STATE && !request_ok) header_refusal = ERR_OUT_OF_RANGE;
    else if (header.opcode == OP_READ_CROSSBAR && !crossbar_request_ok) header_refusal = ERR_OUT_OF_RANGE;
    else if (header.opcode == OP_READ_REGISTER && !register_known_i) header_refusal = ERR_OUT_OF_RANGE;
  end

  // A write_memory word, as LinkCore::write_memory. A coefficient word's shift must lie in
  // [COEF_SHIFT_MIN, COEF_SHIFT_MAX] (fx::coef_word_ok); a route word is ROUTE_NONE or names a
  // configured tile and row (link::fits_route: nothing above its 32 bits).
  logic write_ok, coef_shift_ok, shared_is_coef, route_ok;
  logic signed [CoefShiftBits-1:0] coef_shift;
  assign coef_shift    = $signed(ionarray_host_link_pkg::coefficient_shift(write.data[CoefBits-1:0]));
  assign coef_shift_ok = coef_shift >= CoefShiftBits'(ionarray_formats_pkg::COEF_SHIFT_MIN)
                         && coef_shift <= CoefShiftBits'(ionarray_formats_pkg::COEF_SHIFT_MAX);
  assign shared_is_coef = 32'(write.address) == ionarray_formats_pkg::SHARED_GROW
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_SHRINK
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_SHRINK_NOISE
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_TUNNEL_EXPONENT
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_TUNNEL_SCALE
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_INPUT
                          || 32'(write.address) == ionarray_formats_pkg::SHARED_ON_CONDUCTANCE;
  assign route_ok = write.data == 36'(ionarray_host_link_pkg::ROUTE_NONE)
                    || (write.data[35:32] == '0
                        && 32'(ionarray_host_link_pkg::route_tile(write.data[31:0])) < 32'(tiles_active_q)
                        && 32'(ionarray_host_link_pkg::route_row(write.data[31:0])) < 32'(rows_q));
  // A neuron_state word the engine can take, as fx::state_word_ok: f and r in [0, 1], s in
  // [0, S_MAX], |vm| <= V_MAX, kg a coefficient word.
  logic state_word_ok;
  logic signed [35:0] state_value;
  assign state_value = $signed(write.data);
  always_comb begin
    unique case (32'(write.address) % STATE_WORDS)
      STATE_F, STATE_R: state_word_ok = state_value >= 0 && state_value <= 36'(X_ONE);
      STATE_S:          state_word_ok = state_value >= 0 && state_value <= 36'(S_MAX);
      STATE_VM:         state_word_ok = state_value >= -36'(V_MAX) && state_value <= 36'(V_MAX);
      STATE_KG:         state_word_ok = coef_shift_ok;
      default:          state_word_ok = 1'b1;
    endcase
  end
  // A plasticity word, as LinkCore::write_plastic: a slot map names a slot below SYNAPSE_SLOTS or
  // none for each voltage class (fx::slot_map_ok).
  logic plastic_ok, slot_map_ok;
  always_comb begin
    slot_map_ok = write.data[35:4*VOLTAGE_CLASSES] == '0;
    for (int v = 0; v < VOLTAGE_CLASSES; v++)
      if (write.data[4*v +: 4] != 4'(NO_SLOT) && 32'(write.data[4*v +: 4]) >= SYNAPSE_SLOTS) slot_map_ok = 1'b0;
    unique case (32'(write.address))
      PLASTICITY_FIRST_ROW:       plastic_ok = write.data < 36'(ROWS);
      PLASTICITY_ROWS:            plastic_ok = write.data <= 36'(PLASTIC_ROWS);
      PLASTICITY_PRE_HEAD_STEPS:  plastic_ok = write.data <= 36'(ionarray_formats_pkg::PULSE_STEPS_MAX);
      PLASTICITY_POST_HEAD_STEPS, PLASTICITY_POST_TAIL_STEPS:
                                  plastic_ok = write.data <= 36'(ionarray_formats_pkg::COLUMN_PULSE_STEPS_MAX);
      PLASTICITY_IDLE_ROWS_GROUNDED, PLASTICITY_NOISE_LOW, PLASTICITY_NOISE_HIGH:
                                  plastic_ok = 1'b1;
      PLASTICITY_SLOT_MAP:        plastic_ok = slot_map_ok;
      PLASTICITY_C2C, PLASTICITY_RESISTANCE_RATIO, PLASTICITY_WORD_ON:
                                  plastic_ok = coef_shift_ok;
      default:                    plastic_ok = 1'b0;
    endcase
  end
  // A plastic synapse's address (plastic row, column), and its change word (fx::change_word_ok).
  logic synapse_ok, change_ok;
  logic signed [ChangeBits-3:0] change;  // (the word below its 2-bit slot)
  /* verilator lint_off UNSIGNED */  // (never, with PLASTIC_ROWS 0)
  assign synapse_ok = 32'(write.address) >> CROSSBAR_COLUMN_BITS < PLASTIC_ROWS
                      && 32'(write.address) % (1 << CROSSBAR_COLUMN_BITS) < 32'(columns_q);
  /* verilator lint_on UNSIGNED */
  assign change     = $signed(ionarray_host_link_pkg::synapse_change_change(write.data[ChangeBits-1:0]));
  assign change_ok  = write.data[35:ChangeBits] == '0
                      && 32'(ionarray_host_link_pkg::synapse_change_slot(write.data[ChangeBits-1:0])) < SYNAPSE_SLOTS
                      && change >= -(ChangeBits-2)'(SYNAPSE_X_ONE) && change <= (ChangeBits-2)'(SYNAPSE_X_ONE);

  int unsigned address;
  logic tile_ok;
  assign address = 32'(write.address);
  assign tile_ok = 32'(write.tile) < 32'(tiles_active_q);
  always_comb begin
    unique case (write.memory)
      MEM_CROSSBAR:     write_ok = tile_ok && address >> CROSSBAR_COLUMN_BITS < 32'(rows_q)
                                   && address % (1 << CROSSBAR_COLUMN_BITS) < 32'(columns_q) && write.data <= 36'(ionarray_formats_pkg::CONDUCTANCE_WORD_MAX);
      MEM_DEVICE_COEFS: write_ok = tile_ok && address / COEFS_PER_NEURON < 32'(columns_q)
                                   && address % COEFS_PER_NEURON <= COEF_TRANSFER && coef_shift_ok;
      MEM_NEURON_STATE: write_ok = tile_ok && address / STATE_WORDS < 32'(columns_q) && state_word_ok;
      MEM_SHARED_COEFS: write_ok = tile_ok && address <= SHARED_SPIKE_THRESHOLD && (!shared_is_coef || coef_shift_ok);
      MEM_TABLES:       write_ok = address < TABLE_COUNT * TABLE_SIZE;  // tables are ROMs here
      MEM_ROUTES:       write_ok = address / ROUTE_SLOTS < 32'(tiles_active_q) * 32'(columns_q) && route_ok;
      MEM_TILE_CONFIG: begin
        unique case (address)
          CONFIG_TILES:       write_ok = write.data >= 1 && write.data <= 36'(TILES);
          CONFIG_ROWS:        write_ok = write.data >= 1 && write.data <= 36'(ROWS);
          CONFIG_COLUMNS:     write_ok = write.data >= 1 && write.data <= 36'(COLUMNS);
          CONFIG_ROW_VOLTAGE, CONFIG_V_BIAS, CONFIG_ROW_VOLTAGE_1, CONFIG_ROW_VOLTAGE_2, CONFIG_ROW_VOLTAGE_3:
                              write_ok = $signed(write.data) >= -36'(V_MAX) && $signed(write.data) <= 36'(V_MAX);
          CONFIG_G_SHIFT:     write_ok = write.data <= 36'(ionarray_formats_pkg::G_SHIFT_MAX);
          CONFIG_PULSE_STEPS: write_ok = write.data >= 1 && write.data <= 36'(ionarray_formats_pkg::PULSE_STEPS_MAX);
          default:            write_ok = 1'b0;
        endcase
      end
      MEM_ROW_LEVELS:   write_ok = address < 32'(rows_q) && write.data < 36'(ROW_LEVELS);
      MEM_PLASTICITY:   write_ok = tile_ok && plastic_ok;
      MEM_SYNAPSE_STATE:  write_ok = tile_ok && synapse_ok && write.data <= 36'(SYNAPSE_X_ONE);
      MEM_SYNAPSE_CHANGE: write_ok = tile_ok && synapse_ok && change_ok;
      default: write_ok = 1'b0;
    endcase
  end

  // A payload word, as LinkCore::payload (an input event's checks in this order). Steps are 32
  // bits, compared modulo 2^32 (the sign of the difference), so runs may outlast 2^32 steps.
  logic [31:0] payload_refusal;  // 0: accepted
  logic [31:0] last_event_step_q;  // of the event queued last
  logic event_off_chip;
  logic signed [31:0] ahead_of_step, ahead_of_last;
  assign event_off_chip = 32'(event_word.tile) >= 32'(tiles_active_q) || 32'(event_word.row) >= 32'(rows_q);
  assign ahead_of_step  = $signed(event_word.step - step_i);
  assign ahead_of_last  = $signed(event_word.step - last_event_step_q);
  always_comb begin
    payload_refusal = '0;
    if (opcode_q == OP_SPIKE_IN) begin
      if (event_off_chip) payload_refusal = ERR_OUT_OF_RANGE;
      else if (ahead_of_step < 0) payload_refusal = ERR_EVENT_IN_THE_PAST;
      else if (!event_queue_empty_i && ahead_of_last < 0) payload_refusal = ERR_EVENT_OUT_OF_ORDER;
      else if (event_queue_full_i) payload_refusal = ERR_QUEUE_FULL;
    end else if (opcode_q == OP_WRITE_MEMORY) begin
      if (!write_ok) payload_refusal = ERR_OUT_OF_RANGE;
    end else if (opcode_q == OP_WRITE_REGISTER) begin
      payload_refusal = ERR_READ_ONLY;
    end
  end

  // ---- The word's verdict -------------------------------------------------------------------
  assign refusal_o = at_header ? header_refusal : payload ? payload_refusal : 32'd0;
  assign refuse_o  = refusal_o != 0;
  logic accepted_header, accepted_payload;  // (the packets with work at their header have no payload)
  assign accepted_header  = take_i && at_header && !refuse_o && header.length == 0;
  assign accepted_payload = take_i && payload && !refuse_o;
  assign run_o           = accepted_header && header.opcode == OP_RUN;
  assign sync_o          = accepted_header && header.opcode == OP_SYNC;
  assign read_register_o = accepted_header && header.opcode == OP_READ_REGISTER;
  assign read_state_o    = accepted_header && header.opcode == OP_READ_STATE;
  assign read_crossbar_o = accepted_header && header.opcode == OP_READ_CROSSBAR;
  assign event_o         = accepted_payload && opcode_q == OP_SPIKE_IN;
  assign overflow_o      = take_i && payload && opcode_q == OP_SPIKE_IN && refusal_o == ERR_QUEUE_FULL;
  logic write_taken;
  assign write_taken   = accepted_payload && opcode_q == OP_WRITE_MEMORY;
  assign route_write_o = write_taken && write.memory == MEM_ROUTES;
  always_comb begin
    cfg_valid_o = '0;
    if (write_taken)
      unique case (write.memory)
        MEM_CROSSBAR, MEM_DEVICE_COEFS, MEM_NEURON_STATE, MEM_SHARED_COEFS, MEM_PLASTICITY, MEM_SYNAPSE_STATE,
        MEM_SYNAPSE_CHANGE: cfg_valid_o[TileBits'(write.tile)] = 1'b1;
        MEM_TILE_CONFIG, MEM_ROW_LEVELS: cfg_valid_o = '1;
        default: ;
      endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      opcode_q       <= '0;
      remaining_q    <= '0;
      skipping_q     <= 1'b0;
      last_event_step_q <= '0;
      tiles_active_q <= 1;
      rows_q         <= '0;  // (no rows or columns until configured, as the C++ core)
      columns_q      <= '0;
    end else begin
      if (take_i) begin
        if (at_header) begin
          opcode_q       <= header.opcode;
          remaining_q    <= 9'(header.length);
          skipping_q     <= refuse_o;
        end else begin
          remaining_q <= remaining_q - 1'b1;
        end
      end
      if (event_o) last_event_step_q <= event_word.step;
      if (write_taken && write.memory == MEM_TILE_CONFIG)
        unique case (address)
          CONFIG_TILES:   tiles_active_q <= (TileBits + 1)'(write.data);
          CONFIG_ROWS:    rows_q <= (RowBits + 1)'(write.data);
          CONFIG_COLUMNS: columns_q <= (ColumnBits + 1)'(write.data);
          default: ;
        endcase
    end
  end
endmodule
