#pragma once
// Takes a fuzz input apart into the choices a target makes (a byte, a number, a string), giving
// zeros once the input is used up, so every input is a complete script.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <string>

namespace ionarray::fuzz {

class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint64_t number(int bytes) {
    std::uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v |= std::uint64_t(byte()) << (8 * k);
    return v;
  }
  double real() {
    const std::uint64_t bits = number(8);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  // A string of up to `max` bytes, its length given by the byte before it.
  std::string text(std::size_t max) {
    const std::size_t wanted = byte() % (max + 1);  // read before what is left is measured
    const std::size_t n = std::min(wanted, size_ - std::min(at_, size_));
    std::string s(reinterpret_cast<const char*>(data_ + std::min(at_, size_)), n);
    at_ += n;
    return s;
  }
  // Up to `max` raw bytes.
  std::size_t bytes(std::uint8_t* out, std::size_t n) {
    const std::size_t take = std::min(n, size_ - std::min(at_, size_));
    if (take > 0) std::memcpy(out, data_ + at_, take);
    at_ += take;
    return take;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, at_ = 0;
};

}  // namespace ionarray::fuzz
