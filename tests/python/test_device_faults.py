"""A device that fails mid-run, through the module built with the test-only device schemes
(python-testing/: fault-injection://N is fixed:// whose link fails after N receives)."""

import numpy as np
import pytest

import ionarray
from conftest import small_chip


def test_this_module_has_the_test_scheme():
    assert "python-testing" in ionarray.__file__
    with ionarray.open("fault-injection://100"):
        pass


def test_a_device_fault_raises_and_keeps_what_was_recorded():
    layout = ionarray.Layout.from_dict(small_chip(steps=20000, record=False))
    with ionarray.open("fixed://") as dev:
        dev.load(layout)
        uninterrupted = dev.run()
    with ionarray.open("fault-injection://3") as dev:  # fixed:// whose link fails after 3 receives
        dev.load(layout)
        with pytest.raises(ionarray.DeviceError, match="fault-injection://3"):
            dev.run()
        kept = dev.spikes
        reached = dev.step
    assert 0 < len(kept) < len(uninterrupted)
    np.testing.assert_array_equal(kept.records, uninterrupted.records[: len(kept)])
    assert kept.steps.max() < reached or reached == 0
