// TEST ONLY: the `ionarray` tool with the test-only device schemes (fault-injection://N), for
// the command-line tests of what a run does when its device fails.
#include "cli/cli.hpp"
#include "fault_injection.hpp"

int main(int argc, char** argv) {
  ionarray::testing::add_fault_injection_scheme();
  return ionarray::cli::run_cli(argc, argv);
}
