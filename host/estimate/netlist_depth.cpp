#include "estimate/netlist_depth.hpp"

#include <functional>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace ionarray::estimate {

namespace {

long param_value(const nlohmann::json& cell, const char* name) {
  const auto& params = cell.value("parameters", nlohmann::json::object());
  if (!params.contains(name)) return 0;
  const auto& v = params.at(name);
  if (v.is_number()) return v.get<long>();
  // Yosys writes parameters as binary strings.
  return std::stol(v.get<std::string>(), nullptr, 2);
}

bool is_lut_ram(const std::string& type) {
  return type.starts_with("RAM32") || type.starts_with("RAM64") || type.starts_with("RAM128") || type.starts_with("RAM256");
}

bool fully_registered_dsp(const nlohmann::json& cell) {
  return param_value(cell, "AREG") >= 1 && param_value(cell, "BREG") >= 1 && param_value(cell, "MREG") >= 1 &&
         param_value(cell, "PREG") >= 1;
}

// Levels a combinational cell adds; < 0 for a path end: a register, or a cell left out of the
// run (a black box such as the engine in a tile shell).
double weight(const std::string& type, const nlohmann::json& cell) {
  if (type == "DSP48E2" || type == "DSP48E1") return fully_registered_dsp(cell) ? -1 : 1;
  if (type == "CARRY4") return 0.5;
  if (type == "INV" || type == "GND" || type == "VCC") return 0;
  if (type.starts_with("LUT") || type.starts_with("MUXF") || type == "CARRY8") return 1;
  // LUT RAM: the read is combinational from the address (the write, below, is clocked)
  if (is_lut_ram(type)) return 1;
  return -1;  // FD*, SRL*, RAMB*, black boxes
}

// A LUT RAM's write data and write enable are taken at the clock edge: a path ends there.
// (Its address pins stay on the path: on the shared port they address the read as well.)
bool clocked_input(const std::string& type, const std::string& port) {
  return is_lut_ram(type) && (port.starts_with("DI") || port == "D" || port == "WE" || port == "WCLK");
}

}  // namespace

NetlistDepth netlist_depth(const nlohmann::json& netlist, const std::string& top) {
  const auto& modules = netlist.at("modules");
  if (!modules.contains(top)) throw std::invalid_argument("netlist has no module " + top);
  const auto& cells = modules.at(top).at("cells");

  struct Node {
    std::string type;
    double weight = 0;
    std::vector<long> inputs;  // nets
  };
  std::vector<Node> nodes;
  std::unordered_map<long, std::size_t> driver;  // net -> combinational node driving it
  NetlistDepth result;
  for (const auto& [name, cell] : cells.items()) {
    const std::string type = cell.at("type");
    const double w = weight(type, cell);
    if (type == "DSP48E2" || type == "DSP48E1") (w < 0 ? result.registered_dsps : result.unregistered_dsps)++;
    if (w < 0) continue;
    Node node{type, w, {}};
    const auto& directions = cell.at("port_directions");
    for (const auto& [port, bits] : cell.at("connections").items()) {
      const bool output = directions.at(port) == "output";
      if (!output && clocked_input(type, port)) continue;
      for (const auto& bit : bits) {
        if (!bit.is_number()) continue;  // constants
        if (output) driver[bit.get<long>()] = nodes.size();
        else node.inputs.push_back(bit.get<long>());
      }
    }
    nodes.push_back(std::move(node));
  }

  // Longest path ending at each node (memoized depth-first search; -2 marks "in progress").
  std::vector<double> arrival(nodes.size(), -1);
  std::vector<long> from(nodes.size(), -1), cells_on(nodes.size(), 0);
  std::function<double(std::size_t)> visit = [&](std::size_t n) -> double {
    if (arrival[n] == -2) throw std::invalid_argument("combinational loop through a " + nodes[n].type);
    if (arrival[n] >= 0) return arrival[n];
    arrival[n] = -2;
    double best = 0;
    long best_from = -1;
    for (const long net : nodes[n].inputs) {
      const auto d = driver.find(net);
      if (d == driver.end()) continue;  // driven by a register or a port
      const double a = visit(d->second);
      if (a > best || best_from < 0) best = a, best_from = static_cast<long>(d->second);
    }
    from[n] = best_from;
    cells_on[n] = 1 + (best_from >= 0 ? cells_on[static_cast<std::size_t>(best_from)] : 0);
    return arrival[n] = best + nodes[n].weight;
  };
  long deepest = -1;
  for (std::size_t n = 0; n < nodes.size(); ++n)
    if (visit(n) > result.levels || deepest < 0) result.levels = arrival[n], deepest = static_cast<long>(n);
  if (deepest >= 0) {
    result.cells = cells_on[static_cast<std::size_t>(deepest)];
    for (long n = deepest; n >= 0; n = from[static_cast<std::size_t>(n)]) result.path.insert(result.path.begin(), nodes[static_cast<std::size_t>(n)].type);
  }
  return result;
}

}  // namespace ionarray::estimate
