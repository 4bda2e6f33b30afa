"""PNG maps of the output layer (geopandas + matplotlib, headless)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

matplotlib.use("Agg")
with warnings.catch_warnings():
    # Debian's mpl_toolkits (seen through --system-site-packages beside QGIS) cannot load 3D axes
    # for pip's matplotlib; these 2D maps never use them.
    warnings.filterwarnings("ignore", message="Unable to import Axes3D")
    import matplotlib.pyplot as plt

from .styles import CATEGORY_COLORS, NO_DATA_COLOR, few_values_merged

DPI = 150
NO_DATA = {"color": NO_DATA_COLOR, "edgecolor": "white", "linewidth": 0.2, "label": "No data"}
"""How regions without a value (without data) are drawn, and their legend entry (geopandas' ``missing_kwds``)."""


def _north_arrow(ax, x: float = 0.97, top: float = 0.97) -> None:
    """An arrow pointing up with an N below it, its tip at (x, top) in axes fraction; its length is in points, so
    that it reads the same on a map and on a tall, narrow colour bar."""
    arrow = ax.annotate(
        "N",
        xy=(x, top),
        xytext=(0, -26),
        xycoords="axes fraction",
        textcoords="offset points",
        ha="center",
        arrowprops={"arrowstyle": "-|>", "color": "black"},
        fontsize=10,
        fontweight="bold",
        annotation_clip=False,
    )
    arrow.arrow_patch.set_clip_on(False)  # drawn outside its axes where placed above them


def _finish(fig, ax, path: Path, title: str) -> Path:
    ax.set_title(title)
    ax.set_axis_off()
    _north_arrow(ax)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return Path(path)


def plot_map(
    gdf,
    column: str,
    path: str | Path,
    title: str,
    cmap: str = "viridis",
    scheme: str = "quantiles",
    k: int = 5,
) -> Path:
    """Choropleth of a numeric column classified with mapclassify (quantiles by default)."""
    fig, ax = plt.subplots(figsize=(8.5, 7))
    k = max(1, min(k, gdf[column].nunique()))
    with few_values_merged():
        gdf.plot(
            column=column,
            ax=ax,
            cmap=cmap,
            scheme=scheme if k > 1 else None,
            k=k,
            legend=True,
            edgecolor="white",
            linewidth=0.2,
            missing_kwds=NO_DATA,
            legend_kwds={"title": column, "loc": "upper left", "bbox_to_anchor": (1.0, 1.0), "fontsize": 8}
            if k > 1
            else {"shrink": 0.6},
        )
    return _finish(fig, ax, Path(path), title)


def plot_categories(gdf, column: str, path: str | Path, title: str) -> Path:
    """Map of a categorical column (e.g. KMeans clusters), one colour per category, as in its QGIS style; regions
    without a value grey, listed last as "No data"."""
    fig, ax = plt.subplots(figsize=(8.5, 7))
    values = pd.Categorical(gdf[column])  # in numeric order (as strings, 10 came before 2)
    colors = [CATEGORY_COLORS(i % CATEGORY_COLORS.N) for i in range(len(values.categories))]
    gdf.assign(**{column: values}).plot(
        column=column,
        ax=ax,
        categorical=True,
        cmap=ListedColormap(colors),
        legend=True,
        edgecolor="white",
        linewidth=0.2,
        missing_kwds=NO_DATA,
        legend_kwds={"title": column, "loc": "upper left", "bbox_to_anchor": (1.0, 1.0), "fontsize": 8},
    )
    return _finish(fig, ax, Path(path), title)


def plot_colors(gdf, column: str, path: str | Path, title: str) -> Path:
    """Map filled with each region's own '#rrggbb' colour (the embedding RGB map); a region without one (without
    data) grey, with a "No data" legend entry."""
    fig, ax = plt.subplots(figsize=(8.5, 7))
    missing = gdf[column].isna()
    gdf.plot(ax=ax, color=gdf[column].fillna(NO_DATA_COLOR).tolist(), edgecolor="white", linewidth=0.2)
    if missing.any():
        ax.legend(
            handles=[Patch(facecolor=NO_DATA_COLOR, label=NO_DATA["label"])],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=8,
        )
    return _finish(fig, ax, Path(path), title)


def plot_small_multiples(
    gdf, columns: Sequence[str], path: str | Path, title: str, cmap: str = "viridis"
) -> Path:
    """One small map per column on a shared 0–1 colour scale (per-region modality weights)."""
    n = len(columns)
    ncols = min(3, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 4 * nrows + 0.6), squeeze=False)
    for ax, column in zip(axes.flat, columns, strict=False):
        gdf.plot(column=column, ax=ax, cmap=cmap, vmin=0.0, vmax=1.0, edgecolor="white", linewidth=0.1)
        ax.set_title(column, fontsize=10)
    for ax in axes.flat:
        ax.set_axis_off()
    mappable = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0.0, 1.0))
    bar = fig.colorbar(mappable, ax=axes.ravel().tolist(), shrink=0.6, label="weight")
    _north_arrow(bar.ax, x=0.5, top=1.25)  # one for all panels, above the colour bar, clear of the maps
    fig.suptitle(title)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return Path(path)
