from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from mtgrr.errors import InputError
from mtgrr.graphs import components, spatial_adjacency
from mtgrr.graphs.spatial import adjacency_with_stats

# 2 rows × 3 columns:   3 4 5
#                       0 1 2
ROOK = {(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)}
DIAGONAL = {(0, 4), (1, 3), (1, 5), (2, 4)}


def test_rook_and_queen_on_a_2x3_grid(grid, pairs, check):
    regions = grid(2, 3)
    rook = spatial_adjacency(regions, 2, contiguity="rook")
    queen = spatial_adjacency(regions, 2, contiguity="queen")
    assert pairs(rook) == ROOK
    assert pairs(queen) == ROOK | DIAGONAL
    for g in (rook, queen):
        check(g)
        assert g.num_nodes == 6 and np.all(g.edge_weight == 1)


def test_a_millimetre_gap_between_neighbours_is_still_contiguity(grid, pairs):
    """Digitised or reprojected tessellations leave hairline gaps; queen contiguity reads them as touching (within
    10 cm), not as islands to be bridged to their nearest centroids. A 1 m street between regions is a gap."""
    regions = grid(2, 3)
    shrunk = regions.assign(geometry=regions.geometry.buffer(-0.0005, join_style="mitre"))  # 1 mm gaps
    assert pairs(spatial_adjacency(shrunk, 2)) == ROOK | DIAGONAL
    apart = regions.assign(geometry=regions.geometry.buffer(-0.5, join_style="mitre"))  # 1 m gaps
    assert pairs(spatial_adjacency(apart, 2)) != ROOK | DIAGONAL


@pytest.mark.parametrize("k", [1, 3, 5])
def test_an_island_gets_exactly_its_k_nearest_regions(grid, k):
    regions = grid(4, 4)
    island = shapely.box(1000, 150, 1100, 250)  # to the right of the grid, level with rows 1-2
    regions.loc[16] = [island]
    graph, isolated, bridged = adjacency_with_stats(regions, k)
    assert isolated == 1 and bridged == 1
    neighbours = graph.edge_index[1, graph.edge_index[0] == 16]
    centroids = shapely.get_coordinates(shapely.centroid(regions.geometry.values))
    distance = np.hypot(*(centroids[:16] - centroids[16]).T)
    assert neighbours.size == k
    assert distance[neighbours].max() <= np.sort(distance)[k - 1] + 1e-9
    # the grid itself keeps its 4x4 queen edges: 2*(3*4*2) rook + 2*(2*3*3) diagonal pairs
    assert graph.num_edges == 2 * (24 + 18) + 2 * k


def test_disconnected_components_get_joined(grid, check):
    left = grid(3, 3)
    right = grid(2, 2, x0=2000).set_axis(np.arange(9, 13))
    far = grid(1, 2, y0=5000).set_axis(np.arange(13, 15))
    regions = pd.concat([left, right, far])
    graph, isolated, bridged = adjacency_with_stats(regions, 2)
    check(graph)
    assert isolated == 0 and bridged == 2
    assert components(graph.edge_index, graph.num_nodes)[0] == 1
    internal = 2 * (20 + 6 + 1)  # queen pairs inside the 3x3, 2x2 and 1x2 grids
    assert graph.num_edges - internal == 2 * 2 * 2  # k=2 pairs for each of the 2 smaller components
    a, b = graph.edge_index
    bridges = (a >= 9) & (b < 9)  # both smaller components are closest to the 3x3 grid
    assert (
        bridges.sum() == 4
        and set(a[bridges & (a < 13)]) <= {9, 11}
        and set(a[bridges & (a >= 13)]) <= {13, 14}
    )


def test_all_islands_become_connected(check):
    import geopandas as gpd

    xy = np.random.default_rng(1).uniform(0, 10_000, size=(200, 2))
    regions = gpd.GeoDataFrame(geometry=shapely.buffer(shapely.points(xy), 10), crs="EPSG:32618")
    graph, isolated, _ = adjacency_with_stats(regions, 1)
    check(graph)
    assert isolated == 200
    assert components(graph.edge_index, 200)[0] == 1
    assert np.bincount(graph.edge_index[0], minlength=200).min() >= 1


def test_matches_libpysal_queen_on_nyc180(nyc180_dir, check, pairs):
    import geopandas as gpd
    from libpysal.weights import Queen

    regions = gpd.read_file(nyc180_dir / "regions.gpkg").to_crs(32618).set_index("region_id")
    graph = spatial_adjacency(regions, 3)
    check(graph)
    w = Queen.from_dataframe(regions.reset_index(), use_index=False)
    reference = {(min(i, j), max(i, j)) for i, nbrs in w.neighbors.items() for j in nbrs}
    assert pairs(graph) == reference  # 508 pairs; the data has no T-junctions without a vertex
    assert components(graph.edge_index, graph.num_nodes)[0] == 1


def test_missing_geometry_is_an_input_error(grid):
    regions = grid(2, 2)
    regions.loc[2, "geometry"] = None
    with pytest.raises(InputError, match=r"regions: 1 region\(s\) have no geometry \(first ids: \[2\]\)"):
        spatial_adjacency(regions, 3)
