#!/usr/bin/env python3
"""Reads an `ionarray run` of patterns.toml (its output folder) and prints what was learnt: the
correlation of each output neuron's 64 pixel synapses with each pattern at the end of training,
and the classification of the test presentations (the neuron that fired most in each window).

    python3 examples/learning/analyze.py out/learning
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_inputs import patterns, INPUTS, OUTPUTS  # noqa: E402


def correlation(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / (va * vb) ** 0.5 if va > 0 and vb > 0 else 0.0


def main():
    out = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    windows = list(csv.DictReader(open(os.path.join(here, "presentations.csv"))))
    train_end = max(int(w["last_step"]) for w in windows if w["test"] == "0")
    snapshots = {}
    for r in csv.DictReader(open(os.path.join(out, "weights.csv"))):
        snapshots.setdefault(int(r["step"]), {})[(int(r["row"]), int(r["column"]))] = float(r["g"])
    step = max(s for s in snapshots if s <= train_end + 1) if any(s <= train_end + 1 for s in snapshots) else max(snapshots)
    g = snapshots[step]
    pats = patterns()
    print(f"correlation of each neuron's pixel synapses with each pattern (weights at step {step}):")
    best = []
    for j in range(OUTPUTS):
        w = [g[(i, j)] for i in range(INPUTS)]
        cs = [correlation(w, p) for p in pats]
        best.append(max(range(4), key=lambda k: cs[k]))
        print(f"  neuron {j}: " + "  ".join(f"{c:+.2f}" for c in cs))
    spikes = [(int(r["step"]), int(r["neuron"])) for r in csv.DictReader(open(os.path.join(out, "spikes.csv")))]
    right = total = 0
    for w in windows:
        if w["test"] != "1":
            continue
        a, b = int(w["first_step"]), int(w["last_step"])
        counts = [0] * OUTPUTS
        for s, n in spikes:
            if a <= s <= b:
                counts[n] += 1
        winner = max(range(OUTPUTS), key=lambda n: counts[n])
        total += 1
        right += counts[winner] > 0 and best[winner] == int(w["pattern"])
    print(f"test presentations classified as the pattern their most active neuron's weights match: {right} of {total}")


if __name__ == "__main__":
    main()
