#pragma once
// Asked by a long experiment at each step, cycle, trial or evaluation boundary whether to stop
// early (the command line passes "Ctrl-C or SIGTERM arrived"). An experiment that stops returns
// what it completed, so the caller can write it out; an empty request never stops.
#include <functional>

namespace ionarray {

using StopRequest = std::function<bool()>;

inline bool stop_requested(const StopRequest& stop) { return stop && stop(); }

}  // namespace ionarray
