#!/bin/sh
# mpirun -np N ionarray run: rank 0's output folder holds exactly the spikes of one process, for
# N = 2 and 3; a rank killed mid-run stops the job, and rank 0's folder holds the spikes up to
# the last complete step (those of one process run that far) with summary.json saying so.
# Usage: cli_mpi.sh MPIRUN IONARRAY LAYOUT OUT_DIR
set -u
mpirun=$1 ionarray=$2 layout=$3 out=$4
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"
# As root Open MPI needs these; 2 cores here, so more ranks than cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
"$ionarray" run "$layout" --backend fixed --steps 3000 --no-record --out "$out/one" >/dev/null || fail "one process"
for n in 2 3; do
  "$mpirun" -np $n "$ionarray" run "$layout" --backend fixed --steps 3000 --no-record --out "$out/np$n" >"$out/np$n.log" 2>&1 ||
    { cat "$out/np$n.log"; fail "mpirun -np $n"; }
  cmp -s "$out/one/spikes.csv" "$out/np$n/spikes.csv" || fail "-np $n differs from one process"
  echo "mpirun -np $n: $(($(wc -l < "$out/np$n/spikes.csv") - 1)) spikes, identical to one process"
done

# A rank lost mid-run: rank 1 killed (SIGKILL) about two seconds in.
"$mpirun" -np 2 "$ionarray" run "$layout" --backend fixed --steps 50000000 --no-record --out "$out/lost" >"$out/lost.log" 2>&1 &
job=$!
victim=""
for _ in $(seq 1 100); do
  sleep 0.1
  for pid in $(ps -o pid= --ppid $job); do
    tr '\0' '\n' < /proc/$pid/environ 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && victim=$pid
  done
  [ -n "$victim" ] && break
done
[ -n "$victim" ] || { kill $job; fail "rank 1 never started"; }
sleep 2
kill -9 "$victim"
wait $job
status=$?
[ $status -ne 0 ] || fail "mpirun exited 0 after a rank was lost"
[ -f "$out/lost/summary.json" ] || { cat "$out/lost.log"; fail "no summary.json after the lost rank"; }
at=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s['aborted']['at_step'])" "$out/lost/summary.json") ||
  fail "summary.json does not say where the run was cut short"
[ "$at" -gt 0 ] || fail "cut short at step $at"
"$ionarray" run "$layout" --backend fixed --steps "$at" --no-record --out "$out/prefix" >/dev/null || fail "one process, $at steps"
cmp -s "$out/prefix/spikes.csv" "$out/lost/spikes.csv" || fail "the lost run's spikes differ from one process's first $at steps"
echo "PASS: rank lost, stopped at step $at with exit $status, spikes to then identical to one process"
