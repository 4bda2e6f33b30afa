"""Point-level graphs over street-view images."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from ..data import Graph, PointFeatures
from ..errors import InputError
from .ops import to_undirected
from .similarity import _not_self


def point_knn(xy: np.ndarray, k: int) -> Graph:
    """Each image joined to its ``k`` nearest images in metres (KD-tree, O(P log P)), symmetrised.

    Weight 1: images a few metres or a block apart are equally "the same street" for the GNN.
    Images at identical coordinates are neighbours of each other, never of themselves.
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    p = len(xy)
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        raise InputError(
            f"{int(bad.sum())} image point(s) have no valid coordinates (first rows: {np.flatnonzero(bad)[:5].tolist()}).",
            where="street_view",
            fix="remove those points or give them coordinates.",
        )
    k = min(int(k), p - 1)
    if k < 1:
        return Graph(np.zeros((2, 0)), np.zeros(0), p)
    _, nbr = cKDTree(xy).query(xy, k=k + 1, workers=-1)
    nbr = nbr.reshape(p, k + 1)
    nbr = nbr[_not_self(nbr)]
    edge_index, weight = to_undirected(
        np.vstack([np.repeat(np.arange(p), k), nbr.reshape(-1)]), np.ones(p * k), p
    )
    return Graph(edge_index, weight, p)


def point_region_edges(points: PointFeatures) -> np.ndarray:
    """(2, P) edges image → region: row 0 = image index, row 1 = its region's row."""
    region = np.asarray(points.region_index, dtype=np.int64)
    return np.vstack([np.arange(region.size, dtype=np.int64), region])
