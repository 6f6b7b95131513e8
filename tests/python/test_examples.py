"""The Python examples run (short) and show what they say: a neuron's traces, a chip's raster, and
a closed loop that tracks its target identically on fixed:// and verilator://."""
import json
import os
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

SCRIPTS = SOURCE_DIR / "examples" / "python"


def run_example(name, *args):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, str(SCRIPTS / name), *map(str, args)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_neuron_traces(tmp_path):
    out = run_example("neuron_traces.py", "--uri", "fixed://", "--out", tmp_path / "traces.png")
    assert is_png(tmp_path / "traces.png")
    words = out.split()
    spikes, first, last = int(words[1]), float(words[7]), float(words[10])
    assert 20 <= spikes <= 30, out  # a relaxation oscillator: ~25 spikes in 100 ms ...
    assert 4 < first < 6 and 2.5 < last < 3.5, out  # ... the interval shortening from ~5 to ~3 ms


def test_chip_raster(tmp_path):
    out = run_example("chip_raster.py", "--uri", "fixed://", "--steps", "3000", "--out", tmp_path / "raster.png")
    assert is_png(tmp_path / "raster.png")
    assert int(out.split()[1]) > 0, out


def test_closed_loop_tracks_its_target_the_same_on_fixed_and_verilator(tmp_path):
    figures = {}
    for uri in ["fixed://", "verilator://"]:
        summary = tmp_path / f"{uri[:-3]}.json"
        run_example("closed_loop.py", "--uri", uri, "--steps", "4000", "--summary", summary,
                    "--out", tmp_path / f"{uri[:-3]}.png")
        figures[uri] = json.loads(summary.read_text())
    fixed, rtl = figures["fixed://"], figures["verilator://"]
    assert fixed["spikes"] > 100
    for key in ["spikes", "input_events", "segments"]:
        assert fixed[key] == rtl[key], key
    for segment in fixed["segments"]:
        assert abs(segment["error"]) < 0.15, segment
