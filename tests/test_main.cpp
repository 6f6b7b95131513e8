// The test programs' main: doctest, with the test-only device schemes added.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "fault_injection.hpp"

int main(int argc, char** argv) {
  ionarray::testing::add_fault_injection_scheme();
  return doctest::Context(argc, argv).run();
}
