// Writes seed inputs for the link_core and packet_reader fuzz targets from real traffic: the
// packets the host driver sends to load a layout (config_packets.cpp), then input events, a run,
// a sync, a state read and register reads; and what the link core answers to them.
//   fuzz_seed_link_streams LAYOUT.toml CORE_SEED READER_SEED
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "fixed/array_image.hpp"
#include "ionarray/link_core.hpp"
#include "layout/layout.hpp"
#include "link/config_packets.hpp"

using namespace ionarray;

namespace {

// The fuzz targets' format: one control byte, then 64-bit little-endian words.
void write_seed(const char* path, std::uint8_t control, const std::vector<std::uint64_t>& words) {
  std::ofstream out(path, std::ios::binary);
  out.put(static_cast<char>(control));
  for (auto w : words)
    for (int b = 0; b < 8; ++b) out.put(static_cast<char>((w >> (8 * b)) & 0xFF));
}

struct Sink {
  std::vector<std::uint64_t> words;
  void push(std::uint64_t w) { words.push_back(w); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s LAYOUT.toml CORE_SEED READER_SEED\n", argv[0]);
    return 2;
  }
  const auto layout = load_layout(argv[1]);
  link::PacketWriter host;
  host.load(fixed::build_array_image(layout.spec, layout.seed));
  host.spike_in(2, 0, 0);
  host.spike_in(3, 0, 1);
  host.run(20);
  host.sync(7);
  host.packet(link::Opcode::read_register, 0x04);
  host.read_state(0, 0, 2);
  host.run(0);
  host.sync(8);
  write_seed(argv[2], 0, host.words());

  auto memory = std::make_unique<fx::ArrayMemory<4>>();
  fx::LinkCore<4> core(*memory);
  Sink device;
  for (auto w : host.words()) core.accept(w, device);
  for (int k = 0; k < 40 && core.wants_step(); ++k) core.step(device);
  write_seed(argv[3], 0, device.words);
  std::printf("%zu words to the device, %zu back\n", host.words().size(), device.words.size());
  return 0;
}
