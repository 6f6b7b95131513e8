#!/bin/sh
# SIGINT or SIGTERM in the middle of the long experiments (neuron, device dc-sweep, device pulse,
# device fit, quantization-sweep, accuracy): each stops at its next step, cycle, trial, evaluation
# or run boundary, writes what it completed with "interrupted" in its summary, and exits 128 + the
# signal. Where the data are deterministic, what was kept equals an uninterrupted run of the same
# length (same seed).
# Usage: cli_interrupt_experiments.sh IONARRAY OUT_DIR
set -u
ionarray=$1 out=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"

# start NAME PATH SIGNAL SECONDS COMMAND...: runs the command until PATH exists plus SECONDS, sends
# SIGNAL, and checks the exit status is 128 + SIGNAL's number.
start() {
  name=$1 dir=$2 sig=$3 delay=$4
  shift 4
  "$ionarray" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" &
  pid=$!
  for _ in $(seq 100); do [ -e "$dir" ] && break; sleep 0.1; done
  [ -e "$dir" ] || fail "$name never started: $(cat "$out/$name.stderr")"
  sleep "$delay"
  kill -"$sig" "$pid"
  wait "$pid"
  status=$?
  case $sig in INT) number=2 ;; TERM) number=15 ;; esac
  expected=$((128 + number))
  [ "$status" -eq "$expected" ] || fail "$name: exit status $status after SIG$sig, expected $expected ($(cat "$out/$name.stderr"))"
}
# value FILE KEY: a number from summary.json
value() { sed -n "s/^ *\"$2\": \([0-9]*\),*$/\1/p" "$1"; }

# neuron: SIGTERM; the spikes kept equal a run of the steps done.
start neuron "$out/neuron" TERM 1 neuron --set lif --devices 20 --duration 100 --trace-every 1000 --out "$out/neuron"
grep -q '"interrupted"' "$out/neuron/summary.json" || fail "neuron: summary.json does not say it was interrupted"
steps=$(value "$out/neuron/summary.json" steps_done)
[ -n "$steps" ] && [ "$steps" -gt 0 ] && [ "$steps" -lt 100000000 ] || fail "neuron: steps_done '$steps'"
"$ionarray" neuron --set lif --devices 20 --duration "${steps}e-6" --trace-every 1000 --out "$out/neuron-full" >/dev/null ||
  fail "neuron: the run of $steps steps failed"
cmp -s "$out/neuron/spikes.csv" "$out/neuron-full/spikes.csv" || fail "neuron: spikes differ from a run of $steps steps"

# dc-sweep: SIGINT; the cycles kept equal a sweep of that many cycles.
start dc-sweep "$out/dc" INT 1 device dc-sweep --set dc-symmetric --cycles 100000 --out "$out/dc"
grep -q '"interrupted"' "$out/dc/summary.json" || fail "dc-sweep: summary.json does not say it was interrupted"
cycles=$(value "$out/dc/summary.json" cycles_done)
[ -n "$cycles" ] && [ "$cycles" -gt 0 ] && [ "$cycles" -lt 100000 ] || fail "dc-sweep: cycles_done '$cycles'"
"$ionarray" device dc-sweep --set dc-symmetric --cycles "$cycles" --out "$out/dc-full" >/dev/null || fail "dc-sweep of $cycles cycles failed"
cmp -s "$out/dc/sweeps.csv" "$out/dc-full/sweeps.csv" || fail "dc-sweep: sweeps differ from a sweep of $cycles cycles"

# pulse: SIGINT; the trials kept equal that many trials. (Soon after the start: a trial takes
# 0.5 ms to run and 30 ms to write.)
start pulse "$out/pulse" INT 0.1 device pulse --trials 4000 --out "$out/pulse"
grep -q '"interrupted"' "$out/pulse/summary.json" || fail "pulse: summary.json does not say it was interrupted"
trials=$(value "$out/pulse/summary.json" trials_done)
[ -n "$trials" ] && [ "$trials" -gt 0 ] && [ "$trials" -lt 4000 ] || fail "pulse: trials_done '$trials'"
"$ionarray" device pulse --trials "$trials" --out "$out/pulse-full" >/dev/null || fail "pulse: $trials trials failed"
cmp -s "$out/pulse/pulse.csv" "$out/pulse-full/pulse.csv" || fail "pulse: trials differ from a run of $trials trials"

# fit (to the sweeps just written): SIGTERM; the best set so far is written, saying it was interrupted.
# (it writes its file only at the end: it has started once its first line is out)
start fit "$out/fit.stdout" TERM 1 device fit --data "$out/dc-full/sweeps.csv" --set dc-symmetric --samples 50 \
  --out "$out/fit.toml"
[ -s "$out/fit.toml" ] || fail "fit: no parameter file written"
grep -q "^# INTERRUPTED by signal 15" "$out/fit.toml" || fail "fit: the file does not say the fit was interrupted"
grep -q "^base = \"dc-symmetric\"" "$out/fit.toml" || fail "fit: the file is not a parameter file"

# quantization-sweep: SIGINT; the rows done are written.
start quantization "$out/quantization" INT 1 quantization-sweep --out "$out/quantization"
grep -q '"interrupted"' "$out/quantization/quantization.json" || fail "quantization-sweep: no \"interrupted\" in quantization.json"
rows=$(value "$out/quantization/quantization.json" rows_done)
[ -n "$rows" ] && [ "$rows" -lt 16 ] || fail "quantization-sweep: rows_done '$rows'"

# accuracy: SIGTERM; the scenarios completed are written, the one cut short (within 256 steps) is not.
start accuracy "$out/accuracy" TERM 1 accuracy --out "$out/accuracy"
grep -q '"interrupted"' "$out/accuracy/accuracy.json" || fail "accuracy: no \"interrupted\" in accuracy.json"
scenarios=$(value "$out/accuracy/accuracy.json" scenarios_done)
listed=$(grep -c '^ *"scenario": ' "$out/accuracy/accuracy.json")
[ -n "$scenarios" ] && [ "$scenarios" -lt 6 ] || fail "accuracy: scenarios_done '$scenarios'"
[ "$listed" -eq "$scenarios" ] || fail "accuracy: $listed scenarios written, $scenarios done"

echo "KEPT: neuron $steps steps, dc-sweep $cycles cycles, pulse $trials trials, fit best so far, quantization $rows rows, accuracy $scenarios scenarios"
