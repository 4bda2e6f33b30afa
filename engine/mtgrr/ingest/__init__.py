"""Reading and checking the user's layers, and building the regions (the first pipeline stage)."""

from __future__ import annotations

from .layers import choose_metric_crs, read_layer, read_table
from .regions import hexagon_grid, load_regions, square_grid

__all__ = ["choose_metric_crs", "hexagon_grid", "load_regions", "read_layer", "read_table", "square_grid"]
