#pragma once
// Streaming mode over any Device: a worker thread runs the device continuously in exchanges of
// `steps_per_exchange` steps; the caller pushes input events stamped with steps and receives the
// output spikes by callback or by pull; pause, resume and stop at exchange boundaries. Every
// backend gets it, because it sits on Device::run. Nothing is dropped: an input stamped in the
// past is refused at push, and the pull queue holds back the device (not the spikes) when full.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "device/device.hpp"

namespace ionarray {

class DeviceStream {
 public:
  struct Options {
    std::uint64_t steps_per_exchange = 100;
    std::uint64_t stop_at_step = 0;      // 0: run until stop()
    std::size_t pull_queue_limit = 1 << 20;  // spikes waiting for pull() before the device waits
  };
  using SpikeCallback = std::function<void(std::span<const SpikeEvent>)>;  // called on the worker thread

  // The device must be loaded; it is used only by the worker until the stream is destroyed.
  DeviceStream(Device& device, Options options, SpikeCallback on_spikes = {});
  ~DeviceStream();  // stops and joins
  DeviceStream(const DeviceStream&) = delete;
  DeviceStream& operator=(const DeviceStream&) = delete;

  void start();
  // Refuses (InputError) events stamped before the first step not yet handed to the device.
  void push(std::span<const InputEvent> events);
  void push(const InputEvent& event) { push(std::span(&event, 1)); }
  // Spikes that arrived since the last pull, in step order (without a callback only).
  std::vector<SpikeEvent> pull();
  void pause();   // takes effect at the end of the current exchange
  void resume();
  void stop();    // ends after the current exchange and joins; rethrows a device error
  // Blocks until `step` steps are done (or the stream ended); rethrows a device error.
  void wait_for_step(std::uint64_t step);
  // The same for at most `timeout`; whether the step was reached or the stream ended (a caller
  // that must stay responsive, e.g. to Ctrl-C, waits in slices).
  bool wait_for_step(std::uint64_t step, std::chrono::milliseconds timeout);
  std::uint64_t steps_done() const;
  bool running() const;

 private:
  void work();
  void rethrow_error() const;

  Device& device_;
  Options options_;
  SpikeCallback on_spikes_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<InputEvent> pending_;  // sorted by step, stable
  std::deque<SpikeEvent> pulled_;
  std::uint64_t next_step_ = 0;      // first step not yet handed to the device
  std::uint64_t done_step_ = 0;      // steps completed
  bool paused_ = false, stopping_ = false, ended_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace ionarray
