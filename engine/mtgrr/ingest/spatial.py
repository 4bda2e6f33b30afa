"""Vectorised joins of features to regions (STRtree queries, no per-feature Python loop)."""

from __future__ import annotations

import numpy as np
import shapely

from ..data import RegionDataset
from ..errors import InputError


def require_geometry(ds: RegionDataset, where: str) -> None:
    if ds.regions is None:
        # street view is point-level: it has no per-region table, but its points can name their region
        table = (
            "its images' regions in region_field"
            if where.startswith("street_view")
            else "this modality as a per-region 'table'"
        )
        raise InputError(
            "this layer needs region polygons, but the regions have no geometry.",
            where=where,
            fix=f"give a regions layer with polygons, or {table}.",
        )


def assign_points(points, ds: RegionDataset) -> np.ndarray:
    """Row of the region containing each point (first one on a shared border), or -1 outside all."""
    geoms = np.asarray(getattr(points, "array", points), dtype=object)
    src, reg = ds.regions.sindex.query(geoms, predicate="intersects")
    order = np.lexsort((reg, src))  # the tree returns regions in its own order: the first by row wins
    src, reg = src[order], reg[order]
    out = np.full(len(geoms), -1, dtype=np.int64)
    first = np.unique(src, return_index=True)[1]
    out[src[first]] = reg[first]
    return out


def regions_extent_text(ds: RegionDataset) -> str:
    b = ds.regions.total_bounds
    return f"x {b[0]:.1f}..{b[2]:.1f}, y {b[1]:.1f}..{b[3]:.1f} in {ds.crs}"


def swapped_xy_fit(points, source_crs, ds: RegionDataset) -> bool:
    """Whether most ``points`` (in ``ds.crs``) would fall within the regions' extent with their x and y exchanged
    in ``source_crs``, the CRS they were read in: latitude given as x is a common mistake in point tables."""
    from pyproj import Transformer

    xy = shapely.get_coordinates(np.asarray(getattr(points, "array", points), dtype=object))
    sx, sy = Transformer.from_crs(ds.crs, source_crs, always_xy=True).transform(xy[:, 0], xy[:, 1])
    x, y = Transformer.from_crs(source_crs, ds.crs, always_xy=True).transform(sy, sx)
    b = ds.regions.total_bounds
    within = (x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3])  # NaN and inf (no position) are outside
    return bool(xy.size) and within.mean() > 0.5


def region_areas_km2(ds: RegionDataset) -> np.ndarray:
    return ds.regions.geometry.area.to_numpy() / 1e6


def slug(name) -> str:
    """A name-safe version of a category value: lower case, letters and digits of any script kept, every other run
    of characters as "_" ("Fast food" and "fast-food" give "fast_food"; "餐厅" stays "餐厅")."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    return re.sub(r"[\W_]+", "_", text).strip("_") or "blank"


def category_codes(values) -> tuple[np.ndarray, list[str]]:
    """Integer codes of category values and their names, sorted; values with one slug are one category.

    A name depends on its value alone, so a saved model's column means the same category in every dataset
    (numbered duplicates, e.g. every non-Latin value read as "blank", "blank_2"..., shifted with the categories
    a dataset happens to have).
    """
    import pandas as pd

    cats = pd.Categorical(pd.Series(values).astype(str))
    slugs = [slug(c) for c in cats.categories]
    names = sorted(set(slugs))
    index = {n: i for i, n in enumerate(names)}
    lookup = np.array([index[s] for s in slugs], dtype=np.int64)
    return lookup[cats.codes], names
