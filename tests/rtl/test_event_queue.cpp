// The event queue RTL against a plain queue (LinkCore's event ring): pushes and pops in any
// mix, the head on head_o from the second clock edge after the push that made it the head,
// full and empty exact, across many wraps of the ring.
#include <doctest/doctest.h>

#include <deque>
#include <random>

#include "Vionarray_event_queue.h"
#include "module_clock.hpp"

using namespace ionarray;

TEST_CASE("event queue RTL keeps events in order as the C++ core's ring") {
  constexpr std::size_t kDepth = 16;  // its DEPTH in CMakeLists.txt (the core's is 1024)
  testing::Clocked<Vionarray_event_queue> queue;
  std::mt19937_64 rng(11);
  struct Held {
    std::uint64_t word;
    std::uint64_t pushed_at;
  };
  std::deque<Held> expected;
  std::uint64_t cycle = 0, pops = 0, full_seen = 0, both = 0;
  for (; cycle < 200000; ++cycle) {
    queue.settle();
    REQUIRE(bool(queue->empty_o) == expected.empty());
    REQUIRE(bool(queue->full_o) == (expected.size() == kDepth));
    full_seen += queue->full_o;
    // Phases that fill it and phases that drain it, so that both ends are reached.
    const bool filling = (cycle / 500) % 2 == 0;
    const bool head_ready = !expected.empty() && cycle >= expected.front().pushed_at + 2;
    if (head_ready) REQUIRE_MESSAGE(queue->head_o == expected.front().word, "cycle " << cycle);
    const bool pop = head_ready && rng() % 8 < (filling ? 2u : 6u);
    const bool push = expected.size() < kDepth && rng() % 8 < (filling ? 6u : 2u);
    queue->pop_i = pop;
    queue->push_i = push;
    queue->push_word_i = rng();
    if (pop) {
      expected.pop_front();
      ++pops;
    }
    if (push) expected.push_back({queue->push_word_i, cycle});
    both += push && pop;
    queue.clock();
  }
  MESSAGE(pops << " events popped; full in " << full_seen << " cycles; push and pop together " << both << " times");
  CHECK(pops > 20 * kDepth);
  CHECK(full_seen > 0);
  CHECK(both > 0);
}
