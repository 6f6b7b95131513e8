// usb:// framing cost on one core: words to little-endian bytes (UsbFifoTransport::send) and
// bytes back to words (receive), against USB 3's practical ~400 MB/s. The endpoints below move
// bytes and do nothing else (bench only: there is no board here), so what is measured is the
// framing layer alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "device/usb_fifo_transport.hpp"

using namespace ionarray;

namespace {

constexpr std::size_t kWords = 1 << 16;

class NullBulkEndpoints : public BulkEndpoints {
 public:
  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds) override {
    benchmark::DoNotOptimize(bytes.data());
    return {bytes.size(), BulkStatus::ok, {}};
  }
  // An endless stream of the same bytes, as fast as the host can take them.
  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds) override {
    std::fill(buffer.begin(), buffer.end(), std::byte{0x5A});
    return {buffer.size(), BulkStatus::ok, {}};
  }
  std::size_t read_granule() const override { return 1024; }
  std::string describe() const override { return "null endpoints (bench only)"; }
};

void usb_send(benchmark::State& state) {
  UsbFifoTransport usb("usb://bench", std::make_unique<NullBulkEndpoints>());
  std::vector<std::uint64_t> words(kWords);
  for (std::size_t i = 0; i < kWords; ++i) words[i] = i * 0x9E3779B97F4A7C15ULL;
  for (auto _ : state) usb.send(words);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kWords * 8));
}

void usb_receive(benchmark::State& state) {
  UsbFifoTransport usb("usb://bench", std::make_unique<NullBulkEndpoints>());
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const auto words = usb.receive();
    bytes += static_cast<std::int64_t>(words.size() * 8);
    benchmark::DoNotOptimize(words.data());
  }
  state.SetBytesProcessed(bytes);
}

class Summary : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) bytes_[r.benchmark_name()] = r.counters.at("bytes_per_second").value;
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double send = bytes_["usb_send"], receive = bytes_["usb_receive"];
    std::printf("\nusb:// framing: send %.3g B/s (%.1f x USB 3's ~400 MB/s), receive %.3g B/s (%.1f x)\n", send,
                send / 400e6, receive, receive / 400e6);
  }

 private:
  std::map<std::string, double> bytes_;
};

}  // namespace

BENCHMARK(usb_send);
BENCHMARK(usb_receive);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Summary reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
}
