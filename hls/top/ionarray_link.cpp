#include "ionarray_link.hpp"

// Structure: a DATAFLOW region of three processes joined by two FIFOs,
//   read_input (in -> link_in)  ->  run_core (the link core)  ->  write_output (link_out -> out).
// The three run concurrently, so neither FIFO has to hold a whole call's traffic (a worst-case
// call is about a million words: no on-chip FIFO that deep), and nothing can deadlock: each
// stage blocks only on a FIFO its neighbour is filling or draining. read_input writes exactly
// in_words words and run_core reads exactly in_words (not "until empty", which under DATAFLOW
// would take a momentary gap for the end of the input); run_core waits on a full link_out only
// while write_output, which waits for nothing but link_out, drains it. The end of a call's
// output is a marked word, so write_output needs no count in advance. Under plain g++ (and
// Vitis C simulation) the three run one after the other over unbounded FIFOs, with the same
// result.

namespace ionarray::fx {
namespace {

// A word on its way to `out`, or (end) the end of this call's output.
struct OutWord {
  std::uint64_t word;
  bool end;
};

void read_input(const std::uint64_t* in, std::uint32_t in_words, Stream<std::uint64_t>& link_in) {
  for (std::uint32_t k = 0; k < in_words; ++k) {
    IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
    link_in.write(in[k]);
  }
}

// The core's output, counted against the room in `out`. Packets are kept or dropped whole, so
// `out` never ends in a torn packet the host would misread. Only an input reply can be dropped
// (run_core steps only when a whole step fits); its sequence number is then missing, which the
// host reports as lost packets.
class BoundedSink {
 public:
  BoundedSink(Stream<OutWord>& link_out, std::uint32_t capacity) : link_out_(link_out), capacity_(capacity) {}

  void push(std::uint64_t word) {
    if (packet_words_left_ == 0) {  // a header: decide for the whole packet
      packet_words_left_ = static_cast<std::uint32_t>(link::packet_words(word));
      keep_packet_ = packet_words_left_ <= room();
    }
    --packet_words_left_;
    if (keep_packet_) {
      send(word, false);
      ++produced_;
    }
  }
  std::uint32_t room() const { return capacity_ - produced_; }
  void finish() { send(0, true); }

 private:
  void send(std::uint64_t word, bool end) {
    OutWord w;
    w.word = word;
    w.end = end;
    link_out_.write(w);
  }

  Stream<OutWord>& link_out_;
  std::uint32_t capacity_, produced_ = 0, packet_words_left_ = 0;
  bool keep_packet_ = true;
};

void run_core(Stream<std::uint64_t>& link_in, std::uint32_t in_words, Stream<OutWord>& link_out,
              std::uint32_t out_capacity) {
  // The array's memories and the core persist between calls: block RAM on the device.
  static ArrayMemory<kTopTiles> memory;
  IONARRAY_HLS_PRAGMA(HLS BIND_STORAGE variable = memory.tiles type = ram_2p impl = bram)
  IONARRAY_HLS_PRAGMA(HLS ARRAY_PARTITION variable = memory.tables complete dim = 0)
  static LinkCore<kTopTiles> core(memory);
  BoundedSink sink(link_out, out_capacity);
  for (std::uint32_t k = 0; k < in_words; ++k) core.accept(link_in.read(), sink);
  // Stop before a step could overflow `out`; the run goes on in the next call.
  for (int steps = 0; steps < kMaxStepsPerCall && core.wants_step() &&
                      static_cast<std::uint32_t>(core.max_step_words()) <= sink.room();
       ++steps)
    core.step(sink);
  sink.finish();
}

// Words `out` takes in one burst (the m_axi port's max_write_burst_length below).
constexpr std::uint32_t kOutBurstWords = 64;

// Drains link_out into out[1..] in bursts, then writes out[0]. Vitis HLS turns a loop into one
// AXI burst only when its stores go to consecutive addresses, every iteration stores, and the
// trip count is known when the loop starts; stores under a condition, or in a loop that ends on
// data it reads, go out one word at a time. So the words are first gathered from the FIFO into
// `burst` (that loop may end on the end marker: it reads a stream, not memory), then stored by a
// loop of exactly `length` iterations with no condition inside.
void write_output(Stream<OutWord>& link_out, std::uint64_t* out, std::uint32_t out_capacity) {
  std::uint32_t produced = 0;
  bool ended = false;
  while (!ended) {
    std::uint64_t burst[kOutBurstWords];
    std::uint32_t gathered = 0;
    while (gathered < kOutBurstWords) {
      IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
      const OutWord w = link_out.read();
      if (w.end) {
        ended = true;
        break;
      }
      burst[gathered++] = w.word;
    }
    // BoundedSink never sends more than out_capacity words; clamping the length as well makes
    // writing past the host's buffer impossible regardless (and the host refuses a count above
    // its capacity), without a condition inside the store loop.
    const std::uint32_t room = produced < out_capacity ? out_capacity - produced : 0;
    const std::uint32_t length = gathered < room ? gathered : room;
    std::uint64_t* const to = out + 1 + produced;
    for (std::uint32_t k = 0; k < length; ++k) {
      IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
      to[k] = burst[k];
    }
    produced += gathered;
  }
  out[0] = produced;
}

}  // namespace
}  // namespace ionarray::fx

extern "C" void ionarray_link(const std::uint64_t* in, std::uint32_t in_words, std::uint64_t* out,
                              std::uint32_t out_capacity) {
  // (depth: the co-simulation's buffer sizes only; the host's buffers are larger)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE m_axi port = in bundle = gmem0 offset = slave depth = 4096)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE m_axi port = out bundle = gmem1 offset = slave depth = 4097 max_write_burst_length = 64)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = in)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = in_words)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = out)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = out_capacity)
  IONARRAY_HLS_PRAGMA(HLS INTERFACE s_axilite port = return)
  IONARRAY_HLS_PRAGMA(HLS DATAFLOW)
  ionarray::fx::Stream<std::uint64_t> link_in;
  ionarray::fx::Stream<ionarray::fx::OutWord> link_out;
  // Depths smooth bursts only (see the top of this file): 64 words decouple the burst reader
  // from the core, 512 let the core run ahead of the writer's bursts.
  IONARRAY_HLS_PRAGMA(HLS STREAM variable = link_in depth = 64)
  IONARRAY_HLS_PRAGMA(HLS STREAM variable = link_out depth = 512)
  ionarray::fx::read_input(in, in_words, link_in);
  ionarray::fx::run_core(link_in, in_words, link_out, out_capacity);
  ionarray::fx::write_output(link_out, out, out_capacity);
}
