#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a long run: the first one asks the run to stop at the end of
// its current exchange, so what was recorded is written out; a second one ends the process at
// once (the default action is back in place after the first).
#include <stdexcept>

namespace ionarray::cli {

// Installs the handlers for its lifetime.
class InterruptRequest {
 public:
  InterruptRequest();
  ~InterruptRequest();
  InterruptRequest(const InterruptRequest&) = delete;
  InterruptRequest& operator=(const InterruptRequest&) = delete;
  bool requested() const;
  int signal() const;  // the signal that asked (0: none)
};

// A run stopped on request, its outputs written; main() exits with 128 + the signal's number.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(const std::string& what, int signal) : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace ionarray::cli
