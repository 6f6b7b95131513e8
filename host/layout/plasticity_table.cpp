// [plasticity]: drift-memristor synapses programmed by the neurons' own spikes, for the whole chip
// or a region of tiles: the synapse parameter set and the programming pulses.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "io/synapse_file.hpp"
#include "ionarray/tile_engine.hpp"
#include "layout/layout_tables.hpp"

namespace ionarray {
namespace {

reference::SynapseParams read_synapse_set(TomlTable& t) {
  if (t.has("set") && t.child("set").is_table())  // inline: set = { base = "vteam", synapse = { r_on = 2e4 } }
    return synapse_set_from_table(t.child("set"), t.file(), "inline");
  const auto name = t.required_text("set");
  try {
    return resolve_synapse_set(name.ends_with(".toml") ? relative_to(t.file(), name) : name);
  } catch (const InputError& e) {
    t.fail("set", e.what());
  }
}

reference::PulseScheme read_pulses(TomlTable t, int pulse_steps) {
  constexpr double kV = reference::kMaxDriveVolts;
  reference::PulseScheme s;
  s.pre_head = t.number("pre_head", -kV, kV, 0, "V");
  s.pre_tail = t.number("pre_tail", -kV, kV, 0, "V");
  // The presynaptic pulse is the row's active window ([pulses] steps): its head lies within it.
  s.pre_head_steps = static_cast<int>(t.integer("pre_head_steps", 0, pulse_steps, std::min(1, pulse_steps)));
  s.post_head = t.number("post_head", -kV, kV, 0, "V");
  s.post_tail = t.number("post_tail", -kV, kV, 0, "V");
  s.post_head_steps = static_cast<int>(t.integer("post_head_steps", 0, fx::kPulseStepsMax, 1));
  s.post_tail_steps = static_cast<int>(t.integer("post_tail_steps", 0, fx::kPulseStepsMax, 0));
  s.idle_rows_grounded = t.text("idle_rows", {"float", "ground"}, "float") == "ground";
  if (s.post_steps() == 0)
    t.fail("post_head_steps", "post_head_steps + post_tail_steps is 0: a spike would put no pulse on its column, so "
                              "no synapse would ever be programmed; allowed: a sum >= 1");
  t.finish();
  return s;
}

bool passes(double v, const reference::SynapseParams& p) { return v < p.v_on || v > p.v_off; }

// The scheme against the nominal thresholds: the presynaptic pulse alone must not program (every
// input would move its row's synapses), and some overlap must, or nothing is ever learnt.
void check_scheme(const TomlTable& t, const reference::PulseScheme& s, const reference::SynapseParams& p, int pulse_steps) {
  const auto window = fmt::format("synapse.v_on .. synapse.v_off = {:g} .. {:g} V", p.v_on, p.v_off);
  std::vector<double> pre;
  if (s.pre_head_steps > 0) pre.push_back(s.pre_head);
  if (s.pre_head_steps < pulse_steps) pre.push_back(s.pre_tail);
  for (const auto& [v, key] : {std::pair{s.pre_head, "pre_head"}, std::pair{s.pre_tail, "pre_tail"}})
    if (std::find(pre.begin(), pre.end(), v) != pre.end() && passes(v, p))
      throw InputError(t.file(), t.line_of("pulses"), fmt::format("plasticity.pulses.{}", key),
                       fmt::format("plasticity.pulses.{} = {:g} V passes a threshold alone: every input would program "
                                   "its row's synapses; a presynaptic pulse must lie within {}", key, v, window));
  std::vector<double> post;
  if (s.post_head_steps > 0) post.push_back(s.post_head);
  if (s.post_tail_steps > 0) post.push_back(s.post_tail);
  bool programs = false;
  for (double b : post) {
    for (double a : pre) programs = programs || passes(a - b, p);
    programs = programs || (s.idle_rows_grounded && passes(-b, p));
  }
  if (!programs)
    throw InputError(t.file(), t.line_of("pulses"), "plasticity.pulses",
                     fmt::format("no overlap of these pulses passes a threshold (row minus column voltage outside {}): "
                                 "no synapse would ever be programmed", window));
}

}  // namespace

void read_plasticity(TomlTable t, Layout& l) {
  auto& plasticity = l.spec.plasticity;
  plasticity.synapse = read_synapse_set(t);
  auto& syn = plasticity.synapse;
  syn.c2c = t.number("c2c", 0, 0.28, syn.c2c);
  syn.d2d = t.number("d2d", 0, 0.28, syn.d2d);
  plasticity.tiles.assign(static_cast<std::size_t>(l.spec.tiles), !t.has("tiles"));
  if (t.has("tiles"))
    for (long tile : t.integers("tiles", 0, l.spec.tiles - 1, 1, static_cast<std::size_t>(l.spec.tiles))) {
      if (plasticity.tiles[static_cast<std::size_t>(tile)]) t.fail("tiles", fmt::format("tile {} is listed twice", tile));
      plasticity.tiles[static_cast<std::size_t>(tile)] = true;
    }
  if (t.has("rows")) {  // the plastic rows of a plastic tile; the others keep their conductances
    const auto rows = t.integers("rows", 0, l.spec.rows - 1, 2, 2);
    if (rows[1] < rows[0]) t.fail("rows", fmt::format("rows = [{}, {}]: the first row must not exceed the last", rows[0], rows[1]));
    plasticity.first_row = static_cast<int>(rows[0]);
    plasticity.last_row = static_cast<int>(rows[1]);
  }
  if (!t.has("pulses")) t.fail("pulses", "[plasticity.pulses] is required: the programming pulses of rows and columns");
  plasticity.pulses = read_pulses(TomlTable(t.file(), t.child("pulses"), "plasticity.pulses"), l.spec.pulse_steps);
  t.finish();
  // The crossbar's words hold 0 .. synapses.g_max: a device that conducts more cannot be stored.
  if (syn.g_on() > l.synapse_g_max * (1 + 1e-12))
    t.fail("set", fmt::format("synapse.r_on = {:g} ohm conducts up to 1/R_on = {:g} S, above synapses.g_max = {:g} S, "
                              "the largest conductance the crossbar's words hold; allowed: r_on >= {:g} ohm (or a "
                              "larger synapses.g_max)", syn.r_on, syn.g_on(), l.synapse_g_max, 1 / l.synapse_g_max));
  check_scheme(t, plasticity.pulses, syn, l.spec.pulse_steps);
}

}  // namespace ionarray
