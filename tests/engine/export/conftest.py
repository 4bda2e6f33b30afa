"""Small hand-made RegionDatasets for the export tests."""

from __future__ import annotations

import numpy as np
import pytest
from mtgrr.data import REGION_ID, ModalityFeatures, RegionDataset


def grid_dataset(side: int = 5, geometry: bool = True) -> RegionDataset:
    """side × side square regions of 100 m in UTM 18N, ids 100, 101, ..., with POI features."""
    n = side * side
    ids = np.arange(100, 100 + n)
    rng = np.random.default_rng(1)
    regions = None
    if geometry:
        import geopandas as gpd
        from shapely import box

        col, row = np.meshgrid(np.arange(side), np.arange(side))
        x0, y0 = 580000 + 100.0 * col.ravel(), 4500000 + 100.0 * row.ravel()
        regions = gpd.GeoDataFrame(
            {REGION_ID: ids}, geometry=box(x0, y0, x0 + 100, y0 + 100), crs="EPSG:32618"
        ).set_index(REGION_ID)
        regions = regions.iloc[::-1]  # stored out of order: outputs must follow ds.region_ids
    poi = ModalityFeatures("poi", rng.poisson(3, (n, 4)), [f"c{i}" for i in range(4)], np.ones(n, bool))
    return RegionDataset(
        region_ids=ids, regions=regions, crs="EPSG:32618" if geometry else None, modalities={"poi": poi}
    )


@pytest.fixture
def grid_ds() -> RegionDataset:
    return grid_dataset()


@pytest.fixture
def embedding_inputs():
    """Embeddings with two well-separated groups (left/right half of the grid), and weights."""
    rng = np.random.default_rng(0)
    n = 25
    left = (np.arange(n) % 5) < 2
    emb = rng.normal(0, 0.1, (n, 8)) + np.where(left[:, None], 3.0, -3.0)
    weights = rng.dirichlet(np.ones(3), n)
    return emb, weights, ["poi", "mobility", "landuse"]
