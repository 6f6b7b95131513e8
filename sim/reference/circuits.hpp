#pragma once
// The two circuits a device sits in: a series/compliance test circuit (sweeps, pulse tests)
// and the neuron (device in parallel with C, driven through Rin).
#include <cstdint>

#include "reference/memristor.hpp"

namespace ionarray::reference {

// Source -> series resistor -> device, with an optional current compliance that limits the
// device voltage to I_cc * R (as a source-measure unit does).
class SeriesCircuit {
 public:
  SeriesCircuit(const ParameterSet& set, std::uint64_t seed, std::uint64_t index = 0);
  // One step with the source at v_source; returns the measured current (A).
  double step(double v_source);
  const Memristor& device() const { return device_; }
  Memristor& device() { return device_; }

 private:
  Memristor device_;
  double dt_, r_series_, i_compliance_;
};

// Upward crossing of the output current through the threshold; re-arms below it.
class SpikeDetector {
 public:
  explicit SpikeDetector(double threshold) : threshold_(threshold) {}
  bool update(double current) {
    const bool spike = armed_ && current > threshold_;
    armed_ = current <= threshold_;
    return spike;
  }

 private:
  double threshold_;
  bool armed_ = true;
};

class NeuronCircuit {
 public:
  NeuronCircuit(const ParameterSet& set, std::uint64_t seed, std::uint64_t index = 0);
  // One step: Vm moves with the R of the previous step, then the device steps with v = Vm.
  // v_in drives through Rin; i_syn is injected straight into the node. Returns true on a spike.
  bool step(double v_in, double i_syn = 0);
  double vm() const { return vm_; }
  double current() const { return vm_ / device_.resistance(); }
  const Memristor& device() const { return device_; }
  Memristor& device() { return device_; }

 private:
  Memristor device_;
  SpikeDetector detector_;
  double dt_over_c_, g_in_, dt_;
  double vm_ = 0;
};

}  // namespace ionarray::reference
