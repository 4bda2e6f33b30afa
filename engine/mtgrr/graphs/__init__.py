"""Sparse region and point graphs: spatial adjacency, feature-similarity kNN, image kNN.

Every graph is an edge list (:class:`mtgrr.data.Graph`); undirected graphs store both
directions, without duplicate edges or self-loops. Memory grows with the edges, never with N².
"""

from __future__ import annotations

from .build import adjacency_without_geometry, build_graphs
from .ops import (
    add_reverse,
    coalesce,
    components,
    normalise_weights,
    remove_self_loops,
    to_undirected,
    top_k_per_node,
)
from .points import point_knn, point_region_edges
from .similarity import knn_similarity, standardise
from .spatial import connect_components, spatial_adjacency
from .spectral import laplacian_eigenvectors

__all__ = [
    "add_reverse",
    "adjacency_without_geometry",
    "build_graphs",
    "coalesce",
    "components",
    "connect_components",
    "knn_similarity",
    "laplacian_eigenvectors",
    "normalise_weights",
    "point_knn",
    "point_region_edges",
    "remove_self_loops",
    "spatial_adjacency",
    "standardise",
    "to_undirected",
    "top_k_per_node",
]
