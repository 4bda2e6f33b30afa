"""Turn a RegionDataset into the tensors the model reads (features, masks, graphs, positions)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
import torch
from scipy.sparse.linalg import eigsh
from torch import Tensor

from .. import AGGREGATED_MODALITIES
from ..data import Graph, RegionDataset
from ..errors import InputError
from .preprocess import FeatureScaler

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


def laplacian_eigenvectors(graph: Graph, k: int = PE_DIM) -> np.ndarray:
    """(N, k) eigenvectors of the normalised Laplacian after the trivial one, zero-padded.

    Stand-in for regions without geometry; signs are fixed (largest entry positive) so the same
    graph always gives the same encoding. (Duplicate of graphs.laplacian_eigenvectors, to dedupe.)
    """
    n = graph.num_nodes
    out = np.zeros((n, k), dtype=np.float32)
    kk = min(k, n - 2)
    if kk < 1 or graph.num_edges == 0:
        return out
    a = sp.coo_matrix((np.ones(graph.num_edges), tuple(graph.edge_index)), shape=(n, n)).tocsr()
    a = ((a + a.T) > 0).astype(np.float64)
    deg = np.asarray(a.sum(axis=1)).ravel()
    dinv = sp.diags(np.where(deg > 0, 1.0 / np.sqrt(np.maximum(deg, 1e-12)), 0.0))
    shifted = sp.identity(n) + dinv @ a @ dinv  # = 2I - L: largest eigenvalues ↔ smallest of L
    v0 = np.random.default_rng(0).random(n)  # fixed start vector: same graph, same result
    vals, vecs = eigsh(shifted, k=kk + 1, which="LA", v0=v0)
    vecs = vecs[:, np.argsort(-vals)][:, 1:]
    sign = np.sign(vecs[np.abs(vecs).argmax(axis=0), np.arange(vecs.shape[1])])
    out[:, :kk] = vecs * np.where(sign == 0, 1.0, sign)
    return out


def positional_encoding(ds: RegionDataset, kind: str) -> np.ndarray:
    if kind == "fourier":
        return fourier_features(ds.centroids)
    return laplacian_eigenvectors(ds.graphs["adjacency"])


def top_k_per_source(graph: Graph, k: int) -> Graph:
    """Keep each source node's ``k`` heaviest out-edges (ties: lower target index first)."""
    src, dst = graph.edge_index
    order = np.lexsort((dst, -graph.edge_weight, src))
    s_sorted = src[order]
    first = np.searchsorted(s_sorted, s_sorted, side="left")
    keep = order[(np.arange(len(order)) - first) < k]
    keep.sort()
    return Graph(graph.edge_index[:, keep], graph.edge_weight[keep], graph.num_nodes, graph.directed)


def _edges(graph: Graph, device) -> tuple[Tensor, Tensor]:
    w = np.abs(graph.edge_weight)
    w = w / w.max() if w.size and w.max() > 0 else np.ones_like(w)
    return (
        torch.as_tensor(graph.edge_index, dtype=torch.long, device=device),
        torch.as_tensor(np.maximum(w, 1e-6), dtype=torch.float32, device=device),
    )


def build_inputs(
    ds: RegionDataset,
    modalities: list[str],
    scalers: dict[str, FeatureScaler],
    pe_kind: str,
    device: torch.device | str = "cpu",
) -> ModelInputs:
    """Standardise features with ``scalers`` (already aligned to their vocabulary) and move to ``device``."""
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
    x, present = {}, []
    for m in modalities:
        if m == "street_view":
            has = np.zeros(n, dtype=bool)
            has[ds.points.region_index] = True
            present.append(has)
            continue
        mod = ds.modalities[m]
        values, _, _ = scalers[m].align(mod.values, mod.columns)
        x[m] = torch.as_tensor(scalers[m].transform(values, mod.present), device=device)
        present.append(mod.present)
    graphs = {
        name: _edges(top_k_per_source(g, FLOW_TOP_K) if g.directed else g, device)
        for name, g in ds.graphs.items()
        if name != "svi_knn"
    }
    inputs = ModelInputs(
        num_regions=n,
        x=x,
        present=torch.as_tensor(np.column_stack(present), device=device),
        graphs=graphs,
        pe=torch.as_tensor(positional_encoding(ds, pe_kind), device=device),
    )
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
