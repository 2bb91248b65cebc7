#!/usr/bin/python3
"""Opens a results file written by the C++ writer (tests/results/sample_dataset.hpp) with
xarray.open_dataset on every installed engine, and with h5py; exits non-zero on any failure.

Usage: check_xarray.py --writer PATH_TO_detsim_results_example
"""
import argparse
import importlib.util
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from e2e import check, summary  # noqa: E402

NETCDF_FILL = 9.969209968386869e36
OUTCOMES = ["SQ", "REBUFFED", "PBD", "CONV", "NUC"]
MARKER = "This is a netCDF dimension but not a netCDF variable."

def expected_probability():
    p = np.array([[[(i * 100 + j * 10 + k) / 1000.0 for k in range(5)] for j in range(2)]
                  for i in range(3)])
    p[0, 0, 0] = math.nan
    p[2, 1, 4] = NETCDF_FILL
    return p


def expected_games():
    g = [(1 << 63) + 2 * i + 1 for i in range(6)]
    g[-1] = (1 << 64) - 1
    return g


def check_xarray(path, engine):
    tag = f"[{engine}]"
    with xr.open_dataset(path, engine=engine) as ds:
        check(dict(ds.sizes) == {"warning": 3, "visibility": 2, "outcome": 5, "draw": 4, "empty": 0},
              f"{tag} dimensions: {dict(ds.sizes)}")
        check(set(ds.coords) == {"warning", "visibility", "outcome"}, f"{tag} coordinates: {list(ds.coords)}")
        check(ds.warning.values.tolist() == [0.0, 0.25, 0.5], f"{tag} warning values")
        check(ds.visibility.values.tolist() == [0.1, 0.9], f"{tag} visibility values")
        check(ds.outcome.values.tolist() == OUTCOMES, f"{tag} outcome labels: {ds.outcome.values}")
        check(ds.warning.attrs.get("units") == "1", f"{tag} warning units")
        check(ds.warning.attrs.get("long_name") == "probability of early warning", f"{tag} warning long_name")
        check(ds.visibility.attrs.get("scale") == "linear", f"{tag} visibility extra attribute")
        check(ds.outcome.attrs.get("long_name") == "crisis outcome", f"{tag} outcome long_name")

        p = ds.probability
        check(p.dims == ("warning", "visibility", "outcome"), f"{tag} probability dims {p.dims}")
        check(p.dtype == np.float64, f"{tag} probability dtype")
        check(np.array_equal(p.values, expected_probability(), equal_nan=True),
              f"{tag} probability values (NaN kept, fill value not masked)")
        check(p.attrs.get("units") == "1" and p.attrs.get("long_name") == "outcome probability",
              f"{tag} probability units/long_name: {p.attrs}")
        check(p.attrs.get("cell_methods") == "draw: mean", f"{tag} probability cell_methods")
        check("_FillValue" not in p.attrs and p.encoding.get("_FillValue") is None,
              f"{tag} no _FillValue: {p.encoding}")
        check(float(p.sel(warning=0.5, visibility=0.9, outcome="NUC")) == NETCDF_FILL,
              f"{tag} label-based selection")

        check(ds.games.dtype == np.uint64, f"{tag} games dtype {ds.games.dtype}")
        check([int(v) for v in ds.games.values.ravel()] == expected_games(), f"{tag} games values")
        check(ds["case"].dtype == np.int32 and ds["case"].values.ravel().tolist()
              == [-1, 0, 1, 2, 2147483647, -2147483648], f"{tag} case (int32)")
        check(ds.solved.dtype == np.uint8 and ds.solved.values.ravel().tolist() == [0, 1, 1, 0, 255, 1],
              f"{tag} solved (uint8)")
        check(ds.per_draw.dims == ("draw", "warning") and ds.per_draw.shape == (4, 3), f"{tag} per_draw")
        check(ds.description.values.tolist()
              == ["status quo", "rebuffed", "", "concession \u03a9", "nuclear \u2622"],
              f"{tag} string variable: {ds.description.values}")
        check(ds.residual.dims == () and float(ds.residual) == 1.5e-12, f"{tag} scalar variable")
        check(ds.nothing.dims == ("empty",) and ds.nothing.size == 0, f"{tag} zero-size variable")

        a = ds.attrs
        check(a.get("model") == "edsg", f"{tag} root model: {a.get('model')!r}")
        check(int(a.get("seed", -1)) == 18446744073709551557, f"{tag} root seed: {a.get('seed')!r}")
        check(int(a.get("offset", 0)) == -42, f"{tag} root offset")
        check(a.get("threshold") == 0.5, f"{tag} root threshold")
        check(a.get("scenario") == '[game]\nname = "\u0394 test"\nburden = 0.3\n', f"{tag} root scenario")
        if engine == "netcdf4":
            enc = p.encoding
            check(enc.get("zlib") is True and enc.get("shuffle") is True and enc.get("complevel") == 4,
                  f"{tag} compression reported in encoding: {enc}")


def check_h5py(path):
    with h5py.File(path, "r") as f:
        games = f["games"]
        check(games.dtype == np.uint64, f"[h5py] games dtype {games.dtype}")
        check([int(v) for v in games[...].ravel()] == expected_games(), "[h5py] games values exact")
        check(len(games.dims[0]) == 1 and games.dims[0][0].name == "/warning", "[h5py] games axis 0 scale")
        check(games.dims[1][0].name == "/visibility", "[h5py] games axis 1 scale")
        check(f["outcome"].asstr()[...].tolist() == OUTCOMES, "[h5py] outcome labels")
        check(isinstance(f["outcome"][0], bytes) or isinstance(f["outcome"][0], str), "[h5py] outcome readable")
        check(f["outcome"].dtype.metadata.get("vlen") is str, "[h5py] outcome is vlen UTF-8")
        p = f["probability"]
        check(p.compression == "gzip" and p.compression_opts == 4 and p.shuffle and p.chunks is not None,
              f"[h5py] probability chunked+shuffle+gzip(4): {p.chunks} {p.compression} {p.shuffle}")
        name = f["draw"].attrs.get("NAME")
        name = name.decode() if isinstance(name, bytes) else str(name)
        check(name.startswith(MARKER), f"[h5py] draw NAME marker: {name!r}")
        check(isinstance(f.attrs["model"], str), "[h5py] root text attribute reads as str")
        check(int(f.attrs["seed"]) == 18446744073709551557, "[h5py] uint64 root attribute exact")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writer", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sample.h5")
        subprocess.run([args.writer, path], check=True)
        for engine in ["netcdf4", "h5netcdf"]:
            module = "netCDF4" if engine == "netcdf4" else "h5netcdf"
            if importlib.util.find_spec(module) is None:
                print(f"note: engine {engine} skipped ({module} is not installed)")
                continue
            try:
                check_xarray(path, engine)
            except Exception as e:  # a crash counts as a failure, and the others still run
                check(False, f"[{engine}] open_dataset raised {type(e).__name__}: {e}")
        check_h5py(path)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
