#pragma once
// A fork-join pool for stepping tiles: run(tasks, job) calls job(task, worker) once for every task
// 0 .. tasks-1 across `threads` threads (the caller is worker 0) and returns when all have
// returned. A chip steps one global step per run(), so the hand-over must cost far less than a
// step: tasks are claimed a chunk at a time from a shared ticket (whoever is awake takes the next
// tiles, so a worker the OS has not scheduled yet delays nothing), idle workers poll briefly before
// they sleep (std::atomic wait), and the caller steps tiles too instead of waiting.
#include <atomic>
#include <cstdint>
#include <exception>
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
  // The first exception a job threw is rethrown here, after every claimed task has returned.
  void run(int tasks, const std::function<void(int task, int worker)>& job);

 private:
  void work(int worker);
  // Claims and runs tasks of the current round until none is left; false if `round` is over.
  void drain(std::uint64_t round, int worker);

  std::vector<std::thread> workers_;
  const std::function<void(int, int)>* job_ = nullptr;
  std::atomic<int> tasks_{0};
  std::atomic<int> chunk_{1};  // tasks one claim takes
  // The round (high 32 bits) and the next unclaimed task (low 32 bits): one CAS claims a chunk of
  // the current round only, so a worker that wakes late cannot take a task of a round it never saw.
  std::atomic<std::uint64_t> ticket_{0};
  std::atomic<int> done_{0};  // tasks of the current round that returned
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

}  // namespace ionarray::fixed
