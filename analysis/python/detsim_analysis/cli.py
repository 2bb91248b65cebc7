"""detsim-plot: write the figures that fit a results file's design, as PNG and SVG."""
import argparse
import os
import sys

from .figure import FORMATS, save
from .plot_fan import fan_axes, plot_fan
from .plot_heatmaps import can_plot_heatmaps, plot_heatmaps
from .plot_outcomes import plot_outcome_distributions
from .plot_tornado import plot_tornado
from .plot_waterfall import lever_decomposition, plot_waterfall
from .results import NotDetsimResults, design_dims, design_kind, find_cell, open_results

FIGURES = ("outcomes", "heatmaps", "waterfall", "tornado", "fan")


def _axis_values(items, option):
    fixed = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            fixed[name.strip()] = float(value)
        except ValueError:  # also no "=" at all
            raise ValueError(f"{option} {item!r}: expected AXIS=NUMBER") from None
    return fixed


def plan(ds, args):
    """[(name, make_figure)] for the figures that fit this file, and [(name, reason)] for the others."""
    chosen, skipped = [], []
    fix = _axis_values(args.fix, "--fix")
    grid_axes = design_dims(ds) if design_kind(ds) == "grid" else []
    for name in fix:
        if name not in grid_axes:
            raise ValueError(f"--fix {name}: not a grid axis of this file (grid axes: {', '.join(grid_axes) or 'none'})")
    cells = [find_cell(ds, spec) for spec in args.cell] or None
    chosen.append(("outcomes", lambda: plot_outcome_distributions(ds, cells)))
    if can_plot_heatmaps(ds):
        chosen.append(("heatmaps", lambda: plot_heatmaps(ds, fix=fix)))
    else:
        skipped.append(("heatmaps", "needs a grid design with visibility and burden axes"))
    if "outcome_probability_difference" in ds:
        try:
            lever_decomposition(ds, args.target)
            chosen.append(("waterfall", lambda: plot_waterfall(ds, args.target)))
        except ValueError as e:
            skipped.append(("waterfall", str(e)))
    else:
        skipped.append(("waterfall", "needs a reference cell ([sweep] reference = ...)"))
    if "draw_outcome_probability" in ds and "draw_parameter" in ds:
        chosen.append(("tornado", lambda: plot_tornado(ds)))
    else:
        skipped.append(("tornado", "needs a run with --per-draw and uncertain parameters"))
    if fan_axes(ds):
        if args.fan_along and args.fan_along not in fan_axes(ds):
            raise ValueError(f"--fan-along {args.fan_along}: choose one of {', '.join(fan_axes(ds))}")
        chosen.append(("fan", lambda: plot_fan(ds, args.fan_along, fix)))
    else:
        skipped.append(("fan", "needs a grid axis with three or more values"))
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - set(FIGURES)
        if unknown:
            raise ValueError(f"--only {','.join(sorted(unknown))}: figures are {', '.join(FIGURES)}")
        skipped += [(n, "not asked for (--only)") for n, _ in chosen if n not in wanted]
        missing = wanted - {n for n, _ in chosen}
        if missing:
            reasons = dict(skipped)
            raise ValueError("; ".join(f"{n} does not fit this file: {reasons.get(n, '')}" for n in sorted(missing)))
        chosen = [(n, make) for n, make in chosen if n in wanted]
    return chosen, skipped


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="detsim-plot", description="Write the figures that fit a detsim results file (PNG and SVG).")
    parser.add_argument("results", nargs="+", help="results file written by `detsim run` (several: shards of one sweep)")
    parser.add_argument("--out", required=True, help="folder for the figures (created if missing)")
    parser.add_argument("--cell", action="append", default=[],
                        help="cell for the outcome distributions: a cell name, a sample number or AXIS=VALUE,... "
                             "(repeatable; default: a few representative cells)")
    parser.add_argument("--fix", action="append", default=[],
                        help="AXIS=VALUE: hold a grid axis at its nearest value in heat maps and fans (repeatable)")
    parser.add_argument("--fan-along", help="grid axis for the quantile fan (default: the longest)")
    parser.add_argument("--target", help="target cell of the waterfall (default: the one changing most levers)")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(FIGURES)}")
    parser.add_argument("--prefix", default="", help="prefix of the figure file names")
    parser.add_argument("--format", default="png,svg", help="comma-separated formats (default png,svg)")
    args = parser.parse_args(argv)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    try:
        if not formats or any(f not in FORMATS for f in formats):
            raise ValueError(f"--format {args.format!r}: choose among {', '.join(FORMATS)}")
        ds = open_results(args.results if len(args.results) > 1 else args.results[0])
        chosen, skipped = plan(ds, args)
        try:  # before any plotting, so a bad --out costs nothing
            os.makedirs(args.out, exist_ok=True)
        except OSError as e:
            raise ValueError(f"--out {args.out}: cannot make a folder there ({e.strerror})") from None
    except (OSError, NotDetsimResults, ValueError) as e:  # OSError: a results file missing or unreadable
        print(f"detsim-plot: error: {e}", file=sys.stderr)
        return 2
    print(f"{args.results[0]}: design {design_kind(ds)}, {ds.attrs.get('draws')} draws per cell")
    for name, make in chosen:
        paths = save(make(), args.out, args.prefix + name, formats)
        print(f"  {name:10s} -> {', '.join(paths)}")
    for name, reason in skipped:
        print(f"  {name:10s} skipped: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
