#pragma once
// The CRC that ends every host-link packet (spec/host_link.toml [crc]): CRC-32C over 64-bit
// words, most significant bit first, not reflected. Byte-wise through a 256-entry table here; the
// RTL (crc_word in the generated ionarray_host_link_pkg) computes the same register bit by bit, a word per clock.
// C++17, like the rest of hls/.
#include <cstdint>

#include "ionarray/host_link.hpp"

namespace ionarray::link {

struct CrcTable {
  std::uint32_t entry[256] = {};
  constexpr CrcTable() {
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
      std::uint32_t crc = byte << 24;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x80000000u) ? (crc << 1) ^ kCrcPolynomial : crc << 1;
      entry[byte] = crc;
    }
  }
};
inline constexpr CrcTable kCrcTable{};

// The CRC register after `word`, from `crc`.
constexpr std::uint32_t crc_word(std::uint32_t crc, std::uint64_t word) {
  for (int shift = 56; shift >= 0; shift -= 8)
    crc = (crc << 8) ^ kCrcTable.entry[((crc >> 24) ^ static_cast<std::uint32_t>(word >> shift)) & 0xFF];
  return crc;
}

// The words the packet starting with `header_word` takes on the link: header, payload, trailer.
constexpr std::uint64_t packet_words(std::uint64_t header_word) { return unpack_header(header_word).length + 2; }

// The trailer word of the packet whose header and payload are words[0 .. n).
inline std::uint64_t trailer_of(const std::uint64_t* words, int n) {
  std::uint32_t crc = kCrcInit;
  for (int k = 0; k < n; ++k) crc = crc_word(crc, words[k]);
  Trailer t;
  t.crc = crc;
  return pack(t);
}

}  // namespace ionarray::link
