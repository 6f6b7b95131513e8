#include "ionarray_top.hpp"

namespace ionarray::fx {
namespace {
// Adapts the output stream to the core's push().
struct StreamSink {
  Stream<std::uint64_t>& out;
  void push(std::uint64_t w) { out.write(w); }
};
}  // namespace

std::uint32_t ionarray_top(Stream<std::uint64_t>& link_in, Stream<std::uint64_t>& link_out) {
  IONARRAY_HLS_PRAGMA(HLS INTERFACE axis port = link_in)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE axis port = link_out)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = return)
  // The array's memories persist between calls: block RAM on the device.
  static ArrayMemory<kTopTiles> memory;
  IONARRAY_HLS_PRAGMA(HLS BIND_STORAGE variable = memory.tiles type = ram_2p impl = bram)
  IONARRAY_HLS_PRAGMA(HLS ARRAY_PARTITION variable = memory.tables complete dim = 0)
  static LinkCore<kTopTiles> core(memory);
  StreamSink sink{link_out};
  while (!link_in.empty()) core.accept(link_in.read(), sink);
  std::uint32_t steps = 0;
  for (; steps < kMaxStepsPerCall && core.wants_step(); ++steps) core.step(sink);
  return steps;
}

}  // namespace ionarray::fx
