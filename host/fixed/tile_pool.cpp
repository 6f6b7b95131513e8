#include "fixed/tile_pool.hpp"

#include <stdexcept>
#include <utility>

namespace ionarray::fixed {
namespace {

// About 20-50 us of polling before a thread sleeps: longer than a step of a few thousand neurons
// takes, so a steady run hands over without a system call, and short enough not to hold a core
// that another program needs while the chip is idle.
constexpr int kSpins = 4096;

inline void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

template <typename T, typename Done>
void spin_then_wait(const std::atomic<T>& value, T seen, Done done) {
  for (int spin = 0; spin < kSpins; ++spin) {
    if (done(value.load(std::memory_order_acquire))) return;
    pause();
  }
  for (T now = value.load(std::memory_order_acquire); !done(now); now = value.load(std::memory_order_acquire)) {
    value.wait(now, std::memory_order_acquire);
  }
  (void)seen;
}

}  // namespace

TilePool::TilePool(int threads) {
  if (threads < 1) throw std::invalid_argument("a tile pool needs at least one thread");
  for (int w = 1; w < threads; ++w) workers_.emplace_back([this, w] { work(w); });
}

TilePool::~TilePool() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void TilePool::run(const std::function<void(int)>& job) {
  if (workers_.empty()) return job(0);
  job_ = &job;
  pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  try {
    job(0);
  } catch (...) {
    if (!failed_.exchange(true)) error_ = std::current_exception();
  }
  spin_then_wait(pending_, 0, [](int left) { return left == 0; });
  if (failed_.exchange(false)) std::rethrow_exception(std::exchange(error_, nullptr));
}

void TilePool::work(int worker) {
  std::uint64_t seen = 0;
  for (;;) {
    spin_then_wait(generation_, seen, [seen](std::uint64_t g) { return g != seen; });
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    try {
      (*job_)(worker);
    } catch (...) {
      if (!failed_.exchange(true)) error_ = std::current_exception();
    }
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

}  // namespace ionarray::fixed
