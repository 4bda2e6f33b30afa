from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from mtgrr.errors import InputError
from mtgrr.features import landuse_features
from mtgrr.job import LandUseSpec


def _run(ds, tmp_path, geoms, classes):
    gpd.GeoDataFrame({"cls": classes}, geometry=geoms, crs="EPSG:32618").to_file(tmp_path / "lu.gpkg")
    return landuse_features(LandUseSpec(path=tmp_path / "lu.gpkg", class_field="cls"), ds)


def test_area_shares(ds, rect, tmp_path):
    geoms = [
        rect(0, 0, 500, 1000),  # park: half of A
        rect(0, 0, 250, 1000),  # park again, inside the first: counted once
        rect(500, 0, 1500, 500),  # residential: a quarter of A and of B
    ]
    m = _run(ds, tmp_path, geoms, ["Park", "Park", "Residential"])
    assert m.columns == ["landuse_park", "landuse_residential", "landuse_covered"]
    np.testing.assert_allclose(
        m.values, [[0.5, 0.25, 0.75], [0, 0.25, 0.25], [0, 0, 0], [0, 0, 0]], atol=1e-6
    )
    np.testing.assert_array_equal(m.present, [True, True, False, False])
    np.testing.assert_allclose(m.support, [0.75, 0.25, 0, 0], atol=1e-6)  # share of the region mapped
    assert "landuse: regions with overlapping classes rescaled" not in ds.report


def test_overlapping_classes_are_rescaled(ds, rect, tmp_path):
    m = _run(ds, tmp_path, [rect(0, 0, 1000, 1000), rect(0, 0, 1000, 500)], ["a", "b"])
    np.testing.assert_allclose(m.values[0], [2 / 3, 1 / 3, 1.0], atol=1e-6)
    assert ds.report["landuse: regions with overlapping classes rescaled"] == 1


def test_invalid_polygon_repaired(ds, rect, tmp_path):
    import shapely

    a = shapely.get_coordinates(rect(0, 0, 1000, 1000))
    bowtie = shapely.Polygon([a[0], a[2], a[1], a[3]])  # self-intersecting: two triangles
    assert not shapely.is_valid(bowtie)
    m = _run(ds, tmp_path, [bowtie], ["x"])
    assert m.values[0, 0] == pytest.approx(0.5)
    assert ds.report["landuse: invalid geometries repaired"] == 1


def test_points_are_not_land_use(ds, pts, tmp_path):
    pts([(1, 1), (2, 2)], cls=["a", "b"]).to_file(tmp_path / "lu.gpkg")
    with pytest.raises(InputError, match="expected polygon geometries, found 2 Point"):
        landuse_features(LandUseSpec(path=tmp_path / "lu.gpkg", class_field="cls"), ds)


def test_a_class_named_covered_keeps_its_own_column(ds, rect, tmp_path):
    m = _run(ds, tmp_path, [rect(0, 0, 500, 1000), rect(500, 0, 1000, 1000)], ["Covered", "park"])
    assert m.columns == ["landuse_covered_class", "landuse_park", "landuse_covered"]
    np.testing.assert_allclose(m.values[0], [0.5, 0.5, 1.0], atol=1e-6)


def test_an_id_as_land_use_classes_is_warned_of(ds, rect, tmp_path):
    import io

    from mtgrr.events import Reporter

    geoms = [rect(20 * i, 0, 20 * i + 20, 20) for i in range(60)]
    gpd.GeoDataFrame({"osm_id": [f"w{i}" for i in range(60)]}, geometry=geoms, crs="EPSG:32618").to_file(
        tmp_path / "lu.gpkg"
    )
    out = io.StringIO()
    spec = LandUseSpec(path=tmp_path / "lu.gpkg", class_field="osm_id")
    landuse_features(spec, ds, Reporter(stream=out, quiet=True))
    assert (
        "[warning] landuse layer 'lu.gpkg' in lu.gpkg: class_field 'osm_id' has 60 distinct values for 60 "
        in (out.getvalue())
    )
