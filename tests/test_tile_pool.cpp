// The tile pool: every task of a round runs exactly once, whatever the number of tasks, threads
// and chunks, and a job's exception reaches the caller after the round.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "fixed/tile_pool.hpp"

using namespace ionarray;

TEST_CASE("tile pool: each task of each round runs once, on a worker the pool names") {
  for (const int threads : {1, 2, 3, 4}) {
    fixed::TilePool pool(threads);
    for (const int tasks : {0, 1, 2, 7, 64, 1000, 1023}) {
      CAPTURE(threads);
      CAPTURE(tasks);
      for (int round = 0; round < 3; ++round) {
        std::vector<std::atomic<int>> runs(static_cast<std::size_t>(tasks));
        std::atomic<bool> worker_ok{true};
        pool.run(tasks, [&](int task, int worker) {
          runs[static_cast<std::size_t>(task)].fetch_add(1);
          if (worker < 0 || worker >= threads) worker_ok = false;
        });
        int wrong = 0;
        for (const auto& r : runs) wrong += r.load() != 1;
        CHECK(wrong == 0);
        CHECK(worker_ok);
      }
    }
  }
}

TEST_CASE("tile pool: a job's exception is rethrown once the round is over, and the pool runs on") {
  fixed::TilePool pool(2);
  std::atomic<int> ran{0};
  CHECK_THROWS_WITH_AS(pool.run(100, [&](int task, int) {
    ran.fetch_add(1);
    if (task == 37) throw std::runtime_error("tile 37 failed");
  }), "tile 37 failed", std::runtime_error);
  CHECK(ran == 100);
  ran = 0;
  pool.run(10, [&](int, int) { ran.fetch_add(1); });
  CHECK(ran == 10);
}
