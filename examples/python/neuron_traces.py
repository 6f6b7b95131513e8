#!/usr/bin/env python3
"""One neuron's state traces: examples/single-neuron.toml (a relaxation oscillator under a DC
drive) run on a device, its membrane voltage, filament fraction, residue and conductance plotted
with matplotlib, spikes marked.

    PYTHONPATH=build/python python3 examples/python/neuron_traces.py --uri reference:// --out out/python/neuron-traces.png
"""
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")  # (files only: no display needed)
import matplotlib.pyplot as plt

import ionarray

EXAMPLES = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="reference://", help="device URI (default reference://)")
    parser.add_argument("--steps", type=int, default=None, help="steps to run (default: the layout's, 100 ms)")
    parser.add_argument("--out", default="out/python/neuron-traces.png", help="PNG to write")
    args = parser.parse_args()

    layout = ionarray.Layout.load(EXAMPLES / "single-neuron.toml")
    with ionarray.open(args.uri) as dev:
        dev.load(layout)
        spikes = dev.run(args.steps)
        traces = dev.traces

    t_ms = traces.times * 1e3
    panels = [("vm", "Vm (V)"), ("f", "filament f"), ("r", "residue r"), ("g", "conductance g (uS)")]
    fig, axes = plt.subplots(len(panels), 1, sharex=True, figsize=(9, 8))
    for ax, (field, label) in zip(axes, panels):
        values = traces.field(field)[0] * (1e6 if field == "g" else 1)
        ax.plot(t_ms, values, lw=0.8)
        ax.set_ylabel(label)
    for t in spikes.times * 1e3:
        axes[0].axvline(t, color="tab:red", lw=0.4, alpha=0.6)
    axes[-1].set_xlabel("time (ms)")
    axes[0].set_title(f"single-neuron.toml on {args.uri}: {len(spikes)} spikes (red)")
    fig.tight_layout()
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    intervals = (spikes.times[1:] - spikes.times[:-1]) * 1e3
    first_last = f", intervals {intervals[0]:.2f} ms first, {intervals[-1]:.2f} ms last" if len(intervals) else ""
    print(f"neuron_traces: {len(spikes)} spikes in {traces.times[-1] * 1e3:.1f} ms{first_last}; {out}")


if __name__ == "__main__":
    main()
