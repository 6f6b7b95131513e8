"""The device API from Python on every software backend: the same spikes and traces as
`ionarray run` for the same layout and seed, errors as exceptions, results kept after a fault."""
import numpy as np
import pytest

import ionarray
from conftest import EXAMPLES, cli_spikes, read_csv, read_json, run_cli, small_chip, sorted_spikes


@pytest.mark.parametrize("uri", ["reference://", "fixed://", "verilator://"])
def test_chain_spikes_equal_the_command_line(uri, tmp_path):
    run_cli("run", EXAMPLES / "chain.toml", "--backend", uri, "--out", tmp_path)
    with ionarray.open(uri) as dev:
        dev.load(ionarray.Layout.load(EXAMPLES / "chain.toml"))
        spikes = dev.run()
        assert dev.step == 3000
    expected = cli_spikes(tmp_path)
    assert len(expected) == 16  # two input events, each cascading down the eight neurons
    np.testing.assert_array_equal(sorted_spikes(spikes), expected)


def test_systemc_spikes_equal_the_command_line(tmp_path):
    # (without traces: each state read is a simulated board exchange)
    run_cli("run", EXAMPLES / "chain.toml", "--backend", "systemc://?link=usb3", "--no-record", "--out", tmp_path)
    with ionarray.open("systemc://?link=usb3") as dev:
        dev.load(EXAMPLES / "chain.toml", record=False)
        spikes = dev.run()
        assert dev.info()["simulated_time_s"] > 0
        assert len(dev.traces) == 0
    np.testing.assert_array_equal(sorted_spikes(spikes), cli_spikes(tmp_path))
    assert len(spikes) == 16


