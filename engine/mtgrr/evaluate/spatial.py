"""Spatially blocked cross-validation: held-out folds of neighbouring regions, not scattered ones.

Neighbouring regions are alike (and a graph embedding mixes each region with its neighbours), so a
shuffled K-fold split scores a region with its neighbours' labels in the training folds: it measures
filling gaps between known regions. Holding out compact blocks of regions measures predicting an area
where nothing is known, the harder case of a survey that covered only part of a city (Roberts et al.,
Ecography 2017, on blocked cross-validation for spatial data). This is our addition to
design/evaluation.md's two protocols, not a replacement for either. The blocks are a fixed share of the
regions, not sized by a measured autocorrelation range, and have no buffer zone: their figures compare
methods on one dataset, not one dataset with another.
"""

from __future__ import annotations

import numpy as np
import shapely
from sklearn.cluster import KMeans
from sklearn.model_selection import GroupKFold

from ..errors import InputError

BLOCKS_PER_FOLD = 4
"""Blocks per fold: the regions are cut into folds × 4 blocks, whatever their number."""

MIN_REGIONS_PER_BLOCK = 3
"""Labelled regions a block needs on average: blocks of one or two regions are scattered folds again."""


def regions_needed(folds: int = 5) -> int:
    """Labelled regions the blocked folds need (60 for 5 folds)."""
    return folds * BLOCKS_PER_FOLD * MIN_REGIONS_PER_BLOCK


def planar_coordinates(geometries, crs=None) -> np.ndarray:
    """One (x, y) per region: its centroid, or a point on its surface where the centroid lies outside it (a
    U-shaped region); in ``crs`` when that is projected (its units: metres, feet), else in the UTM zone of the
    regions (longitudes and latitudes); without a CRS, as they are. The centroid first, as it moves little when
    a layer is reprojected, where GEOS's point on surface can jump across the region."""
    import geopandas as gpd

    geoms = np.asarray(getattr(geometries, "values", geometries), dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise ValueError(f"{int(missing.sum())} region(s) have no geometry")
    centroids = shapely.centroid(geoms)
    inside = shapely.intersects(centroids, geoms)
    points = gpd.GeoSeries(np.where(inside, centroids, shapely.point_on_surface(geoms)), crs=crs)
    if points.crs is not None and points.crs.is_geographic:
        points = points.to_crs(points.estimate_utm_crs())
    return shapely.get_coordinates(points.values)


def dataset_coordinates(ds) -> np.ndarray | None:
    """:func:`planar_coordinates` of a dataset's regions (None without geometry), in its region order."""
    return None if ds.regions is None else planar_coordinates(ds.regions.geometry, ds.regions.crs)


def spatial_folds(xy: np.ndarray, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``folds`` (train, test) index pairs whose test sets are unions of compact blocks.

    The blocks are k-means clusters of the coordinates, ``folds × BLOCKS_PER_FOLD`` of them, drawn again for
    each ``seed``; scikit-learn's GroupKFold deals them out into folds of about equal numbers of regions (4
    blocks a fold where the regions are evenly spread; where their density varies, blocks differ in size and
    a fold may take a few large ones or many small ones). A region and its block are always held out together.
    """
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2 or not np.isfinite(xy).all():
        raise ValueError(f"coordinates must be finite (N, 2), got shape {xy.shape}")
    blocks = folds * BLOCKS_PER_FOLD
    where = "spatial cross-validation"
    if xy.shape[0] < regions_needed(folds):
        raise InputError(
            f"it cuts the regions into {blocks} blocks of about {MIN_REGIONS_PER_BLOCK} or more regions each, so "
            f"it needs at least {regions_needed(folds)} regions with a value, got {xy.shape[0]}.",
            where=where,
            fix="give more regions a value, or use random (scattered) folds.",
        )
    if len(np.unique(xy, axis=0)) < blocks:
        raise InputError(
            f"the regions have fewer than {blocks} distinct centroids, so they cannot be cut into {blocks} blocks.",
            where=where,
            fix="check for duplicated regions, or use random (scattered) folds.",
        )
    labels = KMeans(n_clusters=blocks, n_init=10, random_state=int(seed)).fit_predict(xy)
    return list(GroupKFold(n_splits=folds).split(xy, groups=labels))
