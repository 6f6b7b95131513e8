// The host's decoder of the device's word stream (host/link/packet_reader.*), fed any words.
// It must cut the stream exactly where the headers' lengths say, hand every packet out once with
// the payload its header promises, and count every sequence gap. The expected packets come from
// walking the same words with the generated header decoder, taken out at arbitrary points.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "link/packet_reader.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t take_every = data[0] % 16 + 1;  // words fed between calls to take()
  const auto words = fuzz::words_of(data + 1, size - 1);

  // The oracle: packets as the headers delimit them, and the gaps between their sequence numbers.
  std::vector<std::size_t> starts;
  std::uint64_t gaps = 0;
  for (std::size_t at = 0; at < words.size();) {
    const auto h = link::unpack_header(words[at]);
    if (!starts.empty() && h.seq != ((link::unpack_header(words[starts.back()]).seq + 1) & 0xFFFF)) ++gaps;
    starts.push_back(at);
    at += 1 + h.length;
  }

  link::PacketReader reader;
  std::vector<link::Packet> got;
  for (std::size_t k = 0; k < words.size(); ++k) {
    reader.feed(words[k]);
    if ((k + 1) % take_every == 0)
      for (auto& p : reader.take()) got.push_back(std::move(p));
  }
  for (auto& p : reader.take()) got.push_back(std::move(p));

  const std::size_t last = starts.empty() ? 0 : starts.back();
  const bool last_complete = !starts.empty() && last + 1 + link::unpack_header(words[last]).length <= words.size();
  const std::size_t complete = starts.size() - (starts.empty() || last_complete ? 0 : 1);
  FUZZ_CHECK(got.size() == complete, "%zu packets out of %zu whole ones", got.size(), complete);
  for (std::size_t p = 0; p < got.size(); ++p) {
    FUZZ_CHECK(link::pack(got[p].header) == words[starts[p]], "packet %zu: header differs from its word", p);
    FUZZ_CHECK(got[p].payload.size() == got[p].header.length, "packet %zu: %zu payload words, header says %u", p,
               got[p].payload.size(), unsigned(got[p].header.length));
    for (std::size_t w = 0; w < got[p].payload.size(); ++w)
      FUZZ_CHECK(got[p].payload[w] == words[starts[p] + 1 + w], "packet %zu: payload word %zu differs", p, w);
  }
  FUZZ_CHECK(reader.mid_packet() == (complete < starts.size()), "mid_packet() wrong at the end of the stream");
  FUZZ_CHECK(reader.sequence_gaps() == gaps, "%llu gaps counted, %llu in the stream",
             static_cast<unsigned long long>(reader.sequence_gaps()), static_cast<unsigned long long>(gaps));
  return 0;
}
