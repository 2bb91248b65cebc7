"""open_results and tidy against the HDF5 datasets as h5py reads them."""
import h5py
import numpy as np
import pytest

from detsim_analysis import NotDetsimResults, design_dims, design_kind, find_cell, open_results, tidy


def h5_dims(dataset):
    """Dimension names of an HDF5 dataset from its attached dimension scales."""
    return [dim[0].name.lstrip("/") for dim in dataset.dims]


def h5_coordinate(f, name):
    """Coordinate values of a dimension as h5py reads them (strings decoded)."""
    values = f[name].asstr()[...] if f[name].dtype.kind == "O" else f[name][...]
    return list(values)


def test_open_results_is_labelled(opened):
    sweep = opened["sweep"]
    assert design_dims(sweep) == ["warning", "visibility", "burden"]
    assert design_kind(sweep) == "grid"
    assert sweep.outcome_probability.dims == ("warning", "visibility", "burden", "outcome")
    assert list(sweep.outcome.values) == ["SQ", "REBUFFED", "PBD", "CONV", "NUC"]
    assert sweep.warning.values.tolist() == [0.0, 1.0]
    assert sweep.attrs["model"].startswith("EDSG")
    assert design_kind(opened["pairs"]) == "points" and design_dims(opened["pairs"]) == ["sample"]
    assert list(opened["pairs"]["sample"].values)[0] == "ncg4"
    assert design_kind(opened["lhs"]) == "lhs"
    assert design_kind(opened["single"]) == "single"
    # Non-grid designs: the lever values become coordinates over `sample`.
    assert "visibility" in opened["lhs"].coords and opened["lhs"]["visibility"].dims == ("sample",)
    # Probabilities of the five outcomes sum to one in every cell.
    assert np.allclose(sweep.outcome_probability.sum("outcome"), 1.0, atol=1e-9)


def test_shards_join(results, opened, tmp_path):
    """Two shards of the sweep (one warning value each) join into the whole sweep: cells use the same draws."""
    import os
    import subprocess
    from conftest import ROOT, detsim_binary
    text = open(os.path.join(ROOT, "scenarios", "levers-sweep.toml")).read()
    assert "levers.warning = [0, 1]" in text
    shards = []
    for w in (1, 0):
        scenario = tmp_path / f"shard{w}.toml"
        scenario.write_text(text.replace("levers.warning = [0, 1]", f"levers.warning = [{w}]"))
        out = str(tmp_path / f"shard{w}.h5")
        r = subprocess.run([detsim_binary(), "run", str(scenario), "-o", out, "-q", "--draws", "60"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        shards.append(out)
    joined = open_results(shards)
    assert joined.warning.values.tolist() == [0.0, 1.0]
    assert joined.outcome_probability.equals(opened["sweep"].outcome_probability)


@pytest.mark.parametrize("name", ["sweep", "pairs_per_draw", "lhs", "single"])
def test_tidy_equals_hdf5(results, opened, name):
    frame = tidy(opened[name])
    with h5py.File(results[name], "r") as f:
        coordinates = set(opened[name].coords) | {"draw"}
        variables = [n for n in f if isinstance(f[n], h5py.Dataset) and n not in coordinates
                     and f[n].dtype.kind in "fiu"]
        assert sorted(frame["variable"].unique()) == sorted(variables)
        for var in variables:
            data = f[var][...]
            rows = frame[frame["variable"] == var]
            assert len(rows) == data.size, var
            dims = h5_dims(f[var])
            index = []
            for axis, dim in enumerate(dims):
                values = h5_coordinate(f, dim) if dim != "draw" else list(range(data.shape[axis]))
                position = {v: k for k, v in enumerate(values)}
                index.append(rows[dim].map(lambda v: position[v]).to_numpy())
            rebuilt = np.full(data.shape, np.nan)
            rebuilt[tuple(index)] = rows["value"].to_numpy()
            assert np.array_equal(rebuilt, data.astype(np.float64), equal_nan=True), var
        # Lever values over `sample` travel with every row of a sample design.
        if "sample" in f and "visibility" in f and h5_dims(f["visibility"]) == ["sample"]:
            rows = frame[frame["variable"] == "outcome_probability"]
            samples = h5_coordinate(f, "sample")
            expected = {s: v for s, v in zip(samples, f["visibility"][...])}
            assert all(rows["visibility"].to_numpy() == rows["sample"].map(expected).to_numpy())


def test_tidy_selected_variable_and_columns(opened):
    frame = tidy(opened["sweep"], ["outcome_probability"])
    assert list(frame.columns) == ["variable", "warning", "visibility", "burden", "outcome", "value"]
    assert len(frame) == 2 * 6 * 7 * 5
    with pytest.raises(ValueError):
        tidy(opened["lhs"], ["parameter_prior"])


def test_find_cell(opened):
    sweep = opened["sweep"]
    assert find_cell(sweep, "warning=1, visibility=0.41, burden=0.69") == {"warning": 1, "visibility": 2, "burden": 4}
    assert find_cell(opened["pairs"], "ncg5") == {"sample": 4}
    assert find_cell(opened["lhs"], "3") == {"sample": 3}
    with pytest.raises(ValueError, match="cells are"):
        find_cell(opened["pairs"], "ncg6")
    with pytest.raises(ValueError, match="AXIS=VALUE"):
        find_cell(sweep, "colour=1")


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such results file"):
        open_results(tmp_path / "absent.h5")
    text = tmp_path / "notes.h5"
    text.write_text("not hdf5")
    with pytest.raises(NotDetsimResults, match="not an HDF5 file"):
        open_results(text)
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["temperature"] = np.arange(4.0)
    with pytest.raises(NotDetsimResults, match="not a detsim results file"):
        open_results(foreign)
