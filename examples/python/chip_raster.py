#!/usr/bin/env python3
"""A chip's raster: examples/chip-4x4.toml (four rings of four 32 x 32 tiles, Poisson input into
the first tile of each ring) run on a device, every spike plotted by time and flat neuron id, with
the mean rate of each tile.

    PYTHONPATH=build/python python3 examples/python/chip_raster.py --uri fixed:// --out out/python/chip-raster.png
"""
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import ionarray

EXAMPLES = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="fixed://", help="device URI (default fixed://)")
    parser.add_argument("--steps", type=int, default=None, help="steps to run (default: the layout's, 20 ms)")
    parser.add_argument("--out", default="out/python/chip-raster.png", help="PNG to write")
    args = parser.parse_args()

    layout = ionarray.Layout.load(EXAMPLES / "chip-4x4.toml")
    with ionarray.open(args.uri) as dev:
        dev.load(layout, record=False)
        spikes = dev.run(args.steps)
        summary = dev.summary()

    rates = np.array(summary["rate_hz_per_tile"]).reshape(layout.grid)
    fig, (raster, grid) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 1]})
    raster.scatter(spikes.times * 1e3, spikes.ids, s=2, c="black", marker="s", linewidths=0)
    for boundary in range(0, layout.neurons + 1, layout.columns):  # tile boundaries
        raster.axhline(boundary - 0.5, color="0.85", lw=0.5, zorder=0)
    raster.set_xlabel("time (ms)")
    raster.set_ylabel(f"neuron (tile * {layout.columns} + column)")
    raster.set_ylim(-0.5, layout.neurons - 0.5)
    raster.set_title(f"chip-4x4.toml on {args.uri}: {len(spikes)} spikes")
    image = grid.imshow(rates, cmap="viridis")
    grid.set_xticks(range(layout.grid[1]))
    grid.set_yticks(range(layout.grid[0]))
    grid.set_title("mean rate per tile (Hz)")
    grid.set_xlabel("tile column")
    grid.set_ylabel("tile row")
    fig.colorbar(image, ax=grid, shrink=0.8)
    fig.tight_layout()
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    print(f"chip_raster: {len(spikes)} spikes, mean {summary['rate_hz']:.1f} Hz; input tiles "
          f"{rates[:, 0].mean():.0f} Hz, last tiles {rates[:, -1].mean():.0f} Hz; {out}")


if __name__ == "__main__":
    main()
