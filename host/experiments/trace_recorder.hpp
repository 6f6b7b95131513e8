#pragma once
// A run's state traces: traces.csv (one row per sample and neuron: step, time_s, tile, neuron,
// then each recorded field in physical units) and, if asked, traces.vcd for GTKWave (a scope per
// tile and neuron, a real variable per field and a one-bit `spike` wire). Files are flushed
// when the recorder goes out of scope, also when a run fails midway.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "device/device.hpp"
#include "io/output_dir.hpp"
#include "io/vcd_writer.hpp"
#include "layout/record_spec.hpp"

namespace ionarray {

class TraceRecorder {
 public:
  // `vcd`: where to write the VCD file, if anywhere.
  TraceRecorder(const RecordSpec& spec, double dt, const OutputDir& dir, const std::optional<std::filesystem::path>& vcd);
  // The state of every recorded neuron now, after device.current_step() steps.
  void sample(Device& device);
  // Spikes from a run, in step order; those of recorded neurons mark their `spike` wire for one
  // step, from the end of the step they fired in.
  void spikes(std::span<const SpikeEvent> spikes);
  // The files written, for the run's summary.
  std::vector<std::string> files() const;

 private:
  RecordSpec spec_;
  double dt_;
  std::map<std::pair<int, int>, std::size_t> index_;  // (tile, neuron) -> position in spec_.neurons
  CsvWriter csv_;
  std::unique_ptr<VcdWriter> vcd_;
  std::vector<int> real_vars_;  // per neuron, per field
  std::vector<int> spike_vars_;  // per neuron
  std::vector<std::string> files_;
};

}  // namespace ionarray
