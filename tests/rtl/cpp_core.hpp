#pragma once
// The C++ link core as RTL testbenches compare against it: words in, words out, stepping until
// the runs it was given are done.
#include <cstdint>
#include <memory>
#include <vector>

#include "ionarray/link_core.hpp"

namespace ionarray::testing {

struct CppCore {
  std::unique_ptr<fx::ArrayMemory<4>> memory = std::make_unique<fx::ArrayMemory<4>>();
  fx::LinkCore<4> core{*memory};
  struct Sink {
    std::vector<std::uint64_t> words;
    void push(std::uint64_t w) { words.push_back(w); }
  } sink;
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& in) {
    sink.words.clear();
    for (auto w : in) core.accept(w, sink);
    while (core.wants_step()) core.step(sink);
    return sink.words;
  }
};

}  // namespace ionarray::testing
