from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from mtgrr.data import REGION_ID
from mtgrr.errors import InputError
from mtgrr.ingest import load_regions
from mtgrr.ingest.regions import h3_resolution
from mtgrr.job import parse_job


def _job(tmp_path, **sections):
    return parse_job(sections, tmp_path)


def test_polygon_layer_auto_utm(rect, tmp_path):
    gdf = gpd.GeoDataFrame(
        {"zone": ["b", "a"], "pop": [10, 20]},
        geometry=[rect(0, 0, 1000, 1000), rect(1000, 0, 2000, 1000)],
        crs="EPSG:32618",
    ).to_crs("EPSG:4326")
    gdf.to_file(tmp_path / "r.gpkg", layer="zones")
    ds = load_regions(_job(tmp_path, regions={"path": "r.gpkg", "layer": "zones", "id_field": "zone"}))
    assert ds.crs == "EPSG:32618" and ds.regions.crs.to_epsg() == 32618
    assert list(ds.region_ids) == ["b", "a"] and ds.regions.index.name == REGION_ID
    assert list(ds.regions["pop"]) == [10, 20]  # other attributes kept (e.g. a target field)
    np.testing.assert_allclose(ds.regions.area, [1e6, 1e6], rtol=1e-6)


def test_explicit_job_crs_reprojects_a_regions_layer_in_another_crs(rect, tmp_path):
    gpd.GeoDataFrame(
        {"zone": ["b", "a"]}, geometry=[rect(0, 0, 1000, 1000), rect(1000, 0, 2000, 1000)], crs="EPSG:32618"
    ).to_crs("EPSG:4326").to_file(tmp_path / "r.gpkg", layer="zones")
    job = _job(tmp_path, crs="EPSG:32618", regions={"path": "r.gpkg", "layer": "zones", "id_field": "zone"})
    ds = load_regions(job)
    assert ds.regions.crs.to_epsg() == 32618
    np.testing.assert_allclose(ds.regions.area, [1e6, 1e6], rtol=1e-6)


def test_regions_without_crs_take_the_job_crs(rect, tmp_path):
    gpd.GeoDataFrame({"zone": ["a"]}, geometry=[rect(0, 0, 1000, 1000)]).to_file(tmp_path / "r.shp")
    job = _job(tmp_path, crs="EPSG:32618", regions={"path": "r.shp", "id_field": "zone"})
    ds = load_regions(job)
    assert ds.regions.crs.to_epsg() == 32618
    np.testing.assert_allclose(ds.regions.area, [1e6], rtol=1e-6)


def test_duplicate_ids(rect, tmp_path):
    gpd.GeoDataFrame({"rid": [1, 1, 2]}, geometry=[rect(0, 0, 1, 1)] * 3, crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    with pytest.raises(InputError) as raised:
        load_regions(_job(tmp_path, regions={"path": "r.gpkg", "id_field": "rid"}))
    assert raised.value.problem == (
        "2 regions share an id with another one in field 'rid': 1 value(s) repeat (1); 2 distinct values for 3 "
        "regions."
    )
    assert raised.value.fix.startswith(
        "choose a field with one unique value per region (id_field in a job file)"
    )


def test_a_class_field_chosen_as_id_is_named_as_a_class(rect, tmp_path):
    """A district or land-use field picked as the id: 3 values over 12 regions is a class, and the message says so
    (the same message reaches QGIS, where the field is the 'Region id field')."""
    kind = ["A_mobility", "B_landuse", "C_appearance"] * 4
    gpd.GeoDataFrame(
        {"rid": range(12), "district": kind},
        geometry=[rect(i * 10, 0, i * 10 + 10, 10) for i in range(12)],
        crs="EPSG:32618",
    ).to_file(tmp_path / "r.gpkg")
    with pytest.raises(InputError) as raised:
        load_regions(_job(tmp_path, regions={"path": "r.gpkg", "id_field": "district"}))
    assert raised.value.problem == (
        "12 regions share an id with another one in field 'district': 3 value(s) repeat ('A_mobility', "
        "'B_landuse', 'C_appearance'); it looks like a class, not an id (3 distinct values for 12 regions)."
    )
    assert load_regions(_job(tmp_path, regions={"path": "r.gpkg", "id_field": "rid"})).num_regions == 12


def test_a_grid_over_a_table_without_crs_names_the_table_and_the_crs_key(tmp_path):
    """Every layer is named alike (``poi layer 'poi.csv' in poi.csv``), the regions too, and a table without
    crs gets the crs key as its fix, not a QGIS one."""
    pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0], "kind": ["a", "b"]}).to_csv(
        tmp_path / "poi.csv", index=False
    )
    poi = {"path": "poi.csv", "x_field": "x", "y_field": "y", "category_field": "kind"}
    with pytest.raises(InputError) as raised:
        load_regions(_job(tmp_path, regions={"grid": {"cell_size": 500}}, poi=poi))
    assert raised.value.where == "poi layer 'poi.csv' in poi.csv"
    assert raised.value.fix.startswith('set crs = "EPSG:..." in this layer\'s job section')


