"""Turn a RegionDataset into the tensors the model reads (features, masks, graphs, positions)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import Tensor

from .. import AGGREGATED_MODALITIES
from ..data import Graph, RegionDataset
from ..errors import InputError
from ..features.mobility import trip_counts
from ..graphs import laplacian_eigenvectors, top_k_per_node
from .preprocess import FeatureScaler, evidence, region_support

PE_DIM = 16
"""Positional-encoding width: 2 axes × 4 frequencies × (sin, cos), or 16 Laplacian eigenvectors."""

FLOW_TOP_K = 20
"""Strongest outgoing flows kept per region in directed graphs: taxi OD graphs are nearly complete
(NYC-180: 29,857 of 32,400 pairs), which makes message passing ~10× slower for little signal; the
full flows stay in the mobility features."""


@dataclass
class ModelInputs:
    """Everything one forward pass needs, on one device. ``present`` follows the model's modalities."""

    num_regions: int
    x: dict[str, Tensor]  # aggregated modality → (N, F) standardised
    present: Tensor  # (N, M) bool
    graphs: dict[str, tuple[Tensor, Tensor]]  # region graphs: edge_index, weight scaled to (0, 1]
    pe: Tensor  # (N, PE_DIM)
    points: Tensor | None = None  # (P, F) standardised street-view features
    region_index: Tensor | None = None  # (P,)
    svi_edges: Tensor | None = None  # (2, E) image kNN graph
    od: tuple[Tensor, Tensor] | None = None  # all flows (edge_index, trips): the OD reconstruction target
    evidence: Tensor | None = None  # (N, M) relative precision of each region's data (1 = typical)

    def with_(self, **changes) -> ModelInputs:
        return replace(self, **changes)


def dataset_modalities(ds: RegionDataset) -> list[str]:
    """Modalities a dataset provides, in the engine's fixed order."""
    mods = [m for m in AGGREGATED_MODALITIES if m in ds.modalities]
    if ds.points is not None and ds.points.values.shape[0] > 0:
        mods.append("street_view")
    if not mods:
        raise InputError(
            "the dataset has no modality to learn from.",
            where="dataset",
            fix="give at least one of poi, mobility, landuse, roads, remote_sensing or street_view in the job.",
        )
    return mods


def fourier_features(centroids: np.ndarray) -> np.ndarray:
    """sin/cos of standardised coordinates at 4 octave frequencies (locality at several scales)."""
    c = np.asarray(centroids, dtype=np.float64)
    c = (c - c.mean(axis=0)) / np.maximum(c.std(axis=0), 1e-9)
    freqs = np.pi * 2.0 ** np.arange(-1, 3)
    ang = c[:, :, None] * freqs[None, None, :]  # (N, 2, 4)
    return np.concatenate([np.sin(ang), np.cos(ang)], axis=2).reshape(len(c), -1).astype(np.float32)


def positional_encoding(ds: RegionDataset, kind: str) -> np.ndarray:
    if kind == "fourier":
        return fourier_features(ds.centroids)
    return laplacian_eigenvectors(ds.graphs["adjacency"], PE_DIM)


def _sparsify(graph: Graph) -> Graph:
    """Directed graphs keep each region's :data:`FLOW_TOP_K` strongest outgoing edges for message passing."""
    if not graph.directed:
        return graph
    ei, ew = top_k_per_node(graph.edge_index, graph.edge_weight, FLOW_TOP_K)
    return Graph(ei, ew, graph.num_nodes, directed=True)


def _edges(graph: Graph, device) -> tuple[Tensor, Tensor]:
    w = np.abs(graph.edge_weight)
    w = w / w.max() if w.size and w.max() > 0 else np.ones_like(w)
    return (
        torch.as_tensor(graph.edge_index, dtype=torch.long, device=device),
        torch.as_tensor(np.maximum(w, 1e-6), dtype=torch.float32, device=device),
    )


def _trips(graph: Graph, device) -> tuple[Tensor, Tensor]:
    """The flows as trip counts: the OD term predicts trip distributions, as MGFN does, not log1p weights."""
    return (
        torch.as_tensor(graph.edge_index, dtype=torch.long, device=device),
        torch.as_tensor(trip_counts(graph), dtype=torch.float32, device=device),
    )


def build_inputs(
    ds: RegionDataset,
    modalities: list[str],
    scalers: dict[str, FeatureScaler],
    pe_kind: str | None,
    device: torch.device | str = "cpu",
    support_scales: dict[str, float | None] | None = None,
) -> ModelInputs:
    """Standardise features with ``scalers`` (already aligned to their vocabulary) and move to
    ``device``; ``support_scales`` (the training data's typical support per modality) turn each
    region's data support into the evidence the fusion weighs modalities by. ``pe_kind`` None:
    the model reads no positions, and ``pe`` is zeros (nothing is computed)."""
    if "adjacency" not in ds.graphs:
        raise InputError(
            "the dataset has no 'adjacency' graph.",
            where="dataset graphs",
            fix="build the region graphs (mtgrr.graphs) before training or embedding.",
        )
    n = ds.num_regions
    for name, g in ds.graphs.items():
        if name != "svi_knn" and g.num_nodes != n:
            raise InputError(
                f"graph {name!r} has {g.num_nodes} nodes for {n} regions.", where="dataset graphs"
            )
    if "street_view" in modalities:
        index = ds.points.region_index
        if index.size and (index.min() < 0 or index.max() >= n):
            raise InputError(
                "a street-view image refers to a region outside the dataset.",
                where="street_view region_index",
            )
    x = {}
    for m in modalities:
        if m == "street_view":
            continue
        mod = ds.modalities[m]
        values, _, _ = scalers[m].align(mod.values, mod.columns)
        x[m] = torch.as_tensor(scalers[m].transform(values, mod.present), device=device)
    present = [ds.present(m) for m in modalities]
    graphs = {name: _edges(_sparsify(g), device) for name, g in ds.graphs.items() if name != "svi_knn"}
    od = ds.graphs.get("mobility")
    inputs = ModelInputs(
        num_regions=n,
        x=x,
        present=torch.as_tensor(np.column_stack(present), device=device),
        graphs=graphs,
        pe=torch.as_tensor(
            np.zeros((n, PE_DIM), np.float32) if pe_kind is None else positional_encoding(ds, pe_kind),
            device=device,
        ),
        od=None if od is None or "mobility" not in modalities else _trips(od, device),
    )
    if support_scales is not None:
        q = [evidence(region_support(ds, m), support_scales.get(m), n) for m in modalities]
        inputs = inputs.with_(evidence=torch.as_tensor(np.column_stack(q), device=device))
    if "street_view" in modalities:
        p = ds.points
        values, _, _ = scalers["street_view"].align(p.values, p.columns)
        svi = ds.graphs.get("svi_knn")
        if svi is not None and svi.num_nodes != p.values.shape[0]:
            raise InputError(
                f"graph 'svi_knn' has {svi.num_nodes} nodes for {p.values.shape[0]} images.",
                where="dataset graphs",
            )
        svi_edges = np.zeros((2, 0), dtype=np.int64) if svi is None else svi.edge_index
        inputs = inputs.with_(
            points=torch.as_tensor(scalers["street_view"].transform(values), device=device),
            region_index=torch.as_tensor(p.region_index, dtype=torch.long, device=device),
            svi_edges=torch.as_tensor(svi_edges, dtype=torch.long, device=device),
        )
    return inputs
