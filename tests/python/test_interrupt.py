"""Ctrl-C stops a long run cleanly: KeyboardInterrupt at the end of the exchange in flight, the
spikes up to there kept, equal to an uninterrupted run of that many steps."""
import os
import signal
import subprocess
import sys
import textwrap
import time

SCRIPT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import ionarray
    sys.path.insert(0, sys.argv[1])
    from conftest import small_chip, sorted_spikes

    tables = small_chip(steps=10**9, record=False)
    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        print("running", flush=True)
        try:
            dev.run()
            print("not interrupted")
        except KeyboardInterrupt:
            kept, reached = sorted_spikes(dev.spikes), dev.step
    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        same = np.array_equal(kept, sorted_spikes(dev.run(reached)))
    print(f"interrupted at step {reached} with {len(kept)} spikes, equal to an uninterrupted run: {same}")
    """
)


def test_ctrl_c_stops_a_long_run_and_keeps_its_spikes():
    here = os.path.dirname(os.path.abspath(__file__))
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, here], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "running"
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    words = out.split()
    assert out.startswith("interrupted at step"), out
    reached, spikes = int(words[3]), int(words[5])
    assert reached > 0 and reached % 4096 == 0  # at the end of an exchange
    assert spikes > 0
    assert out.strip().endswith("equal to an uninterrupted run: True"), out


EXPERIMENT = textwrap.dedent(
    """
    import time
    import ionarray

    print("running", flush=True)
    start = time.monotonic()
    try:
        ionarray.dc_sweep("dc-asymmetric", cycles=10**6)
        print("not interrupted")
    except KeyboardInterrupt:
        print(f"interrupted after {time.monotonic() - start:.1f} s")
    """
)


def test_ctrl_c_stops_an_experiment():
    process = subprocess.Popen([sys.executable, "-c", EXPERIMENT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "running"
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)  # (a million sweep cycles would take hours)
    assert process.returncode == 0, err
    assert out.startswith("interrupted after"), out
