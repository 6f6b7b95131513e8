// The host's decoder of the device's word stream (host/link/packet_reader.*), fed any words. The
// first byte chooses whether the words go in as they are or cut into packets by their headers
// and sealed with their CRC. Either way, every packet it hands out must be one that is in the
// stream, whole, with a trailer that holds its CRC, in stream order: a corrupted, cut or
// misframed packet is never handed out. Sealed streams of packets with known headers come out
// whole, each once, with every sequence gap and duplicate counted.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "ionarray/link_crc.hpp"
#include "link/packet_reader.hpp"

using namespace ionarray;

namespace {

bool known_header(std::uint64_t word) {
  const auto h = link::unpack_header(word);
  return link::is_opcode(h.opcode) && link::length_ok(static_cast<link::Opcode>(h.opcode), unsigned(h.length));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t take_every = data[0] % 16 + 1;  // words fed between calls to take()
  const bool seal = data[0] & 16;
  auto words = fuzz::words_of(data + 1, size - 1);

  // Sealed: each header, its payload and its trailer; the oracle's packets and seq verdicts.
  std::vector<std::size_t> starts;
  std::uint64_t gaps = 0, duplicates = 0;
  bool all_known_headers = true;
  if (seal) {
    std::vector<std::uint64_t> stream;
    std::uint64_t expected = 0;
    for (std::size_t at = 0; at < words.size();) {
      const auto h = link::unpack_header(words[at]);
      if (at + 1 + h.length > words.size()) break;
      all_known_headers = all_known_headers && known_header(words[at]);
      const std::size_t start = stream.size();
      stream.insert(stream.end(), words.begin() + std::ptrdiff_t(at), words.begin() + std::ptrdiff_t(at + 1 + h.length));
      stream.push_back(link::trailer_of(stream.data() + start, int(1 + h.length)));
      if (starts.empty() || h.seq == expected) {
        expected = (h.seq + 1) & 0xFFFF;
      } else if (((expected - h.seq) & 0xFFFF) < 0x8000) {
        ++duplicates;  // (dropped: the expected number stays)
      } else {
        ++gaps;
        expected = (h.seq + 1) & 0xFFFF;
      }
      starts.push_back(start);
      at += 1 + h.length;
    }
    words.swap(stream);
  }

  link::PacketReader reader;
  std::vector<link::Packet> got;
  for (std::size_t k = 0; k < words.size(); ++k) {
    reader.feed(words[k]);
    if ((k + 1) % take_every == 0)
      for (auto& p : reader.take()) got.push_back(std::move(p));
  }
  for (auto& p : reader.take()) got.push_back(std::move(p));

  // Each packet handed out is in the stream, whole and with its CRC, after the one before it.
  std::size_t from = 0;
  for (std::size_t p = 0; p < got.size(); ++p) {
    std::vector<std::uint64_t> packet{link::pack(got[p].header)};
    packet.insert(packet.end(), got[p].payload.begin(), got[p].payload.end());
    FUZZ_CHECK(got[p].payload.size() == got[p].header.length, "packet %zu: %zu payload words, header says %u", p,
               got[p].payload.size(), unsigned(got[p].header.length));
    packet.push_back(link::trailer_of(packet.data(), int(packet.size())));
    bool found = false;
    for (; !found && from + packet.size() <= words.size(); ++from)
      found = std::equal(packet.begin(), packet.end(), words.begin() + std::ptrdiff_t(from));
    FUZZ_CHECK(found, "packet %zu handed out is not in the stream after the one before it", p);
    from += packet.size() - 1;
  }
  if (seal && all_known_headers) {
    FUZZ_CHECK(got.size() + duplicates == starts.size(), "%zu packets out, %llu duplicates, of %zu sealed", got.size(),
               static_cast<unsigned long long>(duplicates), starts.size());
    FUZZ_CHECK(reader.faults().crc_mismatches == 0, "a CRC mismatch in a sealed stream");
    FUZZ_CHECK(reader.sequence_gaps() == gaps && reader.faults().duplicates == duplicates,
               "%llu gaps and %llu duplicates counted, %llu and %llu in the stream",
               static_cast<unsigned long long>(reader.sequence_gaps()),
               static_cast<unsigned long long>(reader.faults().duplicates), static_cast<unsigned long long>(gaps),
               static_cast<unsigned long long>(duplicates));
    FUZZ_CHECK(!reader.mid_packet() && !reader.hunting(), "a sealed stream left the reader inside a packet");
  }
  return 0;
}
