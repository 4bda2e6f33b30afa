"""Feature-similarity kNN graphs ("knn_<modality>").

Cosine similarity on standardised features. Rows are L2-normalised so that Euclidean distance
is monotone in cosine (|a-b|² = 2 - 2·cos), which allows a KD-tree in low dimension (O(N log N));
above ``KDTREE_MAX_DIM`` features a KD-tree degrades, so neighbours come from BLAS dot products
over blocks of rows (torch matmul + topk, several times faster than numpy argpartition): O(N²·F) time but only O(block·N) memory, never an N×N array.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from ..data import Graph
from ..errors import InputError
from ..events import SILENT, Reporter
from .ops import to_undirected

KDTREE_MAX_DIM = 15
"""Same cut-off scikit-learn uses to prefer brute force over trees."""

BLOCK_CELLS = 1 << 22
"""Similarity entries per block (4M float32 = 16 MiB) in the brute-force path."""


def standardise(values: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
    """Z-score columns using present rows only; constant columns become 0 (they carry no signal)."""
    x = np.asarray(values, dtype=np.float64)
    rows = x if present is None else x[present]
    if rows.shape[0] == 0:
        return np.zeros_like(x)
    mean = rows.mean(axis=0)
    std = rows.std(axis=0)
    std[std == 0] = np.inf
    return (x - mean) / std


def knn_similarity(
    values: np.ndarray,
    k: int,
    present: np.ndarray | None = None,
    *,
    standardise_columns: bool = True,
    name: str = "features",
    reporter: Reporter = SILENT,
) -> Graph:
    """Symmetrised cosine kNN graph over the rows of ``values``.

    Each present row is joined to its ``k`` most similar other present rows, then the graph is
    made undirected (union), so every present node has at least ``k`` neighbours (fewer only if
    fewer than k+1 rows are present). Weight = cosine similarity clipped to [0, 1]: dissimilar
    neighbours stay in the graph with weight 0 so the structure keeps its k neighbours.
    Rows with ``present=False`` get no edge at all. A row equal to the column means has no
    direction; its neighbours are arbitrary and weigh 0.
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"{name}: values must be a 2-D array")
    n = x.shape[0]
    present = np.ones(n, dtype=bool) if present is None else np.asarray(present, dtype=bool)
    if not np.isfinite(x[present]).all():
        bad = np.flatnonzero(present & ~np.isfinite(x).all(axis=1))
        raise InputError(
            f"{bad.size} region(s) have missing or infinite feature values (first rows: {bad[:5].tolist()}).",
            where=name,
            fix="fill or remove those values, or mark the regions as having no data.",
        )
    rows = np.flatnonzero(present)
    k = min(int(k), rows.size - 1)
    if k < 1:
        return Graph(np.zeros((2, 0)), np.zeros(0), n)
    z = standardise(x, present)[rows] if standardise_columns else x[rows]
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    unit = np.divide(z, norms, out=np.zeros_like(z), where=norms > 0)
    if unit.shape[1] <= KDTREE_MAX_DIM:
        nbr, cosine = _knn_tree(unit, k)
    else:
        nbr, cosine = _knn_blocks(unit.astype(np.float32), k, reporter)
    cosine[(norms[:, 0] == 0)[:, None] | (norms[nbr, 0] == 0)] = 0.0  # no direction, no similarity
    src = np.repeat(rows, k)
    edge_index, weight = to_undirected(
        np.vstack([src, rows[nbr.reshape(-1)]]), np.clip(cosine.reshape(-1), 0.0, 1.0), n
    )
    return Graph(edge_index, weight, n)


def _knn_tree(unit: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k nearest other rows on the unit sphere (KD-tree) and their cosine, 1 - d²/2."""
    dist, nbr = cKDTree(unit).query(unit, k=k + 1, workers=-1)
    keep = _not_self(nbr.reshape(len(unit), k + 1))
    n = len(unit)
    return nbr[keep].reshape(n, k), 1.0 - dist[keep].reshape(n, k) ** 2 / 2


def _knn_blocks(unit: np.ndarray, k: int, reporter: Reporter) -> tuple[np.ndarray, np.ndarray]:
    """k most cosine-similar other rows, by dot products over row blocks (torch matmul + topk)."""
    import torch

    n = len(unit)
    block = max(1, BLOCK_CELLS // n)
    vectors = torch.from_numpy(unit)
    nbr = np.empty((n, k), dtype=np.int64)
    cosine = np.empty((n, k), dtype=np.float64)
    with torch.no_grad():
        for start in range(0, n, block):
            stop = min(n, start + block)
            sim = vectors[start:stop] @ vectors.T
            sim[torch.arange(stop - start), torch.arange(start, stop)] = -torch.inf  # never oneself
            values, index = torch.topk(sim, k, dim=1)
            nbr[start:stop], cosine[start:stop] = index.numpy(), values.numpy()
            reporter.check_cancelled()
    return nbr, cosine


def _not_self(nbr: np.ndarray) -> np.ndarray:
    """Mask of k+1 neighbours without the row itself (or without the last when ties hid it)."""
    is_self = nbr == np.arange(nbr.shape[0])[:, None]
    is_self[~is_self.any(axis=1), -1] = True
    return ~is_self
