"""The reference-model experiments and the FPGA estimate from Python: the same figures as the
command line's summary.json (or its printed report) for the same arguments and seed."""
import re
import tomllib

import numpy as np
import pytest

import ionarray
from conftest import EXAMPLES, read_csv, read_json, run_cli


@pytest.mark.parametrize("backend", ["reference", "fixed"])
def test_neuron_equals_the_command_line(backend, tmp_path):
    run_cli("neuron", "--set", "oscillator", "--devices", "3", "--duration", "10e-3", "--seed", "4", "--backend", backend,
            "--trace-devices", "2", "--trace-every", "5", "--out", tmp_path)
    result = ionarray.neuron("oscillator", devices=3, duration=10e-3, seed=4, backend=backend, trace_devices=2, trace_every=5)
    cli = read_json(tmp_path / "summary.json")
    assert result["summary"] == cli
    assert cli["spikes"] > 0
    trace = read_csv(tmp_path / "trace.csv")
    assert result["vm_V"].shape == (2, len(trace["time_s"]))
    np.testing.assert_allclose(result["time_s"], trace["time_s"], rtol=1e-6)
    np.testing.assert_allclose(result["v_in_V"], trace["v_in_V"], rtol=1e-6)
    np.testing.assert_allclose(result["vm_V"][1], trace["vm1_V"], rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(result["current_A"][0], trace["i0_A"], rtol=1e-5, atol=1e-15)
    spikes = read_csv(tmp_path / "spikes.csv")
    np.testing.assert_array_equal(result["spikes"]["device"], spikes["device"])
    np.testing.assert_array_equal(result["spikes"]["step"], spikes["step"])


def test_neuron_options_and_inline_set(tmp_path):
    run_cli("neuron", "--set", "lif", "--drive", "dc", "--amplitude", "0.9", "--rin", "150e3", "--no-c2c", "--duration",
            "2e-3", "--out", tmp_path)
    result = ionarray.neuron({"base": "lif"}, drive="dc", amplitude=0.9, rin=150e3, c2c=False, duration=2e-3)
    cli = read_json(tmp_path / "summary.json")
    assert result["summary"]["spikes"] == cli["spikes"] >= 1
    assert result["summary"]["circuit"] == cli["circuit"]
    assert result["summary"]["rate_hz"] == cli["rate_hz"]


def test_neuron_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"--set: unknown parameter set 'lfi'; known sets: dc-symmetric"):
        ionarray.neuron("lfi")
    with pytest.raises(ValueError, match=r"drive\.amplitude = 1e\+308 is out of range; allowed: -60 <= value <= 60 V"):
        ionarray.neuron("lif", drive="dc", amplitude=1e308)
    with pytest.raises(ValueError, match="has no neuron circuit"):
        ionarray.neuron("dc-symmetric")
    with pytest.raises(ValueError, match=r"devices: 0 is out of range; allowed 1 \.\. 1e\+06"):
        ionarray.neuron(devices=0)
    with pytest.raises(ValueError, match="drive: 'square' is not a drive"):
        ionarray.neuron(drive="square")
    with pytest.raises(ValueError, match="backend"):
        ionarray.neuron(backend="gpu")
    with pytest.raises(ValueError, match=r"set: device\.nu: unknown parameter 'nu' in \[device\]; allowed: polarity"):
        ionarray.neuron({"base": "lif", "device": {"nu": 1.0}})


def test_dc_sweep_equals_the_command_line(tmp_path):
    run_cli("device", "dc-sweep", "--set", "dc-asymmetric", "--cycles", "4", "--seed", "2", "--out", tmp_path)
    result = ionarray.dc_sweep("dc-asymmetric", cycles=4, seed=2)
    assert result["summary"] == read_json(tmp_path / "summary.json")
    sweeps = read_csv(tmp_path / "sweeps.csv")
    assert result["voltage_V"].shape[0] == 4
    np.testing.assert_allclose(result["voltage_V"].ravel(), sweeps["voltage_V"], rtol=1e-6)
    np.testing.assert_allclose(result["current_A"].ravel(), sweeps["current_A"], rtol=1e-5, atol=1e-18)
    thresholds = read_csv(tmp_path / "thresholds.csv")
    np.testing.assert_allclose(result["vth_V"], thresholds["vth_V"], rtol=1e-6)


