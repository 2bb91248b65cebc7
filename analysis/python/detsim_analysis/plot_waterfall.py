"""The change from a reference cell (NCG4) to a target cell (NCG5), one lever at a time, as a waterfall."""
import numpy as np

from .figure import OUTCOME_LABELS, Z95, plt, subtitle, title_of
from .results import cell_label, design_dims, lever_names


def _cells(ds):
    """Every cell as (indexer, {lever: value})."""
    dims = design_dims(ds)
    levers = lever_names(ds)
    shape = [ds.sizes[d] for d in dims]
    cells = []
    for flat in range(int(np.prod(shape))):
        index = dict(zip(dims, (int(i) for i in np.unravel_index(flat, shape))))
        cell = ds.isel(index)
        cells.append((index, {lever: float(cell[lever].values) for lever in levers}))
    return cells


def lever_decomposition(ds, target=None):
    """Find the reference, the target and the single-lever cells between them.

    Returns dict(reference, target, steps=[(lever, indexer)], missing=[lever]) with indexers of cells.
    The target is the named cell, or the one changing the most levers from the reference."""
    if "outcome_probability_difference" not in ds:
        raise ValueError("the waterfall needs a run with a reference cell ([sweep] reference = ...)")
    ref_label = ds.outcome_probability_difference.attrs.get("reference_cell")
    cells = _cells(ds)
    labels = [cell_label(ds, index) for index, _ in cells]
    if ref_label not in labels:
        raise ValueError(f"reference cell {ref_label!r} not found among the cells")
    ref_index, ref_values = cells[labels.index(ref_label)]

    def changed(values):
        return {lever for lever, v in values.items() if not np.isclose(v, ref_values[lever])}

    if target is None:
        t = max(range(len(cells)), key=lambda k: (len(changed(cells[k][1])), k))
    elif target in labels:
        t = labels.index(target)
    else:
        raise ValueError(f"target cell {target!r} not found; cells are {', '.join(labels)}")
    target_index, target_values = cells[t]
    if len(changed(target_values)) < 2:
        raise ValueError("the waterfall needs a target cell that changes two or more levers from the reference")
    # Steps in the order the scenario lists their cells.
    steps = [(next(iter(changed(values))), index) for index, values in cells
             if len(changed(values)) == 1 and changed(values) <= changed(target_values)
             and all(np.isclose(values[lever], target_values[lever]) for lever in changed(values))]
    seen = set()
    steps = [(lever, index) for lever, index in steps if not (lever in seen or seen.add(lever))]
    missing = sorted(changed(target_values) - seen)
    return {"reference": ref_index, "target": target_index, "steps": steps, "missing": missing,
            "reference_label": ref_label, "target_label": labels[t]}


def _remainder(ds, parts):
    """Interaction remainder per outcome: mean and standard error. Exact (paired over draws) when the
    file has per-draw output; otherwise the conservative bound SE_target + sum of SE_steps."""
    target, steps = parts["target"], [index for _, index in parts["steps"]]
    diff = ds.outcome_probability_difference
    mean = diff.isel(target).values - sum(diff.isel(s).values for s in steps)
    if "draw_outcome_probability" in ds:
        per = ds.draw_outcome_probability
        ref = per.isel(parts["reference"]).transpose("draw", "outcome").values
        value = per.isel(target).transpose("draw", "outcome").values - ref
        for s in steps:
            value = value - (per.isel(s).transpose("draw", "outcome").values - ref)
        ok = np.all(np.isfinite(value), axis=1)
        return mean, value[ok].std(axis=0, ddof=1) / np.sqrt(ok.sum()), True
    se = ds.outcome_probability_difference_se
    return mean, se.isel(target).values + sum(se.isel(s).values for s in steps), False


def plot_waterfall(ds, target=None):
    """One panel per outcome that changes: bars for each lever's paired change from the reference,
    stacked end to end, then the interaction remainder and the total change, in percentage points,
    each with a 95% paired interval."""
    parts = lever_decomposition(ds, target)
    diff, se = ds.outcome_probability_difference, ds.outcome_probability_difference_se
    rest, rest_se, exact = _remainder(ds, parts)
    outcomes = [str(o) for o in ds["outcome"].values]
    total = diff.isel(parts["target"]).values
    shown = [k for k, o in enumerate(outcomes)
             if np.any(np.abs(total[k]) > 0) or any(diff.isel(i).values[k] != 0 for _, i in parts["steps"])]
    fig, axes = plt.subplots(1, len(shown), figsize=(3.4 * len(shown), 4.4), squeeze=False)
    ref_p = ds.outcome_probability.isel(parts["reference"]).values
    tgt_p = ds.outcome_probability.isel(parts["target"]).values
    names = [f"{lever}\n({cell_label(ds, index)})" for lever, index in parts["steps"]]
    names += ["interaction" + ("" if exact else "*"), f"total\n({parts['target_label']})"]
    for ax, k in zip(axes[0], shown):
        steps = [100 * diff.isel(index).values[k] for _, index in parts["steps"]] + [100 * rest[k]]
        errors = [100 * Z95 * se.isel(index).values[k] for _, index in parts["steps"]] + [100 * Z95 * rest_se[k]]
        bottoms = np.concatenate(([0.0], np.cumsum(steps)[:-1]))
        colours = ["#c44e52" if s > 0 else "#4c72b0" for s in steps]
        x = np.arange(len(steps) + 1)
        ax.bar(x[:-1], steps, bottom=bottoms, color=colours, edgecolor="black", linewidth=0.5)
        ax.errorbar(x[:-1], bottoms + steps, yerr=errors, fmt="none", ecolor="black", capsize=3, elinewidth=1)
        ax.bar(x[-1], 100 * total[k], color="#777777", edgecolor="black", linewidth=0.5)
        ax.errorbar(x[-1], 100 * total[k], yerr=100 * Z95 * se.isel(parts["target"]).values[k], fmt="none",
                    ecolor="black", capsize=3, elinewidth=1)
        for i in range(len(steps) - 1):
            ax.plot([x[i] - 0.4, x[i + 1] + 0.4], [bottoms[i] + steps[i]] * 2, color="grey", lw=0.6, ls=":")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(x)
        ax.set_xticklabels(names, rotation=60, ha="right", fontsize=7)
        ax.set_title(f"{outcomes[k]} ({OUTCOME_LABELS.get(outcomes[k], '')})\n"
                     f"{100 * ref_p[k]:.1f}% -> {100 * tgt_p[k]:.1f}%", fontsize=9)
        ax.set_ylabel(f"change from {parts['reference_label']} (percentage points)")
    note = ("interaction: target minus the single-lever changes; "
            + ("paired interval from per-draw output" if exact else
               "*interval is a conservative bound (run with --per-draw for the exact one)"))
    if parts["missing"]:
        note += f"; no single-lever cell for {', '.join(parts['missing'])} (in the interaction)"
    fig.suptitle(f"{title_of(ds)}: {parts['reference_label']} -> {parts['target_label']}, one lever at a time "
                 f"({subtitle(ds)})\n{note}; bars: 95% paired intervals", fontsize=9)
    fig.tight_layout()
    return fig
