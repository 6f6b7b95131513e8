#include "experiments/trace_recorder.hpp"

#include <fmt/format.h>

namespace ionarray {
namespace {

std::vector<std::string> csv_columns(const RecordSpec& spec) {
  std::vector<std::string> columns{"step", "time_s", "tile", "neuron"};
  for (auto f : spec.fields) {
    const auto unit = trace_field_unit(f);
    columns.push_back(unit.empty() ? std::string(trace_field_name(f)) : fmt::format("{}_{}", trace_field_name(f), unit));
  }
  return columns;
}

double value_of(const StateProbe& p, TraceField f) {
  switch (f) {
    case TraceField::vm: return p.vm;
    case TraceField::f: return p.f;
    case TraceField::r: return p.r;
    case TraceField::s: return p.s;
    case TraceField::g: return p.g;
  }
  return 0;
}

}  // namespace

TraceRecorder::TraceRecorder(const RecordSpec& spec, double dt, const OutputDir& dir,
                             const std::optional<std::filesystem::path>& vcd)
    : spec_(spec), dt_(dt), csv_(dir.file("traces.csv"), csv_columns(spec)), files_{dir.file("traces.csv").string()} {
  for (std::size_t k = 0; k < spec_.neurons.size(); ++k) index_[{spec_.neurons[k].tile, spec_.neurons[k].neuron}] = k;
  if (!vcd) return;
  vcd_ = std::make_unique<VcdWriter>(*vcd, dt, fmt::format("ionarray state traces: a simulation step is {:g} s; vm in V, "
                                                           "g in S; f, r, s dimensionless", dt));
  for (const auto& n : spec_.neurons) {
    const std::vector<std::string> scope{"chip", fmt::format("tile_{}", n.tile), fmt::format("neuron_{}", n.neuron)};
    for (auto f : spec_.fields) real_vars_.push_back(vcd_->add_real(scope, std::string(trace_field_name(f))));
    spike_vars_.push_back(vcd_->add_wire(scope, "spike"));
  }
  files_.push_back(vcd->string());
}

void TraceRecorder::sample(Device& device) {
  const auto step = device.current_step();
  std::vector<double> row;
  for (std::size_t k = 0; k < spec_.neurons.size(); ++k) {
    const auto& n = spec_.neurons[k];
    const auto probe = device.read_state(n.tile, n.neuron);
    row = {static_cast<double>(step), static_cast<double>(step) * dt_, static_cast<double>(n.tile),
           static_cast<double>(n.neuron)};
    for (auto f : spec_.fields) row.push_back(value_of(probe, f));
    csv_.row(row);
    if (!vcd_) continue;
    for (std::size_t f = 0; f < spec_.fields.size(); ++f)
      vcd_->set_real(step, real_vars_[k * spec_.fields.size() + f], value_of(probe, spec_.fields[f]));
    if (step == 0) vcd_->set_bit(0, spike_vars_[k], false);
  }
  csv_.flush();
  // Later runs bring spikes from this step on, whose marks start at step + 1.
  if (vcd_) vcd_->commit_before(step + 1);
}

void TraceRecorder::spikes(std::span<const SpikeEvent> spikes) {
  if (!vcd_) return;
  for (const auto& s : spikes) {
    const auto it = index_.find({s.tile, s.neuron});
    if (it == index_.end()) continue;
    vcd_->set_bit(s.step + 1, spike_vars_[it->second], true);
    vcd_->set_bit(s.step + 2, spike_vars_[it->second], false);
  }
}

std::vector<std::string> TraceRecorder::files() const { return files_; }

}  // namespace ionarray
