"""Laplacian eigenvectors: positional encodings for regions that have no geometry."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from ..data import Graph
from .ops import to_scipy

DENSE_MAX = 1000
"""Up to this many connected nodes a dense eigendecomposition is cheaper than Lanczos."""


def laplacian_eigenvectors(graph: Graph, k: int) -> np.ndarray:
    """(N, k) eigenvectors of the normalised Laplacian with the smallest non-trivial eigenvalues.

    The graph is symmetrised ((A + Aᵀ)/2, absolute weights, self-loops ignored). Each connected
    component contributes one trivial eigenvector (eigenvalue 0); exactly that many are skipped,
    so disconnected graphs work. Isolated nodes get all-zero rows. Missing columns (fewer than
    k+components nodes) are zero. Large graphs use shift-invert Lanczos (sparse LU of L + 1e-5 I),
    small ones a dense solver. Sign convention: each column's first entry that is not ~0 (above
    1e-6 of its largest) is positive; unlike "largest entry positive" this survives the exact
    ties of symmetric graphs. Vectors within a repeated eigenvalue remain an arbitrary basis.
    """
    n = graph.num_nodes
    out = np.zeros((n, k), dtype=np.float32)
    a = abs(to_scipy(graph.edge_index, graph.edge_weight, n))
    a = ((a + a.T) / 2).tolil()
    a.setdiag(0)
    a = a.tocsr()
    degree = np.asarray(a.sum(axis=1)).ravel()
    active = np.flatnonzero(degree > 0)
    m = active.size
    if m < 2 or k < 1:
        return out
    a = a[active][:, active]
    count, _ = connected_components(a, directed=False)
    inv_sqrt = sp.diags(1.0 / np.sqrt(degree[active]))
    lap = (sp.identity(m, format="csr") - inv_sqrt @ a @ inv_sqrt).tocsc()
    want = min(k + count, m)
    if m <= DENSE_MAX or want >= m - 1:
        values, vectors = np.linalg.eigh(lap.toarray())
    else:
        v0 = np.random.default_rng(0).standard_normal(m)
        values, vectors = eigsh(lap, k=want, sigma=-1e-5, which="LM", v0=v0)
    order = np.argsort(values)[count:want]
    vectors = vectors[:, order]
    magnitude = np.abs(vectors)
    first = np.argmax(magnitude > 1e-6 * magnitude.max(axis=0), axis=0)
    vectors *= np.sign(vectors[first, np.arange(vectors.shape[1])])
    out[active, : vectors.shape[1]] = vectors
    return out
