#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a long run: the first one asks the run to stop at the end of
// its current exchange, so what was recorded is written out; a second one ends the process at
// once (the default action is back in place after the first).
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

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
  // "signal 2 (Ctrl-C or SIGTERM)": why a command stopped, for summary.json and messages.
  std::string reason() const;
};

// What summary.json says under "interrupted" of a command a signal stopped at a boundary:
// {"reason", "<unit>_done", "<unit>_requested"}, e.g. unit "cycles".
nlohmann::json interruption_record(const InterruptRequest& interrupt, const std::string& unit, long done, long requested);

// A run stopped on request, its outputs written; main() exits with 128 + the signal's number.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(const std::string& what, int signal) : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace ionarray::cli
