#include "device/device_stream.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {

DeviceStream::DeviceStream(Device& device, Options options, SpikeCallback on_spikes)
    : device_(device), options_(options), on_spikes_(std::move(on_spikes)) {
  if (options_.steps_per_exchange == 0) throw InputError("", 0, "steps_per_exchange", "must be at least 1");
  next_step_ = done_step_ = device_.current_step();
}

DeviceStream::~DeviceStream() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void DeviceStream::start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) throw DeviceError("stream already started");
  worker_ = std::thread([this] { work(); });
}

void DeviceStream::push(std::span<const InputEvent> events) {
  std::unique_lock lock(mutex_);
  for (const auto& e : events)
    if (e.step < next_step_)
      throw InputError("", 0, "input step",
                       fmt::format("event for tile {} row {} is stamped {}, in the past: the device has already been "
                                   "given steps up to {}; stamp inputs at {} or later",
                                   e.tile, e.row, e.step, next_step_ - 1, next_step_));
  for (const auto& e : events) {
    const auto at = std::upper_bound(pending_.begin(), pending_.end(), e.step,
                                     [](std::uint64_t step, const InputEvent& p) { return step < p.step; });
    pending_.insert(at, e);
  }
}

std::vector<SpikeEvent> DeviceStream::pull() {
  std::unique_lock lock(mutex_);
  rethrow_error();
  std::vector<SpikeEvent> out(pulled_.begin(), pulled_.end());
  pulled_.clear();
  lock.unlock();
  changed_.notify_all();  // room in the queue again
  return out;
}

void DeviceStream::pause() {
  std::lock_guard lock(mutex_);
  paused_ = true;
}

void DeviceStream::resume() {
  {
    std::lock_guard lock(mutex_);
    paused_ = false;
  }
  changed_.notify_all();
}

void DeviceStream::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
  std::lock_guard lock(mutex_);
  rethrow_error();
}

void DeviceStream::wait_for_step(std::uint64_t step) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return done_step_ >= step || ended_; });
  rethrow_error();
}

bool DeviceStream::wait_for_step(std::uint64_t step, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool reached = changed_.wait_for(lock, timeout, [&] { return done_step_ >= step || ended_; });
  rethrow_error();
  return reached;
}

std::uint64_t DeviceStream::steps_done() const {
  std::lock_guard lock(mutex_);
  return done_step_;
}

bool DeviceStream::running() const {
  std::lock_guard lock(mutex_);
  return worker_.joinable() && !ended_;
}

void DeviceStream::rethrow_error() const {
  if (error_) std::rethrow_exception(error_);
}

void DeviceStream::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] {
      return stopping_ || (!paused_ && (on_spikes_ || pulled_.size() < options_.pull_queue_limit));
    });
    if (stopping_ || (options_.stop_at_step != 0 && next_step_ >= options_.stop_at_step)) break;
    std::uint64_t steps = options_.steps_per_exchange;
    if (options_.stop_at_step != 0) steps = std::min(steps, options_.stop_at_step - next_step_);
    const std::uint64_t end = next_step_ + steps;
    const auto due_end = std::lower_bound(pending_.begin(), pending_.end(), end,
                                          [](const InputEvent& p, std::uint64_t step) { return p.step < step; });
    const std::vector<InputEvent> due(pending_.begin(), due_end);
    pending_.erase(pending_.begin(), due_end);
    next_step_ = end;
    lock.unlock();
    std::vector<SpikeEvent> spikes;
    try {
      spikes = device_.run(steps, due);
      if (on_spikes_) on_spikes_(spikes);
    } catch (...) {
      lock.lock();
      error_ = std::current_exception();
      break;
    }
    lock.lock();
    if (!on_spikes_) pulled_.insert(pulled_.end(), spikes.begin(), spikes.end());
    done_step_ = end;
    changed_.notify_all();
  }
  ended_ = true;
  changed_.notify_all();
}

}  // namespace ionarray
