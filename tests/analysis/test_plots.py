"""Each figure: number of panels, axis labels, and that what it draws is what the file holds."""
import numpy as np
import pytest

from detsim_analysis import (lever_decomposition, plot_fan, plot_heatmaps, plot_outcome_distributions, plot_tornado,
                             plot_waterfall)
from detsim_analysis.figure import plt


def panels(fig):
    """Axes that are plot panels (not colour bars)."""
    return [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]


def nontrivial(values):
    return int(np.sum(np.any(np.asarray(values) != 0, axis=0)))


def test_outcome_distributions(opened):
    ds = opened["pairs"]
    fig = plot_outcome_distributions(ds, ["ncg4", "ncg5"])
    left, right = panels(fig)
    assert left.get_ylabel() == "probability" and left.get_xlabel() == "outcome"
    assert [t.get_text().split("\n")[0] for t in left.get_xticklabels()] == ["SQ", "REBUFFED", "PBD", "CONV", "NUC"]
    heights = [patch.get_height() for patch in left.patches]
    expected = np.concatenate([ds.outcome_probability.sel(sample=s).values for s in ("ncg4", "ncg5")])
    assert np.allclose(heights, expected)
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["ncg4", "ncg5"]
    plt.close(fig)
    for name in ("sweep", "lhs", "single"):  # default cells for every design
        fig = plot_outcome_distributions(opened[name])
        assert len(panels(fig)) == 2
        plt.close(fig)


def test_heatmaps(opened):
    ds = opened["sweep"]
    fig = plot_heatmaps(ds)
    grid = panels(fig)
    assert len(grid) == 3 * 2
    assert sum(ax.get_label() == "<colorbar>" for ax in fig.axes) == 3
    assert [ax.get_title().split("\n")[1] for ax in grid[:2]] == ["warning = 0", "warning = 1"]
    assert grid[-1].get_xlabel().startswith("burden") and grid[0].get_ylabel().startswith("visibility")
    mesh = grid[2].collections[0]  # Pr(war), warning = 0
    expected = 100 * ds.measure_mean.sel(measure="p_war", warning=0).transpose("visibility", "burden").values
    assert np.allclose(np.asarray(mesh.get_array()).reshape(expected.shape), expected)
    plt.close(fig)
    with pytest.raises(ValueError, match="visibility and burden"):
        plot_heatmaps(opened["pairs"])


@pytest.mark.parametrize("name,exact", [("pairs", False), ("pairs_per_draw", True)])
def test_waterfall(opened, name, exact):
    ds = opened[name]
    parts = lever_decomposition(ds)
    assert parts["reference_label"] == "ncg4" and parts["target_label"] == "ncg5"
    assert [lever for lever, _ in parts["steps"]] == ["warning", "visibility", "burden"]
    fig = plot_waterfall(ds)
    diff = ds.outcome_probability_difference
    assert len(panels(fig)) == nontrivial(diff.values)
    ax = panels(fig)[0]  # SQ
    assert "percentage points" in ax.get_ylabel() and ax.get_title().startswith("SQ")
    steps = [100 * float(diff.sel(sample=s, outcome="SQ")) for s in ("warning-omitted", "visibility-reduced",
                                                                     "rok-leading-role")]
    heights = [patch.get_height() for patch in ax.patches]
    total = 100 * float(diff.sel(sample="ncg5", outcome="SQ"))
    assert np.allclose(heights[:3], steps) and np.isclose(heights[3], total - sum(steps))
    assert np.isclose(heights[-1], total)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[3] == ("interaction" if exact else "interaction*")
    plt.close(fig)


def test_waterfall_paired_interval(opened):
    """Per-draw differences reproduce the file's paired means, and the exact interaction SE stays below
    the conservative bound used without per-draw output (triangle inequality for standard deviations)."""
    from detsim_analysis.plot_waterfall import _remainder
    ds = opened["pairs_per_draw"]
    per = ds.draw_outcome_probability
    d = (per.sel(sample="ncg5") - per.sel(sample="ncg4")).mean("draw")
    assert np.allclose(d.values, ds.outcome_probability_difference.sel(sample="ncg5").values, atol=1e-12)
    parts = lever_decomposition(ds)
    mean_exact, se_exact, exact = _remainder(ds, parts)
    mean_bound, se_bound, bound = _remainder(ds.drop_vars("draw_outcome_probability"), parts)
    assert exact and not bound
    assert np.allclose(mean_exact, mean_bound, atol=1e-12)
    assert np.all(se_exact <= se_bound + 1e-15)


def test_tornado(opened):
    ds = opened["lhs"]
    fig = plot_tornado(ds)
    axes = panels(fig)
    assert len(axes) == 3
    assert [ax.get_title() for ax in axes] == ["Pr(challenge)", "Pr(war)", "Pr(abandonment | challenge)"]
    names = {t.get_text() for t in axes[0].get_yticklabels()}
    assert names == {str(p) for p in ds.parameter.values} | {"visibility (lever)", "burden (lever)"}
    assert all(ax.get_xlabel() == "partial rank correlation coefficient" for ax in axes)
    plt.close(fig)


def test_fan(opened):
    ds = opened["sweep"]
    fig = plot_fan(ds, "visibility", {"warning": 0, "burden": 0.7})
    axes = panels(fig)
    q = ds.outcome_probability_quantile
    assert len(axes) == nontrivial(q.transpose("quantile", "warning", "visibility", "burden", "outcome")
                                   .values.reshape(-1, 5))
    assert all(ax.get_xlabel().startswith("visibility") for ax in axes)
    assert axes[0].get_ylabel() == "outcome probability"
    median = axes[0].lines[0].get_ydata()
    assert np.allclose(median, q.sel(warning=0, burden=0.7, method="nearest").sel(outcome="SQ", quantile=0.5).values)
    assert "warning = 0, burden = 0.7" in fig._suptitle.get_text()
    plt.close(fig)
    with pytest.raises(ValueError, match="grid"):
        plot_fan(opened["pairs"])


def test_waterfall_on_a_grid_with_a_reference(tmp_path):
    """A grid's reference cell is named by its axis values; the single-lever steps are found in the grid."""
    import subprocess
    from conftest import detsim_binary
    from detsim_analysis import open_results
    scenario = tmp_path / "grid.toml"
    scenario.write_text("""
[scenario]
name = "gridref"
mode = "policy"
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
[run]
draws = 100
games = 0
seed = 3
[sweep]
design = "grid"
reference = 7
[sweep.axes]
levers.warning = [0, 1]
levers.visibility = [0.5, 1]
levers.burden = [0.5, 0.7]
""")
    out = str(tmp_path / "grid.h5")
    r = subprocess.run([detsim_binary(), "run", str(scenario), "-o", out, "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ds = open_results(out)
    parts = lever_decomposition(ds)
    assert parts["reference"] == {"warning": 1, "visibility": 1, "burden": 1}
    assert parts["target"] == {"warning": 0, "visibility": 0, "burden": 0}
    assert [lever for lever, _ in parts["steps"]] == ["warning", "visibility", "burden"] and not parts["missing"]
    fig = plot_waterfall(ds, "warning=0, visibility=0.5, burden=0.5")
    assert len(panels(fig)) == nontrivial(ds.outcome_probability_difference.values.reshape(-1, 5))
    plt.close(fig)
