"""Heat maps of outcome measures over visibility x burden, one column per warning setting."""
import numpy as np

from .figure import MEASURE_LABELS, lever_label, plt, subtitle, title_of
from .results import design_dims, nearest

HEATMAP_MEASURES = ("p_challenge", "p_war", "abandonment_risk")


def can_plot_heatmaps(ds):
    dims = design_dims(ds)
    return "visibility" in dims and "burden" in dims


def _edges(values):
    """Cell edges around (possibly uneven) grid values, for pcolormesh."""
    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate(([v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]))


def plot_heatmaps(ds, measures=HEATMAP_MEASURES, fix=None, column_axis="warning"):
    """Rows: measures (measure_mean, shown in %). Columns: the values of `column_axis` (warning) when swept.
    x: burden share, y: visibility. Other swept axes are held at `fix` ({axis: value}, nearest grid
    value) or at their first value. Each row shares one colour scale."""
    if not can_plot_heatmaps(ds):
        raise ValueError("heat maps need a grid design with visibility and burden axes")
    dims = design_dims(ds)
    fix = dict(fix or {})
    columns = ds[column_axis].values if column_axis in dims else [None]
    held = {d: nearest(ds, d, fix[d]) if d in fix else 0
            for d in dims if d not in ("visibility", "burden", column_axis)}
    fig, axes = plt.subplots(len(measures), len(columns), figsize=(3.6 * len(columns) + 1.2, 3.0 * len(measures)),
                             squeeze=False, sharex=True, sharey=True)
    x_edges, y_edges = _edges(ds["burden"].values), _edges(ds["visibility"].values)
    for r, measure in enumerate(measures):
        values = 100 * ds.measure_mean.sel(measure=measure).isel(held)
        lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
        mesh = None
        for c, col in enumerate(columns):
            ax = axes[r][c]
            panel = values.sel({column_axis: col}) if col is not None else values
            grid = panel.transpose("visibility", "burden").values
            ax.grid(False)
            mesh = ax.pcolormesh(x_edges, y_edges, grid, cmap="viridis", vmin=lo, vmax=hi, shading="flat")
            if grid.size <= 120:
                for i, vis in enumerate(ds["visibility"].values):
                    for j, bur in enumerate(ds["burden"].values):
                        v = grid[i, j]
                        shade = "white" if hi > lo and (v - lo) / (hi - lo) < 0.55 else "black"
                        ax.text(bur, vis, f"{v:.0f}", ha="center", va="center", fontsize=7, color=shade)
            head = MEASURE_LABELS.get(measure, measure)
            ax.set_title(f"{head}\n{column_axis} = {col:g}" if col is not None else head, fontsize=9)
            if r == len(measures) - 1:
                ax.set_xlabel(lever_label(ds, "burden"))
            if c == 0:
                ax.set_ylabel(lever_label(ds, "visibility"))
        fig.colorbar(mesh, ax=list(axes[r]), label=f"{MEASURE_LABELS.get(measure, measure)} (%)",
                     shrink=0.9)
    held_text = ", ".join(f"{d} = {ds[d].values[i]:g}" for d, i in held.items())
    fig.suptitle(f"{title_of(ds)}: measures over visibility x burden ({subtitle(ds)}"
                 + (f"; {held_text}" if held_text else "") + ")")
    return fig
