#!/usr/bin/env python3
"""Writes the inputs of the pattern-learning example (run from anywhere; files land beside this
script): patterns.csv (pattern,row,lit: the four images, pixel row-major = crossbar row),
synapses.csv (the initial crossbar), events.csv (input spikes: step,tile,row) and
presentations.csv (which pattern each window of steps shows; test = 1 in the test phase).

Four 8 x 8 patterns (two horizontal and two vertical bars, 16 pixels each, overlapping at the
corners). Each presentation shows one pattern with noise (every pixel flipped with probability
NOISE) for PRESENT steps, during which each lit pixel fires with probability RATE per step, then
GAP steps of silence. Deterministic: the same files for the same SEED.
"""
import csv
import os
import random

SEED = 1
PRESENT, GAP = 300, 200          # steps (1 us each with the lif neurons)
RATE = 0.05                      # spikes per lit pixel per step
NOISE = 0.05                     # probability of flipping each pixel per presentation
TRAIN_ROUNDS, TEST_ROUNDS = 30, 10  # presentations of each pattern
INPUTS, OUTPUTS = 64, 4
G_INHIBIT = 800e-6                # S: an output neuron's spike reaches the others through these
G_LOW, G_HIGH = 0.6e-6, 1.2e-6    # S: the plastic synapses start uniform in this range


def patterns():
    def image(lit):
        return [1 if lit(r, c) else 0 for r in range(8) for c in range(8)]
    return [image(lambda r, c: r in (0, 1)), image(lambda r, c: r in (6, 7)),
            image(lambda r, c: c in (0, 1)), image(lambda r, c: c in (6, 7))]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    with open(os.path.join(here, "synapses.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["tile", "row", "column", "g"])
        for row in range(INPUTS):
            for col in range(OUTPUTS):
                w.writerow([0, row, col, f"{rng.uniform(G_LOW, G_HIGH):.6e}"])
        for j in range(OUTPUTS):  # row 64 + j: neuron j's inhibition of the others
            for col in range(OUTPUTS):
                if col != j:
                    w.writerow([0, INPUTS + j, col, f"{G_INHIBIT:.6e}"])
    pats = patterns()
    with open(os.path.join(here, "patterns.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pattern", "row", "lit"])
        for k, image in enumerate(pats):
            for row, bit in enumerate(image):
                w.writerow([k, row, bit])
    order = [("train", p) for _ in range(TRAIN_ROUNDS) for p in rng.sample(range(4), 4)]
    order += [("test", p) for _ in range(TEST_ROUNDS) for p in rng.sample(range(4), 4)]
    step = GAP
    with open(os.path.join(here, "events.csv"), "w", newline="") as ev, \
         open(os.path.join(here, "presentations.csv"), "w", newline="") as pr:
        e = csv.writer(ev)
        p = csv.writer(pr)
        e.writerow(["step", "tile", "row"])
        p.writerow(["first_step", "last_step", "pattern", "test"])
        for phase, k in order:
            shown = [bit ^ (rng.random() < NOISE) for bit in pats[k]]
            for s in range(step, step + PRESENT):
                for row, bit in enumerate(shown):
                    if bit and rng.random() < RATE:
                        e.writerow([s, 0, row])
            p.writerow([step, step + PRESENT - 1, k, int(phase == "test")])
            step += PRESENT + GAP
    print(f"{len(order)} presentations, {step} steps")


if __name__ == "__main__":
    main()
