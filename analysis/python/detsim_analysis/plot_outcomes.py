"""Outcome distributions of chosen cells: mean with 95% Monte Carlo interval, and spread over draws."""
import numpy as np

from .figure import OUTCOME_LABELS, Z95, plt, subtitle, title_of
from .results import cell_label, design_dims, find_cell


def default_cells(ds, most=6):
    """Indexers of a few representative cells: all named cells (up to `most`), or grid corners and centre."""
    dims = design_dims(ds)
    if not dims:
        return [{}]
    if dims == ["sample"]:
        n = ds.sizes["sample"]
        limit = most if ds["sample"].dtype.kind in "OUS" else 4
        picks = np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int))
        return [{"sample": int(i)} for i in picks]
    cells = []
    for where in (0.0, 0.5, 1.0):
        cell = {d: int(round(where * (ds.sizes[d] - 1))) for d in dims}
        if cell not in cells:
            cells.append(cell)
    return cells


def plot_outcome_distributions(ds, cells=None):
    """Two panels over the five outcomes, one colour per cell. Left: mean outcome probability with a
    95% Monte Carlo interval (1.96 standard errors). Right: the spread over parameter draws, as boxes
    from the 5/25/50/75/95% quantiles. `cells`: indexer dicts or specs accepted by find_cell."""
    cells = default_cells(ds) if cells is None else [c if isinstance(c, dict) else find_cell(ds, c) for c in cells]
    outcomes = [str(o) for o in ds["outcome"].values]
    x = np.arange(len(outcomes))
    width = 0.8 / len(cells)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, cell in enumerate(cells):
        label = cell_label(ds, cell)
        mean = ds.outcome_probability.isel(cell).values
        se = ds.outcome_probability_se.isel(cell).values
        offset = (k - (len(cells) - 1) / 2) * width
        colour = colours[k % len(colours)]
        left.bar(x + offset, mean, width, yerr=Z95 * se, capsize=2, color=colour, label=label,
                 error_kw={"elinewidth": 1})
        q = ds.outcome_probability_quantile.isel(cell).transpose("outcome", "quantile")
        levels = list(np.round(q["quantile"].values, 3))
        stats = []
        for o in range(len(outcomes)):
            row = q.values[o]
            stats.append({"med": row[levels.index(0.5)], "q1": row[levels.index(0.25)],
                          "q3": row[levels.index(0.75)], "whislo": row[levels.index(0.05)],
                          "whishi": row[levels.index(0.95)], "fliers": [], "mean": mean[o]})
        boxes = right.bxp(stats, positions=x + offset, widths=width * 0.8, showmeans=True, patch_artist=True,
                          manage_ticks=False, medianprops={"color": "black"}, meanprops={"marker": "D", "markersize": 3,
                                                         "markerfacecolor": "white", "markeredgecolor": "black"})
        for box in boxes["boxes"]:
            box.set_facecolor(colour)
            box.set_alpha(0.8)
    for ax in (left, right):
        ax.set_xticks(x)
        ax.set_xticklabels([f"{o}\n{OUTCOME_LABELS.get(o, '').replace(' ', chr(10), 1)}" for o in outcomes])
        ax.set_xlabel("outcome")
        ax.set_ylim(0, 1.02)
    left.set_ylabel("probability")
    left.set_title("mean over parameter draws, 95% Monte Carlo interval")
    right.set_title("spread over parameter draws: whiskers 5-95%, box 25-75%,\nline median, diamond mean")
    left.legend(title="cell", fontsize=8)
    fig.suptitle(f"{title_of(ds)}: outcome distributions ({subtitle(ds)})")
    fig.tight_layout()
    return fig
