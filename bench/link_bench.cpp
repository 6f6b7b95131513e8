// Host-link packet throughput on one core: encoding and decoding spike events, against a memcpy
// of the same bytes in the same run, and against USB 3's practical ceiling of ~400 MB/s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "ionarray/host_link.hpp"
#include "ionarray/link_crc.hpp"
#include "link/packet_reader.hpp"

namespace hl = ionarray::link;

namespace {

constexpr std::size_t kEvents = 1 << 16;

// Spike-out packets as a device sends them: 255 events per packet, each with its CRC trailer.
std::vector<std::uint64_t> encode(std::size_t events) {
  std::vector<std::uint64_t> words;
  words.reserve(events + 2 * (events / 255 + 1));
  std::uint64_t seq = 0;
  for (std::size_t k = 0; k < events; k += 255) {
    const std::size_t n = std::min<std::size_t>(255, events - k);
    const std::size_t header_at = words.size();
    words.push_back(hl::pack(hl::Header{.opcode = std::uint64_t(hl::Opcode::spike_out), .length = n, .seq = seq++ & 0xFFFF,
                                            .argument = k}));
    for (std::size_t i = 0; i < n; ++i)
      words.push_back(hl::pack(hl::SpikeOut{.step = k + i, .tile = i & 63, .neuron = i & 255}));
    words.push_back(hl::trailer_of(words.data() + header_at, int(words.size() - header_at)));
  }
  return words;
}

void encode_spikes(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(encode(kEvents));
  state.SetItemsProcessed(state.iterations() * kEvents);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(encode(kEvents).size() * 8));
}

void decode_spikes(benchmark::State& state) {
  const auto words = encode(kEvents);
  for (auto _ : state) {
    hl::PacketReader reader;
    std::uint64_t sum = 0;
    for (auto w : words) reader.feed(w);
    for (const auto& p : reader.take())
      for (auto w : p.payload) sum += hl::unpack_spike_out(w).neuron;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(words.size() * 8));
}

void memcpy_baseline(benchmark::State& state) {
  const auto words = encode(kEvents);
  std::vector<std::uint64_t> copy(words.size());
  for (auto _ : state) {
    std::memcpy(copy.data(), words.data(), words.size() * 8);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(words.size() * 8));
}

class Summary : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) bytes_[r.benchmark_name()] = r.counters.at("bytes_per_second").value;
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double base = bytes_["memcpy_baseline"], enc = bytes_["encode_spikes"], dec = bytes_["decode_spikes"];
    const double both = 1 / (1 / enc + 1 / dec);  // encode then decode the same bytes
    std::printf("\nencode %.3g B/s (%.3g x memcpy), decode %.3g B/s (%.3g x memcpy)\n", enc, enc / base, dec, dec / base);
    std::printf("encode+decode %.3g B/s = %.3g events/s: %.1f x USB 3's ~400 MB/s (target >= 5 x)\n", both, both / 8,
                both / 400e6);
  }

 private:
  std::map<std::string, double> bytes_;
};

}  // namespace

BENCHMARK(memcpy_baseline);
BENCHMARK(encode_spikes);
BENCHMARK(decode_spikes);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Summary reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
}
