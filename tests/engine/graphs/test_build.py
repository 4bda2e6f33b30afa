from __future__ import annotations

import numpy as np
import pytest
from mtgrr.data import Graph, ModalityFeatures, PointFeatures, RegionDataset
from mtgrr.errors import InputError
from mtgrr.graphs import build_graphs, components
from mtgrr.job import GraphOptions


def _dataset(regions, n: int, rng) -> RegionDataset:
    ds = RegionDataset(
        region_ids=np.arange(n), regions=regions, crs="EPSG:32618" if regions is not None else None
    )
    poi_present = rng.random(n) > 0.2
    poi = rng.poisson(3, size=(n, 6)).astype(float) * poi_present[:, None]
    ds.modalities["poi"] = ModalityFeatures("poi", poi, [f"c{i}" for i in range(6)], poi_present)
    ds.modalities["landuse"] = ModalityFeatures(
        "landuse", rng.random((n, 30)), [f"l{i}" for i in range(30)], np.ones(n, bool)
    )
    return ds


def test_build_graphs_with_geometry(grid, check):
    rng = np.random.default_rng(0)
    regions = grid(5, 6)
    ds = _dataset(regions, 30, rng)
    ds.points = PointFeatures(
        rng.random((50, 4)), list("abcd"), rng.integers(0, 30, 50), xy=rng.uniform(0, 600, (50, 2))
    )
    roads = Graph(np.array([[0, 1], [1, 0]]), np.ones(2), 30)
    ds.graphs["roads"] = roads
    build_graphs(ds, GraphOptions(knn=4, island_neighbours=2, svi_knn=3))
    assert set(ds.graphs) == {"roads", "adjacency", "knn_poi", "knn_landuse", "svi_knn"}
    assert ds.graphs["roads"] is roads
    for name in ("adjacency", "knn_poi", "knn_landuse", "svi_knn"):
        check(ds.graphs[name])
    assert ds.graphs["adjacency"].num_edges == 2 * (5 * 5 + 4 * 6 + 2 * 4 * 5)  # queen pairs of a 5x6 grid
    assert ds.graphs["svi_knn"].num_nodes == 50
    absent = np.flatnonzero(~ds.modalities["poi"].present)
    assert not np.isin(ds.graphs["knn_poi"].edge_index, absent).any()
    assert ds.report == {}


def test_no_geometry_uses_mobility_symmetrised_and_strongest_links():
    rng = np.random.default_rng(1)
    ds = _dataset(None, 7, rng)
    ds.graphs["mobility"] = Graph(
        np.array([[0, 1, 2, 3, 3, 3, 4], [1, 0, 3, 3, 4, 5, 5]]),
        np.array([2.0, 1.0, 4.0, 9.0, 1.0, 2.0, 3.0]),
        7,
        directed=True,
    )
    build_graphs(ds, GraphOptions(knn=1))
    adjacency = ds.graphs["adjacency"]
    got = dict(zip(map(tuple, adjacency.edge_index.T.tolist()), adjacency.edge_weight.tolist(), strict=True))
    # 0-1: 2+1 trips; 2-3: 4 (3's strongest, self trips dropped); 4-5: 3 (both ends' strongest);
    # 3-4 and 3-5 are nobody's strongest link; region 6 has no trips
    assert got == {(0, 1): 0.75, (1, 0): 0.75, (2, 3): 1.0, (3, 2): 1.0, (4, 5): 0.75, (5, 4): 0.75}
    assert ds.report == {"adjacency_from_mobility": 1, "adjacency_isolated": 1}
    assert ds.graphs["mobility"].directed and ds.graphs["mobility"].num_edges == 7


def test_no_geometry_falls_back_to_feature_similarity(check):
    rng = np.random.default_rng(2)
    ds = _dataset(None, 40, rng)
    # two clear groups of regions in both modalities
    group = np.arange(40) % 2
    ds.modalities["landuse"].values[:] = rng.normal(size=(40, 30)) * 0.1 + group[:, None] * 3
    ds.modalities["poi"].values[:] = (rng.normal(size=(40, 6)) * 0.1 + group[:, None] * 3) * ds.modalities[
        "poi"
    ].present[:, None]
    ds.points = PointFeatures(rng.random((10, 3)), list("abc"), rng.integers(0, 40, 10))
    build_graphs(ds, GraphOptions(knn=3, svi_knn=2))
    adjacency = ds.graphs["adjacency"]
    check(adjacency)
    assert ds.report == {"adjacency_from_features": 1, "svi_knn_from_features": 1}
    a, b = adjacency.edge_index
    assert np.bincount(a, minlength=40).min() >= 3
    assert np.mean(group[a] == group[b]) > 0.95
    assert components(ds.graphs["svi_knn"].edge_index, 10)[1].size == 10


def test_every_fallback_build_graphs_counts_is_reset_when_graphs_are_built_again():
    """build_graphs clears the keys of GRAPH_COUNTS before counting, so a key counted but not listed there
    would count twice when the graphs are built again (as embedding with a model's settings does)."""
    import inspect
    import re

    from mtgrr.graphs import build

    counted = set(re.findall(r'\.count\("(\w+)"', inspect.getsource(build)))
    assert counted and counted <= set(build.GRAPH_COUNTS), counted - set(build.GRAPH_COUNTS)
    rng = np.random.default_rng(2)
    ds = _dataset(None, 40, rng)
    ds.points = PointFeatures(rng.random((10, 3)), list("abc"), rng.integers(0, 40, 10))
    for _ in range(2):
        build_graphs(ds, GraphOptions(knn=3, svi_knn=2))
        assert ds.report == {"adjacency_from_features": 1, "svi_knn_from_features": 1}


def test_no_geometry_and_no_data_is_an_input_error():
    ds = RegionDataset(region_ids=np.arange(5))
    with pytest.raises(InputError, match="regions: the regions have no geometry"):
        build_graphs(ds, GraphOptions())
