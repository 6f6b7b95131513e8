#!/usr/bin/env bash
# make fuzz: builds the fuzz targets of fuzz/ with clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer in $FUZZ_BUILD, runs each for $FUZZ_SECONDS seconds starting from
# its committed corpus (fuzz/corpus/<target>/), prints the executions and coverage libFuzzer
# reports at the end, and merges into the committed corpus the inputs that reached new coverage.
#   FUZZ_SECONDS=60   seconds per target (9 targets: about 10 minutes with the build)
#   FUZZ_TARGETS="layout link_core"   only these targets
#   FUZZ_BUILD=build-fuzz   JOBS=2
# Inputs are at most 8 KiB (-max_len): the committed seeds may be longer (real host-link traffic).
# A crash, a hang (an input running over 10 s), a leak, a sanitizer report or a broken invariant
# stops that target and keeps the input in $FUZZ_BUILD/artifacts/<target>/; the script goes on
# with the others and exits 1. Fix the code, then add the input to fuzz/corpus/<target>/ so that
# `make test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${JOBS:-2}
all_targets=$(grep '^[a-z]' fuzz/targets.txt)
targets=${FUZZ_TARGETS:-$all_targets}

command -v clang++ >/dev/null || { echo "make fuzz: clang++ not found (scripts/install-deps.sh installs clang and libclang-rt-14-dev)"; exit 1; }
cmake -S fuzz -B "$FUZZ_BUILD" -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$FUZZ_BUILD" -j "$JOBS"

failed=()
summary="$FUZZ_BUILD/summary.txt"
printf '%-14s %8s %12s %10s %8s %8s %8s  %s\n' target seconds executions exec/s cov ft corpus result | tee "$summary"
for t in $targets; do
  work="$FUZZ_BUILD/corpus/$t" artifacts="$FUZZ_BUILD/artifacts/$t" log="$FUZZ_BUILD/logs/$t.log"
  rm -rf "$work" && mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  result=clean
  # (new inputs go to the work folder first: only those adding coverage are merged back)
  if ! "$FUZZ_BUILD/fuzz_$t" "$work" "fuzz/corpus/$t" -max_total_time="$FUZZ_SECONDS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    result="FAILED: $(ls -t "$artifacts" | head -1) (log: $log)"
    failed+=("$t")
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  before=$(ls "fuzz/corpus/$t" | wc -l)
  "$FUZZ_BUILD/fuzz_$t" -merge=1 "fuzz/corpus/$t" "$work" >>"$log" 2>&1 || true
  after=$(ls "fuzz/corpus/$t" | wc -l)
  printf '%-14s %8s %12s %10s %8s %8s %8s  %s\n' "$t" "$FUZZ_SECONDS" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "$before+$((after - before))" "$result" | tee -a "$summary"
done
echo "fuzz: cov = edges covered, ft = features (libFuzzer's final figures); corpus = committed inputs + inputs merged in now"
echo "fuzz: table in $summary"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}: fix the code, add the artifact to fuzz/corpus/<target>/ as a regression input"
  exit 1
fi
