"""What analysis/julia/war_heatmap.jl relies on (Julia itself is not installable in CI): every name it
looks up exists in a real results file, and its declared axis orders are the HDF5 ones reversed."""
import ast
import os
import re

import h5py

from conftest import ROOT

SCRIPT = os.path.join(ROOT, "analysis", "julia", "war_heatmap.jl")


def julia_source():
    with open(SCRIPT) as f:
        return f.read()


def test_names_used_by_the_julia_script_exist(results):
    source = julia_source()
    looked_up = set(re.findall(r'\[\s*"([^"]+)"\s*\]', source))        # ds["x"], attrib["x"], attrs(f)["x"]
    labels = set(re.findall(r'==\("([^"]+)"\)', source))               # findfirst(==("p_war"), ...)
    assert {"measure_mean", "outcome_probability", "seed", "units", "title"} <= looked_up
    assert labels == {"p_war", "CONV", "NUC"}
    with h5py.File(results["sweep"], "r") as f:
        available = set(f.keys()) | set(f.attrs.keys())
        for name in f:
            available |= set(f[name].attrs.keys())
        missing = looked_up - available
        assert not missing, f"war_heatmap.jl uses names absent from a levers-sweep file: {missing}"
        coordinate_labels = set(f["measure"].asstr()[...]) | set(f["outcome"].asstr()[...])
        assert labels <= coordinate_labels
        assert f["burden"].attrs["units"] and f["visibility"].attrs["units"]
        assert isinstance(f.attrs["title"], str) and int(f.attrs["seed"]) == 2025


def test_declared_axis_orders_are_the_hdf5_ones_reversed(results):
    source = julia_source()
    declared = dict(re.findall(r'const (\w+_DIMS) = (\(.*?\))', source))
    assert set(declared) == {"MEASURE_MEAN_DIMS", "OUTCOME_PROBABILITY_DIMS"}
    with h5py.File(results["sweep"], "r") as f:
        for constant, variable in (("MEASURE_MEAN_DIMS", "measure_mean"),
                                   ("OUTCOME_PROBABILITY_DIMS", "outcome_probability")):
            hdf5_order = tuple(dim[0].name.lstrip("/") for dim in f[variable].dims)
            assert ast.literal_eval(declared[constant]) == hdf5_order[::-1], constant
        # The script indexes the (reversed) measure axis first, and reads coordinates as 1-d vectors.
        assert f["measure_mean"].dims[0][0].name == "/warning" and f["measure_mean"].dims[3][0].name == "/measure"
        for coordinate in ("burden", "visibility", "warning", "measure", "outcome"):
            assert f[coordinate].ndim == 1
