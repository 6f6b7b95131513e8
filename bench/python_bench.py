#!/usr/bin/env python3
"""Benchmarks of the Python module (make bench), in one run on one machine:

1. Spike transfer into numpy: a dense chip run on fixed:// until it has recorded millions of
   spikes, then Device.spikes (the record copied once and handed to numpy without another copy)
   and the arrays a user reads (steps, tiles, neurons as views; ids, times computed), in spikes
   per second. Target: at least 1e8 spikes/s.
2. A closed loop driven from Python against the same loop in C++ (bench/closed_loop_bench.cpp),
   both on fixed:// with bench/closed-loop.toml: each step run alone with the inputs the controller
   chose from the previous step's spikes. Per-step cost of each and their ratio; the two loops
   must produce the same spikes and inputs.

    PYTHONPATH=build/python python3 bench/python_bench.py --closed-loop-cpp build/bench/ionarray_closed_loop_bench
"""
import argparse
import json
import pathlib
import subprocess
import time

import ionarray

HERE = pathlib.Path(__file__).resolve().parent


def dense_chip(steps):
    """16 tiles of 256 x 256 in rings of four, Poisson input into every tile: the neurons fire about
    every 150 steps (the most this set does)."""
    return {
        "chip": {"tiles": [4, 4], "rows": 256, "columns": 256},
        "neurons": {"set": "lif", "c2c": True, "d2d": 0.05},
        "synapses": {"kind": "identity", "g_max": 200e-6, "levels": 2},
        "pulses": {"voltage": 2.5, "steps": 20},
        "routing": {"pattern": "ring", "ring": 4},
        "input": [{"kind": "poisson", "tiles": list(range(16)), "probability": 0.01, "seed": 5}],
        "run": {"steps": steps, "seed": 1},
    }


def best_of(repeats, call):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def spike_transfer(steps):
    with ionarray.open("fixed://") as dev:
        dev.load(dense_chip(steps))
        start = time.perf_counter()
        dev.run()
        run_s = time.perf_counter() - start
        count = len(dev.spikes)

        def transfer():
            spikes = dev.spikes  # one copy of the record, wrapped by numpy without another
            return spikes, spikes.steps, spikes.tiles, spikes.neurons

        def read_all():
            spikes = dev.spikes
            return spikes.steps, spikes.tiles, spikes.neurons, spikes.ids, spikes.times

        transfer_s, _ = best_of(5, transfer)
        everything_s, _ = best_of(5, read_all)
    print(f"spike transfer: {count:.3g} spikes recorded on fixed:// ({steps} steps of 4096 neurons, {run_s:.2f} s)")
    print(f"  Device.spikes (steps, tiles, neurons as views): {transfer_s * 1e3:.2f} ms = {count / transfer_s:.3g} spikes/s"
          f" (target >= 1e8: {'met' if count / transfer_s >= 1e8 else 'NOT met'})")
    print(f"  with ids and times computed as well: {everything_s * 1e3:.2f} ms = {count / everything_s:.3g} spikes/s")
    return count / transfer_s


def python_closed_loop(steps):
    """While fewer than TARGET spikes came in the last WINDOW steps, drive the next row in turn in the
    next step (as closed_loop_bench.cpp does)."""
    window_steps, target = 64, 4
    layout = ionarray.Layout.load(HERE / "closed-loop.toml")
    window = [0] * window_steps
    in_window = spikes = inputs_sent = next_row = 0
    with ionarray.open("fixed://") as dev:
        dev.load(layout)
        inputs = None
        start = time.perf_counter()
        for k in range(steps):
            count = len(dev.run(1, inputs))
            spikes += count
            inputs_sent += 0 if inputs is None else len(inputs)
            in_window += count - window[k % window_steps]
            window[k % window_steps] = count
            inputs = None
            if in_window < target:
                inputs = [(k + 1, 0, next_row)]
                next_row = (next_row + 1) % layout.columns
        seconds = time.perf_counter() - start
    return {"steps": steps, "seconds_per_step": seconds / steps, "spikes": spikes, "inputs": inputs_sent}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--closed-loop-cpp", required=True, help="path of ionarray_closed_loop_bench")
    parser.add_argument("--loop-steps", type=int, default=20000)
    parser.add_argument("--transfer-steps", type=int, default=40000)
    args = parser.parse_args()

    spike_transfer(args.transfer_steps)
    python = python_closed_loop(args.loop_steps)
    cpp = json.loads(subprocess.run([args.closed_loop_cpp, str(args.loop_steps)], check=True, capture_output=True,
                                    text=True).stdout)
    same = (python["spikes"], python["inputs"]) == (cpp["spikes"], cpp["inputs"])
    print(f"closed loop on fixed:// ({args.loop_steps} steps, one run per step, {python['spikes']} spikes, "
          f"{python['inputs']} inputs; the C++ loop's {'the same' if same else 'DIFFERENT'}):")
    print(f"  Python {python['seconds_per_step'] * 1e6:.2f} us per step, C++ {cpp['seconds_per_step'] * 1e6:.2f} us per step:"
          f" Python / C++ = {python['seconds_per_step'] / cpp['seconds_per_step']:.2f}")
    if not same:
        raise SystemExit("python_bench: the Python and C++ loops differ")


if __name__ == "__main__":
    main()
