"""The synthetic city's files: layers, fields, geometry types, CRS, raster, images, job file."""

from __future__ import annotations

import shutil
from datetime import datetime

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
import shapely
from mtgrr import MODALITIES
from mtgrr.job import load_job
from PIL import Image
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

LAYERS = {
    "regions": (
        "Polygon",
        "EPSG:32633",
        {"region_id", "district", "function", "target_activity", "target_crime_like", "target_context"},
    ),
    "poi": ("Point", "EPSG:4326", {"poi_id", "category"}),
    "trips": (
        "LineString",
        "EPSG:32633",
        {"trip_id", "pickup_x", "pickup_y", "dropoff_x", "dropoff_y", "pickup_time"},
    ),
    "landuse": ("Polygon", "EPSG:32633", {"landuse_id", "class"}),
    "roads": ("LineString", "EPSG:32633", {"road_id", "class"}),
    "street_view": ("Point", "EPSG:32633", {"image_id", "image_path"}),
}


def test_layers_have_their_geometry_fields_and_crs(city):
    listed = {name: geom for name, geom in pyogrio.list_layers(city["city"])}
    assert set(listed) == set(LAYERS)
    for name, (geom_type, crs, fields) in LAYERS.items():
        info = pyogrio.read_info(city["city"], layer=name)
        assert info["geometry_type"] == geom_type, name
        assert info["features"] > 0, name
        assert fields <= set(info["fields"]), name
        assert pyogrio.read_dataframe(city["city"], layer=name, max_features=1).crs == crs, name


def test_regions_tessellate_the_city_with_irregular_adjacency(city, city_regions):
    regions = gpd.read_file(city["city"], layer="regions")
    assert regions.region_id.tolist() == list(range(city_regions))
    assert regions.is_valid.all()
    union = shapely.union_all(regions.geometry.values)
    x0, y0, x1, y1 = union.bounds
    assert abs(union.area - (x1 - x0) * (y1 - y0)) < 1e-3 * union.area  # no gaps
    assert abs(regions.area.sum() - union.area) < 1e-3 * union.area  # no overlaps
    neighbours = regions.sjoin(regions, predicate="touches").groupby("region_id_left").size()
    assert neighbours.min() >= 2 and neighbours.max() >= neighbours.min() + 3
    assert 4.5 < neighbours.mean() < 7.0  # planar tessellation: about 6 neighbours
    assert set(regions.district) == {"A_mobility", "B_landuse_poi", "C_appearance"}
    assert regions.function.nunique() == 6
    assert np.isfinite(regions[["target_activity", "target_crime_like", "target_context"]].to_numpy()).all()


def test_poi_are_geographic_points_inside_the_city(city):
    regions = gpd.read_file(city["city"], layer="regions")
    poi = gpd.read_file(city["city"], layer="poi")
    lon, lat = poi.geometry.x, poi.geometry.y
    assert lon.between(12, 15).all() and lat.between(52, 53).all()  # UTM 33N near Berlin
    joined = poi.to_crs(regions.crs).sjoin(regions, predicate="within")
    assert len(joined) == len(poi)
    assert poi.category.nunique() == 12


def test_trips_columns_match_their_lines_and_times_are_iso(city):
    trips = gpd.read_file(city["city"], layer="trips")
    start = shapely.get_point(trips.geometry.values, 0)
    end = shapely.get_point(trips.geometry.values, -1)
    np.testing.assert_allclose(shapely.get_x(start), trips.pickup_x)
    np.testing.assert_allclose(shapely.get_y(end), trips.dropoff_y)
    times = [datetime.fromisoformat(t) for t in trips.pickup_time.iloc[:200]]
    assert len({t.hour for t in times}) > 12
    assert trips.trip_id.is_unique


def test_landuse_and_roads_cross_region_borders(city):
    regions = gpd.read_file(city["city"], layer="regions")
    landuse = gpd.read_file(city["city"], layer="landuse")
    roads = gpd.read_file(city["city"], layer="roads")
    lu_regions = landuse.sjoin(regions, predicate="intersects").groupby("landuse_id").size()
    assert (lu_regions > 1).mean() > 0.9
    road_regions = roads.sjoin(regions, predicate="crosses").groupby("road_id").size()
    assert len(road_regions) > 0.2 * len(roads)
    assert {"motorway", "primary", "secondary", "residential"} <= set(roads["class"])


