#!/usr/bin/env python3
"""Hardware in the loop: a Python controller reads the spikes of every step and decides the next
step's inputs, so that the chip's firing rate tracks a target that changes over time.

The chip: one tile of 32 lif neurons, row j reaching neuron j only (identity synapses), so that
driving a row makes its neuron fire once, some steps later. The controller counts the spikes of
each step, filters them into a rate, and drives rows (round robin) at a rate set by a
proportional-integral law on the error to the target. Run it on fixed:// (the hardware's
fixed-point array) and on verilator:// (the RTL): the same seed gives the same loop, step for step.

    PYTHONPATH=build/python python3 examples/python/closed_loop.py --uri verilator:// --out out/python/closed-loop.png
"""
import argparse
import json
import pathlib

import numpy as np

import ionarray

NEURONS = 32
CHIP = {
    "chip": {"tiles": [1, 1], "rows": NEURONS, "columns": NEURONS},
    "neurons": {"set": "lif", "c2c": True, "d2d": 0.05},
    "synapses": {"kind": "identity", "g_max": 200e-6, "levels": 2},
    "pulses": {"voltage": 2.5, "steps": 20},
    "run": {"steps": 6000, "seed": 1},
}
# Target rate per neuron (Hz) over the run: a step up, a step down.
TARGET_HZ = [(0, 2000.0), (2000, 5000.0), (4000, 3000.0)]


class RateController:
    """Proportional-integral control of the population rate, in input events per step."""

    def __init__(self, dt, neurons, tau_steps=150, kp=0.5, ki=0.01):
        self.dt, self.neurons = dt, neurons
        self.decay = np.exp(-1.0 / tau_steps)
        self.kp, self.ki = kp, ki
        self.rate = 0.0  # filtered spikes per step
        self.integral = 0.0
        self.credit = 0.0  # events owed, sent one by one as they reach 1
        self.next_row = 0

    def measured_hz(self):
        return self.rate / (self.neurons * self.dt)

    def step(self, spikes_this_step, target_hz, next_step):
        """The spikes of the step just run in, the inputs of the next step out: (step, tile, row) rows."""
        self.rate = self.decay * self.rate + (1 - self.decay) * spikes_this_step
        error = target_hz * self.neurons * self.dt - self.rate  # spikes per step short of the target
        self.integral += error
        self.credit += max(0.0, self.kp * error + self.ki * self.integral)
        events = []
        while self.credit >= 1.0:
            events.append((next_step, 0, self.next_row))
            self.next_row = (self.next_row + 1) % self.neurons
            self.credit -= 1.0
        return events


def target_at(step):
    return [hz for start, hz in TARGET_HZ if start <= step][-1]


def run_loop(uri, steps):
    """The loop on one device: per step, run it with the controller's inputs, read its spikes."""
    layout = ionarray.Layout.from_dict(CHIP)
    controller = RateController(layout.dt, NEURONS)
    measured, drives, spikes_per_step = np.zeros(steps), np.zeros(steps, dtype=int), np.zeros(steps, dtype=int)
    with ionarray.open(uri) as dev:
        dev.load(layout)
        inputs = []
        for k in range(steps):
            spikes = dev.run(1, inputs=inputs)
            drives[k], spikes_per_step[k] = len(inputs), len(spikes)
            inputs = controller.step(len(spikes), target_at(k + 1), k + 1)
            measured[k] = controller.measured_hz()
    return measured, drives, spikes_per_step, layout.dt


def tracking(measured, steps):
    """Per target segment: the target, and the mean measured rate over its second half (settled)."""
    out = []
    for n, (start, hz) in enumerate(TARGET_HZ):
        end = TARGET_HZ[n + 1][0] if n + 1 < len(TARGET_HZ) else steps
        end = min(end, steps)
        if end - start < 2:
            continue
        settled = measured[(start + end) // 2 : end].mean()
        out.append({"from_step": start, "target_hz": hz, "settled_hz": float(settled), "error": float(settled / hz - 1)})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="fixed://", help="device URI (default fixed://)")
    parser.add_argument("--steps", type=int, default=CHIP["run"]["steps"], help="steps (default 6000: 6 ms)")
    parser.add_argument("--out", default="out/python/closed-loop.png", help="PNG to write ('' for none)")
    parser.add_argument("--summary", default="", help="also write the loop's figures as JSON here")
    args = parser.parse_args()

    measured, drives, spikes, dt = run_loop(args.uri, args.steps)
    segments = tracking(measured, args.steps)
    worst = max(abs(s["error"]) for s in segments)
    figures = {"uri": args.uri, "steps": args.steps, "spikes": int(spikes.sum()), "input_events": int(drives.sum()),
               "segments": segments, "worst_settled_error": worst}
    if args.summary:
        pathlib.Path(args.summary).write_text(json.dumps(figures, indent=1))
    if args.out:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        t_ms = np.arange(args.steps) * dt * 1e3
        fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 6), gridspec_kw={"height_ratios": [3, 1]})
        top.plot(t_ms, [target_at(k) for k in range(args.steps)], color="black", lw=1, label="target")
        top.plot(t_ms, measured, color="tab:blue", lw=1, label="measured (filtered)")
        top.set_ylabel("rate per neuron (Hz)")
        top.legend(loc="lower right")
        top.set_title(f"closed loop on {args.uri}: rate tracking, worst settled error {100 * worst:.1f} %")
        window = 100
        bottom.plot(t_ms[window - 1 :], np.convolve(drives, np.ones(window), "valid"), color="tab:red", lw=1)
        bottom.set_ylabel(f"inputs per {window} steps")
        bottom.set_xlabel("time (ms)")
        fig.tight_layout()
        out = pathlib.Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=110)
    settled = ", ".join(f"{s['target_hz']:.0f} Hz -> {s['settled_hz']:.0f} Hz" for s in segments)
    print(f"closed_loop on {args.uri}: {args.steps} steps, {figures['spikes']} spikes from {figures['input_events']} "
          f"inputs; settled {settled}; worst error {100 * worst:.1f} %")


if __name__ == "__main__":
    main()
