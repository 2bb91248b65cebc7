"""Opening detsim results files (docs/output.md) as labelled xarray Datasets."""
import os

import numpy as np
import xarray as xr

OUTCOMES = ("SQ", "REBUFFED", "PBD", "CONV", "NUC")
# Dimensions that every cell shares; whatever else a cell variable has in front is the design.
NON_DESIGN_DIMS = ("outcome", "quantile", "bin", "measure", "case", "bound", "draw", "parameter")


class NotDetsimResults(ValueError):
    """The file exists but is not a results file written by `detsim run`."""


def _engine():
    for module, engine in (("netCDF4", "netcdf4"), ("h5netcdf", "h5netcdf")):
        try:
            __import__(module)
            return engine
        except ImportError:
            pass
    return None  # let xarray pick


def _open_one(path):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such results file")
    if os.path.isdir(path):
        raise NotDetsimResults(f"{path}: is a directory, not a detsim results file")
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic != b"\x89HDF\r\n\x1a\n":
        raise NotDetsimResults(f"{path}: not an HDF5 file, so not a detsim results file (written by `detsim run`)")
    try:
        ds = xr.open_dataset(path, engine=_engine())
    except Exception as e:  # netCDF-C refuses HDF5 files without dimension scales, among others
        raise NotDetsimResults(f"{path}: not a detsim results file ({type(e).__name__}: {e})") from e
    with ds:
        model = str(ds.attrs.get("model", ""))
        if not model.startswith("EDSG") or "outcome_probability" not in ds or "outcome" not in ds.dims:
            raise NotDetsimResults(f"{path}: HDF5 but not a detsim results file (no EDSG `model` attribute "
                                   f"or no outcome_probability variable)")
        ds = ds.load()
    # Non-grid designs store the lever values of each sample as variables over `sample`: make them
    # coordinates, so selections and tidy() carry them along with every row.
    design_values = [n for n, v in ds.data_vars.items() if v.dims == ("sample",) and "scenario_key" in v.attrs]
    ds = ds.set_coords(design_values)
    ds.attrs["source_path"] = path
    return ds


def open_results(path):
    """Open a results file (or a list of shard files of one sweep) as a labelled xarray.Dataset.

    Raises FileNotFoundError for a missing file and NotDetsimResults for any other file."""
    if isinstance(path, (list, tuple)):
        parts = [_open_one(p) for p in path]
        if len(parts) == 1:
            return parts[0]
        try:
            return xr.combine_by_coords(parts, combine_attrs="drop_conflicts")
        except ValueError as e:  # overlapping or unrelated files
            raise NotDetsimResults(f"{', '.join(map(os.fspath, path))}: not shards of one sweep ({e})") from e
    return _open_one(path)


def design_dims(ds):
    """The design dimensions (grid axes in file order, or `sample`); empty for a single-cell run."""
    return [d for d in ds.outcome_probability.dims if d not in NON_DESIGN_DIMS]


def design_kind(ds):
    """'single', 'grid' or the file's design name for sample designs ('points', 'lhs', ...)."""
    dims = design_dims(ds)
    if not dims:
        return "single"
    if dims == ["sample"]:
        return str(ds.attrs.get("design", "sample"))
    return "grid"


def lever_names(ds):
    """The swept levers: grid axes, or the lever variables over `sample`."""
    dims = design_dims(ds)
    if dims == ["sample"]:
        return [n for n, c in ds.coords.items() if c.dims == ("sample",) and "scenario_key" in c.attrs]
    return dims


def cell_label(ds, index):
    """A readable name of one cell, given its indexer dict ({} for a single-cell run)."""
    if not index:
        return str(ds.attrs.get("title", "all")).replace("detsim results: ", "")
    parts = []
    for dim, i in index.items():
        value = ds[dim].values[i]
        if dim == "sample" and ds["sample"].dtype.kind in "OUS":
            return str(value)
        parts.append(f"{dim}={_fmt(value)}")
    return ", ".join(parts)


def _fmt(value):
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"  # as C++ streams print it (reference_cell attribute)
    return str(value)


def find_cell(ds, spec):
    """Indexer dict of the cell named by `spec`: a sample label, a sample number, or 'axis=value,...'
    (each value matched to the nearest grid value). Raises ValueError naming the valid choices."""
    dims = design_dims(ds)
    if not dims:
        return {}
    if dims == ["sample"]:
        labels = [str(v) for v in ds["sample"].values]
        if spec in labels:
            return {"sample": labels.index(spec)}
        try:
            i = int(float(spec))
        except ValueError:
            raise ValueError(f"cell {spec!r}: not in this file; cells are {', '.join(labels[:20])}") from None
        if not 0 <= i < len(labels):
            raise ValueError(f"cell {spec!r}: sample number out of range 0..{len(labels) - 1}")
        return {"sample": i}
    index = {d: 0 for d in dims}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in dims:
            raise ValueError(f"cell {spec!r}: expected AXIS=VALUE with AXIS one of {', '.join(dims)}")
        try:
            index[name] = nearest(ds, name, float(value))
        except ValueError:
            raise ValueError(f"cell {spec!r}: {name} = {value.strip()!r} is not a number") from None
    return index


def nearest(ds, dim, value):
    """Index of the coordinate value of `dim` closest to `value`."""
    return int(np.argmin(np.abs(ds[dim].values.astype(float) - value)))


def tidy(ds, variables=None):
    """A long pandas DataFrame: one row per value of every numeric data variable (or of `variables`).

    Columns: `variable`, `value` (float64), and one column per dimension the variable has (others
    are missing, NaN/None), plus the lever coordinates over `sample` for non-grid designs.
    Counts are converted to float64, exact below 2**53."""
    import pandas as pd

    names = variables if variables is not None else [
        n for n, v in ds.data_vars.items() if v.dtype.kind in "fiub"]
    frames = []
    for name in names:
        da = ds[name]
        if da.dtype.kind not in "fiub":
            raise ValueError(f"tidy: variable {name!r} is not numeric")
        if da.ndim == 0:  # a single-cell run: per-cell scalars
            frame = pd.DataFrame({"value": [float(da.values)]})
        else:
            frame = da.astype(np.float64).to_dataframe(name="value").reset_index()
        frame.insert(0, "variable", name)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["variable", "value"])
    out = pd.concat(frames, ignore_index=True, sort=False)
    first = ["variable"] + [c for c in out.columns if c not in ("variable", "value")] + ["value"]
    return out[first]