def test_the_regions_layer_is_quoted_as_the_others_are(rect, tmp_path):
    gpd.GeoDataFrame({"rid": [1, 1]}, geometry=[rect(0, 0, 1, 1)] * 2, crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg", layer="zones"
    )
    regions = {"path": "r.gpkg", "layer": "zones", "id_field": "rid"}
    poi = {"path": "r.gpkg", "category_field": "rid"}  # a job needs a modality; the regions fail first
    with pytest.raises(InputError) as raised:
        load_regions(_job(tmp_path, regions=regions, poi=poi))
    assert raised.value.where == "regions layer 'zones' in r.gpkg"


def test_points_are_not_regions(pts, tmp_path):
    pts([(1, 1)], region_id=[1]).to_file(tmp_path / "r.gpkg")
    with pytest.raises(InputError, match="expected polygon geometries, found 1 Point"):
        load_regions(_job(tmp_path, regions={"path": "r.gpkg"}))


def test_table_of_ids_without_geometry(tmp_path):
    import io
    import json

    from mtgrr.events import Reporter

    pd.DataFrame({"region_id": [5, 3, 9]}).to_csv(tmp_path / "ids.csv", index=False)
    ds = load_regions(_job(tmp_path, regions={"path": "ids.csv"}))
    assert ds.regions is None and ds.crs is None and ds.centroids is None
    np.testing.assert_array_equal(ds.region_ids, [5, 3, 9])
    # a WKT column in a CSV is not read as geometry: a warning says so
    pd.DataFrame({"region_id": [5, 3], "WKT": ["POINT (0 0)"] * 2}).to_csv(tmp_path / "ids.csv", index=False)
    log = io.StringIO()
    load_regions(_job(tmp_path, regions={"path": "ids.csv"}), Reporter(json_events=True, stream=log))
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert any("column 'WKT' looks like geometry" in w for w in warnings), warnings


def _grid_job(tmp_path, pts, shape, size, crs="auto", layer_crs="EPSG:4326"):
    pts([(0, 0), (3000, 2000)], crs=layer_crs, kind=["a", "b"]).to_file(tmp_path / "poi.gpkg")
    return _job(
        tmp_path,
        crs=crs,
        regions={"grid": {"shape": shape, "cell_size": size}},
        poi={"path": "poi.gpkg", "category_field": "kind"},
    )


def test_square_grid(pts, tmp_path):
    ds = load_regions(_grid_job(tmp_path, pts, "square", 1000, layer_crs="EPSG:32618"))
    assert ds.crs == "EPSG:32618" and ds.num_regions == 3 * 2
    assert ds.region_ids[0] == "r0_c0" and ds.region_ids[-1] == "r1_c2"
    np.testing.assert_allclose(ds.regions.area, 1e6)
    assert ds.regions.union_all().covers(shapely.box(*ds.regions.total_bounds))


def test_hexagon_grid_covers_extent(pts, tmp_path):
    ds = load_regions(_grid_job(tmp_path, pts, "hexagon", 500))
    import h3

    res = h3_resolution(500)
    assert res == 8  # widths: res 8 ~ 799 m, res 9 ~ 302 m; 500 m is nearer 799 m on a log scale
    assert all(h3.get_resolution(c) == res for c in ds.region_ids)
    assert ds.crs == "EPSG:32618"
    extent = shapely.box(*pts([(0, 0), (3000, 2000)]).total_bounds)
    assert ds.regions.union_all().buffer(1).covers(extent)
    assert ds.regions.intersects(extent).all()  # no cell outside the extent


