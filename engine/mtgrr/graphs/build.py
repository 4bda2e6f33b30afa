"""Build every region and point graph of a dataset (the "graphs" stage)."""

from __future__ import annotations

import numpy as np

from .. import AGGREGATED_MODALITIES
from ..data import Graph, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..job import GraphOptions
from .ops import normalise_weights, remove_self_loops, to_undirected, top_k_per_node
from .points import point_knn
from .similarity import knn_similarity, standardise
from .spatial import adjacency_with_stats

GRAPH_COUNTS = (
    "adjacency_islands_joined",
    "adjacency_components_joined",
    "adjacency_from_mobility",
    "adjacency_isolated",
    "adjacency_from_features",
    "svi_knn_from_features",
)
"""The fallbacks build_graphs counts in ``ds.report``."""


def build_graphs(ds: RegionDataset, options: GraphOptions, reporter: Reporter = SILENT) -> None:
    """Add ``adjacency``, ``knn_<modality>`` and ``svi_knn`` to ``ds.graphs``.

    ``mobility`` and ``roads`` graphs are built with their features and are left untouched.
    Documented fallbacks are counted in ``ds.report``.
    """
    for key in GRAPH_COUNTS:
        ds.report.pop(key, None)  # graphs built again are counted again, not twice
    if ds.regions is not None:
        adjacency, isolated, bridged = adjacency_with_stats(ds.regions, options.island_neighbours)
        ds.count("adjacency_islands_joined", isolated)
        ds.count("adjacency_components_joined", bridged)
    else:
        adjacency = adjacency_without_geometry(ds, options.knn, reporter)
    ds.graphs["adjacency"] = adjacency
    reporter.log(f"adjacency: {adjacency.num_edges // 2} region pairs")
    for name in AGGREGATED_MODALITIES:
        mod = ds.modalities.get(name)
        if mod is None:
            continue
        reporter.check_cancelled()
        graph = knn_similarity(mod.values, options.knn, mod.present, name=name, reporter=reporter)
        if graph.num_edges == 0:
            reporter.log(f"{name}: fewer than 2 regions have data, so no similarity graph", level="warning")
        ds.graphs[f"knn_{name}"] = graph
    if ds.points is not None:
        reporter.check_cancelled()
        points = ds.points
        if points.xy is not None:
            ds.graphs["svi_knn"] = point_knn(points.xy, options.svi_knn)
        else:
            ds.graphs["svi_knn"] = knn_similarity(
                points.values, options.svi_knn, name="street_view", reporter=reporter
            )
            ds.count("svi_knn_from_features", 1)
    ds.graph_options = options.model_dump()


def adjacency_without_geometry(ds: RegionDataset, k: int, reporter: Reporter = SILENT) -> Graph:
    """Region graph when there are no polygons.

    First choice: the mobility graph, symmetrised (weights of both directions summed;
    intra-region trips dropped), reduced to each region's ``k`` strongest links (union, so the
    graph stays O(N·k) even when almost every pair exchanges trips) and scaled into (0, 1] by
    the maximum; regions without trips stay isolated and are counted as ``adjacency_isolated``. Otherwise: a cosine kNN graph over all
    region features concatenated (each modality standardised, absent rows set to 0, and scaled
    by 1/sqrt(columns) so every modality weighs the same whatever its width), plus the mean
    street-view vector per region.
    """
    n = ds.num_regions
    mobility = ds.graphs.get("mobility")
    if mobility is not None and mobility.num_edges:
        edge_index, weight = remove_self_loops(mobility.edge_index, mobility.edge_weight)
        edge_index, weight = to_undirected(edge_index, weight, n, reduce="sum")
        edge_index, weight = to_undirected(*top_k_per_node(edge_index, weight, k), n)
        weight = normalise_weights(edge_index, weight, n, mode="max")
        ds.count("adjacency_from_mobility", 1)
        ds.count("adjacency_isolated", n - np.unique(edge_index[0]).size)
        reporter.log("no region geometry: adjacency taken from the mobility graph")
        return Graph(edge_index, weight, n)
    blocks, present = [], np.zeros(n, dtype=bool)
    for mod in ds.modalities.values():
        blocks.append(_block(mod.values, mod.present))
        present |= mod.present
    if ds.points is not None and len(ds.points.region_index):
        region = ds.points.region_index
        counts = np.bincount(region, minlength=n)
        sums = np.zeros((n, ds.points.values.shape[1]))
        np.add.at(sums, region, ds.points.values)
        has = counts > 0
        blocks.append(_block(sums / np.maximum(counts, 1)[:, None], has))
        present |= has
    if not blocks:
        raise InputError(
            "the regions have no geometry, and there is no mobility or feature data to relate them.",
            where="regions",
            fix="give a regions layer with polygons, or at least one modality.",
        )
    ds.count("adjacency_from_features", 1)
    reporter.log("no region geometry or mobility: adjacency is a feature-similarity graph")
    return knn_similarity(
        np.hstack(blocks), k, present, standardise_columns=False, name="adjacency", reporter=reporter
    )


def _block(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    z = standardise(values, present)
    z[~present] = 0.0
    return z / np.sqrt(max(z.shape[1], 1))
