"""Post-processing of detsim results files: open them labelled, tidy them, plot them.

    import sys; sys.path.insert(0, "analysis/python")
    from detsim_analysis import open_results, tidy
"""
from .results import (NotDetsimResults, cell_label, design_dims, design_kind, find_cell, lever_names,
                      open_results, tidy)
from .sensitivity import per_draw_table, prcc, rank, sensitivity
from .plot_outcomes import default_cells, plot_outcome_distributions
from .plot_heatmaps import can_plot_heatmaps, plot_heatmaps
from .plot_waterfall import lever_decomposition, plot_waterfall
from .plot_tornado import plot_tornado
from .plot_fan import fan_axes, plot_fan
from .figure import save

__all__ = ["NotDetsimResults", "open_results", "tidy", "design_dims", "design_kind", "lever_names", "find_cell",
           "cell_label", "prcc", "rank", "sensitivity", "per_draw_table", "default_cells",
           "plot_outcome_distributions", "can_plot_heatmaps", "plot_heatmaps", "lever_decomposition",
           "plot_waterfall", "plot_tornado", "fan_axes", "plot_fan", "save"]
