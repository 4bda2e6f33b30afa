"""Output layers, QGIS styles and PNG maps of region embeddings."""

from .layer import output_table, write_outputs
from .maps import plot_categories, plot_colors, plot_map, plot_small_multiples
from .styles import categorized_qml, graduated_qml, rgb_qml, store_styles

__all__ = [
    "categorized_qml",
    "graduated_qml",
    "output_table",
    "plot_categories",
    "plot_colors",
    "plot_map",
    "plot_small_multiples",
    "rgb_qml",
    "store_styles",
    "write_outputs",
]