def test_traces_equal_the_command_line(tmp_path, small_chip_file):
    run_cli("run", small_chip_file, "--backend", "fixed", "--out", tmp_path)
    with ionarray.open("fixed") as dev:
        dev.load(small_chip_file)
        dev.run()
        traces = dev.traces
    cli = read_csv(tmp_path / "traces.csv")
    assert traces.fields == ["vm", "g"]
    assert traces.vm.shape == (4, 41)  # 4 neurons, steps 0, 50, ..., 2000
    assert traces.neurons.tolist() == [[0, 0], [0, 1], [0, 2], [1, 5]]
    np.testing.assert_array_equal(traces.steps, np.arange(0, 2001, 50))
    # traces.csv: one row per sample and neuron, in [record] order
    np.testing.assert_array_equal(cli["step"], np.repeat(traces.steps, 4))
    np.testing.assert_allclose(traces.vm.T.ravel(), cli["vm_V"], rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(traces.g.T.ravel(), cli["g_S"], rtol=1e-5, atol=1e-15)
    np.testing.assert_allclose(traces.current, traces.g * traces.vm)
    np.testing.assert_allclose(traces.times, traces.steps * 1e-6)


def test_summary_has_the_figures_of_summary_json(tmp_path, small_chip_file):
    run_cli("run", small_chip_file, "--backend", "fixed", "--out", tmp_path)
    cli = read_json(tmp_path / "summary.json")
    with ionarray.open("fixed://") as dev:
        dev.load(small_chip_file)
        dev.run()
        summary = dev.summary()
    for key in ["steps", "dt_s", "tiles", "neurons", "spikes", "spikes_per_tile", "dropped_events", "saturations"]:
        assert summary[key] == cli[key], key
    assert list(summary["grid"]) == cli["grid"]
    assert summary["rate_hz"] == pytest.approx(cli["rate_hz"])
    assert summary["rate_hz_per_tile"] == pytest.approx(cli["rate_hz_per_tile"])


def test_spikes_as_numpy():
    with ionarray.open("fixed://") as dev:
        dev.load(ionarray.Layout.from_dict(small_chip()))
        first = dev.run(1000)
        second = dev.run(1000)
        everything = dev.spikes
    assert len(first) > 10 and len(second) > 10
    assert everything.records.dtype.names == ("step", "tile", "neuron")
    assert first.steps.dtype == np.uint64 and first.tiles.dtype == np.int32 and first.ids.dtype == np.int64
    assert np.all(np.diff(first.steps.astype(np.int64)) >= 0)
    assert first.steps.max() < 1000 <= second.steps.min()
    assert (first.columns, first.dt) == (8, 1e-6)
    np.testing.assert_array_equal(first.ids, first.tiles * 8 + first.neurons)
    np.testing.assert_allclose(first.times, first.steps * 1e-6)
    np.testing.assert_array_equal(everything.records, np.concatenate([first.records, second.records]))
    assert not first.steps.flags.writeable  # a view of the device's own records


def test_inputs_drive_the_chain_as_its_csv_does():
    layout = ionarray.Layout.load(EXAMPLES / "chain.toml")
    with ionarray.open("fixed://") as dev:
        dev.load(layout)
        expected = sorted_spikes(dev.run(3000))
    # the same chain without its CSV input, driven by the same two events from Python
    with ionarray.open("fixed://") as dev:
        dev.load(ionarray.Layout.from_dict(chain_without_input()))
        spikes = dev.run(3000, inputs=[(100, 0, 0), (1500, 0, 0)])
    np.testing.assert_array_equal(sorted_spikes(spikes), expected)


def chain_without_input():
    routes = [{"from": [0, k], "to": [[0, k + 1]]} for k in range(7)]
    return {
        "chip": {"tiles": [1, 1], "rows": 8, "columns": 8},
        "neurons": {"set": "lif", "c2c": True, "d2d": 0.05},
        "synapses": {"kind": "identity", "g_max": 200e-6, "levels": 2},
        "pulses": {"voltage": 2.5, "steps": 20},
        "routing": {"route": routes},
        "run": {"steps": 3000, "seed": 1},
    }


def test_reset_replays_a_seed_and_another_seed_differs():
    with ionarray.open("reference://") as dev:
        dev.load(small_chip(seed=3))
        a = sorted_spikes(dev.run())
        dev.reset(3)
        assert dev.step == 0 and len(dev.spikes) == 0
        b = sorted_spikes(dev.run())
        dev.reset(4)
        c = sorted_spikes(dev.run())
    np.testing.assert_array_equal(a, b)
    assert len(a) > 20 and not np.array_equal(a, c)


def test_info_and_counters():
    with ionarray.open("verilator://") as dev:
        info = dev.info()
        assert info["uri"] == "verilator://" and info["layout"] is None
        assert (info["max_tiles"], info["max_rows"], info["max_columns"]) == (16, 128, 32)
        tables = small_chip(steps=100)
        tables["record"]["decimation"] = 25
        dev.load(tables)
        spikes = dev.run()
        info = dev.info()
        assert info["step"] == 100 and info["model_cycles"] > 0 and info["can_read_state"]
        assert info["counters"]["spikes_out"] == len(spikes)
        state = dev.read_state(0, 1)
        traces = dev.traces  # the last sample is the state after step 100, as read_state's now
        assert traces.steps[-1] == 100 and traces.neurons[1].tolist() == [0, 1]
        for field in ["vm", "f", "r", "s", "g", "current"]:
            assert state[field] == traces.field(field)[1, -1], field
        with pytest.raises(ValueError, match="field: 'i' is not traced; allowed: vm, f, r, s, g, current"):
            traces.field("i")
    assert dev.closed and "closed" in repr(dev)


def test_nothing_is_printed(capfd):
    for uri in ["reference://", "fixed://", "verilator://", "systemc://"]:
        with ionarray.open(uri) as dev:
            dev.load(small_chip(steps=50), record=True)
            dev.run()
            dev.traces.vm
    ionarray.neuron(duration=1e-3)
    ionarray.pulse(trials=1)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_bad_uris_and_unreachable_boards():
    with pytest.raises(ValueError, match="reference://"):  # the message lists the forms
        ionarray.open("nonsense://")
    with pytest.raises(ValueError, match=r"device: 'usb://zz': expected VID:PID after usb://; accepted: usb://, usb://VID:PID"):
        ionarray.open("usb://zz")
    with pytest.raises(ionarray.DeviceError, match=r"usb://"):  # no board here: why it cannot be reached
        ionarray.open("usb://04b4:00f1")
    # (no XRT here, or no card and no such xclbin where it is installed: a DeviceError either way)
    with pytest.raises(ionarray.DeviceError, match=r"^xrt://0\?xclbin=/none\.xclbin: "):
        ionarray.open("xrt://0?xclbin=/none.xclbin")
    assert issubclass(ionarray.DeviceError, RuntimeError)


def test_bad_arguments_name_themselves():
    with ionarray.open("fixed://") as dev:
        with pytest.raises(ValueError, match="no layout loaded; call Device.load"):
            dev.run(10)
        with pytest.raises(TypeError, match="layout: an ionarray.Layout, a path or a dict is needed, not int"):
            dev.load(5)
        dev.load(small_chip())
        with pytest.raises(ValueError, match=r"steps: -1 is negative"):
            dev.run(-1)
        with pytest.raises(ValueError, match=r"inputs\[0\]: a \(step, tile, row\) triple is needed; got \[1, 2\]"):
            dev.run(10, inputs=[[1, 2], [3, 4]])
        with pytest.raises(ValueError, match=r"inputs: an \(n, 3\) array of \(step, tile, row\) is needed; got shape \(2, 2\)"):
            dev.run(10, inputs=np.array([[1, 2], [3, 4]]))
        with pytest.raises(ValueError, match=r"inputs\[0\]: step 50 is outside this run's steps 0 \.\. 9"):
            dev.run(10, inputs=[(50, 0, 0)])
        with pytest.raises(ValueError, match=r"inputs\[1\]: tile 2 is not in the chip; allowed 0 \.\. 1"):
            dev.run(10, inputs=[(1, 0, 0), (2, 2, 0)])
        with pytest.raises(ValueError, match=r"inputs\[0\]: steps, tiles and rows are integers; got 1.5"):
            dev.run(10, inputs=[(1.5, 0, 0)])
        with pytest.raises(ValueError, match=r"inputs: steps, tiles and rows are integers; got dtype float64"):
            dev.run(10, inputs=np.array([(1.5, 0, 0)]))
        with pytest.raises(ValueError, match=r"inputs\[0\]: \(-1, 0, 0\): steps, tiles and rows are at least 0"):
            dev.run(10, inputs=[(-1, 0, 0)])
        assert dev.step == 0  # nothing ran
    with pytest.raises(ValueError, match="the device is closed"):
        dev.run(1)


def test_capacity_is_checked_at_load():
    tables = small_chip()
    tables["chip"]["rows"] = tables["chip"]["columns"] = 64  # verilator:// holds 32 x 32
    with ionarray.open("verilator://") as dev:
        with pytest.raises(ValueError, match="64"):
            dev.load(tables)


def test_the_product_module_has_no_test_only_scheme():
    with pytest.raises(ValueError, match="unknown device 'fault-injection://1'"):
        ionarray.open("fault-injection://1")


def test_conductances_of_a_plastic_tile_move_and_equal_the_command_line(tmp_path):
    layout = EXAMPLES / "learning" / "patterns.toml"
    with ionarray.open("reference://") as dev:
        dev.load(layout)
        before = dev.read_conductances(0)
        assert before.shape == (68, 4)
        dev.run(20000)
        after = dev.read_conductances(0)
    assert np.array_equal(after[64:], before[64:])  # the inhibition rows are not plastic
    assert np.count_nonzero(after[:64] != before[:64]) > 100  # the pixels' synapses were programmed
    # The same conductances as ionarray run's last snapshot of the same steps.
    run_cli("run", layout, "--steps", 20000, "--out", tmp_path)
    csv = read_csv(tmp_path / "weights.csv")
    last = csv["step"] == 20000
    cli = np.zeros((68, 4))
    cli[csv["row"][last].astype(int), csv["column"][last].astype(int)] = csv["g"][last]
    np.testing.assert_allclose(after, cli, rtol=1e-5)  # (the CSV holds 6 significant digits)
    # fixed:// programs them too, in 16-bit words: the same start to within 2 %.
    with ionarray.open("fixed://") as dev:
        dev.load(layout)
        start = dev.read_conductances(0)
        np.testing.assert_allclose(start, before, rtol=0.02)
        dev.run(20000)
        assert np.count_nonzero(dev.read_conductances(0)[:64] != start[:64]) > 100
    # A link device reads them with read_crossbar packets: fixed://'s words.
    with ionarray.open("fixed-link://") as dev:
        with pytest.raises(ionarray.DeviceError, match="load a layout first"):
            dev.read_conductances(0)
        dev.load(layout)
        assert np.array_equal(dev.read_conductances(0), start)
