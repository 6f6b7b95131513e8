// Device.stream(...) -> Stream: the device runs continuously on a worker thread (DeviceStream)
// while Python pushes input events and takes the spikes, by callback or by pull, and pauses,
// resumes or stops it. The callback runs on the worker with the GIL taken for it; if it raises,
// the stream ends after that exchange and stop() (or wait, pull) raises the callback's exception,
// with every spike delivered so far kept.
#include <chrono>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "bindings.hpp"
#include "device/device_stream.hpp"
#include "device_session.hpp"
#include "python_inputs.hpp"
#include "spikes.hpp"

namespace py = pybind11;

namespace ionarray::python {
namespace {

class Stream {
 public:
  Stream(std::shared_ptr<DeviceSession> session, py::object on_spikes, std::uint64_t steps, std::uint64_t steps_per_exchange,
         std::size_t pull_queue_limit)
      : session_(std::move(session)), on_spikes_(std::move(on_spikes)), steps_(steps) {
    const Layout& l = session_->layout();
    columns_ = l.spec.columns, tiles_ = l.spec.tiles, rows_ = l.spec.rows, dt_ = l.spec.neuron.circuit.dt;
    if (!on_spikes_.is_none() && !PyCallable_Check(on_spikes_.ptr()))
      throw py::type_error("on_spikes: a callable taking an ionarray.Spikes is needed, or None to pull()");
    const auto start = session_->device().current_step();
    options_ = {.steps_per_exchange = steps_per_exchange, .stop_at_step = steps > 0 ? start + steps : 0,
                .pull_queue_limit = pull_queue_limit};
  }

  ~Stream() {
    py::gil_scoped_release release;  // the worker may be waiting for the GIL to call back
    finish_quietly();
  }

  void start() {
    if (stream_) throw py::value_error("start: this stream has already been started; open another with Device.stream()");
    session_->begin_stream([this] { finish_quietly(); });
    try {
      DeviceStream::SpikeCallback deliver;
      if (!on_spikes_.is_none()) deliver = [this](std::span<const SpikeEvent> spikes) { call_back(spikes); };
      stream_ = std::make_unique<DeviceStream>(session_->device(), options_, std::move(deliver));
      if (steps_ > 0) stream_->push(session_->take_scheduled_inputs(steps_));  // the layout's own [[input]]
      stream_->push(pushed_before_start_);
      stream_->start();
    } catch (...) {
      stream_.reset();
      session_->end_stream();
      throw;
    }
  }

  void push(const py::handle& events) {
    auto list = input_events(events, "events");
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (list[k].tile >= tiles_) throw py::value_error(fmt::format("events[{}]: tile {} is not in the chip; allowed 0 .. {}", k, list[k].tile, tiles_ - 1));
      if (list[k].row >= rows_) throw py::value_error(fmt::format("events[{}]: row {} is not in a tile; allowed 0 .. {}", k, list[k].row, rows_ - 1));
    }
    if (!stream_) {  // kept for start()
      for (std::size_t k = 0; k < list.size(); ++k)
        if (list[k].step < session_->device().current_step())
          throw py::value_error(fmt::format("events[{}]: step {} is in the past: the device is at step {}", k, list[k].step,
                                            session_->device().current_step()));
      pushed_before_start_.insert(pushed_before_start_.end(), list.begin(), list.end());
      return;
    }
    stream_->push(list);  // (InputError for a step already handed to the device)
  }

  Spikes pull() {
    require_started("pull");
    if (!on_spikes_.is_none()) throw py::value_error("pull: this stream hands its spikes to its on_spikes callback");
    std::vector<SpikeEvent> spikes;
    {
      std::lock_guard lock(mutex_);
      spikes.swap(left_at_stop_);
    }
    if (!finished_) {
      py::gil_scoped_release release;
      auto more = guarded([&] { return stream_->pull(); });
      keep(more);
      spikes.insert(spikes.end(), more.begin(), more.end());
    }
    return Spikes(std::move(spikes), columns_, dt_);
  }

  void pause() { require_started("pause"), stream_->pause(); }
  void resume() { require_started("resume"), stream_->resume(); }

