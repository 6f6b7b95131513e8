#include "cli/interrupt.hpp"

#include <csignal>

#include <fmt/format.h>

namespace ionarray::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous_int {}, g_previous_term {};

extern "C" void on_interrupt(int signal) { g_signal = signal; }

void install(int signal, struct sigaction& previous) {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second signal takes the default action: the process ends
  sigaction(signal, &action, &previous);
}

}  // namespace

InterruptRequest::InterruptRequest() {
  g_signal = 0;
  install(SIGINT, g_previous_int);
  install(SIGTERM, g_previous_term);
}

InterruptRequest::~InterruptRequest() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

bool InterruptRequest::requested() const { return g_signal != 0; }
int InterruptRequest::signal() const { return g_signal; }

std::string InterruptRequest::reason() const { return fmt::format("signal {} (Ctrl-C or SIGTERM)", int(g_signal)); }

nlohmann::json interruption_record(const InterruptRequest& interrupt, const std::string& unit, long done, long requested) {
  return {{"reason", interrupt.reason()}, {unit + "_done", done}, {unit + "_requested", requested}};
}

}  // namespace ionarray::cli
