"""What the re-implemented baselines share: their inputs, reconstruction losses and training loop.

The published methods read region attributes (POI, land use, ...) and taxi OD flows. Here every
aggregated modality of the dataset except mobility is an attribute "view", standardised like the
MTGRR inputs (HAFusion-style reads the raw values, as its authors' code does); the OD flows come from the directed ``mobility`` graph. Sparse where it counts:
OD rows are summarised with TruncatedSVD (HAFusion-style keeps them whole up to
DENSE_OD_MAX_REGIONS regions, the raw-feature baseline's limit: N² values and an N-wide input
layer), and the softmax of the mobility objective is taken over at most
``MAX_ANCHORS`` source rows (destination columns) per epoch.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from sklearn.decomposition import TruncatedSVD
from torch import Tensor

from .. import AGGREGATED_MODALITIES
from ..data import RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..features.mobility import od_matrix
from ..graphs.similarity import knn_similarity
from ..model.preprocess import FeatureScaler
from ..train.loop import optimise

MAX_ANCHORS = 2048
"""Rows of the mobility softmax per epoch; above this many regions a random subset is drawn."""
OD_COMPONENTS = 32
"""TruncatedSVD components that summarise each region's OD out-row (in-row) as view features."""


@dataclass
class BaselineOptions:
    """Training settings of a re-implemented baseline (same defaults as MTGRR where they exist)."""

    embedding_dim: int = 64
    hidden_dim: int = 128
    epochs: int = 300
    lr: float = 1e-3
    weight_decay: float = 1e-5
    seed: int = 0
    patience: int = 50
    min_delta: float = 1e-3
    knn: int = 10


@dataclass
class BaselineResult:
    embeddings: np.ndarray  # (N, D) float32, rows follow ds.region_ids
    losses: list[float]
    epochs_run: int
    best_epoch: int
    seconds: float
    extra: dict = field(default_factory=dict)


@dataclass
class BaselineInputs:
    """Tensors every baseline reads, built once per dataset."""

    num_regions: int
    attributes: dict[str, Tensor]  # view name → (N, F) standardised features
    similarity: dict[str, tuple[Tensor, Tensor]]  # view name → kNN similarity graph (edge_index, weight)
    od_edges: Tensor  # (2, E) origin → destination, no self-loops
    od_row: Tensor  # (E,) P(destination | origin)
    od_col: Tensor  # (E,) P(origin | destination)
    flow_features: dict[str, Tensor]  # "source" / "destination" → (N, K) SVD of OD out-rows / in-rows
    flow_similarity: dict[str, tuple[Tensor, Tensor]]  # kNN graphs over those flow features
    od: sp.csr_matrix  # (N, N) trip counts, row = origin, no self-trips
    adjacency: tuple[Tensor, Tensor]  # undirected spatial adjacency


def with_code_settings(options: BaselineOptions, settings: dict) -> BaselineOptions:
    """``options`` with a method's own training ``settings`` (optimiser, schedule) wherever they keep
    the shared defaults."""
    defaults = BaselineOptions()
    return replace(
        options, **{k: v for k, v in settings.items() if getattr(options, k) == getattr(defaults, k)}
    )


def _edges(graph) -> tuple[Tensor, Tensor]:
    return torch.as_tensor(graph.edge_index, dtype=torch.long), torch.as_tensor(graph.edge_weight)


def _standardise(z: np.ndarray) -> np.ndarray:
    """Columns to mean 0, std 1 (a constant column stays 0), as float32."""
    return ((z - z.mean(axis=0)) / np.maximum(z.std(axis=0), 1e-9)).astype(np.float32)


def _svd(matrix: sp.csr_matrix, k: int, seed: int) -> np.ndarray:
    k = max(1, min(k, min(matrix.shape) - 1))
    return _standardise(TruncatedSVD(n_components=k, random_state=seed).fit_transform(matrix))


