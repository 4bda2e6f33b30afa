"""Spatial adjacency between region polygons, with islands and components bridged.

Contiguity comes from a shapely STRtree bulk query (``predicate="intersects"``), which visits
only candidate pairs whose bounding boxes overlap: time and memory grow with the number of
touching pairs (about 6-8 per region for a tessellation), never with N².
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import shapely
from scipy.spatial import cKDTree

from ..data import Graph
from ..errors import InputError
from .ops import components, to_undirected

Contiguity = Literal["queen", "rook"]
TOUCH_TOLERANCE = 0.1
"""Metres within which two regions count as touching (queen): digitised or reprojected tessellations have gaps of
a millimetre or less between neighbours, which exact intersection reads as no neighbour at all."""


def spatial_adjacency(regions, island_neighbours: int = 3, contiguity: Contiguity = "queen") -> Graph:
    """Undirected region graph of shared boundaries ("adjacency"), weight 1 on every edge.

    ``queen``: polygons that share any boundary point (or overlap), or come within ``TOUCH_TOLERANCE``
    (10 cm) of each other; ``rook``: polygons that share a boundary of non-zero length (or overlap). Regions with no neighbour and, more
    generally, every connected component other than the largest are then joined to the
    ``island_neighbours`` nearest regions outside themselves (closest centroid pairs), repeated
    until the graph is connected, so no region is isolated.
    """
    graph, _, _ = adjacency_with_stats(regions, island_neighbours, contiguity)
    return graph


def adjacency_with_stats(
    regions, island_neighbours: int = 3, contiguity: Contiguity = "queen"
) -> tuple[Graph, int, int]:
    """:func:`spatial_adjacency` plus (regions without any neighbour, components bridged)."""
    geoms = np.asarray(regions.geometry.values, dtype=object)
    n = len(geoms)
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if bad.any():
        ids = list(regions.index[bad][:5])
        raise InputError(
            f"{int(bad.sum())} region(s) have no geometry (first ids: {ids}).",
            where="regions",
            fix="remove those regions or give them polygons.",
        )
    if contiguity not in ("queen", "rook"):
        raise ValueError(f"contiguity must be 'queen' or 'rook', not {contiguity!r}")
    if island_neighbours < 1:
        raise ValueError("island_neighbours must be at least 1")
    crs = getattr(regions, "crs", None)
    if crs is not None and crs.is_geographic:
        raise ValueError("adjacency needs regions in a metric CRS (its touch tolerance is 10 cm)")
    tree = shapely.STRtree(geoms)
    if contiguity == "queen":
        a, b = tree.query(geoms, predicate="dwithin", distance=TOUCH_TOLERANCE)
    else:
        a, b = tree.query(geoms, predicate="intersects")
    keep = a < b  # each unordered pair once, no self pairs
    a, b = a[keep], b[keep]
    if contiguity == "rook" and a.size:
        matrix = shapely.relate(geoms[a], geoms[b]).astype("U9").view("U1").reshape(-1, 9)
        shared = (matrix[:, 0] == "2") | (matrix[:, 4] == "1")  # interiors overlap, or a common line
        a, b = a[shared], b[shared]
    edge_index, weight = to_undirected(np.vstack([a, b]), np.ones(a.size), n)
    isolated = int(n - np.unique(edge_index[0]).size)
    xy = shapely.get_coordinates(shapely.centroid(geoms))
    edge_index, weight, bridged = connect_components(edge_index, weight, xy, island_neighbours)
    return Graph(edge_index, weight, n), isolated, bridged


def connect_components(
    edge_index: np.ndarray, weight: np.ndarray, xy: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Join every component but the largest to its ``k`` closest outside nodes, until connected.

    Borůvka-style rounds: each smaller component takes its ``k`` shortest centroid-to-centroid
    pairs to nodes of other components (found with a KD-tree, widening the search only for
    components that found too few), so the component count at least halves per round. A single
    isolated node thus gets exactly its ``k`` nearest nodes. New edges have weight 1.
    Returns the new edge list, weights and the number of components that were bridged.
    """
    n = len(xy)
    count, labels = components(edge_index, n)
    if count <= 1:
        return edge_index, weight, 0
    tree = cKDTree(xy)
    bridged = count - 1
    while count > 1:
        src, dst = _closest_outside(tree, xy, labels, k)
        edge_index, weight = to_undirected(
            np.hstack([edge_index, np.vstack([src, dst])]), np.r_[weight, np.ones(src.size)], n
        )
        count, labels = components(edge_index, n)
    return edge_index, weight, bridged


def _closest_outside(
    tree: cKDTree, xy: np.ndarray, labels: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each component except the largest: its k shortest (inside, outside) node pairs."""
    n = len(xy)
    sizes = np.bincount(labels)
    pending = np.ones(sizes.size, dtype=bool)
    pending[np.argmax(sizes)] = False
    want = np.minimum(k, n - sizes)  # a component cannot have more outside nodes than exist
    query_k = min(n, k + 8)
    out_src, out_dst = [], []
    while pending.any():
        nodes = np.flatnonzero(pending[labels])
        dist, nbr = tree.query(xy[nodes], k=query_k)
        src = np.repeat(nodes, query_k)
        dist, nbr = dist.reshape(-1), nbr.reshape(-1)
        cross = labels[src] != labels[nbr]
        src, nbr, dist = src[cross], nbr[cross], dist[cross]
        comp = labels[src]
        order = np.lexsort((dist, comp))
        src, nbr, comp = src[order], nbr[order], comp[order]
        first = np.searchsorted(comp, comp, side="left")
        rank = np.arange(comp.size) - first
        found = np.bincount(comp, minlength=sizes.size)
        done = pending & ((found >= want) | (query_k >= n))
        take = (rank < k) & done[comp]
        out_src.append(src[take])
        out_dst.append(nbr[take])
        pending &= ~done
        query_k = min(n, 2 * query_k)
    return np.concatenate(out_src), np.concatenate(out_dst)
