#include "fixed/tile_pool.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ionarray::fixed {
namespace {

// About 20-50 us of polling before an idle worker sleeps: longer than the gap between two steps
// of a running chip, so a steady run hands over without a system call, and short enough not to
// hold a core that another program needs while the chip is idle.
constexpr int kSpins = 4096;

// Tasks are claimed in chunks of about 1 / (this x threads) of a round: a claim and its count
// each pass a cache line between the cores (some 0.1 us), which for a small tile is as long as
// stepping it, while chunks this size still even out tiles of different cost.
constexpr int kChunksPerThread = 4;

inline void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

constexpr std::uint64_t round_of(std::uint64_t ticket) { return ticket >> 32; }
constexpr int task_of(std::uint64_t ticket) { return static_cast<int>(ticket & 0xFFFFFFFF); }

}  // namespace

TilePool::TilePool(int threads) {
  if (threads < 1) throw std::invalid_argument("a tile pool needs at least one thread");
  for (int w = 1; w < threads; ++w) workers_.emplace_back([this, w] { work(w); });
}

TilePool::~TilePool() {
  stopping_.store(true, std::memory_order_release);
  ticket_.fetch_add(std::uint64_t{1} << 32, std::memory_order_acq_rel);  // a new round wakes every worker
  ticket_.notify_all();
  for (auto& t : workers_) t.join();
}

void TilePool::drain(std::uint64_t round, int worker) {
  const int tasks = tasks_.load(std::memory_order_relaxed), chunk = chunk_.load(std::memory_order_relaxed);
  for (std::uint64_t ticket = ticket_.load(std::memory_order_acquire);;) {
    const int first = task_of(ticket);
    if (round_of(ticket) != round || first >= tasks) return;
    const int end = std::min(first + chunk, tasks);
    if (!ticket_.compare_exchange_weak(ticket, (round << 32) | static_cast<std::uint64_t>(end), std::memory_order_acq_rel,
                                       std::memory_order_acquire))
      continue;
    for (int task = first; task < end; ++task) {
      try {
        (*job_)(task, worker);
      } catch (...) {
        if (!failed_.exchange(true)) error_ = std::current_exception();
      }
    }
    done_.fetch_add(end - first, std::memory_order_acq_rel);
    ticket = ticket_.load(std::memory_order_acquire);
  }
}

void TilePool::run(int tasks, const std::function<void(int, int)>& job) {
  if (workers_.empty()) {
    for (int t = 0; t < tasks; ++t) job(t, 0);
    return;
  }
  job_ = &job;
  tasks_.store(tasks, std::memory_order_relaxed);
  chunk_.store(std::max(1, tasks / (kChunksPerThread * threads())), std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  const std::uint64_t round = (round_of(ticket_.load(std::memory_order_relaxed)) + 1) & 0xFFFFFFFF;
  ticket_.store(round << 32, std::memory_order_release);  // (job_, tasks_ and done_ published with it)
  ticket_.notify_all();
  drain(round, 0);
  for (int spin = 0; done_.load(std::memory_order_acquire) < tasks; ++spin) {
    // Only tasks a worker claimed are left; one descheduled mid-tile is waited for without
    // holding the core it needs.
    if (spin < kSpins) pause();
    else std::this_thread::yield();
  }
  if (failed_.exchange(false)) std::rethrow_exception(std::exchange(error_, nullptr));
}

void TilePool::work(int worker) {
  std::uint64_t seen = 0;  // the last round this worker took part in
  for (;;) {
    std::uint64_t ticket = ticket_.load(std::memory_order_acquire);
    for (int spin = 0; round_of(ticket) == seen; ++spin) {
      if (spin < kSpins) pause();
      else ticket_.wait(ticket, std::memory_order_acquire);
      ticket = ticket_.load(std::memory_order_acquire);
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    seen = round_of(ticket);
    drain(seen, worker);
  }
}

}  // namespace ionarray::fixed
