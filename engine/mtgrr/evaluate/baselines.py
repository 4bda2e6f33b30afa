"""Feature matrices that a learned embedding must beat under the same protocol."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.preprocessing import StandardScaler

from .. import AGGREGATED_MODALITIES
from ..data import RegionDataset
from ..features.mobility import has_od_profile, od_matrix, trip_counts
from ..graphs.ops import normalise_weights, to_scipy

DENSE_OD_MAX_REGIONS = 1000
"""Above this many regions the (N, 2N) OD block is reduced with TruncatedSVD instead of densified."""
OD_SVD_COMPONENTS = 128


def _od_block(ds: RegionDataset) -> np.ndarray | None:
    """Each region's OD out-row and in-row of trip counts, side by side (N, 2N); None when the
    mobility features hold them already (``od_profile``)."""
    graph = ds.graphs.get("mobility")
    if graph is None or graph.num_edges == 0:
        return None
    if "mobility" in ds.modalities and has_od_profile(ds.modalities["mobility"]):
        return None
    n = ds.num_regions
    od = od_matrix(graph)
    if not graph.directed:
        # both directions are stored already; in-rows would only repeat the out-rows
        return od.toarray() if n <= DENSE_OD_MAX_REGIONS else _svd(od)
    block = sp.hstack([od, od.T.tocsr()], format="csr")
    return block.toarray() if n <= DENSE_OD_MAX_REGIONS else _svd(block)


def _svd(matrix: sp.csr_matrix) -> np.ndarray:
    k = min(OD_SVD_COMPONENTS, min(matrix.shape) - 1)
    return TruncatedSVD(n_components=k, random_state=0).fit_transform(matrix)


def _street_view_mean(ds: RegionDataset) -> np.ndarray | None:
    """Mean street-view feature vector per region (zeros where a region has no image)."""
    points = ds.points
    if points is None or points.values.shape[0] == 0:
        return None
    p = points.values.shape[0]
    member = sp.csr_matrix((np.ones(p), (points.region_index, np.arange(p))), shape=(ds.num_regions, p))
    counts = np.asarray(member.sum(axis=1)).reshape(-1, 1)
    return np.asarray(member @ points.values.astype(np.float64)) / np.maximum(counts, 1)


def raw_features(ds: RegionDataset) -> np.ndarray:
    """All region-level inputs concatenated, unscaled (the paper probe uses them as they are;
    the strict probe standardises inside its folds): aggregated modality features in the
    fixed modality order, each region's OD out-row and in-row of trip counts, and the mean
    street-view feature vector of each region."""
    blocks = [ds.modalities[m].values.astype(np.float64) for m in AGGREGATED_MODALITIES if m in ds.modalities]
    blocks += [b for b in (_od_block(ds), _street_view_mean(ds)) if b is not None]
    if not blocks:
        raise ValueError("the dataset has no features to build a raw-feature baseline from")
    return np.hstack(blocks)


def pca_features(ds: RegionDataset, n: int = 64) -> np.ndarray:
    """PCA of the standardised raw features (n components, capped at what the data allows)."""
    return _pca(StandardScaler().fit_transform(raw_features(ds)), n)


def _pca(X: np.ndarray, n: int) -> np.ndarray:
    return PCA(n_components=min(n, *X.shape), random_state=0).fit_transform(X)


LAG_RELATIONS = ("adjacency", "mobility")
"""The graphs :func:`one_hop_means` follows: contiguity (by edge weight) and trips (by count)."""


def one_hop_means(ds: RegionDataset, X: np.ndarray) -> list[np.ndarray]:
    """``X`` averaged along each of :data:`LAG_RELATIONS` the dataset has: over a region's
    contiguous neighbours and over where its trips go. A region with no neighbour or no trip
    gets zeros."""
    means = []
    for name in LAG_RELATIONS:
        graph = ds.graphs.get(name)
        if graph is None or not graph.num_edges:
            continue
        weight = trip_counts(graph) if name == "mobility" else graph.edge_weight
        row = normalise_weights(graph.edge_index, weight, graph.num_nodes, mode="row")
        means.append(np.asarray(to_scipy(graph.edge_index, row, graph.num_nodes) @ X))
    return means


def lagged_pca_features(ds: RegionDataset, n: int = 64) -> np.ndarray:
    """PCA of the standardised raw features beside their :func:`one_hop_means` (spatial-lag, SLX
    style), each block standardised: what one step along each relation gives a linear probe with
    no learning, the baseline that message passing over a modality's graph has to beat."""
    X = StandardScaler().fit_transform(raw_features(ds))
    blocks = [X, *(StandardScaler().fit_transform(m) for m in one_hop_means(ds, X))]
    return _pca(np.hstack(blocks), n)
