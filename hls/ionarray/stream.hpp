#pragma once
// The stream type of the HLS top. Under Vitis HLS it is hls::stream (AXI-Stream ports); for a
// plain g++ build, where Vitis's headers are absent, a minimal FIFO with the same read / write /
// empty interface stands in (a stand-in for the vendor type, used only to compile and test).
#if defined(__SYNTHESIS__) || defined(IONARRAY_WITH_VITIS_HEADERS)
#include <hls_stream.h>
namespace ionarray::fx {
template <typename T>
using Stream = hls::stream<T>;
}
#else
#include <deque>
namespace ionarray::fx {
template <typename T>
class Stream {
 public:
  bool empty() const { return fifo_.empty(); }
  T read() {
    T v = fifo_.front();
    fifo_.pop_front();
    return v;
  }
  void write(const T& v) { fifo_.push_back(v); }
  std::size_t size() const { return fifo_.size(); }

 private:
  std::deque<T> fifo_;
};
}  // namespace ionarray::fx
#endif