def prepare_inputs(ds: RegionDataset, knn: int = 10, method: str = "baseline") -> BaselineInputs:
    """Standardised attribute views, OD distributions and the graphs built from them."""
    graph = ds.graphs.get("mobility")
    if graph is None or not graph.directed or graph.num_edges == 0:
        raise InputError(
            f"{method} learns from taxi flows, but the dataset has no directed 'mobility' OD graph.",
            where="mobility",
            fix="add trips or an OD table to the job ([mobility] with 'path' or 'od').",
        )
    if "adjacency" not in ds.graphs:
        raise InputError(
            f"{method} needs the region adjacency graph.",
            where="dataset",
            fix="build the dataset with mtgrr.pipeline.build_dataset (it adds the graphs).",
        )
    n = ds.num_regions
    attributes, similarity = {}, {}
    for name in AGGREGATED_MODALITIES:
        mod = ds.modalities.get(name)
        if name == "mobility" or mod is None:
            continue
        scaler = FeatureScaler.fit(mod.values, mod.columns, mod.present)
        attributes[name] = torch.as_tensor(scaler.transform(mod.values, mod.present))
        g = ds.graphs.get(f"knn_{name}") or knn_similarity(mod.values, knn, mod.present, name=name)
        similarity[name] = _edges(g)
    if not attributes:
        raise InputError(
            f"{method} needs at least one region attribute modality besides mobility.",
            where="dataset",
            fix="add POI, land use, roads or remote sensing to the job.",
        )
    # trip counts, not the graph's log1p weights: the papers' flow distributions are those of trips
    counts = od_matrix(graph).tocoo()
    keep = counts.row != counts.col
    src, dst, w = counts.row[keep], counts.col[keep], counts.data[keep]
    od = sp.csr_matrix((w, (src, dst)), shape=(n, n))
    out_total = np.asarray(od.sum(axis=1)).ravel()
    in_total = np.asarray(od.sum(axis=0)).ravel()
    flows, flow_graphs = {}, {}
    for name, matrix in (("source", od), ("destination", od.T.tocsr())):
        # rows are distributions: regions are compared by where their trips go (come from)
        totals = np.asarray(matrix.sum(axis=1)).ravel()
        rows = sp.diags(1.0 / np.maximum(totals, 1e-12)) @ matrix
        z = _svd(rows.tocsr(), OD_COMPONENTS, 0)
        flows[name] = torch.as_tensor(z)
        flow_graphs[name] = _edges(knn_similarity(z, knn, totals > 0, name=f"{name} flows"))
    return BaselineInputs(
        num_regions=n,
        attributes=attributes,
        similarity=similarity,
        od_edges=torch.as_tensor(np.vstack([src, dst]), dtype=torch.long),
        od_row=torch.as_tensor(w / out_total[src], dtype=torch.float32),
        od_col=torch.as_tensor(w / in_total[dst], dtype=torch.float32),
        flow_features=flows,
        flow_similarity=flow_graphs,
        od=od,
        adjacency=_edges(ds.graphs["adjacency"]),
    )


def sampled_rows(n: int, generator: torch.Generator) -> Tensor | None:
    """All regions (None), or MAX_ANCHORS sampled ones: the rows of a dense objective this epoch."""
    return None if n <= MAX_ANCHORS else torch.randperm(n, generator=generator)[:MAX_ANCHORS]


def chunk_order(n: int, limit: int, generator: torch.Generator) -> Tensor | None:
    """None (all ``n`` regions attend to each other) or a random order whose chunks of at most
    ``limit`` regions attend separately (attention across regions holds N² values)."""
    return None if n <= limit else torch.randperm(n, generator=generator)


def in_chunks(fn, x: Tensor, order: Tensor, limit: int) -> Tensor:
    """``fn`` over the rows of ``x`` within the chunks of ``order`` (at most ``limit`` rows each, see
    :func:`chunk_order`), the rows returned in region order."""
    chunks = order.tensor_split(math.ceil(len(order) / limit))
    return torch.cat([fn(x[chunk]) for chunk in chunks])[torch.argsort(order)]


def mobility_loss(
    source: Tensor, destination: Tensor, inp: BaselineInputs, generator: torch.Generator
) -> Tensor:
    """MVURE's mobility-distribution objective: cross-entropy between the observed P(d | s)
    (P(s | d)) and softmax over destinations (origins) of source·destination embeddings."""
    n = inp.num_regions
    src, dst = inp.od_edges
    total = source.new_zeros(())
    for rows, cols, node, prob in (
        (source, destination, src, inp.od_row),
        (destination, source, dst, inp.od_col),
    ):
        anchors = sampled_rows(n, generator)
        if anchors is None:
            lse = torch.logsumexp(rows @ cols.T, dim=1)
            sel = torch.ones_like(node, dtype=torch.bool)
        else:
            lse = torch.zeros(n, dtype=rows.dtype)
            lse[anchors] = torch.logsumexp(rows[anchors] @ cols.T, dim=1)
            sel = torch.zeros(n, dtype=torch.bool)
            sel[anchors] = True
            sel = sel[node]
        other = dst if node is src else src
        logit = (rows[node[sel]] * cols[other[sel]]).sum(-1)
        count = torch.unique(node[sel]).numel()
        total = total - (prob[sel] * (logit - lse[node[sel]])).sum() / max(count, 1)
    return total


def negative_pairs(n: int, count: int, generator: torch.Generator) -> Tensor:
    """``count`` random region pairs (i != j), the negatives of the pairwise objectives."""
    i = torch.randint(0, n, (count,), generator=generator)
    j = (i + torch.randint(1, max(n, 2), (count,), generator=generator)) % n
    return torch.stack([i, j])


def cosine(x: Tensor, pairs: Tensor) -> Tensor:
    return F.cosine_similarity(x[pairs[0]], x[pairs[1]], dim=-1, eps=1e-8)


