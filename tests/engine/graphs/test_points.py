from __future__ import annotations

import numpy as np
import pytest
from mtgrr.data import PointFeatures
from mtgrr.errors import InputError
from mtgrr.graphs import point_knn, point_region_edges


def test_point_knn_on_a_line(pairs, check):
    xy = np.array([[0.0, 0], [1, 0], [3, 0], [7, 0]])
    graph = point_knn(xy, 1)
    check(graph)
    assert pairs(graph) == {(0, 1), (1, 2), (2, 3)}  # 2's nearest is 1, 3's nearest is 2


def test_point_knn_random_points_have_k_nearest(check):
    xy = np.random.default_rng(0).uniform(0, 500, size=(300, 2))
    k = 5
    graph = point_knn(xy, k)
    check(graph)
    a, b = graph.edge_index
    assert np.bincount(a, minlength=300).min() >= k
    for i in (0, 17, 299):
        d = np.hypot(*(xy - xy[i]).T)
        d[i] = np.inf
        assert set(np.argsort(d)[:k].tolist()) <= set(b[a == i].tolist())


def test_point_knn_same_location_and_bad_coordinates(check):
    graph = point_knn(np.zeros((3, 2)), 2)
    check(graph)
    assert graph.num_edges == 6
    with pytest.raises(InputError, match=r"street_view: 1 image point"):
        point_knn(np.array([[0.0, 0], [np.nan, 1]]), 1)


def test_point_region_edges():
    points = PointFeatures(np.zeros((4, 2)), ["a", "b"], np.array([2, 0, 2, 1]))
    assert point_region_edges(points).tolist() == [[0, 1, 2, 3], [2, 0, 2, 1]]
