"""ionarray: an FPGA emulator of arrays of diffusive-memristor neurons, from Python.

One device API over every backend URI, layouts, streaming, the reference-model experiments and
FPGA estimates; results as numpy arrays.

    import ionarray
    layout = ionarray.Layout.load("examples/chain.toml")
    with ionarray.open("fixed://") as dev:
        dev.load(layout)
        spikes = dev.run(1000)
        print(spikes.times, spikes.ids)

Bad input raises ValueError (or TypeError) naming the argument or field and what is allowed; a
device that refuses or loses something raises ionarray.DeviceError with the device's message.
Nothing is printed.
"""
from ._ionarray import (
    DeviceError,
    Device,
    Layout,
    Spikes,
    Stream,
    Traces,
    __version__,
    dc_sweep,
    estimate,
    fit,
    neuron,
    open,
    pulse,
)

# (named as users import them, in help() and tracebacks: ionarray.Device, not ionarray._ionarray.Device)
for _public in (DeviceError, Device, Layout, Spikes, Stream, Traces, dc_sweep, estimate, fit, neuron, open, pulse):
    try:
        _public.__module__ = __name__
    except (AttributeError, TypeError):  # (built-in functions keep theirs)
        pass
del _public

__all__ = [
    "DeviceError",
    "Device",
    "Layout",
    "Spikes",
    "Stream",
    "Traces",
    "__version__",
    "dc_sweep",
    "estimate",
    "fit",
    "neuron",
    "open",
    "pulse",
]
