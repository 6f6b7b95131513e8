#pragma once
// A fork-join pool for stepping tiles: run(job) calls job(worker) once on each of `threads`
// threads (the caller is worker 0) and returns when every call has returned. A chip steps one
// global step per run(), so the hand-over must cost far less than a step: workers spin briefly
// before they sleep (std::atomic wait), and the caller does its share instead of waiting idle.
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace ionarray::fixed {

class TilePool {
 public:
  explicit TilePool(int threads);
  ~TilePool();
  TilePool(const TilePool&) = delete;
  TilePool& operator=(const TilePool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  // Calls job(0) here and job(1 .. threads - 1) on the workers; returns when all returned. The
  // first exception a job threw is rethrown here, after every job has returned.
  void run(const std::function<void(int worker)>& job);

 private:
  void work(int worker);

  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<std::uint64_t> generation_{0};  // bumped once per run(); workers start on a new value
  std::atomic<int> pending_{0};               // workers still inside the current job
  std::atomic<bool> stopping_{false};
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};
};

// Tiles [first, last) of `tiles` that worker `worker` of `threads` steps: contiguous, as even as
// they divide.
inline std::pair<int, int> worker_tiles(int tiles, int threads, int worker) {
  return {tiles * worker / threads, tiles * (worker + 1) / threads};
}

}  // namespace ionarray::fixed
