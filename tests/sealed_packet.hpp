#pragma once
// For tests that write packets word by word: a packet's header and payload with its trailer.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "ionarray/link_crc.hpp"

namespace ionarray::testing {

inline std::vector<std::uint64_t> sealed(std::vector<std::uint64_t> packet) {
  packet.push_back(link::trailer_of(packet.data(), static_cast<int>(packet.size())));
  return packet;
}

// Several packets, each sealed, one after the other.
inline std::vector<std::uint64_t> sealed_all(std::initializer_list<std::vector<std::uint64_t>> packets) {
  std::vector<std::uint64_t> words;
  for (const auto& p : packets) {
    const auto s = sealed(p);
    words.insert(words.end(), s.begin(), s.end());
  }
  return words;
}

}  // namespace ionarray::testing
