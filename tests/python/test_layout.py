"""Layouts from files and dicts: the same reader, the same chip, the same errors."""
import numpy as np
import pytest

import ionarray
from conftest import EXAMPLES, small_chip, sorted_spikes


def test_load_reads_the_example_chain():
    layout = ionarray.Layout.load(EXAMPLES / "chain.toml")
    assert (layout.tiles, layout.grid, layout.rows, layout.columns, layout.neurons) == (1, (1, 1), 8, 8, 8)
    assert (layout.steps, layout.seed, layout.neuron_set) == (3000, 1, "lif")
    assert layout.dt == pytest.approx(1e-6)
    assert layout.recorded_neurons.tolist() == [[0, k] for k in range(8)]
    assert layout.record_fields == ["vm", "g"]
    assert "chain.toml" in repr(layout)


def test_from_dict_gives_the_chip_of_the_same_file(small_chip_file):
    from_file = ionarray.Layout.load(small_chip_file)
    from_dict = ionarray.Layout.from_dict(small_chip())
    assert (from_dict.tiles, from_dict.grid, from_dict.rows, from_dict.columns) == (2, (1, 2), 8, 8)
    assert from_dict.recorded_neurons.tolist() == [[0, 0], [0, 1], [0, 2], [1, 5]]
    with ionarray.open("fixed://") as dev:
        dev.load(from_file)
        by_file = sorted_spikes(dev.run())
        dev.load(from_dict)
        by_dict = sorted_spikes(dev.run())
    assert len(by_file) >= 15
    np.testing.assert_array_equal(by_file, by_dict)


def test_from_dict_reads_relative_files_from_base_dir():
    tables = small_chip(record=False)
    tables["input"] = [{"kind": "csv", "file": "chain-input.csv"}]
    tables["run"]["steps"] = 3000
    layout = ionarray.Layout.from_dict(tables, base_dir=EXAMPLES)
    assert layout.steps == 3000
    with pytest.raises(ValueError, match="chain-input.csv"):
        ionarray.Layout.from_dict(tables)  # (not in the working folder)


def test_unknown_key_is_named_with_the_allowed_ones():
    tables = small_chip()
    tables["chip"]["colums"] = 8
    with pytest.raises(ValueError) as e:
        ionarray.Layout.from_dict(tables)
    message = str(e.value)
    assert message.startswith("Layout.from_dict: chip.colums: unknown key 'colums' in [chip]; allowed:")
    assert "columns" in message and ":1:" not in message


def test_out_of_range_value_names_the_field_and_the_range():
    tables = small_chip()
    tables["pulses"]["voltage"] = 1e308
    with pytest.raises(ValueError, match=r"pulses\.voltage = 1e\+308 V is out of range; allowed -60 \.\. 60 V"):
        ionarray.Layout.from_dict(tables)


def test_wrong_type_and_unknown_choice_are_named():
    tables = small_chip()
    tables["chip"]["rows"] = 8.5
    with pytest.raises(ValueError, match=r"chip\.rows must be an integer"):
        ionarray.Layout.from_dict(tables)
    tables = small_chip()
    tables["synapses"]["kind"] = "dense"
    with pytest.raises(ValueError, match=r'synapses\.kind = "dense" is not allowed; allowed: "random"'):
        ionarray.Layout.from_dict(tables)


def test_values_a_layout_cannot_hold_are_refused_with_their_key():
    tables = small_chip()
    tables["record"]["neurons"] = [[0, None]]
    with pytest.raises(ValueError, match=r"record\.neurons\[0\]\[1\]: None \(NoneType\) cannot be given"):
        ionarray.Layout.from_dict(tables)
    with pytest.raises(ValueError, match="a dict is needed, not list"):
        ionarray.Layout.from_dict([1, 2])


def test_numpy_values_are_taken_as_their_python_values():
    tables = small_chip()
    tables["chip"]["tiles"] = np.array([1, 2])
    tables["chip"]["rows"] = np.int64(8)
    tables["synapses"]["g_max"] = np.float64(200e-6)
    assert ionarray.Layout.from_dict(tables).tiles == 2


def test_a_file_with_errors_names_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[chip]\ntiles = [1, 1]\nrows = 0\n[run]\nsteps = 10\n[neurons]\nset = \"lif\"\n[synapses]\n[pulses]\n")
    with pytest.raises(ValueError, match=r"bad\.toml:3: chip\.rows = 0 is out of range; allowed 1 \.\. 65536"):
        ionarray.Layout.load(bad)
    with pytest.raises(ValueError, match="not a valid TOML file"):
        ionarray.Layout.load(tmp_path / "missing.toml")
    with pytest.raises(TypeError, match="path: a str or os.PathLike is needed, not int"):
        ionarray.Layout.load(3)
