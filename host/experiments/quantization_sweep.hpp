#pragma once
// Accuracy against datapath width: the accuracy scenarios of independent neurons re-run with
// narrower coefficient mantissas and state words, so a user can trade accuracy for FPGA area.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "experiments/stop_request.hpp"

namespace ionarray {

// Rows of {mantissa_bits, state_bits, scenario, first-1000 share, all-spikes share, rate error}.
// Rows of a whole sweep: 2 scenarios x 8 precisions.
inline constexpr int kQuantizationSweepRows = 16;
// `stop` is asked before each run: the rows completed until it said so are returned.
nlohmann::json quantization_sweep(std::uint64_t seed, const StopRequest& stop = {});

}  // namespace ionarray
