#!/bin/sh
# Ctrl-C in the middle of a long run: exit status 130, and spikes.csv and summary.json of the
# steps done before it on disk (summary.json saying "interrupted" at which step); the spikes are
# exactly those of an uninterrupted fixed:// run of that many steps.
# Usage: cli_interrupt_keeps_outputs.sh IONARRAY LAYOUT OUT_DIR
set -u
ionarray=$1 layout=$2 out=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"

"$ionarray" run "$layout" --backend fixed --steps 1000000000 --no-record --out "$out/cut" >/dev/null 2>"$out/stderr" &
pid=$!
# The handler is in place before the output folder exists: wait for it, then let the run go on a bit.
for _ in $(seq 100); do [ -d "$out/cut" ] && break; sleep 0.1; done
[ -d "$out/cut" ] || fail "the run never started"
sleep 1
kill -INT "$pid"
wait "$pid"
status=$?
cat "$out/stderr"
[ "$status" -eq 130 ] || fail "exit status $status, expected 130 (128 + SIGINT)"
summary="$out/cut/summary.json"
[ -s "$summary" ] || fail "no summary.json"
grep -q '"interrupted"' "$summary" || fail "summary.json does not say the run was interrupted"
at=$(sed -n 's/^ *"at_step": \([0-9]*\),*$/\1/p' "$summary")
[ -n "$at" ] && [ "$at" -gt 0 ] || fail "no at_step > 0 in summary.json"
"$ionarray" run "$layout" --backend fixed --steps "$at" --no-record --out "$out/full" >/dev/null || fail "the fixed:// run of $at steps failed"
cmp -s "$out/full/spikes.csv" "$out/cut/spikes.csv" || fail "the spikes recorded before the interrupt differ from an uninterrupted run of $at steps"
echo "KEPT: $at steps recorded, identical to an uninterrupted run"
