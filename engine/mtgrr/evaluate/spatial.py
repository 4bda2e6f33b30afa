"""Spatially blocked cross-validation: held-out folds of neighbouring regions, not scattered ones.

Neighbouring regions are alike (and a graph embedding mixes each region with its neighbours), so a
shuffled K-fold split scores a region with its neighbours' labels in the training folds: it measures
filling gaps between known regions. Holding out compact blocks of regions measures predicting an area
where nothing is known, the harder case of a survey that covered only part of a city (Roberts et al.,
Ecography 2017, on blocked cross-validation for spatial data). This is our addition to
design/evaluation.md's two protocols, not a replacement for either.
"""

from __future__ import annotations

import numpy as np
import shapely
from sklearn.cluster import KMeans
from sklearn.model_selection import GroupKFold

BLOCKS_PER_FOLD = 4
"""Compact blocks each fold holds out: a fifth of the city in 4 pieces, whatever the number of regions."""


def planar_coordinates(geometries, crs=None) -> np.ndarray:
    """One (x, y) per region in metres: its centroid, or a point on its surface where the centroid lies
    outside it (a U-shaped region); in ``crs`` when it is projected, else in the UTM zone of the regions
    (as for longitudes and latitudes). The centroid first, as it moves little when a layer is reprojected,
    where GEOS's point on surface can jump across the region."""
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


def spatial_folds(
    xy: np.ndarray, folds: int, seed: int, blocks_per_fold: int = BLOCKS_PER_FOLD
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``folds`` (train, test) index pairs whose test sets are unions of compact blocks.

    The blocks are k-means clusters of the coordinates (``folds × blocks_per_fold`` of them, so about equal
    numbers of regions), drawn again for each ``seed``; scikit-learn's GroupKFold deals them out so that
    the folds hold about equal numbers of regions. A region and its block are always held out together.
    """
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2 or not np.isfinite(xy).all():
        raise ValueError(f"coordinates must be finite (N, 2), got shape {xy.shape}")
    blocks = folds * blocks_per_fold
    if xy.shape[0] < blocks:
        raise ValueError(
            f"spatial {folds}-fold evaluation cuts the regions into {blocks} blocks, so it needs at least "
            f"{blocks} regions, got {xy.shape[0]}"
        )
    if len(np.unique(xy, axis=0)) < blocks:
        raise ValueError(
            f"the regions have fewer than {blocks} distinct locations: they cannot be cut into blocks"
        )
    labels = KMeans(n_clusters=blocks, n_init=10, random_state=int(seed)).fit_predict(xy)
    return list(GroupKFold(n_splits=folds).split(xy, groups=labels))
