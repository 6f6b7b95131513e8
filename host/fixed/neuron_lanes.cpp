#include "fixed/neuron_lanes.hpp"

namespace ionarray::fixed {

NeuronLanes::NeuronLanes(int columns) {
  const auto n = static_cast<std::size_t>(padded_columns(columns));
  for (auto* v : {&f, &r, &s, &vm, &armed}) v->resize(n);
  noise.resize(n);
  for (auto* c : {&kg, &diffuse_f, &diffuse_f_noise, &diffuse_r, &diffuse_r_noise, &drift, &transfer}) c->resize(n);
}

fx::NeuronState NeuronLanes::state(std::size_t j) const {
  fx::NeuronState n;
  n.f = static_cast<std::int32_t>(f[j]);
  n.r = static_cast<std::int32_t>(r[j]);
  n.s = static_cast<std::int32_t>(s[j]);
  n.vm = static_cast<std::int32_t>(vm[j]);
  n.kg = kg.get(j);
  n.armed = armed[j] != 0;
  n.noise = noise[j];
  return n;
}

void NeuronLanes::set_state(std::size_t j, const fx::NeuronState& n) {
  f[j] = n.f, r[j] = n.r, s[j] = n.s, vm[j] = n.vm;
  kg.set(j, n.kg);
  armed[j] = n.armed ? 1 : 0;
  noise[j] = n.noise;
}

fx::DeviceCoefs NeuronLanes::coefs(std::size_t j) const {
  return {diffuse_f.get(j), diffuse_f_noise.get(j), diffuse_r.get(j), diffuse_r_noise.get(j), drift.get(j), transfer.get(j)};
}

void NeuronLanes::set_coefs(std::size_t j, const fx::DeviceCoefs& d) {
  diffuse_f.set(j, d.diffuse_f);
  diffuse_f_noise.set(j, d.diffuse_f_noise);
  diffuse_r.set(j, d.diffuse_r);
  diffuse_r_noise.set(j, d.diffuse_r_noise);
  drift.set(j, d.drift);
  transfer.set(j, d.transfer);
}

}  // namespace ionarray::fixed
