"""Streaming from Python: a worker thread runs the device while Python pushes inputs and takes the
spikes by callback or pull; the spikes equal one batch run; a callback that raises stops the
stream cleanly, keeping what arrived."""
import threading
import time

import numpy as np
import pytest

import ionarray
from conftest import small_chip, sorted_spikes


def batch_spikes(uri, tables, inputs=None):
    with ionarray.open(uri) as dev:
        dev.load(tables)
        return sorted_spikes(dev.run(inputs=inputs))


@pytest.mark.parametrize("uri", ["fixed://", "verilator://"])
def test_callback_stream_gives_the_batch_spikes(uri):
    tables = small_chip(record=False)
    expected = batch_spikes(uri, tables)
    seen = []
    threads = set()
    with ionarray.open(uri) as dev:
        dev.load(tables)

        def on_spikes(spikes):
            threads.add(threading.get_ident())
            seen.append(sorted_spikes(spikes))

        with dev.stream(on_spikes, steps_per_exchange=37) as stream:
            stream.wait()
        assert dev.step == 2000
        np.testing.assert_array_equal(sorted_spikes(dev.spikes), expected)
    assert len(seen) == 55  # ceil(2000 / 37) exchanges
    assert threads and threading.get_ident() not in threads  # called on the worker thread
    np.testing.assert_array_equal(np.concatenate(seen), expected)
    np.testing.assert_array_equal(sorted_spikes(stream.spikes), expected)


def test_pushed_inputs_equal_the_same_inputs_in_a_batch_run():
    tables = small_chip(record=False, probability=0.0)  # no input but what is pushed
    first = [(50, 0, 1)]
    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        stream = dev.stream(steps=0, steps_per_exchange=40)
        stream.push(first)  # before start
        stream.start()
        stream.wait(100)
        stream.pause()
        time.sleep(0.2)  # (the exchange in flight ends)
        reached = stream.steps_done
        later = [(reached + 30, 0, 3), (reached + 200, 1, 2)]
        stream.push(later)  # for steps not yet handed to the device
        stream.resume()
        stream.wait(reached + 400)
        stream.stop()
        got = stream.pull()
        steps = dev.step
    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        expected = sorted_spikes(dev.run(steps, inputs=first + later))
    assert len(expected) >= 3
    np.testing.assert_array_equal(sorted_spikes(got), expected)


def test_pull_pause_resume():
    tables = small_chip(record=False)
    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        with dev.stream(steps=100000, steps_per_exchange=50) as stream:
            stream.wait(300)
            stream.pause()
            time.sleep(0.2)  # (the exchange in flight ends)
            paused_at = stream.steps_done
            pulled = stream.pull()
            time.sleep(0.2)
            assert stream.steps_done == paused_at  # paused: no further exchange
            stream.resume()
            stream.wait(paused_at + 200)
        reached = dev.step
        total = sorted_spikes(dev.spikes)
    assert reached >= paused_at + 200
    assert len(pulled) > 0 and pulled.steps.max() < paused_at
    np.testing.assert_array_equal(total, batch_spikes_of_steps("fixed://", tables, reached))


def batch_spikes_of_steps(uri, tables, steps):
    with ionarray.open(uri) as dev:
        dev.load(tables)
        return sorted_spikes(dev.run(steps))


class Abort(Exception):
    pass


def test_a_callback_that_raises_stops_the_stream_and_keeps_the_spikes():
    tables = small_chip(steps=2000, record=False)
    expected = batch_spikes("fixed://", tables)
    calls = []

    def on_spikes(spikes):
        calls.append(len(spikes))
        if len(calls) == 3:
            raise Abort("enough")

    with ionarray.open("fixed://") as dev:
        dev.load(tables)
        stream = dev.stream(on_spikes, steps_per_exchange=100)
        stream.start()
        with pytest.raises(Abort, match="enough"):
            stream.wait()
        assert not stream.running
        stream.stop()  # raised once already
        kept = sorted_spikes(dev.spikes)
        assert dev.step == 300
        assert len(calls) == 3
        np.testing.assert_array_equal(kept, expected[expected[:, 0] < 300])
        np.testing.assert_array_equal(sorted_spikes(stream.spikes), kept)
        dev.run(10)  # the device is free again


def test_streaming_refuses_what_would_mix_with_it():
    with ionarray.open("fixed://") as dev:
        dev.load(small_chip(record=False))
        with pytest.raises(TypeError, match="on_spikes: a callable"):
            dev.stream(on_spikes=3)
        with pytest.raises(ValueError, match="steps_per_exchange: 0"):
            dev.stream(steps_per_exchange=0)
        with dev.stream(lambda s: None, steps=0) as stream:
            with pytest.raises(ValueError, match="a stream is running this device; stop it first"):
                dev.run(5)
            with pytest.raises(ValueError, match="hands its spikes to its on_spikes callback"):
                stream.pull()
            stream.wait(200)
            with pytest.raises(ValueError, match="in the past"):
                stream.push([(0, 0, 0)])
            with pytest.raises(ValueError, match=r"events\[0\]: tile 9 is not in the chip"):
                stream.push([(10**6, 9, 0)])
        with pytest.raises(ValueError, match="has already been started"):
            stream.start()


def test_closing_the_device_stops_its_stream():
    dev = ionarray.open("fixed://")
    dev.load(small_chip(record=False))
    stream = dev.stream(steps=0)
    stream.start()
    stream.wait(100)
    dev.close()
    assert not stream.running and dev.closed