  // Ends the stream after the exchange in flight and gives the device back; raises what ended it
  // early (the callback's exception, a DeviceError), once.
  void stop() {
    if (!stream_) return;
    py::gil_scoped_release release;
    finish();
  }

  // Until `step` steps are done (None: the stream's last step, after which it is stopped);
  // Ctrl-C stops the stream and raises KeyboardInterrupt.
  void wait(const py::object& step) {
    require_started("wait");
    if (step.is_none() && options_.stop_at_step == 0)
      throw py::value_error("wait: this stream runs until stop(); give the step to wait for");
    const std::uint64_t target = step.is_none() ? options_.stop_at_step : step.cast<std::uint64_t>();
    while (!finished_) {
      bool reached = false;
      {
        py::gil_scoped_release release;
        reached = guarded([&] { return stream_->wait_for_step(target, std::chrono::milliseconds(20)); });
      }
      if (reached) break;
      if (PyErr_CheckSignals() != 0) {
        {
          py::gil_scoped_release release;
          finish_quietly();
        }
        throw py::error_already_set();
      }
    }
    if (step.is_none()) stop();
  }

  std::uint64_t steps_done() const {
    if (stream_) return stream_->steps_done();
    return session_->closed() ? 0 : session_->device().current_step();
  }
  bool running() const { return stream_ && !finished_ && stream_->running(); }
  Spikes spikes() const {
    std::lock_guard lock(mutex_);
    return Spikes(std::vector<SpikeEvent>(delivered_), columns_, dt_);
  }

 private:
  void require_started(const char* what) const {
    if (!stream_) throw py::value_error(fmt::format("{}: the stream has not started; call start() or use it in a with block", what));
  }

  // On the worker: record, then hand the spikes to Python. An exception (the callback's) ends the stream.
  void call_back(std::span<const SpikeEvent> spikes) {
    std::vector<SpikeEvent> copy(spikes.begin(), spikes.end());
    keep(copy);
    py::gil_scoped_acquire gil;
    on_spikes_(Spikes(std::move(copy), columns_, dt_));
  }

  void keep(const std::vector<SpikeEvent>& spikes) {
    session_->record_spikes(spikes);
    std::lock_guard lock(mutex_);
    delivered_.insert(delivered_.end(), spikes.begin(), spikes.end());
  }

  // Runs a call that rethrows the stream's error; the error is raised once (the stream stays ended).
  template <class F>
  auto guarded(F call) -> decltype(call()) {
    try {
      return call();
    } catch (...) {
      if (!error_reported_) {
        error_reported_ = true;
        throw;
      }
      return decltype(call())();
    }
  }

  void finish() {
    if (finished_) return guarded([&] { stream_->stop(); });
    finished_ = true;
    try {
      stream_->stop();
    } catch (...) {
      session_->end_stream();
      if (error_reported_) return;  // (raised by wait or pull already)
      error_reported_ = true;
      throw;
    }
    if (on_spikes_.is_none()) {  // spikes not pulled yet: kept for the next pull()
      auto left = stream_->pull();
      keep(left);
      std::lock_guard lock(mutex_);
      left_at_stop_.insert(left_at_stop_.end(), left.begin(), left.end());
    }
    session_->end_stream();
  }

  void finish_quietly() {
    try {
      if (stream_ && !finished_) finish();
    } catch (...) {  // (the stream ended by an error no one asked for: dropped with the stream)
    }
  }

  std::shared_ptr<DeviceSession> session_;
  py::object on_spikes_;
  std::uint64_t steps_;
  DeviceStream::Options options_;
  int columns_ = 1, tiles_ = 1, rows_ = 1;
  double dt_ = 0;
  std::unique_ptr<DeviceStream> stream_;
  bool finished_ = false, error_reported_ = false;
  mutable std::mutex mutex_;
  std::vector<SpikeEvent> delivered_, left_at_stop_;
  std::vector<InputEvent> pushed_before_start_;
};

}  // namespace

