"""Vectorised joins of features to regions (STRtree queries, no per-feature Python loop)."""

from __future__ import annotations

import numpy as np

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


def region_areas_km2(ds: RegionDataset) -> np.ndarray:
    return ds.regions.geometry.area.to_numpy() / 1e6


def slug(name) -> str:
    """A field-name-safe version of a category value (lower case, [a-z0-9_])."""
    import re

    text = re.sub(r"[^0-9a-z]+", "_", str(name).strip().lower()).strip("_")
    return text or "blank"


def category_codes(values) -> tuple[np.ndarray, list[str]]:
    """Integer codes of category values and their unique, field-safe names (sorted by value)."""
    import pandas as pd

    cats = pd.Categorical(pd.Series(values).astype(str).str.strip())
    names, seen = [], {}
    for c in cats.categories:
        s = slug(c)
        seen[s] = seen.get(s, 0) + 1
        names.append(s if seen[s] == 1 else f"{s}_{seen[s]}")
    return np.asarray(cats.codes, dtype=np.int64), names
