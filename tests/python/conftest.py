"""Shared helpers of the Python tests: where the sources and the `ionarray` tool are, small layouts,
and running the tool to compare its results with the Python module's (never with values the
module itself produced)."""
import csv
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("IONARRAY_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("IONARRAY_CLI", str(SOURCE_DIR / "build" / "ionarray"))
EXAMPLES = SOURCE_DIR / "examples"


def run_cli(*args, check=True):
    """Runs the ionarray tool; returns the completed process (stdout and stderr as text)."""
    done = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"ionarray {' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr}")
    return done


def read_csv(path):
    """A CSV file as a dict of numpy arrays by column."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {name: np.array([float(r[k]) for r in body]) for k, name in enumerate(header)}


def read_json(path):
    with open(path) as f:
        return json.load(f)


def cli_spikes(out_dir):
    """spikes.csv of `ionarray run` as a sorted (n, 3) array of (step, tile, neuron)."""
    columns = read_csv(pathlib.Path(out_dir) / "spikes.csv")
    table = np.stack([columns["step"], columns["tile"], columns["neuron"]], axis=1).astype(np.int64)
    return table[np.lexsort((table[:, 2], table[:, 1], table[:, 0]))] if len(table) else table.reshape(0, 3)


def sorted_spikes(spikes):
    """ionarray.Spikes as a sorted (n, 3) array of (step, tile, neuron)."""
    table = np.stack([spikes.steps.astype(np.int64), spikes.tiles, spikes.neurons], axis=1).astype(np.int64)
    return table[np.lexsort((table[:, 2], table[:, 1], table[:, 0]))] if len(table) else table.reshape(0, 3)


def small_chip(steps=2000, seed=3, probability=0.05, record=True):
    """Two 8 x 8 tiles in a ring with Poisson input into tile 0: about 80 spikes in 2000 steps, on
    every backend."""
    tables = {
        "chip": {"tiles": [1, 2], "rows": 8, "columns": 8},
        "neurons": {"set": "lif", "c2c": True, "d2d": 0.05},
        "synapses": {"kind": "identity", "g_max": 200e-6, "levels": 2},
        "pulses": {"voltage": 2.5, "steps": 20},
        "routing": {"pattern": "ring", "ring": 2},
        "input": [{"kind": "poisson", "tiles": [0], "probability": probability, "seed": 7}],
        "run": {"steps": steps, "seed": seed},
    }
    if record:
        tables["record"] = {"neurons": [[0, 0, 2], [1, 5]], "fields": ["vm", "g"], "decimation": 50}
    return tables


@pytest.fixture
def chain_layout():
    import ionarray

    return ionarray.Layout.load(EXAMPLES / "chain.toml")


SMALL_CHIP_TOML = """
[chip]
tiles = [1, 2]
rows = 8
columns = 8
[neurons]
set = "lif"
c2c = true
d2d = 0.05
[synapses]
kind = "identity"
g_max = 200e-6
levels = 2
[pulses]
voltage = 2.5
steps = 20
[routing]
pattern = "ring"
ring = 2
[[input]]
kind = "poisson"
tiles = [0]
probability = 0.05
seed = 7
[record]
neurons = [[0, 0, 2], [1, 5]]
fields = ["vm", "g"]
decimation = 50
[run]
steps = 2000
seed = 3
"""


@pytest.fixture
def small_chip_file(tmp_path):
    """small_chip() as a layout file, for the command line."""
    path = tmp_path / "small-chip.toml"
    path.write_text(SMALL_CHIP_TOML)
    return path
