from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from mtgrr.errors import InputError
from mtgrr.ingest import choose_metric_crs, read_layer
from mtgrr.ingest.layers import read_table
from mtgrr.job import LayerSpec


def _read(path, **kw):
    spec = LayerSpec(path=path, **{k: kw.pop(k) for k in ("layer", "x_field", "y_field", "crs") if k in kw})
    kw.setdefault("geometry", "point")
    kw.setdefault("fields", ["kind"])
    kw.setdefault("target_crs", None)
    return read_layer(spec, "test layer", **kw)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        _read(tmp_path / "nope.gpkg")


def test_missing_layer_lists_layers(pts, tmp_path):
    pts([(1, 1)], kind=["a"]).to_file(tmp_path / "c.gpkg", layer="shops")
    pts([(1, 1)], kind=["a"]).to_file(tmp_path / "c.gpkg", layer="roads")
    with pytest.raises(
        InputError,
        match=r"layer 'shop' not found in c.gpkg; available: 'shops', 'roads'\. Did you mean 'shops'",
    ):
        _read(tmp_path / "c.gpkg", layer="shop")


def test_empty_layer(pts, tmp_path):
    pts([(1, 1)], kind=["a"]).iloc[:0].to_file(tmp_path / "c.gpkg", layer="poi")
    with pytest.raises(InputError, match="layer 'poi' is empty"):
        _read(tmp_path / "c.gpkg")


def test_wrong_geometry_type(line, tmp_path):
    gpd.GeoDataFrame({"kind": ["a", "b"]}, geometry=[line((0, 0), (1, 1))] * 2, crs="EPSG:32618").to_file(
        tmp_path / "l.gpkg"
    )
    with pytest.raises(InputError, match="expected point geometries, found 2 LineString"):
        _read(tmp_path / "l.gpkg")


def test_shapefile_without_crs(pts, tmp_path):
    pts([(1, 1)], kind=["a"]).to_file(tmp_path / "p.shp")
    (tmp_path / "p.prj").unlink()
    with pytest.raises(
        InputError, match=r"has no CRS.*assign the right CRS to the file.*set crs = \"EPSG:\.\.\.\""
    ):
        _read(tmp_path / "p.shp")
    gdf = _read(tmp_path / "p.shp", crs="EPSG:32618", target_crs="EPSG:4326")
    assert gdf.crs.to_epsg() == 4326 and -75 < gdf.geometry.x.iloc[0] < -73


def test_a_table_without_crs_gets_the_crs_key_fix_alone(tmp_path):
    """A CSV's coordinates cannot be given a CRS in the file (or in QGIS's Layer Properties): only the job's crs
    key can say what they are."""
    pd.DataFrame({"lon": [-73.9], "lat": [40.7], "kind": ["a"]}).to_csv(tmp_path / "p.csv", index=False)
    with pytest.raises(InputError) as raised:
        _read(tmp_path / "p.csv", x_field="lon", y_field="lat")
    assert raised.value.problem == "the table's coordinate columns have no CRS (coordinate reference system)."
    assert raised.value.fix.startswith('set crs = "EPSG:..." in this layer\'s job section')
    assert '"EPSG:4326" for longitude/latitude' in raised.value.fix
    assert "QGIS" not in raised.value.fix and "file" not in raised.value.fix


def test_conflicting_crs_names_the_job_section(pts, tmp_path):
    """Only a section's own crs can conflict (the top-level one is the target): the message says which."""
    pts([(1, 1)], kind=["a"]).to_file(tmp_path / "p.gpkg")
    spec = LayerSpec(path=tmp_path / "p.gpkg", crs="EPSG:4326")
    with pytest.raises(InputError) as raised:
        read_layer(spec, "roads layer 'p.gpkg' in p.gpkg", geometry="point", fields=["kind"], target_crs=None)
    assert (
        raised.value.problem
        == "the file's CRS (EPSG:32618) differs from crs = 'EPSG:4326' in [roads] of the job."
    )
    assert raised.value.fix.startswith("remove crs from [roads]")


def test_missing_values_dropped_or_rejected(pts, tmp_path):
    pts([(1, 1), (2, 2), (3, 3)], kind=["a", None, " "]).to_file(tmp_path / "p.gpkg")
    counts = {}
    gdf = _read(tmp_path / "p.gpkg", count=lambda k, n: counts.update({k: n}), key="poi")
    assert len(gdf) == 1 and counts == {"poi: rows with missing values dropped (kind)": 2}
    with pytest.raises(InputError, match=r"missing values \(2 in 'kind'\)"):
        _read(tmp_path / "p.gpkg", drop_missing=False)


def test_invalid_polygon_repaired_and_reprojected(rect, tmp_path):
    a = shapely.get_coordinates(rect(0, 0, 100, 100))
    bowtie = shapely.Polygon([a[0], a[2], a[1], a[3]])
    gpd.GeoDataFrame({"kind": ["x", "y"]}, geometry=[bowtie, rect(0, 0, 10, 10)], crs="EPSG:32618").to_file(
        tmp_path / "g.gpkg"
    )
    counts = {}
    gdf = _read(
        tmp_path / "g.gpkg",
        geometry="polygon",
        target_crs="EPSG:3857",
        count=lambda k, n: counts.update({k: n}),
    )
    assert counts == {"layer: invalid geometries repaired": 1}
    assert shapely.is_valid(gdf.geometry.array).all() and gdf.crs.to_epsg() == 3857


