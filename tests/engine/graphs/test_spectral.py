from __future__ import annotations

import numpy as np
from mtgrr.data import Graph
from mtgrr.graphs import laplacian_eigenvectors, to_undirected
from mtgrr.graphs import spectral as spectral_module


def _graph(pairs: list[tuple[int, int]], n: int) -> Graph:
    index, weight = to_undirected(np.array(pairs).T, np.ones(len(pairs)), n)
    return Graph(index, weight, n)


def _barbell(size: int, offset: int = 0) -> list[tuple[int, int]]:
    left = [(i, j) for i in range(size) for j in range(i + 1, size)]
    right = [(i + size, j + size) for i, j in left]
    edges = left + right + [(size - 1, size)]
    return [(i + offset, j + offset) for i, j in edges]


def _check_eigen(graph: Graph, vectors: np.ndarray) -> None:
    """Columns are orthonormal eigenvectors of the normalised Laplacian, orthogonal to the trivial ones."""
    n = graph.num_nodes
    a = np.zeros((n, n))
    a[graph.edge_index[0], graph.edge_index[1]] = graph.edge_weight
    d = a.sum(1)
    inv = np.where(d > 0, 1 / np.sqrt(np.where(d > 0, d, 1)), 0)
    lap = np.diag((d > 0).astype(float)) - inv[:, None] * a * inv[None, :]
    assert np.allclose(vectors.T @ vectors, np.eye(vectors.shape[1]), atol=1e-4)
    lam = np.einsum("ij,ij->j", vectors, lap @ vectors)
    assert np.allclose(lap @ vectors, vectors * lam, atol=1e-4)
    assert lam.min() > 1e-6  # no trivial (eigenvalue 0) vector returned


def test_fiedler_vector_separates_a_barbell():
    graph = _graph(_barbell(5), 10)
    vectors = laplacian_eigenvectors(graph, 3)
    assert vectors.shape == (10, 3) and vectors.dtype == np.float32
    _check_eigen(graph, vectors)
    fiedler = vectors[:, 0]
    assert np.all(np.sign(fiedler[:5]) == np.sign(fiedler[0])) and np.all(
        np.sign(fiedler[5:]) == -np.sign(fiedler[0])
    )
    # sign convention: each column's first clearly non-zero entry is positive, so reruns agree
    first = np.argmax(np.abs(vectors) > 1e-3, axis=0)
    assert np.all(vectors[first, range(3)] > 0)
    assert np.array_equal(vectors, laplacian_eigenvectors(graph, 3))


def test_disconnected_graph_with_an_isolated_node():
    graph = _graph(_barbell(4) + _barbell(3, offset=8), 15)  # node 14 has no edge
    vectors = laplacian_eigenvectors(graph, 4)
    assert np.all(vectors[14] == 0)
    _check_eigen(graph, vectors)


def test_small_graph_pads_missing_columns():
    vectors = laplacian_eigenvectors(_graph([(0, 1), (1, 2)], 3), 5)
    assert vectors.shape == (3, 5)
    assert np.all(vectors[:, 2:] == 0) and np.all(np.abs(vectors[:, :2]).sum(0) > 0)


def test_sparse_solver_on_two_long_cycles():
    # 2 cycles of 600 nodes (Lanczos path): the normalised Laplacian of a cycle C_n has eigenvalues
    # 1 - cos(2*pi*j/n); the smallest non-trivial one, 1 - cos(2*pi/600), has multiplicity 4 here
    n = 600
    ring = np.c_[np.arange(n), (np.arange(n) + 1) % n]
    edges = np.vstack([ring, ring + n])
    index, weight = to_undirected(edges.T, np.ones(len(edges)), 2 * n)
    assert 2 * n > spectral_module.DENSE_MAX
    vectors = laplacian_eigenvectors(Graph(index, weight, 2 * n), 3).astype(np.float64)
    assert np.allclose(vectors.T @ vectors, np.eye(3), atol=1e-5)
    lap_v = vectors - 0.5 * np.stack(
        [np.bincount(index[0], weights=vectors[index[1], j], minlength=2 * n) for j in range(3)], 1
    )
    expected = 1 - np.cos(2 * np.pi / n)
    assert np.allclose(lap_v, expected * vectors, atol=1e-5)
    assert np.allclose(np.einsum("ij,ij->j", vectors, lap_v), expected, rtol=1e-3)
    # orthogonal to each cycle's constant (trivial) vector
    assert np.allclose(vectors[:n].sum(0), 0, atol=1e-4) and np.allclose(vectors[n:].sum(0), 0, atol=1e-4)
