"""Shared figure set-up: headless backend, labels, and reproducible PNG/SVG output."""
import os

import matplotlib

matplotlib.use("Agg")  # no display on servers and CI
import matplotlib.pyplot as plt  # noqa: E402

from .sensitivity import OUTPUTS  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "detsim", "figure.dpi": 100, "savefig.dpi": 130,
                     "axes.grid": True, "grid.alpha": 0.3, "font.size": 9})

OUTCOME_LABELS = {"SQ": "status quo", "REBUFFED": "rebuffed", "PBD": "patron backs down",
                  "CONV": "conventional war", "NUC": "nuclear war"}
MEASURE_LABELS = {name: label for name, (label, _) in OUTPUTS.items()}
OUTCOME_COLOURS = {"SQ": "#4c72b0", "REBUFFED": "#55a868", "PBD": "#dd8452", "CONV": "#c44e52", "NUC": "#8172b3"}
Z95 = 1.959963984540054
# Formats save() writes without timestamps (each has its own metadata keys).
FORMATS = ("png", "svg")


def lever_label(ds, name):
    """Axis label for a lever: its name and units from the file."""
    units = ds[name].attrs.get("units", "") if name in ds.variables else ""
    return f"{name} ({units})" if units and units != "1" else name


def title_of(ds):
    return str(ds.attrs.get("title", "")).replace("detsim results: ", "")


def subtitle(ds):
    return f"{ds.attrs.get('mode', '?')} mode, {ds.attrs.get('draws', '?')} draws per cell, seed {ds.attrs.get('seed', '?')}"


def save(fig, out_dir, name, formats=("png", "svg")):
    """Write fig as OUT_DIR/NAME.png and .svg without timestamps (same input, same bytes); returns paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for fmt in formats:
        path = os.path.join(out_dir, f"{name}.{fmt}")
        metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}[fmt]
        fig.savefig(path, format=fmt, metadata=metadata, bbox_inches="tight")
        paths.append(path)
    plt.close(fig)
    return paths

