#pragma once
// The network of a chip as JSON for bench/brian2_network.py (the peer simulator's benches): the
// neuron set, the shape, the ring-head input rows, every non-zero synapse (per-step, unitless
// dt G / C) and every route.
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "layout/inputs.hpp"
#include "reference/array_spec.hpp"

namespace ionarray::bench {

inline void export_network(const reference::ArraySpec& spec, const std::filesystem::path& path) {
  nlohmann::json j;
  const auto& d = spec.neuron.device;
  const auto& c = spec.neuron.circuit;
  j["dt"] = c.dt;
  j["device"] = {{"r_on", d.r_on}, {"r_off", d.r_off}, {"mu", d.mu}, {"gamma1", d.gamma1}, {"gamma2", d.gamma2},
                 {"gamma3", d.gamma3}, {"theta", d.theta}, {"beta", d.beta}, {"lambda", d.lambda}, {"alpha", d.alpha},
                 {"sigma1", d.sigma1}, {"sigma2", d.sigma2}, {"sigma3", d.sigma3}, {"residue0", d.residue0}};
  j["circuit"] = {{"r_in", c.r_in}, {"c", c.c}, {"spike_threshold", c.spike_threshold}};
  j["tiles"] = spec.tiles;
  j["rows"] = spec.rows;
  j["columns"] = spec.columns;
  j["v_bias"] = spec.v_bias;
  j["row_voltage"] = spec.row_voltage;
  j["pulse_steps"] = spec.pulse_steps;
  j["input_probability"] = 0.01;
  std::vector<int> input_rows;
  const auto inputs = ring_head_input(spec);  // named: the loop below must not outlive it
  for (int t : inputs.poisson.at(0).tiles)
    for (int i = 0; i < spec.rows; ++i) input_rows.push_back(t * spec.rows + i);
  j["input_rows"] = input_rows;
  std::vector<int> tile, row, column, route_neuron, route_row;
  std::vector<double> g;
  for (int t = 0; t < spec.tiles; ++t)
    for (int i = 0; i < spec.rows; ++i)
      for (int k = 0; k < spec.columns; ++k) {
        const double v = spec.conductance[std::size_t(t)][std::size_t(i * spec.columns + k)];
        if (v == 0) continue;
        tile.push_back(t), row.push_back(i), column.push_back(k), g.push_back(v * c.dt / c.c);  // per-step, unitless
      }
  for (int n = 0; n < spec.neurons(); ++n)
    for (const auto& target : spec.routes[std::size_t(n)])
      route_neuron.push_back(n), route_row.push_back(target.tile * spec.rows + target.row);
  j["synapse_tile"] = tile;
  j["synapse_row"] = row;
  j["synapse_column"] = column;
  j["synapse_g"] = g;
  j["route_neuron"] = route_neuron;
  j["route_row"] = route_row;
  std::ofstream(path) << j.dump();
}

}  // namespace ionarray::bench