void bind_stream(py::module_& m) {
  py::class_<Stream>(m, "Stream",
                     "A device running continuously on a worker thread (Device.stream). Use it as a context\n"
                     "manager (started on entry, stopped on exit) or call start() and stop(). push(events) any\n"
                     "time for steps not yet run; spikes arrive at the on_spikes callback (on the worker thread,\n"
                     "with the GIL) or by pull(). If the callback raises, the stream ends after that exchange and\n"
                     "stop() raises the callback's exception; Stream.spikes and Device.spikes keep what arrived.")
      .def("start", &Stream::start, "start()\n\nStarts the worker.")
      .def("push", &Stream::push, py::arg("events"),
           "push(events)\n\nInput events, an (n, 3) array-like of (step, tile, row), for steps not yet handed to the "
           "device (ValueError naming the step reached otherwise); before start() too.")
      .def("pull", &Stream::pull, "pull() -> Spikes\n\nThe spikes that arrived since the last pull, in step order (streams "
                                  "without a callback). When pull_queue_limit spikes wait, the device waits.")
      .def("pause", &Stream::pause, "pause()\n\nAt the end of the exchange in flight.")
      .def("resume", &Stream::resume, "resume()")
      .def("stop", &Stream::stop, "stop()\n\nEnds after the exchange in flight and gives the device back; raises what ended "
                                  "the stream early (the callback's exception, DeviceError).")
      .def("wait", &Stream::wait, py::arg("step") = py::none(),
           "wait(step=None)\n\nBlocks until `step` steps are done (absolute, as Device.step counts), or with None until "
           "the stream's last step, then stops it. Ctrl-C stops the stream and raises KeyboardInterrupt.")
      .def_property_readonly("steps_done", &Stream::steps_done, "the device's step count reached")
      .def_property_readonly("running", &Stream::running)
      .def_property_readonly("spikes", &Stream::spikes, "every spike this stream delivered (callback or pull)")
      .def("__enter__", [](Stream& s) -> Stream& { s.start(); return s; }, py::return_value_policy::reference)
      .def("__exit__", [](Stream& s, const py::object& type, const py::object&, const py::object&) {
        if (!type.is_none()) {  // an exception is on its way out already: stop without raising another
          try {
            s.stop();
          } catch (...) {
          }
          return;
        }
        s.stop();
      });

  auto device = py::reinterpret_borrow<py::class_<DeviceSession, std::shared_ptr<DeviceSession>>>(m.attr("Device"));
  device.def("stream",
             [](std::shared_ptr<DeviceSession> s, const py::object& on_spikes, const py::object& steps,
                std::uint64_t steps_per_exchange, std::size_t pull_queue_limit) {
               if (s->closed()) throw py::value_error("stream: the device is closed; open it again with ionarray.open(uri)");
               const Layout& l = s->layout();
               const long n = steps.is_none() ? l.steps : steps.cast<long>();
               if (n < 0) throw py::value_error(fmt::format("steps: {} is negative; allowed 0 (until stop()) or more", n));
               if (steps_per_exchange == 0) throw py::value_error("steps_per_exchange: 0; allowed 1 or more");
               if (pull_queue_limit == 0) throw py::value_error("pull_queue_limit: 0; allowed 1 or more");
               return std::make_unique<Stream>(std::move(s), on_spikes, static_cast<std::uint64_t>(n), steps_per_exchange,
                                               pull_queue_limit);
             },
             py::arg("on_spikes") = py::none(), py::arg("steps") = py::none(), py::arg("steps_per_exchange") = 100,
             py::arg("pull_queue_limit") = std::size_t{1} << 20, py::keep_alive<0, 1>(),
             "stream(on_spikes=None, steps=None, steps_per_exchange=100, pull_queue_limit=1048576) -> Stream\n\n"
             "A stream over the loaded chip from the current step: `steps` steps (None: the layout's [run] steps, "
             "whose [[input]] events it feeds; 0: until stop(), fed only what is pushed), in exchanges of "
             "steps_per_exchange steps. on_spikes(spikes) is called on the worker thread after every exchange; "
             "without it, take the spikes with pull(). The device is the stream's until it is stopped.");
}

}  // namespace ionarray::python
