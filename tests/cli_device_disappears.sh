#!/bin/sh
# A device that disappears mid-run (fault-injection://N, test only: fixed:// gone after N
# receives): a clear error, exit status 3, and spikes.csv / summary.json of the steps done before
# it on disk; the spikes must be exactly those of an uninterrupted fixed:// run before that step.
# Usage: cli_device_disappears.sh IONARRAY LAYOUT OUT_DIR
set -u
ionarray=$1 layout=$2 out=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"

"$ionarray" run "$layout" --backend fixed --steps 12000 --out "$out/full" >/dev/null || fail "the uninterrupted fixed:// run failed"
"$ionarray" run "$layout" --backend fault-injection://2 --steps 12000 --out "$out/cut" >/dev/null 2>"$out/stderr"
status=$?
cat "$out/stderr"
[ "$status" -eq 3 ] || fail "exit status $status, expected 3 (device error)"
grep -q "ionarray: device error: fault-injection://2: device disappeared" "$out/stderr" || fail "no clear error on stderr"

summary="$out/cut/summary.json"
[ -s "$summary" ] || fail "no summary.json"
at=$(sed -n 's/^ *"at_step": \([0-9]*\),*$/\1/p' "$summary")
[ -n "$at" ] && [ "$at" -gt 0 ] && [ "$at" -lt 12000 ] || fail "summary.json has no aborted.at_step inside the run"
grep -q '"reason": "fault-injection://2: device disappeared' "$summary" || fail "summary.json does not say why the run was aborted"
grep -q "^  \"steps\": $at,\$" "$summary" || fail "summary.json steps is not the $at steps recorded"

awk -F, -v at="$at" 'NR == 1 || $1 < at' "$out/full/spikes.csv" > "$out/expected.csv"
cmp -s "$out/expected.csv" "$out/cut/spikes.csv" || fail "spikes.csv is not the uninterrupted run's spikes before step $at"
spikes=$(($(wc -l < "$out/cut/spikes.csv") - 1))
[ "$spikes" -gt 0 ] || fail "no spikes recorded before the fault"
grep -q "^  \"spikes\": $spikes,\$" "$summary" || fail "summary.json spikes is not the $spikes in spikes.csv"
echo "PASS: aborted at step $at with $spikes spikes on disk and exit status 3"
