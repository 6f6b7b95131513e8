// TEST ONLY: linked into the Python module built for the tests (python-testing/), so that
// ionarray.open() there takes the test-only device schemes too (fault-injection://N).
#include "fault_injection.hpp"

namespace {

[[maybe_unused]] const bool test_schemes_added = (ionarray::testing::add_fault_injection_scheme(), true);

}  // namespace
