"""Partial rank correlations: known answers, invariances, and the table built from a --per-draw file."""
import math

import numpy as np
import pytest

from detsim_analysis import per_draw_table, prcc, rank, sensitivity


def test_rank_averages_ties():
    assert rank([10, 30, 20, 20, 5]).tolist() == [2.0, 5.0, 3.5, 3.5, 1.0]
    assert rank([1, 1, 1]).tolist() == [2.0, 2.0, 2.0]


def test_prcc_exact_for_monotone_outputs():
    rng = np.random.default_rng(1)
    X = rng.uniform(size=(300, 3))
    assert prcc(X, np.exp(3 * X[:, 0]), ["a", "b", "c"])["a"][0] == pytest.approx(1.0, abs=1e-12)
    assert prcc(X, -X[:, 2] ** 3, ["a", "b", "c"])["c"][0] == pytest.approx(-1.0, abs=1e-12)


def test_prcc_invariant_under_monotone_transforms():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(500, 3))
    y = X[:, 0] - 0.5 * X[:, 1] + rng.normal(size=500)
    base = prcc(X, y)
    transformed = prcc(np.column_stack([np.exp(X[:, 0]), X[:, 1] ** 3, np.arctan(X[:, 2])]), np.tanh(y / 4))
    for name in base:
        assert transformed[name][0] == pytest.approx(base[name][0], abs=1e-12)


def test_prcc_population_value_for_gaussian_linear_model():
    """y = x1 + x2 + e with x1, x2, e iid N(0, 1). The ranks are Phi of each variable (a Gaussian copula),
    so corr(rank y, rank x_i) = (6/pi) asin(rho/2) with rho = 1/sqrt(3), the x's are independent, and the
    population PRCC is r / sqrt(1 - r^2) = 0.6747; x3 (unused) has PRCC 0. With n = 20000 the standard
    error is about (1 - 0.6747^2)/sqrt(n) = 0.004: the bounds below are 5 standard errors (false alarm
    below 1e-6 per check)."""
    r = 6 / math.pi * math.asin(1 / (2 * math.sqrt(3)))
    expected = r / math.sqrt(1 - r * r)
    assert expected == pytest.approx(0.67466, abs=1e-4)
    rng = np.random.default_rng(20251202)
    n = 20000
    X = rng.normal(size=(n, 3))
    y = X[:, 0] + X[:, 1] + rng.normal(size=n)
    out = prcc(X, y, ["x1", "x2", "x3"])
    assert out["x1"][0] == pytest.approx(expected, abs=0.02)
    assert out["x2"][0] == pytest.approx(expected, abs=0.02)
    assert abs(out["x3"][0]) < 5 / math.sqrt(n)
    lo, hi = out["x1"][1], out["x1"][2]
    assert lo < out["x1"][0] < hi and hi - lo < 0.03


def test_prcc_drops_nan_rows_and_constant_columns():
    rng = np.random.default_rng(3)
    X = np.column_stack([rng.uniform(size=100), np.full(100, 2.0)])
    y = X[:, 0].copy()
    y[:10] = np.nan
    out = prcc(X, y, ["a", "const"])
    assert out["a"][0] == pytest.approx(1.0) and math.isnan(out["const"][0])


def test_per_draw_table_matches_file(opened):
    ds = opened["lhs"]
    X, names, p = per_draw_table(ds)
    cells, draws = ds.sizes["sample"], ds.sizes["draw"]
    assert X.shape == (cells * draws, ds.sizes["parameter"] + 2)
    assert names[-2:] == ["visibility (lever)", "burden (lever)"]
    row = 3 * draws + 17  # sample 3, draw 17
    assert X[row, :-2].tolist() == ds.draw_parameter.isel(draw=17).values.tolist()
    assert X[row, -2] == float(ds.visibility.isel(sample=3)) and X[row, -1] == float(ds.burden.isel(sample=3))
    assert p["PBD"][row] == float(ds.draw_outcome_probability.isel(sample=3, draw=17).sel(outcome="PBD"))


def test_sensitivity_on_a_real_run(opened):
    out = sensitivity(opened["lhs"])
    assert set(out) == {"p_challenge", "p_war", "abandonment_risk"}
    for table in out.values():
        assert all(-1 <= r <= 1 for r, _, _ in table.values() if not math.isnan(r))
    with pytest.raises(ValueError, match="--per-draw"):
        sensitivity(opened["sweep"])
