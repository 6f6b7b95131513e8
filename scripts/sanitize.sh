#!/usr/bin/env bash
# make sanitize: builds everything in its own folder (SANITIZE_BUILD, default build-sanitize) with
# AddressSanitizer and UndefinedBehaviorSanitizer (cmake -DIONARRAY_SANITIZE=ON) and runs the
# whole ctest suite there. Every sanitizer report fails the target, including reports from tests
# that judge their output by a regular expression (ctest ignores those tests' exit status): the
# output of every test is searched for reports at the end.
#   SANITIZE_BUILD=build-sanitize  JOBS=$(nproc)  CMAKE_FLAGS=...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SANITIZE_BUILD:-$root/build-sanitize}
jobs=${JOBS:-$(nproc)}
start=$(date +%s)

# RelWithDebInfo: optimised as the tests expect for their run time, with line numbers in the reports.
# shellcheck disable=SC2086
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIONARRAY_SANITIZE=ON ${CMAKE_FLAGS:-}
cmake --build "$build" -j "$jobs"
built=$(date +%s)

# halt_on_error: the first report ends the process with a failing status; detect_leaks:
# LeakSanitizer at exit, less what Open MPI keeps to the end of the process (lsan-openmpi.supp); UB
# already aborts (-fno-sanitize-recover=undefined).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1${ASAN_EXTRA_OPTIONS:+:$ASAN_EXTRA_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan-openmpi.supp:print_suppressions=0"
status=0
(cd "$build" && ctest --output-on-failure -j "$jobs") || status=$?
end=$(date +%s)

# ctest keeps every test's output, passed or not, in LastTest.log.
if grep -n -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|WARNING: ASan" "$build/Testing/Temporary/LastTest.log"; then
  echo "sanitize: sanitizer reports above (full output: $build/Testing/Temporary/LastTest.log)" >&2
  status=1
fi
echo "sanitize: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s"
exit $status
