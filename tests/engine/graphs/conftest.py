"""Fixtures for the graph tests: square grids of regions and graph checks."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from mtgrr.data import Graph


def square_grid(
    rows: int, cols: int, size: float = 100.0, x0: float = 0.0, y0: float = 0.0
) -> gpd.GeoDataFrame:
    """rows×cols squares, numbered row by row from the bottom-left (ids 0..rows*cols-1)."""
    r, c = np.divmod(np.arange(rows * cols), cols)
    boxes = shapely.box(x0 + c * size, y0 + r * size, x0 + (c + 1) * size, y0 + (r + 1) * size)
    frame = gpd.GeoDataFrame({"region_id": np.arange(rows * cols)}, geometry=boxes, crs="EPSG:32618")
    return frame.set_index("region_id")


@pytest.fixture
def grid():
    return square_grid


def pairs(graph: Graph) -> set[tuple[int, int]]:
    """Undirected edges as (low, high) pairs."""
    a, b = graph.edge_index
    return {(int(min(i, j)), int(max(i, j))) for i, j in zip(a, b, strict=True)}


def assert_simple_undirected(graph: Graph) -> None:
    """Both directions stored, no duplicates, no self-loops, symmetric weights."""
    a, b = graph.edge_index
    assert not np.any(a == b), "self-loop"
    keys = a * graph.num_nodes + b
    assert np.unique(keys).size == keys.size, "duplicate edge"
    forward = dict(zip(keys.tolist(), graph.edge_weight.tolist(), strict=True))
    for i, j, w in zip(a.tolist(), b.tolist(), graph.edge_weight.tolist(), strict=True):
        assert forward[j * graph.num_nodes + i] == w, f"edge {i}->{j} has no reverse of equal weight"


@pytest.fixture
def check():
    return assert_simple_undirected


@pytest.fixture(name="pairs")
def pairs_fixture():
    return pairs
