#pragma once
// Accuracy against datapath width: the accuracy scenarios of independent neurons re-run with
// narrower coefficient mantissas and state words, so a user can trade accuracy for FPGA area.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace ionarray {

// Rows of {mantissa_bits, state_bits, scenario, first-1000 share, all-spikes share, rate error}.
nlohmann::json quantization_sweep(std::uint64_t seed);

}  // namespace ionarray
