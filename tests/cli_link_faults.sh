#!/bin/sh
# `ionarray run` over a faulty link (fault-injection://link?rate=R&seed=S, test only: the
# in-process link core behind a transport that damages packets both ways), at a fault rate of
# 1e-3 per packet on two seeded schedules. On the first every fault is repaired by a session
# reset and spikes.csv equals a clean fixed:// run; on the second a spike packet from the device
# is lost and the run stops: exit status 3, "aborted" in summary.json, and spikes.csv exactly the
# clean run's spikes before the step it names (the last one acknowledged).
# Usage: cli_link_faults.sh IONARRAY LAYOUT OUT_DIR
set -u
ionarray=$1 layout=$2 out=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"
"$ionarray" run "$layout" --backend fixed --steps 12000 --out "$out/clean" >/dev/null || fail "the clean fixed:// run failed"

"$ionarray" run "$layout" --backend "fault-injection://link?rate=0.001&seed=3" --steps 12000 --out "$out/repaired" \
  >/dev/null 2>"$out/repaired.stderr" || { cat "$out/repaired.stderr"; fail "the run on schedule 3 did not complete"; }
cmp -s "$out/clean/spikes.csv" "$out/repaired/spikes.csv" || fail "spikes.csv after repaired faults differs from the clean run"

"$ionarray" run "$layout" --backend "fault-injection://link?rate=0.001&seed=2" --steps 12000 --out "$out/stopped" \
  >/dev/null 2>"$out/stopped.stderr"
status=$?
cat "$out/stopped.stderr"
[ "$status" -eq 3 ] || fail "exit status $status on schedule 2, expected 3 (device error)"
grep -q "spike(s) the device sent were lost on the link" "$out/stopped.stderr" || fail "no clear error on stderr"
summary="$out/stopped/summary.json"
at=$(sed -n 's/^ *"at_step": \([0-9]*\),*$/\1/p' "$summary")
[ -n "$at" ] && [ "$at" -gt 0 ] && [ "$at" -lt 12000 ] || fail "summary.json has no aborted.at_step inside the run"
grep -q "^  \"steps\": $at,\$" "$summary" || fail "summary.json steps is not the $at steps recorded"
awk -F, -v at="$at" 'NR == 1 || $1 < at' "$out/clean/spikes.csv" > "$out/expected.csv"
cmp -s "$out/expected.csv" "$out/stopped/spikes.csv" || fail "spikes.csv is not the clean run's spikes before step $at"
spikes=$(($(wc -l < "$out/stopped/spikes.csv") - 1))
[ "$spikes" -gt 0 ] || fail "no spikes recorded before the stop"
echo "PASS: repaired (spikes equal), stopped at step $at with the clean run's $spikes spikes before it"
