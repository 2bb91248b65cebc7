"""Quantile fans of outcome probabilities along one swept lever."""
import numpy as np

from .figure import OUTCOME_COLOURS, OUTCOME_LABELS, Z95, lever_label, plt, subtitle, title_of
from .results import design_dims, nearest


def fan_axes(ds):
    """Grid axes with at least three values, longest first: the levers a fan can run along."""
    if design_dims(ds) == ["sample"]:
        return []
    return sorted((d for d in design_dims(ds) if ds.sizes[d] >= 3), key=lambda d: -ds.sizes[d])


def plot_fan(ds, along=None, fix=None, outcomes=None):
    """One panel per outcome (those not identically zero): along the lever, the median and the 25-75%
    and 5-95% bands of the outcome probability over parameter draws, and the mean with its 95% Monte
    Carlo interval. Other axes are held at `fix` ({axis: value}, nearest) or at their first value."""
    candidates = fan_axes(ds)
    if not candidates:
        raise ValueError("a fan needs a grid design with an axis of three or more values")
    along = along or candidates[0]
    if along not in design_dims(ds):
        raise ValueError(f"--fan-along {along!r}: not a grid axis of this file ({', '.join(design_dims(ds))})")
    fix = dict(fix or {})
    held = {d: nearest(ds, d, fix[d]) if d in fix else 0 for d in design_dims(ds) if d != along}
    q = ds.outcome_probability_quantile.isel(held).transpose(along, "outcome", "quantile")
    mean = ds.outcome_probability.isel(held).transpose(along, "outcome")
    se = ds.outcome_probability_se.isel(held).transpose(along, "outcome")
    all_outcomes = [str(o) for o in ds["outcome"].values]
    outcomes = outcomes or [o for k, o in enumerate(all_outcomes) if np.any(q.values[:, k, :] != 0)]
    levels = list(np.round(q["quantile"].values, 3))
    x = ds[along].values.astype(float)
    fig, axes = plt.subplots(1, len(outcomes), figsize=(3.4 * len(outcomes), 3.6), squeeze=False, sharex=True)
    # (y not shared: SQ is near 0.5 where NUC is near 0.01)
    for ax, outcome in zip(axes[0], outcomes):
        k = all_outcomes.index(outcome)
        band = q.values[:, k, :]
        colour = OUTCOME_COLOURS.get(outcome, "C0")
        ax.fill_between(x, band[:, levels.index(0.05)], band[:, levels.index(0.95)], color=colour, alpha=0.18,
                        label="5-95% of draws")
        ax.fill_between(x, band[:, levels.index(0.25)], band[:, levels.index(0.75)], color=colour, alpha=0.4,
                        label="25-75% of draws")
        ax.plot(x, band[:, levels.index(0.5)], color=colour, lw=1.5, label="median")
        ax.errorbar(x, mean.values[:, k], yerr=Z95 * se.values[:, k], fmt="o", ms=3, color="black", capsize=2,
                    elinewidth=0.8, label="mean, 95% MC interval")
        ax.set_title(f"{outcome} ({OUTCOME_LABELS.get(outcome, '')})", fontsize=9)
        ax.set_xlabel(lever_label(ds, along))
        ax.set_ylim(bottom=0)  # each panel its own scale: nuclear war is rare
    axes[0][0].set_ylabel("outcome probability")
    axes[0][0].legend(fontsize=7, loc="upper left")
    held_text = ", ".join(f"{d} = {ds[d].values[i]:g}" for d, i in held.items())
    fig.suptitle(f"{title_of(ds)}: outcome probabilities along {along}"
                 + (f" ({held_text})" if held_text else "") + f"; {subtitle(ds)}")
    fig.tight_layout()
    return fig