def test_csv_points_and_projected_coordinates_as_lonlat(tmp_path):
    pd.DataFrame({"X": [580100.0, 580200.0], "Y": [4510100.0, 4510300.0], "kind": ["a", "b"]}).to_csv(
        tmp_path / "p.csv", index=False
    )
    gdf = _read(tmp_path / "p.csv", x_field="X", y_field="Y", crs="EPSG:32618")
    np.testing.assert_allclose(gdf.geometry.y, [4510100.0, 4510300.0])
    assert list(gdf.columns) == ["kind", "geometry"]
    with pytest.raises(InputError, match="exceed ±180/±90") as raised:
        _read(tmp_path / "p.csv", x_field="X", y_field="Y", crs="EPSG:4326")
    assert raised.value.fix.startswith("set crs to the projected CRS")
    with pytest.raises(InputError, match="'x' not found; available: 'X', 'Y', 'kind'. Did you mean 'X'"):
        _read(tmp_path / "p.csv", x_field="x", y_field="Y", crs="EPSG:32618")


def test_a_missing_field_lists_the_fields_that_start_with_it(pts, tmp_path):
    """A user typing "image" means 'image_path' as much as 'image_id' (the closer spelling alone): both are named,
    an exact match but for case first; a typo still finds its field by spelling."""
    from mtgrr.ingest.layers import suggest

    pts([(1, 1)], image_id=[7], region_id=[1], image_path=["a.jpg"]).to_file(tmp_path / "s.gpkg")
    with pytest.raises(InputError, match=r"Did you mean 'image_id' or 'image_path'\?"):
        _read(tmp_path / "s.gpkg", fields=["image"])
    assert suggest("Kind", ["kind_2", "kind"]).endswith("Did you mean 'kind' or 'kind_2'?")
    assert suggest("name", [f"name_{c}" for c in "abcdefg"]).endswith("'name_e' or 2 more?")
    assert suggest("imgae_path", ["image_id", "image_path"]).endswith("Did you mean 'image_path'?")


def test_csv_table_with_spaces_after_the_commas(tmp_path):
    """Column names are read as QGIS shows them, so a field the dock offers is found."""
    (tmp_path / "t.csv").write_text("region_id, out_h00, kind\n1, 5, a b\n2, 7, c\n", encoding="utf-8")
    df = read_table(tmp_path / "t.csv", None, "t.csv", columns=["region_id", "out_h00", "kind"])
    assert df.to_dict("list") == {"region_id": [1, 2], "out_h00": [5, 7], "kind": ["a b", "c"]}


def test_geojson_attributes_only(pts, tmp_path):
    pts([(1, 1), (2, 2)], crs="EPSG:4326", kind=["a", "b"], other=[1, 2]).to_file(tmp_path / "p.geojson")
    df = _read(tmp_path / "p.geojson", geometry=None)
    assert list(df.columns) == ["kind"] and not isinstance(df, gpd.GeoDataFrame)


def test_choose_metric_crs(pts):
    assert choose_metric_crs([pts([(0, 0)], crs="EPSG:4326")]) == "EPSG:32618"  # New York
    helsinki = gpd.GeoDataFrame(geometry=gpd.points_from_xy([24.94], [60.17]), crs="EPSG:4326")
    assert choose_metric_crs([helsinki.to_crs("EPSG:3857")]) == "EPSG:32635"
    with pytest.raises(InputError, match="no layer with geometry"):
        choose_metric_crs([])


def test_a_geometry_geos_cannot_build_is_dropped_and_counted(tmp_path):
    """An OSM extract cut at its edge has polygons whose ring has two points: GEOS cannot build them. They are
    dropped and counted like missing geometries instead of stopping the read."""
    import struct

    from pyogrio.raw import write

    def polygon_wkb(ring):
        return (
            struct.pack("<BII", 1, 3, 1)
            + struct.pack("<I", len(ring))
            + b"".join(struct.pack("<dd", x, y) for x, y in ring)
        )

    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    write(
        tmp_path / "lu.gpkg",
        np.array([polygon_wkb(square), polygon_wkb([(0, 0), (5, 5)]), polygon_wkb(square)], dtype=object),
        field_data=[np.array(["a", "b", "c"], dtype=object)],
        fields=["kind"],
        geometry_type="Polygon",
        crs="EPSG:32618",
        driver="GPKG",
    )
    counts = {}
    gdf = _read(
        tmp_path / "lu.gpkg", geometry="polygon", count=lambda k, n: counts.__setitem__(k, n), key="landuse"
    )
    assert list(gdf["kind"]) == ["a", "c"]
    assert counts == {"landuse: features without geometry dropped": 1}


def test_latitude_given_as_x_is_named_as_a_swap(tmp_path):
    """Los Angeles with lat/lon swapped: y = -118.2 is beyond ±90, x = 34.05 within it; the fix says to exchange
    x_field and y_field rather than only to look for a projected CRS."""
    pd.DataFrame({"lon": [34.05, 34.06], "lat": [-118.24, -118.25], "kind": ["a", "b"]}).to_csv(
        tmp_path / "p.csv", index=False
    )
    with pytest.raises(InputError) as raised:
        _read(tmp_path / "p.csv", x_field="lon", y_field="lat", crs="EPSG:4326")
    assert raised.value.problem.endswith("y goes beyond ±90 while x stays within it, as a latitude would.")
    assert raised.value.fix.startswith(
        "x and y look swapped: x is the longitude, so exchange x_field and y_field"
    )