def test_road_network_is_connected(city):
    roads = gpd.read_file(city["city"], layer="roads")
    coords = shapely.get_coordinates(roads.geometry.values).reshape(-1, 2, 2)
    ends = np.round(coords.reshape(-1, 2), 6)
    _, node = np.unique(ends, axis=0, return_inverse=True)
    node = node.reshape(-1, 2)
    n = node.max() + 1
    graph = coo_matrix((np.ones(len(node)), (node[:, 0], node[:, 1])), shape=(n, n))
    assert connected_components(graph, directed=False)[0] == 1


def test_raster_covers_the_city(city):
    regions = gpd.read_file(city["city"], layer="regions")
    with rasterio.open(city["imagery"]) as src:
        assert src.count == 4 and src.dtypes[0] == "uint8"
        assert src.crs.to_epsg() == 32633
        assert src.descriptions == ("red", "green", "blue", "nir")
        b = src.bounds
        pixels = src.read()
    rx0, ry0, rx1, ry1 = regions.total_bounds
    assert b.left <= rx0 + 1 and b.bottom <= ry0 + 1 and b.right >= rx1 - 1 and b.top >= ry1 - 1
    assert pixels.std(axis=(1, 2)).min() > 5  # textured, not flat
    assert city["imagery"].stat().st_size < 5e6


def test_street_view_images_exist_with_relative_paths(city, city_regions):
    sv = gpd.read_file(city["city"], layer="street_view")
    assert len(sv) == 3 * city_regions
    assert sv.image_path.str.startswith("street_view/").all()
    folder = city["street_view"].parent
    for rel in sv.image_path.iloc[::97]:
        with Image.open(folder / rel) as img:
            assert img.format == "JPEG" and img.size == (64, 64) and img.mode == "RGB"
    assert len(list(city["street_view"].glob("*.jpg"))) == len(sv)


def test_job_file_validates_and_moves_with_the_folder(city, tmp_path):
    job = load_job(city["job"])
    assert job.modalities() == list(MODALITIES)
    assert job.crs == "EPSG:32633"
    assert job.regions.path == city["city"].resolve() and job.regions.layer == "regions"
    assert job.remote_sensing.raster == city["imagery"].resolve()
    assert job.street_view.image_root == city["job"].parent.resolve()
    regions = pyogrio.read_info(city["city"], layer="regions")
    assert job.output.target_field in regions["fields"]
    moved = shutil.copytree(city["job"].parent, tmp_path / "moved", ignore=shutil.ignore_patterns("*.jpg"))
    assert load_job(moved / "job.toml").poi.path == (moved / "city.gpkg").resolve()


def test_data_coverage_follows_the_district_regimes(city):
    """Each district is well observed by its own modality (taxi records in A, a complete map in B,
    dense street view in C): the label-free trace that spatially-aware fusion can find."""
    regions = gpd.read_file(city["city"], layer="regions")
    ids = regions[["region_id", "district", "geometry"]]
    district_area = regions.area.groupby(regions.district).sum()

    def per_region(frame):  # objects per km² of each district
        joined = gpd.GeoDataFrame(geometry=frame.geometry, crs=frame.crs).to_crs(regions.crs)
        return joined.sjoin(ids, predicate="within").groupby("district").size() / district_area * 1e6

    trips = gpd.read_file(city["city"], layer="trips")
    pickups = gpd.GeoDataFrame(geometry=gpd.points_from_xy(trips.pickup_x, trips.pickup_y), crs=regions.crs)
    taxi = per_region(pickups)
    assert taxi["A_mobility"] > 3 * max(taxi["B_landuse_poi"], taxi["C_appearance"])
    poi = per_region(gpd.read_file(city["city"], layer="poi"))
    assert poi["B_landuse_poi"] > 2 * max(poi["A_mobility"], poi["C_appearance"])
    images = per_region(gpd.read_file(city["city"], layer="street_view"))
    assert images["C_appearance"] > 2.5 * max(images["A_mobility"], images["B_landuse_poi"])
    mapped = gpd.overlay(ids, gpd.read_file(city["city"], layer="landuse"), how="intersection")
    share = mapped.area.groupby(mapped.district).sum() / district_area
    assert share["B_landuse_poi"] > 0.9 and max(share["A_mobility"], share["C_appearance"]) < 0.7
