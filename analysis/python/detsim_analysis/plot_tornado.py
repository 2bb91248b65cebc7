"""Tornado chart of partial rank correlations from a --per-draw run."""
import numpy as np

from .figure import plt, subtitle, title_of
from .sensitivity import OUTPUTS, sensitivity


def plot_tornado(ds, outputs=("p_challenge", "p_war", "abandonment_risk")):
    """One panel per output: the PRCC of each uncertain parameter and swept lever with that output,
    over every (cell, draw) of the file, sorted by size, with 95% Fisher-z intervals."""
    results = sensitivity(ds, outputs)
    fig, axes = plt.subplots(1, len(outputs), figsize=(4.6 * len(outputs), 0.35 * len(next(iter(results.values()))) + 1.8),
                             squeeze=False)
    for ax, out in zip(axes[0], outputs):
        rows = [(name, r, lo, hi) for name, (r, lo, hi) in results[out].items() if np.isfinite(r)]
        rows.sort(key=lambda row: abs(row[1]))
        y = np.arange(len(rows))
        values = np.array([row[1] for row in rows])
        err = np.array([[row[1] - row[2] for row in rows], [row[3] - row[1] for row in rows]])
        ax.barh(y, values, xerr=err, color=np.where(values > 0, "#c44e52", "#4c72b0"), capsize=2,
                error_kw={"elinewidth": 0.8})
        ax.set_yticks(y)
        ax.set_yticklabels([row[0] for row in rows], fontsize=8)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlim(-1, 1)
        ax.set_xlabel("partial rank correlation coefficient")
        ax.set_title(OUTPUTS[out][0])
    n = ds.sizes.get("draw", 0) * int(np.prod([ds.sizes[d] for d in ds.draw_outcome_probability.dims
                                               if d not in ("draw", "outcome")]))
    fig.suptitle(f"{title_of(ds)}: sensitivity (PRCC over {n} cell-draws, 95% intervals; {subtitle(ds)})")
    fig.tight_layout()
    return fig
