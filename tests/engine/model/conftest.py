"""Small structured RegionDatasets for model and training tests (built by hand, no graphs/ module)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import torch
from mtgrr import AGGREGATED_MODALITIES
from mtgrr.data import Graph, ModalityFeatures, PointFeatures, RegionDataset
from mtgrr.job import ModelOptions, TrainOptions
from shapely import box
from sklearn.neighbors import NearestNeighbors

DIMS = {"poi": 12, "mobility": 8, "landuse": 6, "roads": 5, "remote_sensing": 20}


def _knn_graph(x: np.ndarray, k: int) -> Graph:
    nn = NearestNeighbors(n_neighbors=k + 1).fit(x)
    _, idx = nn.kneighbors(x)
    src = np.repeat(np.arange(len(x)), k)
    dst = idx[:, 1:].ravel()
    ei = np.unique(np.concatenate([np.stack([src, dst]), np.stack([dst, src])], axis=1), axis=1)
    return Graph(ei, np.ones(ei.shape[1]), len(x))


def make_dataset(
    modalities=AGGREGATED_MODALITIES,
    street_view: bool = True,
    geometry: bool = True,
    rows: int = 6,
    cols: int = 10,
    seed: int = 0,
    absent_fraction: float = 0.0,
) -> RegionDataset:
    """A rows×cols grid of regions in 3 spatial clusters; each modality is a noisy view of the cluster."""
    rng = np.random.default_rng(seed)
    n = rows * cols
    r, c = np.divmod(np.arange(n), cols)
    cluster = np.minimum(c * 3 // cols, 2) + 0 * r
    ds = RegionDataset(region_ids=np.arange(100, 100 + n))
    if geometry:
        ds.regions = gpd.GeoDataFrame(
            {"region_id": ds.region_ids},
            geometry=box(c * 100.0, r * 100.0, c * 100.0 + 100, r * 100.0 + 100),
            crs="EPSG:32618",
        ).set_index("region_id")
        ds.crs = "EPSG:32618"
    right = np.flatnonzero((c[:, None] + 1 == c[None, :]) & (r[:, None] == r[None, :]))
    down = np.flatnonzero((r[:, None] + 1 == r[None, :]) & (c[:, None] == c[None, :]))
    pairs = np.concatenate([np.stack(np.divmod(right, n)), np.stack(np.divmod(down, n))], axis=1)
    adj = np.concatenate([pairs, pairs[::-1]], axis=1)
    ds.graphs["adjacency"] = Graph(adj, np.ones(adj.shape[1]), n)
    for m in modalities:
        proto = rng.normal(0, 2, size=(3, DIMS[m]))
        values = proto[cluster] + rng.normal(0, 0.7, size=(n, DIMS[m]))
        if m in ("poi", "landuse", "roads"):
            values = rng.poisson(np.exp(values.clip(-3, 3))).astype(np.float32)
        present = rng.random(n) >= absent_fraction
        values[~present] = 0
        ds.modalities[m] = ModalityFeatures(m, values, [f"{m}_{i}" for i in range(DIMS[m])], present)
        ds.graphs[f"knn_{m}"] = _knn_graph(values, 4)
        if m == "mobility":
            src = rng.integers(0, n, 400)
            dst = np.where(rng.random(400) < 0.8, rng.permutation(n)[src], rng.integers(0, n, 400))
            ei = np.unique(np.stack([src, dst]), axis=1)
            ds.graphs["mobility"] = Graph(ei, np.log1p(rng.integers(1, 50, ei.shape[1])), n, directed=True)
        if m == "roads":
            keep = rng.random(pairs.shape[1]) < 0.7
            ei = np.concatenate([pairs[:, keep], pairs[::-1, keep]], axis=1)
            ds.graphs["roads"] = Graph(ei, np.ones(ei.shape[1]), n)
    if street_view:
        with_images = np.flatnonzero(rng.random(n) < 0.7)
        region_index = np.repeat(with_images, 3)
        xy = np.column_stack([c[region_index] * 100 + 50, r[region_index] * 100 + 50]) + rng.normal(
            0, 20, (len(region_index), 2)
        )
        proto = rng.normal(0, 2, size=(3, 16))
        values = proto[cluster[region_index]] + rng.normal(0, 0.7, size=(len(region_index), 16))
        ds.points = PointFeatures(values, [f"img_{i}" for i in range(16)], region_index, xy)
        ds.graphs["svi_knn"] = _knn_graph(xy, 4)
    return ds


@pytest.fixture
def dataset_factory():
    return make_dataset


@pytest.fixture
def fast_options():
    """Small model, few epochs: enough to exercise training on 60 regions in about a second."""
    return ModelOptions(embedding_dim=16, hidden_dim=32), TrainOptions(epochs=15, patience=100, lr=5e-3)


@pytest.fixture(autouse=True)
def _one_thread():
    """Tiny graphs: one torch thread is faster and avoids stalls on a shared CPU."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
