"""Partial rank correlation coefficients (PRCC) from a `--per-draw` run, with numpy only."""
from statistics import NormalDist

import numpy as np

def _abandonment(p):
    challenged = 1.0 - p["SQ"]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(challenged > 0, p["PBD"] / challenged, np.nan)


# Outputs computed from each draw's outcome probabilities, as the heat maps show them.
OUTPUTS = {
    "p_challenge": ("Pr(challenge)", lambda p: 1.0 - p["SQ"]),
    "p_war": ("Pr(war)", lambda p: p["CONV"] + p["NUC"]),
    "abandonment_risk": ("Pr(abandonment | challenge)", _abandonment),
}


def rank(x):
    """Ranks 1..n of a 1-d array, ties getting their average rank (as scipy.stats.rankdata)."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    # Boundaries of runs of equal values.
    new_run = np.concatenate(([True], sorted_x[1:] != sorted_x[:-1], [True]))
    starts = np.flatnonzero(new_run)
    average = (starts[:-1] + starts[1:] - 1) / 2.0 + 1.0  # mean of positions start..end-1, 1-based
    run_of = np.cumsum(new_run[:-1]) - 1
    ranks = np.empty(len(x))
    ranks[order] = average[run_of]
    return ranks


def prcc(X, y, names=None, level=0.95):
    """PRCC of each column of X with y: the correlation of the ranks of x_j and of y after removing
    (by least squares on ranks) the linear effect of the ranks of the other columns.

    Rows with a NaN are dropped; constant columns get NaN. Returns a dict name -> (prcc, lower, upper)
    with a Fisher-z interval at `level` (n - 3 - (k - 1) degrees of freedom)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[0] != y.shape[0]:
        raise ValueError(f"prcc: X must be (n, k) and y (n,), got {X.shape} and {y.shape}")
    names = list(names) if names is not None else [f"x{j}" for j in range(X.shape[1])]
    keep = np.isfinite(y) & np.all(np.isfinite(X), axis=1)
    X, y = X[keep], y[keep]
    n = len(y)
    varying = [j for j in range(X.shape[1]) if n > 1 and np.ptp(X[:, j]) > 0]
    R = np.column_stack([rank(X[:, j]) for j in varying]) if varying else np.empty((n, 0))
    ry = rank(y)
    k = len(varying)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    result = {name: (np.nan, np.nan, np.nan) for name in names}
    for col, j in enumerate(varying):
        others = np.column_stack([np.ones(n), np.delete(R, col, axis=1)])
        rx = R[:, col] - others @ np.linalg.lstsq(others, R[:, col], rcond=None)[0]
        rry = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        denom = np.sqrt(np.dot(rx, rx) * np.dot(rry, rry))
        r = float(np.dot(rx, rry) / denom) if denom > 0 else np.nan
        r = min(1.0, max(-1.0, r))
        dof = n - 3 - (k - 1)
        if dof > 0 and abs(r) < 1:
            half = z / np.sqrt(dof)
            lo, hi = np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)
        else:
            lo = hi = r
        result[names[j]] = (r, float(lo), float(hi))
    return result


def per_draw_table(ds):
    """Inputs and outcome probabilities of every (cell, draw) of a --per-draw file.

    Returns (X, names, probabilities) with X of shape (cells * draws, k): the uncertain parameters
    (draw_parameter) followed by the swept levers that vary over cells; probabilities maps each
    outcome to an array of length cells * draws."""
    from .results import design_dims, lever_names

    if "draw_outcome_probability" not in ds or "draw_parameter" not in ds:
        raise ValueError("sensitivity needs a run with --per-draw (variables draw_outcome_probability and "
                         "draw_parameter)")
    cells = design_dims(ds)
    p = ds.draw_outcome_probability.transpose(*cells, "draw", "outcome")
    n_draws, n_outcomes = p.sizes["draw"], p.sizes["outcome"]
    shape = tuple(p.sizes[d] for d in cells)
    n_cells = int(np.prod(shape)) if cells else 1
    flat = p.values.reshape(n_cells * n_draws, n_outcomes)
    cell_of_row = np.repeat(np.arange(n_cells), n_draws)
    draw_of_row = np.tile(np.arange(n_draws), n_cells)
    params = ds.draw_parameter.transpose("draw", "parameter").values[draw_of_row]
    names = [str(v) for v in ds["parameter"].values]
    columns = [params]
    axis_index = np.unravel_index(cell_of_row, shape) if cells else ()
    for lever in lever_names(ds):
        if cells == ["sample"]:
            values = ds[lever].values.astype(float)[cell_of_row]
        else:
            values = ds[lever].values.astype(float)[axis_index[cells.index(lever)]]
        if np.ptp(values) > 0:
            columns.append(values[:, None])
            names.append(f"{lever} (lever)")
    X = np.hstack(columns)
    probabilities = {str(o): flat[:, k] for k, o in enumerate(ds["outcome"].values)}
    return X, names, probabilities


def sensitivity(ds, outputs=("p_challenge", "p_war", "abandonment_risk")):
    """PRCC of every uncertain parameter and swept lever with each output; dict output -> prcc dict."""
    X, names, probabilities = per_draw_table(ds)
    return {out: prcc(X, OUTPUTS[out][1](probabilities), names) for out in outputs}