def similarity_terms(decoded: dict[str, Tensor], inp: BaselineInputs, generator: torch.Generator):
    """MVURE's attribute objective as its paper reads, one term per attribute view: MSE between inner
    products of the view's decoded embeddings and the cosine similarity of its standardised features,
    on the kNN similarity edges plus as many random pairs (sparse, never N × N)."""
    for view, x in inp.attributes.items():
        edges = inp.similarity[view][0]
        pairs = torch.cat([edges, negative_pairs(inp.num_regions, edges.shape[1], generator)], dim=1)
        e = decoded[view]
        yield F.mse_loss((e[pairs[0]] * e[pairs[1]]).sum(-1), cosine(x, pairs))


def trip_weights(inp: BaselineInputs) -> Tensor:
    """Each OD edge's trips divided by the mean trips over all N² pairs (the code's ``mob / mean``)."""
    trips_out = torch.as_tensor(np.asarray(inp.od.sum(axis=1)).ravel(), dtype=torch.float32)
    weight = inp.od_row * trips_out[inp.od_edges[0]]  # each edge's trips
    return weight * (inp.num_regions**2 / weight.sum())


def flow_loss(
    source: Tensor,
    destination: Tensor,
    inp: BaselineInputs,
    weight: Tensor,
    rows: Tensor | None,
    eps: float = 1e-4,
) -> Tensor:
    """The mobility objective of MVURE's and HAFusion's code: −Σ_ij (T_ij / mean T) log
    softmax_j(s_i · t_j), plus the same for the incoming side (t · s against Tᵀ); ``weight`` is
    :func:`trip_weights`. HAFusion's code adds ``eps`` to the probability inside the log, MVURE's
    does not (``eps=0``). With ``rows``, over those origins (destinations) only, scaled up to all N."""
    n = inp.num_regions
    src, dst = inp.od_edges
    total = source.new_zeros(())
    for a, b, node, other in ((source, destination, src, dst), (destination, source, dst, src)):
        if rows is None:
            keep = torch.ones_like(node, dtype=torch.bool)
            lse = torch.logsumexp(a @ b.T, dim=1)
        else:
            keep = torch.zeros(n, dtype=torch.bool)
            keep[rows] = True
            keep = keep[node]
            lse = torch.zeros(n, dtype=a.dtype)
            lse[rows] = torch.logsumexp(a[rows] @ b.T, dim=1)
        i, j = node[keep], other[keep]
        log_p = (a[i] * b[j]).sum(-1) - lse[i]
        if eps:
            log_p = torch.log(torch.exp(log_p) + eps)
        scale = 1.0 if rows is None else n / len(rows)
        total = total - scale * (weight[keep] * log_p).sum()
    return total


def cosine_matrix(x: Tensor) -> Tensor:
    x = F.normalize(x, dim=1, eps=1e-8)
    return x @ x.T


def inner_products(x: Tensor) -> Tensor:
    return x @ x.T


def similarity_loss(
    decoded: Tensor, raw: Tensor, rows: Tensor | None, decoded_similarity=cosine_matrix
) -> Tensor:
    """MSE between the similarities of decoded embeddings (HAFusion's code: cosine; MVURE's: inner
    products) and the cosine similarities of the raw attributes, all pairs (or all pairs among ``rows``)."""
    if rows is not None:
        decoded, raw = decoded[rows], raw[rows]
    return F.mse_loss(decoded_similarity(decoded), cosine_matrix(raw))


def raw_attributes(ds: RegionDataset, inp: BaselineInputs) -> dict[str, Tensor]:
    """The attribute views as the dataset holds them (counts, shares, statistics; absent rows 0)."""
    return {
        name: torch.as_tensor(np.where(ds.modalities[name].present[:, None], ds.modalities[name].values, 0.0))
        for name in inp.attributes
    }


def fit(
    model: torch.nn.Module,
    loss_fn,
    options: BaselineOptions,
    generator: torch.Generator,
    reporter: Reporter = SILENT,
    stage: str = "baseline",
) -> BaselineResult:
    """Full-batch Adam on ``loss_fn(model, generator)``; early stopping on the training loss only.

    The embedding (``model.embed()``) comes from the parameters of the best-loss epoch, as in MTGRR.
    """
    start = time.perf_counter()
    deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        loop = optimise(
            model,
            lambda: (loss_fn(model, generator), {}),
            epochs=options.epochs,
            lr=options.lr,
            weight_decay=options.weight_decay,
            patience=options.patience,
            min_delta=options.min_delta,
            reporter=reporter,
            stage=stage,
        )
        model.eval()
        with torch.no_grad():
            embeddings = model.embed().detach().cpu().numpy().astype(np.float32)
    finally:
        torch.use_deterministic_algorithms(deterministic)
    return BaselineResult(
        embeddings=embeddings,
        losses=loop.losses,
        epochs_run=len(loop.losses),
        best_epoch=loop.best_epoch,
        seconds=time.perf_counter() - start,
    )
