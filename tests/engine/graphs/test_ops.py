from __future__ import annotations

import numpy as np
import pytest
from mtgrr.graphs import add_reverse, coalesce, components, normalise_weights, to_undirected, top_k_per_node


def test_to_undirected_merges_duplicates_and_keeps_zero_weights(check):
    edges = np.array([[0, 1, 0, 2], [1, 0, 1, 3]])
    weight = np.array([0.5, 0.25, 0.75, 0.0])
    g_index, g_weight = to_undirected(edges, weight, 4, reduce="max")
    got = dict(zip(map(tuple, g_index.T.tolist()), g_weight.tolist(), strict=True))
    assert got == {(0, 1): 0.75, (1, 0): 0.75, (2, 3): 0.0, (3, 2): 0.0}
    s_index, s_weight = to_undirected(edges, weight, 4, reduce="sum")
    summed = dict(zip(map(tuple, s_index.T.tolist()), s_weight.tolist(), strict=True))
    assert summed[(0, 1)] == pytest.approx(1.5) and summed[(1, 0)] == pytest.approx(1.5)


def test_coalesce_mean_and_sorted():
    index, weight = coalesce(np.array([[2, 0, 2], [1, 1, 1]]), np.array([1.0, 4.0, 3.0]), 3, reduce="mean")
    assert index.tolist() == [[0, 2], [1, 1]]
    assert weight.tolist() == [4.0, 2.0]


def test_add_reverse_keeps_forward_half_first():
    index, weight = add_reverse(np.array([[0, 1], [2, 2]]), np.array([3.0, 5.0]))
    assert index.tolist() == [[0, 1, 2, 2], [2, 2, 0, 1]]
    assert weight.tolist() == [3.0, 5.0, 3.0, 5.0]


def test_normalise_weights_on_a_path():
    # path 0-1-2, weight 1: degrees 1, 2, 1
    index, weight = to_undirected(np.array([[0, 1], [1, 2]]), np.ones(2), 3)
    sym = normalise_weights(index, weight, 3, "sym")
    assert np.allclose(sym, 1 / np.sqrt(2))
    row = normalise_weights(index, weight, 3, "row")
    assert np.allclose(np.bincount(index[0], weights=row), 1.0)
    scaled = normalise_weights(index, weight * np.array([1, 2, 1, 2]), 3, "max")
    assert scaled.max() == 1.0 and scaled.min() == 0.5


def test_components_are_weak():
    count, labels = components(np.array([[0, 3], [1, 2]]), 5)
    assert count == 3
    assert labels[0] == labels[1] and labels[2] == labels[3] and len(set(labels.tolist())) == 3


def test_top_k_per_node_keeps_heaviest_outgoing():
    edges = np.array([[0, 0, 0, 1, 1, 2], [1, 2, 3, 0, 2, 0]])
    index, weight = top_k_per_node(edges, np.array([1.0, 5.0, 3.0, 2.0, 2.0, 7.0]), 2)
    kept = sorted(zip(index[0].tolist(), index[1].tolist(), weight.tolist(), strict=True))
    assert kept == [(0, 2, 5.0), (0, 3, 3.0), (1, 0, 2.0), (1, 2, 2.0), (2, 0, 7.0)]
