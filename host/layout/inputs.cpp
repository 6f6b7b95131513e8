#include "layout/inputs.hpp"

namespace ionarray {

InputSchedule::InputSchedule(const reference::ArraySpec& spec, const ArrayInputs& inputs)
    : spec_(spec), inputs_(inputs) {
  for (std::size_t k = 0; k < inputs.poisson.size(); ++k)
    streams_.emplace_back(inputs.poisson[k].seed, k, noise::Stream::device_to_device);
}

void InputSchedule::next(long steps, std::vector<ExternalEvent>& out) {
  for (const long end = step_ + steps; step_ < end; ++step_) {
    for (std::size_t p = 0; p < streams_.size(); ++p) {
      const std::uint64_t limit = noise::probability_limit(inputs_.poisson[p].probability);
      for (int t : inputs_.poisson[p].tiles)
        for (int i = 0; i < spec_.rows; ++i)
          if (streams_[p].next_below(limit)) out.push_back({step_, t, i});
    }
    for (; listed_ < inputs_.events.size() && inputs_.events[listed_].step == step_; ++listed_) out.push_back(inputs_.events[listed_]);
  }
}

ArrayInputs ring_head_input(const reference::ArraySpec& spec, int ring, double probability) {
  PoissonSource source{.probability = probability};
  for (int t = 0; t < spec.tiles; t += ring) source.tiles.push_back(t);
  return {.poisson = {source}};
}

}  // namespace ionarray
