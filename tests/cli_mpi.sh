#!/bin/sh
# mpirun -np N ionarray run: rank 0's output folder holds exactly the spikes of one process, for
# N = 2 and 3 and each layout given (a quiet one, and a busy one whose steps carry more spikes
# than the exchange's first block holds); a rank killed mid-run stops the job, and rank 0's
# folder holds the spikes up to the last step completed (those of one process run that far)
# with summary.json saying so (on the first layout).
# Usage: cli_mpi.sh MPIRUN IONARRAY OUT_DIR LAYOUT...
set -u
mpirun=$1 ionarray=$2 out=$3
shift 3
layout=$1
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot make $out"
# As root Open MPI needs these; 2 cores here, so more ranks than cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Under make sanitize: Open MPI's libraries have no frame pointers, so LeakSanitizer needs the slow
# unwinder to see the Open MPI frames that scripts/lsan-openmpi.supp matches.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
for each in "$@"; do
  name=$(basename "$each" .toml)
  "$ionarray" run "$each" --backend fixed --steps 3000 --no-record --out "$out/$name-one" >/dev/null || fail "$name, one process"
  for n in 2 3; do
    "$mpirun" -np $n "$ionarray" run "$each" --backend fixed --steps 3000 --no-record --out "$out/$name-np$n" \
      >"$out/$name-np$n.log" 2>&1 || { cat "$out/$name-np$n.log"; fail "$name: mpirun -np $n"; }
    cmp -s "$out/$name-one/spikes.csv" "$out/$name-np$n/spikes.csv" || fail "$name: -np $n differs from one process"
    echo "$name, mpirun -np $n: $(($(wc -l < "$out/$name-np$n/spikes.csv") - 1)) spikes, identical to one process"
  done
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