def test_dc_sweep_compared_with_measured_data_as_the_command_line(tmp_path):
    run_cli("device", "dc-sweep", "--set", "dc-asymmetric", "--cycles", "3", "--seed", "5", "--out", tmp_path / "data")
    measured = tmp_path / "data" / "sweeps.csv"  # (sweeps in the measured data's columns)
    run_cli("device", "dc-sweep", "--set", "dc-asymmetric", "--cycles", "2", "--v-max", "0.25", "--points", "30",
            "--compare", measured, "--out", tmp_path / "compared")
    result = ionarray.dc_sweep("dc-asymmetric", cycles=2, v_max=0.25, points=30, compare=str(measured))
    cli = read_json(tmp_path / "compared" / "summary.json")
    assert result["summary"] == cli
    assert cli["measured"]["vth_n"] > 0 and cli["protocol"]["points_per_ramp"] == 30


def test_experiment_arguments_are_checked():
    with pytest.raises(ValueError, match=r"v_max: -0\.1 V; allowed: a sweep amplitude more than 0"):
        ionarray.dc_sweep(v_max=-0.1)
    with pytest.raises(ValueError, match=r"cycles: 0 is out of range; allowed 1 \.\. 1e\+06"):
        ionarray.dc_sweep(cycles=0)
    with pytest.raises(ValueError, match=r"trials: 0 is out of range"):
        ionarray.pulse(trials=0)
    with pytest.raises(ValueError, match="known sets"):
        ionarray.pulse("nonsense")


def test_pulse_equals_the_command_line(tmp_path):
    run_cli("device", "pulse", "--trials", "2", "--seed", "3", "--out", tmp_path)
    result = ionarray.pulse(trials=2, seed=3)
    assert result["summary"] == read_json(tmp_path / "summary.json")
    pulse = read_csv(tmp_path / "pulse.csv")
    np.testing.assert_allclose(result["current_A"].ravel(), pulse["current_A"], rtol=1e-5, atol=1e-18)


def test_fit_equals_the_command_line(tmp_path):
    # measured-style data: sweeps of the asymmetric set, written by the command line (24 cycles: each held-out half
    # holds the 5 thresholds a split needs)
    run_cli("device", "dc-sweep", "--set", "dc-asymmetric", "--cycles", "24", "--seed", "9", "--out", tmp_path / "data")
    data = tmp_path / "data" / "sweeps.csv"
    done = run_cli("device", "fit", "--data", data, "--set", "dc-asymmetric", "--params", "mu", "--samples", "3",
                   "--max-evals", "4", "--out", tmp_path / "fitted.toml")
    result = ionarray.fit(str(data), "dc-asymmetric", params=["mu"], samples=3, max_evaluations=4)
    cli_file = tomllib.loads((tmp_path / "fitted.toml").read_text())
    python_file = tomllib.loads(result["parameter_file"])
    assert python_file == cli_file
    assert result["fitted"]["device.mu"] == pytest.approx(cli_file["device"]["mu"], rel=1e-6)  # (the file keeps 6 digits)
    assert (f"{result['evaluations']} evaluations, objective (sum of KS + quantile distances, fit half) "
            f"{result['objective_before']:.4g} -> {result['objective']:.4g}") in (tmp_path / "fitted.toml").read_text()
    assert [d["statistic"] for d in result["distances"]] == ["vth", "vhold"]
    assert "fitted: device.mu = " in done.stdout


def test_estimate_equals_the_command_line():
    done = run_cli("estimate", EXAMPLES / "chip-4x4.toml", "--part", "xc7k325t", "--tiles-per-engine", "2")
    result = ionarray.estimate(EXAMPLES / "chip-4x4.toml", "xc7k325t", tiles_per_engine=2)
    out = done.stdout
    assert f"step rate: {result['cycles_per_step']} cycles per step" in out
    fit = result["fit"]
    assert re.search(rf"fit: {fit['tiles']} tiles of 32 x 32 fit in xc7k325t \(limited by {fit['limit']}\)", out)
    assert f"{result['steps_per_s']:.4g} steps/s" in out
    assert f"supports {result['clock_band']['low_mhz']:.0f}-{result['clock_band']['high_mhz']:.0f} MHz" in out
    array = result["array"]
    assert re.search(rf"array, 16 tiles \(core \+ tiles\) +{array['luts']:.0f} +{array['ffs']:.0f} +{array['dsps']:.0f}", out)
    for entry in result["real_time"]:
        assert re.search(rf"{entry['part']} +{entry['tiles']} tiles, +{entry['neurons']} neurons", out), entry


def test_estimate_errors_name_the_argument():
    with pytest.raises(ValueError, match="xcu55c"):  # the known parts are listed
        ionarray.estimate(EXAMPLES / "chip-4x4.toml", "xc9z999")
    with pytest.raises(ValueError, match="tiles_per_engine: 3 does not divide the layout's 16 tiles"):
        ionarray.estimate(EXAMPLES / "chip-4x4.toml", "xcu55c", tiles_per_engine=3)