def test_grid_needs_a_layer(tmp_path):
    pd.DataFrame({"region_id": [1], "a": [1]}).to_csv(tmp_path / "t.csv", index=False)
    job = _job(tmp_path, regions={"grid": {"cell_size": 500}}, poi={"table": {"path": "t.csv"}})
    with pytest.raises(InputError, match="no input layer or raster has geometry"):
        load_regions(job)


def test_grid_over_trip_coordinates_reads_the_trips_file_crs(pts, tmp_path):
    """Trips given by pickup/dropoff columns of a layer with a CRS: the grid's extent takes that CRS, as the mobility
    features do, instead of asking for one."""
    trips = pts([(0, 0), (3000, 2000)], crs="EPSG:32618")
    trips["px"], trips["py"] = trips.geometry.x, trips.geometry.y
    trips["dx"], trips["dy"] = trips["px"][::-1].to_numpy(), trips["py"][::-1].to_numpy()
    trips.to_file(tmp_path / "trips.gpkg", layer="trips")
    mobility = {"path": "trips.gpkg", "layer": "trips", "pickup_x": "px", "pickup_y": "py"}
    mobility |= {"dropoff_x": "dx", "dropoff_y": "dy"}
    job = _job(tmp_path, regions={"grid": {"shape": "square", "cell_size": 1000}}, mobility=mobility)
    ds = load_regions(job)
    assert ds.crs == "EPSG:32618" and ds.num_regions == 3 * 2


def test_a_grid_of_too_many_cells_is_refused_before_it_is_built(pts, tmp_path):
    job = _grid_job(tmp_path, pts, "square", 2, layer_crs="EPSG:32618")  # 3 km × 2 km in 2 m cells
    with pytest.raises(InputError, match=r"regions\.grid\.cell_size: a 2 m grid .* about 1,500,000 cells"):
        load_regions(job)


def test_a_repaired_region_is_counted_in_the_report(rect, tmp_path):
    bowtie = shapely.Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])  # self-intersecting
    gpd.GeoDataFrame(
        {"zone": ["a", "b"]}, geometry=[rect(1000, 0, 2000, 1000), bowtie], crs="EPSG:32618"
    ).to_file(tmp_path / "r.gpkg")
    ds = load_regions(_job(tmp_path, regions={"path": "r.gpkg", "id_field": "zone"}))
    assert ds.report == {"regions: invalid geometries repaired": 1}
    assert ds.regions.is_valid.all()


def test_ids_equal_once_matched_are_refused(rect, tmp_path):
    """'01' and '1' differ as text but are one id where other tables are matched to the regions."""
    gpd.GeoDataFrame({"rid": ["01", "1", "2"]}, geometry=[rect(0, 0, 1, 1)] * 3, crs="EPSG:32618").to_file(
        tmp_path / "r.gpkg"
    )
    with pytest.raises(InputError, match=r"region ids '01' and '1' are one id when matched"):
        load_regions(_job(tmp_path, regions={"path": "r.gpkg", "id_field": "rid"}))


def test_regions_without_crs_name_the_top_level_crs(rect, tmp_path):
    gpd.GeoDataFrame({"zone": ["a"]}, geometry=[rect(0, 0, 1000, 1000)]).to_file(tmp_path / "r.shp")
    (tmp_path / "r.prj").unlink(missing_ok=True)
    with pytest.raises(InputError, match=r'set crs = "EPSG:\.\.\." at the top of the job'):
        load_regions(_job(tmp_path, regions={"path": "r.shp", "id_field": "zone"}))


def test_geometry_edge_cases_of_real_region_layers(rect, tmp_path):
    """Whole-number Real ids stay numbers; overlapping (here duplicated) regions are counted and warned about, and a
    point there goes to the first of them by row."""
    import io
    import json

    from mtgrr.events import Reporter

    boxes = [
        rect(0, 0, 1000, 1000),
        rect(1000, 0, 2000, 1000),
        rect(0, 0, 1000, 1000),
    ]  # the third repeats the first
    gpd.GeoDataFrame({"rid": [1.0, 2.0, 3.0]}, geometry=boxes, crs="EPSG:32618").to_file(tmp_path / "r.gpkg")
    log = io.StringIO()
    ds = load_regions(
        _job(tmp_path, regions={"path": "r.gpkg", "id_field": "rid"}), Reporter(json_events=True, stream=log)
    )
    assert ds.region_ids.dtype.kind == "i" and list(ds.region_ids) == [1, 2, 3]
    assert ds.report["regions: overlapping pairs"] == 1
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert any("1 pair(s) of regions overlap" in w and "1 and 3" in w for w in warnings), warnings
    from mtgrr.ingest.spatial import assign_points

    inside = gpd.GeoSeries([rect(500, 500, 501, 501).centroid], crs="EPSG:32618")
    assert list(assign_points(inside.array, ds)) == [0]


