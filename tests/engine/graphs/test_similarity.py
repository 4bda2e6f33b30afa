from __future__ import annotations

import numpy as np
import pytest
from mtgrr.errors import InputError
from mtgrr.graphs import knn_similarity, standardise
from mtgrr.graphs import similarity as similarity_module


def _reference_neighbours(values: np.ndarray, k: int) -> list[set[int]]:
    """Brute-force cosine on standardised columns (a small dense matrix, test only)."""
    z = standardise(values)
    unit = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = unit @ unit.T
    np.fill_diagonal(sim, -np.inf)
    return [set(np.argsort(-row)[:k].tolist()) for row in sim]


@pytest.mark.parametrize("dim", [4, 40])  # KD-tree path and blocked dot-product path
def test_knn_graph_is_symmetric_and_contains_each_nodes_k_most_similar(dim, check, monkeypatch):
    monkeypatch.setattr(similarity_module, "BLOCK_CELLS", 1000)  # several blocks for 150 rows
    values = np.random.default_rng(dim).normal(size=(150, dim)) * np.linspace(1, 50, dim)
    k = 6
    graph = knn_similarity(values, k)
    check(graph)
    a, b = graph.edge_index
    assert np.bincount(a, minlength=150).min() >= k
    for i, expected in enumerate(_reference_neighbours(values, k)):
        assert expected <= set(b[a == i].tolist())
    assert graph.edge_weight.min() >= 0 and graph.edge_weight.max() <= 1
    z = standardise(values)
    unit = z / np.linalg.norm(z, axis=1, keepdims=True)
    cosine = np.einsum("ij,ij->i", unit[a], unit[b])
    assert np.allclose(graph.edge_weight, np.clip(cosine, 0, 1), atol=1e-5)


def test_both_search_paths_agree(monkeypatch):
    values = np.random.default_rng(3).normal(size=(120, 10))
    tree = knn_similarity(values, 5)
    monkeypatch.setattr(similarity_module, "KDTREE_MAX_DIM", 0)
    blocks = knn_similarity(values, 5)
    assert np.array_equal(tree.edge_index, blocks.edge_index)
    assert np.allclose(tree.edge_weight, blocks.edge_weight, atol=1e-5)


def test_clipped_weights_are_zero_for_opposite_rows():
    values = np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 0.1], [-1.0, -0.1]])
    graph = knn_similarity(values, 2, standardise_columns=False)
    a, b = graph.edge_index
    opposite = np.sign(values[a, 0]) != np.sign(values[b, 0])
    assert opposite.any() and np.all(graph.edge_weight[opposite] == 0)
    assert np.all(graph.edge_weight[~opposite] > 0.99)


def test_absent_regions_get_no_edges(check):
    rng = np.random.default_rng(0)
    values = rng.normal(size=(40, 5))
    present = rng.random(40) > 0.3
    values[~present] = 0.0
    graph = knn_similarity(values, 4, present)
    check(graph)
    touched = np.unique(graph.edge_index)
    assert set(touched.tolist()) == set(np.flatnonzero(present).tolist())
    assert np.bincount(graph.edge_index[0], minlength=40)[present].min() >= 4


def test_duplicate_rows_never_make_self_loops(check):
    values = np.repeat(np.random.default_rng(1).normal(size=(5, 3)), 4, axis=0)
    graph = knn_similarity(values, 3)
    check(graph)
    # each row's 3 exact copies are its neighbours, with similarity 1
    a, b = graph.edge_index
    assert np.all(a // 4 == b // 4) and np.allclose(graph.edge_weight, 1)


def test_too_few_rows_and_non_finite_values():
    assert knn_similarity(np.ones((1, 3)), 5).num_edges == 0
    small = knn_similarity(np.random.default_rng(0).normal(size=(3, 2)), 10)
    assert small.num_edges == 6  # k is capped at N-1: a triangle
    values = np.ones((4, 2))
    values[2, 1] = np.nan
    with pytest.raises(InputError, match=r"poi: 1 region\(s\) have missing or infinite.*\[2\]"):
        knn_similarity(values, 2, name="poi")
    assert knn_similarity(values, 2, np.array([True, True, False, True])).num_edges == 6  # absent row ignored
