"""RegionDataset persistence without pickle, and the Graph contract."""

import geopandas as gpd
import numpy as np
import pytest
import shapely
from mtgrr.data import Graph, ModalityFeatures, PointFeatures, RegionDataset


def _dataset(with_geometry: bool) -> RegionDataset:
    ids = np.array([10, 11, 12])
    regions = None
    if with_geometry:
        regions = gpd.GeoDataFrame(
            {"region_id": ids}, geometry=shapely.box([0, 1, 2], 0, [1, 2, 3], 1), crs="EPSG:32633"
        ).set_index("region_id")
    ds = RegionDataset(region_ids=ids, regions=regions, crs="EPSG:32633" if with_geometry else None)
    ds.modalities["poi"] = ModalityFeatures("poi", np.eye(3), ["a", "b", "c"], [True, True, False], [4, 1, 0])
    ds.modalities["landuse"] = ModalityFeatures("landuse", np.ones((3, 1)), ["x"], [True] * 3)
    ds.graphs["adjacency"] = Graph([[0, 1, 1, 2], [1, 0, 2, 1]], [1, 1, 1, 1], 3)
    ds.graphs["mobility"] = Graph([[0], [2]], [2.5], 3, directed=True)
    ds.profiles["hourly_in"] = np.arange(72, dtype=np.float32).reshape(3, 24)
    ds.points = PointFeatures(np.ones((2, 4)), list("wxyz"), [0, 2], np.zeros((2, 2)), np.array(["p", "q"]))
    ds.count("repaired_geometries", 2)
    ds.count("nothing", 0)
    ds.graph_options = {"knn": 4, "island_neighbours": 2, "svi_knn": 5}
    return ds


@pytest.mark.parametrize("with_geometry", [True, False])
def test_save_load_round_trip(tmp_path, with_geometry):
    ds = _dataset(with_geometry)
    RegionDataset.load(ds.save(tmp_path / "ds"))
    back = RegionDataset.load(tmp_path / "ds")
    np.testing.assert_array_equal(back.region_ids, ds.region_ids)
    assert back.region_ids.dtype.kind == "i"
    np.testing.assert_array_equal(back.modalities["poi"].values, ds.modalities["poi"].values)
    np.testing.assert_array_equal(back.modalities["poi"].present, [True, True, False])
    np.testing.assert_array_equal(back.modalities["poi"].support, [4, 1, 0])
    assert back.modalities["landuse"].support is None
    assert back.graphs["mobility"].directed and not back.graphs["adjacency"].directed
    np.testing.assert_array_equal(back.graphs["adjacency"].edge_index, ds.graphs["adjacency"].edge_index)
    np.testing.assert_array_equal(back.profiles["hourly_in"], ds.profiles["hourly_in"])
    assert back.points.columns == list("wxyz") and list(back.points.point_ids) == ["p", "q"]
    assert back.report == {"repaired_geometries": 2}
    assert back.graph_options == {"knn": 4, "island_neighbours": 2, "svi_knn": 5}
    if with_geometry:
        assert back.regions.crs.to_epsg() == 32633
        np.testing.assert_allclose(back.centroids, [[0.5, 0.5], [1.5, 0.5], [2.5, 0.5]])
    else:
        assert back.regions is None and back.centroids is None


def test_graph_rejects_bad_edges():
    with pytest.raises(ValueError, match="outside"):
        Graph([[0], [3]], [1.0], 3)
    with pytest.raises(ValueError, match="one value per edge"):
        Graph([[0, 1], [1, 0]], [1.0], 2)


def test_modality_shape_checks():
    with pytest.raises(ValueError, match="poi"):
        ModalityFeatures("poi", np.zeros((3, 2)), ["a"], [True] * 3)
    with pytest.raises(ValueError, match="support"):
        ModalityFeatures("poi", np.zeros((3, 1)), ["a"], [True] * 3, [1, -1, 0])