def test_regions_across_the_180th_meridian(tmp_path):
    """A UTM zone beside the data (not the one around 0°, the middle of a -180..180 box); a region split at 180°
    into two parts is one valid polygon once reprojected."""
    west = shapely.box(179.0, -18.0, 180.0, -17.0)
    east = shapely.box(-180.0, -18.0, -179.0, -17.0)
    split = shapely.MultiPolygon([west, east])
    others = [shapely.box(178.0, -18.0, 179.0, -17.0), shapely.box(-179.0, -18.0, -178.0, -17.0)]
    gpd.GeoDataFrame({"rid": [1, 2, 3]}, geometry=[split, *others], crs="EPSG:4326").to_file(
        tmp_path / "fiji.gpkg"
    )
    ds = load_regions(_job(tmp_path, regions={"path": "fiji.gpkg", "id_field": "rid"}))
    assert ds.crs in ("EPSG:32760", "EPSG:32701")
    assert shapely.is_valid(ds.regions.geometry.array).all()
    assert ds.regions.geometry.iloc[0].geom_type == "Polygon"
    np.testing.assert_allclose(ds.regions.area.iloc[0], 2 * ds.regions.area.iloc[1], rtol=0.01)


def test_no_utm_zone_near_the_pole_suggests_a_polar_crs(tmp_path):
    from mtgrr.ingest.layers import utm_for_lonlat

    with pytest.raises(InputError, match='"EPSG:3995" \\(Arctic\\)'):
        utm_for_lonlat((10.0, 85.0, 11.0, 86.0))


@pytest.mark.parametrize(("crs", "warned"), [("EPSG:3857", True), ("EPSG:32635", False), ("auto", False)])
def test_a_crs_that_stretches_distances_here_is_warned_of(tmp_path, crs, warned):
    """Helsinki in Web Mercator: distances ×2.01 (1/cos 60.2°), areas ×4.04; UTM 35N is true to 0.1 %."""
    import io
    import json

    from mtgrr.events import Reporter

    x, y = 385000, 6670000
    gpd.GeoDataFrame(
        {"zone": ["a", "b"]},
        geometry=[shapely.box(x, y, x + 1000, y + 1000), shapely.box(x + 1000, y, x + 2000, y + 1000)],
        crs="EPSG:32635",
    ).to_file(tmp_path / "r.gpkg")
    log = io.StringIO()
    load_regions(
        _job(tmp_path, crs=crs, regions={"path": "r.gpkg", "id_field": "zone"}),
        Reporter(json_events=True, stream=log),
    )
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert (
        any("EPSG:3857 stretches distances by 2.01× (areas 4.04×)" in w for w in warnings) == warned
    ), warnings


@pytest.mark.parametrize(("crs", "warned"), [("EPSG:3857", True), ("auto", False)])
def test_a_grid_in_a_crs_that_stretches_distances_is_warned_of_too(tmp_path, crs, warned):
    """A grid's cells are cell_size wide in the job's CRS: in Web Mercator at Helsinki, half that on the ground."""
    import io
    import json

    from mtgrr.events import Reporter

    gpd.GeoDataFrame(
        {"kind": ["a", "b"]}, geometry=gpd.points_from_xy([24.93, 24.96], [60.16, 60.18]), crs="EPSG:4326"
    ).to_file(tmp_path / "poi.gpkg")
    job = _job(
        tmp_path,
        crs=crs,
        regions={"grid": {"shape": "square", "cell_size": 500}},
        poi={"path": "poi.gpkg", "category_field": "kind"},
    )
    log = io.StringIO()
    load_regions(job, Reporter(json_events=True, stream=log))
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert any("EPSG:3857 stretches distances by 2.01×" in w for w in warnings) == warned, warnings
