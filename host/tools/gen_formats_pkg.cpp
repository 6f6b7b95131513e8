// Generates, so the RTL never retypes a width or a table entry:
// - FORMATS.sv, the package ionarray_formats_pkg: word widths and margins (fixed_point.hpp), the
//   engine's latency and table size (neuron_engine.hpp), tile limits and latencies
//   (tile_engine.hpp), the write_memory memory map (memory_map.hpp) and the link core's queue
//   depths and counters (link_core.hpp), all in hls/ionarray/, the single source;
// - TABLES.sv and ionarray_table_NAME.svh beside it: the engine's function tables as ROM
//   contents, from fill_tables() in host/fixed/tables.cpp;
// - ENGINE.sv, the package ionarray_engine_pkg: the engine's structs (tools/engine_pkg.hpp).
//
//   gen_formats_pkg FORMATS.sv TABLES.sv ENGINE.sv
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "fixed/tables.hpp"
#include "tools/engine_pkg.hpp"
#include "ionarray/link_core.hpp"
#include "ionarray/memory_map.hpp"
#include "ionarray/neuron_engine.hpp"
#include "ionarray/plastic_synapse.hpp"
#include "ionarray/tile_engine.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gen_formats_pkg FORMATS.sv TABLES.sv ENGINE.sv\n");
    return 2;
  }
  using namespace ionarray::fx;
  std::string p;
  const auto param = [&p](const char* name, long long value, const char* doc) {
    p += fmt::format("  localparam int {} = {};  // {}\n", name, value, doc);
  };
  param("X_FRAC", kXFrac, "f, r, x: UQ1.25");
  param("S_FRAC", kSFrac, "s = S - 1: UQ2.22");
  param("S_MAX", kSMax, "largest s word");
  param("V_FRAC", kVFrac, "voltages: SQ6.20");
  param("V_MAX", kVMax, "largest |V| word");
  param("U_FRAC", kUFrac, "tunnelling exponent: UQ5.25");
  param("R_FRAC", kRFrac, "R / Ron: UQ38.25");
  param("LUT16_FRAC", kLut16Frac, "narrow table entries: UQ1.16");
  param("BRIDGED_MARGIN", kBridgedMargin, "bridged when 1 - x < this many LSB");
  param("OPEN_MARGIN", kOpenMargin, "open when s < this many LSB");
  param("WIDE_BITS", 27, "wide multiplier operand (DSP48E2 A:B)");
  param("NARROW_BITS", 18, "narrow multiplier operand");
  param("MANT_BITS", 17, "coefficient mantissa");
  param("COEF_SHIFT_MIN", kCoefShiftMin, "smallest coefficient shift the engine takes");
  param("COEF_SHIFT_MAX", kCoefShiftMax, "largest coefficient shift the engine takes");
  param("TABLE_BITS", kTableBits, "table intervals = 2^TABLE_BITS, linear interpolation");
  param("TABLE_SIZE", kTableSize, "entries per table");
  param("ENGINE_LATENCY", kEngineLatency, "clocks through the pipelined engine (ionarray_engine_pipeline)");
  param("SYNAPSE_X_FRAC", kSynapseXFrac, "a plastic synapse's state x: UQ1.24");
  param("SYNAPSE_PROGRAM_LATENCY", kSynapseProgramLatency, "clocks through the synapse programming pipeline (ionarray_synapse_program)");
  param("ROW_VOLTAGE_LEVELS", kRowVoltageLevels, "most voltages the rows of a tile are driven at (row_levels)");
  param("SYNAPSE_SLOTS", kSynapseSlots, "voltage classes with a change per synapse (synapse_change slots)");
  param("VOLTAGE_CLASSES", kVoltageClasses, "voltage classes across a plastic synapse");
  param("COLUMN_PULSE_STEPS_MAX", kColumnPulseStepsMax, "largest plasticity post_head_steps and post_tail_steps");
  param("NO_SLOT", int(kNoSlot), "a voltage class without a slot in the slot map");
  param("MAX_ROWS", kMaxRows, "crossbar rows per tile");
  param("MAX_COLUMNS", kMaxColumns, "crossbar columns (neurons) per tile");
  param("TILE_SYNAPSE_LATENCY", kTileSynapseLatency, "clocks from a neuron's issue to the engine (its synaptic input)");
  param("LEVEL_SUM_LATENCY", kLevelSumLatency, "clocks more with more than one row voltage level (their products' sum)");
  param("CONDUCTANCE_WORD_MAX", kConductanceWordMax, "largest crossbar word");
  param("G_SHIFT_MAX", kGShiftMax, "largest tile_config g_shift");
  param("PULSE_STEPS_MAX", kPulseStepsMax, "largest tile_config pulse_steps");
  param("CONDUCTANCE_SUM_SPLIT", kConductanceSumSplit, "low bits of a conductance sum in its first DSP product");
  param("ROUTE_SLOTS", kRouteSlots, "rows one neuron drives");
  param("EVENT_QUEUE_DEPTH", kEventQueueDepth, "input events the link core queues");
  param("SYNC_QUEUE_DEPTH", kSyncQueueDepth, "syncs waiting for a run to finish");
  param("COUNTER_COUNT", kCounterCount, "status counters");
  param("MAX_PAYLOAD_WORDS", kMaxPayloadWords, "payload words of one packet (the header's length)");
  param("NO_ROUTE", kNoRoute, "empty route slot");
  param("TABLE_COUNT", kTableCount, "function tables");
  // The memory map of write_memory words (hls/ionarray/memory_map.hpp): addresses of fields.
  param("COEFS_PER_NEURON", kCoefsPerNeuron, "device_coefs address stride");
  param("CROSSBAR_COLUMN_BITS", kCrossbarColumnBits, "crossbar address = row << this | column");
  param("STATE_WORDS", kStateWords, "neuron_state address stride");
  param("STATE_READ_MAX", kStateReadMax, "neurons one read_state may ask for");
  const std::pair<const char*, int> fields[] = {
      {"STATE_F", int(StateField::f)}, {"STATE_R", int(StateField::r)}, {"STATE_S", int(StateField::s)},
      {"STATE_VM", int(StateField::vm)}, {"STATE_KG", int(StateField::kg)}, {"STATE_ARMED", int(StateField::armed)},
      {"STATE_NOISE_LOW", int(StateField::noise_low)}, {"STATE_NOISE_HIGH", int(StateField::noise_high)},
      {"SHARED_SYMMETRIC", int(SharedField::symmetric)}, {"SHARED_C2C", int(SharedField::c2c)},
      {"SHARED_ALPHA", int(SharedField::alpha)}, {"SHARED_GROW", int(SharedField::grow)},
      {"SHARED_SHRINK", int(SharedField::shrink)}, {"SHARED_SHRINK_NOISE", int(SharedField::shrink_noise)},
      {"SHARED_TUNNEL_EXPONENT", int(SharedField::tunnel_exponent)}, {"SHARED_TUNNEL_SCALE", int(SharedField::tunnel_scale)},
      {"SHARED_TUNNEL_OFFSET_LOW", int(SharedField::tunnel_offset_low)},
      {"SHARED_TUNNEL_OFFSET_HIGH", int(SharedField::tunnel_offset_high)}, {"SHARED_INPUT", int(SharedField::input)},
      {"SHARED_ON_CONDUCTANCE", int(SharedField::on_conductance)}, {"SHARED_SPIKE_THRESHOLD", int(SharedField::spike_threshold)},
      {"CONFIG_TILES", int(ConfigField::tiles)}, {"CONFIG_ROWS", int(ConfigField::rows)},
      {"CONFIG_COLUMNS", int(ConfigField::columns)}, {"CONFIG_ROW_VOLTAGE", int(ConfigField::row_voltage)},
      {"CONFIG_V_BIAS", int(ConfigField::v_bias)}, {"CONFIG_G_SHIFT", int(ConfigField::g_shift)},
      {"CONFIG_PULSE_STEPS", int(ConfigField::pulse_steps)}, {"CONFIG_ROW_VOLTAGE_1", int(ConfigField::row_voltage_1)},
      {"CONFIG_ROW_VOLTAGE_2", int(ConfigField::row_voltage_2)}, {"CONFIG_ROW_VOLTAGE_3", int(ConfigField::row_voltage_3)},
      {"PLASTICITY_FIRST_ROW", int(PlasticField::first_row)}, {"PLASTICITY_ROWS", int(PlasticField::rows)},
      {"PLASTICITY_PRE_HEAD_STEPS", int(PlasticField::pre_head_steps)},
      {"PLASTICITY_POST_HEAD_STEPS", int(PlasticField::post_head_steps)},
      {"PLASTICITY_POST_TAIL_STEPS", int(PlasticField::post_tail_steps)},
      {"PLASTICITY_IDLE_ROWS_GROUNDED", int(PlasticField::idle_rows_grounded)}, {"PLASTICITY_SLOT_MAP", int(PlasticField::slot_map)},
      {"PLASTICITY_C2C", int(PlasticField::c2c)}, {"PLASTICITY_RESISTANCE_RATIO", int(PlasticField::resistance_ratio)},
      {"PLASTICITY_WORD_ON", int(PlasticField::word_on)}, {"PLASTICITY_NOISE_LOW", int(PlasticField::noise_low)},
      {"PLASTICITY_NOISE_HIGH", int(PlasticField::noise_high)}};
  for (const auto& [name, value] : fields) param(name, value, "memory_map.hpp address");
  DeviceCoefs d;
  const auto slot_of = [&d](const Coef* member) {
    for (int k = 0; k < kDeviceCoefCount; ++k)
      if (device_coef_slot(d, k) == member) return k;
    return -1;
  };
  const std::pair<const char*, const Coef*> coefs[] = {
      {"COEF_DIFFUSE_F", &d.diffuse_f}, {"COEF_DIFFUSE_F_NOISE", &d.diffuse_f_noise}, {"COEF_DIFFUSE_R", &d.diffuse_r},
      {"COEF_DIFFUSE_R_NOISE", &d.diffuse_r_noise}, {"COEF_DRIFT", &d.drift}, {"COEF_TRANSFER", &d.transfer}};
  for (const auto& [name, member] : coefs) param(name, slot_of(member), "device_coef_slot() order");
  const std::string text = fmt::format(
      "// Generated by host/tools/gen_formats_pkg.cpp from hls/ionarray/*.hpp. Do not edit.\n"
      "/* verilator lint_off UNUSEDPARAM */\npackage ionarray_formats_pkg;\n\n{}\n"
      "  // Round half up, as shift_round() in fixed_point.hpp.\n"
      "endpackage\n/* verilator lint_on UNUSEDPARAM */\n",
      p);
  std::ofstream out(argv[1]);
  out << text;
  // The function tables as ROM contents, from the same builder the engine's configuration uses.
  auto tables = std::make_unique<EngineTables>();
  ionarray::fixed::fill_tables(*tables);
  std::string roms;
  const std::pair<const char*, const std::int32_t*> named[] = {
      {"exp_neg", tables->exp_neg}, {"exp_pos", tables->exp_pos}, {"inv_s2", tables->inv_s2},
      {"exp2_frac", tables->exp2_frac}, {"expm1_ratio", tables->expm1_ratio}, {"reciprocal", tables->reciprocal}};
  // One assignment per entry, included in the engine's initial block that fills its ROM arrays
  // (rtl/core/ionarray_engine.sv says why arrays). Yosys 0.23 reads no array parameters.
  for (const auto& [name, values] : named)
    for (int i = 0; i < kTableSize; ++i)
      roms += fmt::format("{}_rom[{}] = 32'h{:08x};\n", name, i, static_cast<std::uint32_t>(values[i]));
  std::ofstream table_out(argv[2]);
  table_out << "// Generated by host/tools/gen_formats_pkg.cpp from host/fixed/tables.cpp. Do not edit.\n"
               "// The engine's function tables: `include'd in ionarray_engine's initial block.\n"
            << roms;
  bool ok = out && table_out;
  // Each table alone, as ionarray_table_NAME.svh beside TABLES.sv: the pipelined engine's table
  // units include only the table they read (ionarray_table_interp.sv), into their array `rom`.
  const std::filesystem::path dir = std::filesystem::path(argv[2]).parent_path();
  for (const auto& [name, values] : named) {
    std::ofstream one(dir / fmt::format("ionarray_table_{}.svh", name));
    one << "// Generated by host/tools/gen_formats_pkg.cpp from host/fixed/tables.cpp. Do not edit.\n";
    for (int i = 0; i < kTableSize; ++i) one << fmt::format("rom[{}] = 32'h{:08x};\n", i, static_cast<std::uint32_t>(values[i]));
    ok = ok && static_cast<bool>(one);
  }
  std::ofstream engine_out(argv[3]);
  engine_out << ionarray::tools::engine_pkg();
  ok = ok && static_cast<bool>(engine_out);
  return ok ? 0 : 1;
}
