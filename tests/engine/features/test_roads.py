from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from mtgrr.errors import InputError
from mtgrr.features import road_features
from mtgrr.job import RoadsSpec


def _roads(line):
    return [
        (line((200, 500), (1800, 500)), "primary"),  # A|B: 0.8 km each, crosses their border
        (line((500, 200), (500, 1800)), "residential"),  # A|C, crosses the first road without a node
        (line((1500, 1500), (1500, 1900)), "residential"),  # three ends meet at (1500, 1500) in D
        (line((1500, 1500), (1900, 1500)), "residential"),
        (line((1200, 1500), (1500, 1500)), "residential"),
        (line((1600, 1700), (1700, 1700), (1800, 1700)), "service"),  # interior node (1700, 1700) ...
        (line((1700, 1700), (1700, 1900)), "service"),  # ... plus one end: degree 3
    ]


def test_density_junctions_and_graph(ds, line, tmp_path):
    geoms, classes = zip(*_roads(line), strict=True)
    gpd.GeoDataFrame({"highway": classes}, geometry=list(geoms), crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    m = road_features(RoadsSpec(path=tmp_path / "r.gpkg", class_field="highway"), ds)
    c = {k: i for i, k in enumerate(m.columns)}
    assert list(c) == [
        "road_density_primary",
        "road_density_residential",
        "road_density_service",
        "road_density_total",
        "road_junction_density",
    ]
    np.testing.assert_allclose(m.values[:, c["road_density_primary"]], [0.8, 0.8, 0, 0], atol=1e-6)
    np.testing.assert_allclose(m.values[:, c["road_density_residential"]], [0.8, 0, 0.8, 1.1], atol=1e-6)
    np.testing.assert_allclose(m.values[:, c["road_density_service"]], [0, 0, 0, 0.4], atol=1e-6)
    np.testing.assert_allclose(m.values[:, c["road_junction_density"]], [0, 0, 0, 2], atol=1e-6)
    np.testing.assert_array_equal(m.present, [True, True, True, True])
    g = ds.graphs["roads"]
    assert not g.directed
    edges = {(int(a), int(b)): float(w) for a, b, w in zip(*g.edge_index, g.edge_weight, strict=True)}
    assert edges == {(0, 1): 1.0, (1, 0): 1.0, (0, 2): 1.0, (2, 0): 1.0}


def test_two_roads_crossing_one_border_weigh_two(ds, line, tmp_path):
    geoms = [
        line((900, 100), (1100, 100)),
        line((900, 300), (950, 300), (1100, 300)),
        line((100, 100), (200, 100)),
    ]
    gpd.GeoDataFrame({"k": ["a", "a", "a"]}, geometry=geoms, crs="EPSG:32618").to_file(tmp_path / "r.gpkg")
    road_features(RoadsSpec(path=tmp_path / "r.gpkg", class_field="k"), ds)
    g = ds.graphs["roads"]
    assert g.num_edges == 2 and set(g.edge_weight) == {2.0}


def test_polygons_are_not_roads(ds, rect, tmp_path):
    gpd.GeoDataFrame({"k": ["a"]}, geometry=[rect(0, 0, 10, 10)], crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    with pytest.raises(InputError, match="expected line geometries, found 1 Polygon"):
        road_features(RoadsSpec(path=tmp_path / "r.gpkg", class_field="k"), ds)


def test_a_class_named_total_keeps_its_own_column(ds, line, tmp_path):
    geoms, classes = zip(*_roads(line), strict=True)
    classes = ["total" if c == "primary" else c for c in classes]
    gpd.GeoDataFrame({"highway": classes}, geometry=list(geoms), crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    m = road_features(RoadsSpec(path=tmp_path / "r.gpkg", class_field="highway"), ds)
    assert m.columns[2:] == ["road_density_total_class", "road_density_total", "road_junction_density"]
    np.testing.assert_allclose(
        m.values[:, m.columns.index("road_density_total_class")], [0.8, 0.8, 0, 0], atol=1e-6
    )


def test_an_id_as_road_classes_is_warned_of(ds, line, tmp_path):
    import io

    from mtgrr.events import Reporter

    lines = [line((10 * i, 100), (10 * i + 10, 100)) for i in range(80)]
    gpd.GeoDataFrame({"name": [f"street {i}" for i in range(80)]}, geometry=lines, crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    out = io.StringIO()
    road_features(
        RoadsSpec(path=tmp_path / "r.gpkg", class_field="name"), ds, Reporter(stream=out, quiet=True)
    )
    assert (
        "[warning] roads layer 'r.gpkg' in r.gpkg: class_field 'name' has 80 distinct values for 80 lines "
        in (out.getvalue())
    )
