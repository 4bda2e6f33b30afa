"""MVURE-style baseline after the authors' public code, written for this engine (no code of theirs);
``mvure.py`` is the reading of the paper alone, the stronger of the two on the regression targets here
(engine/docs/development.md, tenth round).

Zhang et al., "Multi-View Joint Graph Representation Learning for Urban Region Embedding", IJCAI
2020. As in the authors' code, the node features are random (uniform in [−1, 1], 250 per region,
each row standardised): what a region is comes only from the graphs each view attends over and from
the objectives. Views: a source and a destination mobility view, whose graph attention runs over
the OD matrix pruned to 20 entries per row and column (the code builds both views' masks from that
one matrix), and one view per region attribute (the paper:
POI and check-ins; here every aggregated modality except mobility — check-ins are a label on
NYC-180), over its mutual 15 nearest neighbours by cosine similarity (pruned the same way). Each view is one multi-head
graph attention layer with ReLU. The code's "self-attention" step then runs within each view
across all regions (its attention matrices are N × N, not across a region's views as the paper's
text reads; here as in the code): four query/key maps shared by the views, the four attended
outputs averaged and blended 0.8 : 0.2 with the view's own embedding. Multi-view fusion: a sigmoid
gate per view and dimension from one shared linear map, and the gated views summed — the embedding.
Each view's output for the objectives is half its embedding, half the fused one. Objectives, as in
the code: the trip-weighted cross-entropy of the softmax over destinations and, for the incoming
side, over origins of one origin-destination score (:func:`mtgrr.baselines.common.flow_loss`,
without HAFusion's ε; the code scores t_o · s_d, here s_o · t_d — the two views are built alike, so
only their names swap) and, per attribute view, the MSE between the inner products of its outputs
and the attribute similarity, over all region pairs.

Departures from the authors' code, forced by the inputs or shared by every method of the benchmark:
- the attribute similarity is the cosine similarity of the raw attributes (the code loads
  precomputed ``*_simi.npy`` matrices whose construction it does not show); a region without a
  modality is a zero row with similarity 0 to every region and only itself in its attention mask;
- pruning (``top_k_mask``): an entry is kept if it is among the k largest of its row and of its
  column in the unpruned matrix; the code prunes column i, then row i, for each i in turn against
  the partly pruned matrix, which keeps a few more (about 5 % more OD edges at 180 regions, k = 20;
  for a similarity matrix the code's diagonal also takes one of a region's 15 places, here it does
  not); the OD matrix has no self-trips (the code's keeps its diagonal, in the masks and the loss);
- widths: the benchmark's shared 64-d embedding as 8 heads of 8 (the code: 12 heads of 12), and
  PyTorch's default initialisation (the code: Glorot weights);
- the code's schedule, 5,000 epochs without early stopping (the benchmark's patience stopped it near
  epoch 900, well short of where its loss settles; engine/docs/development.md, tenth round), but the embedding of the
  best-loss epoch read in eval mode (the code keeps the last training step's output, dropout on);
- above MAX_ANCHORS regions the dense objectives use that many sampled regions per epoch, and above
  ATTENTION_CHUNK regions the attention across regions runs within random chunks of at most that
  many (a fresh partition each epoch, a fixed seeded one for the final embedding).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.neighbors import NearestNeighbors
from torch import Tensor, nn
from torch_geometric.nn import GATConv

from ..data import RegionDataset
from ..events import SILENT, Reporter
from ..train.loop import seed_everything
from .common import (
    BaselineInputs,
    BaselineOptions,
    BaselineResult,
    chunk_order,
    fit,
    flow_loss,
    in_chunks,
    inner_products,
    prepare_inputs,
    raw_attributes,
    sampled_rows,
    similarity_loss,
    trip_weights,
    with_code_settings,
)

RANDOM_FEATURES = 250
HEADS = 8
COEFFICIENT_DROPOUT = 0.2
FLOW_TOP_K = 20
SIMILARITY_TOP_K = 15
SHARE_PAIRS, SHARE_DIM, SHARE_BLEND = 4, 48, 0.8
ATTENTION_CHUNK = 1024
"""Most regions one attention across regions sees at once (its maps hold views × N² values)."""
OUTPUT_BLEND = 0.5
SETTINGS = {"lr": 1e-3, "weight_decay": 0.0, "epochs": 5000, "patience": 5000}
"""The code's optimiser settings and schedule (its L2 term is commented out: no weight decay; no
early stopping), used where the options keep the shared defaults."""


def top_k_mask(i: np.ndarray, j: np.ndarray, value: np.ndarray, k: int) -> np.ndarray:
    """Message edges (source j → target i) for the entries (i, j) of a sparse matrix that are among
    the ``k`` largest of row i and of column j of the unpruned matrix (ties by position)."""
    keep = np.ones(i.size, dtype=bool)
    for group in (i, j):
        order = np.lexsort((-value, group))
        first = np.searchsorted(group[order], group[order], side="left")
        rank = np.empty(i.size, dtype=np.int64)
        rank[order] = np.arange(i.size) - first
        keep &= rank < k
    keep &= value > 0
    return np.vstack([j[keep], i[keep]])


def similarity_mask(raw: np.ndarray, present: np.ndarray, k: int) -> np.ndarray:
    """Mutual ``k`` nearest neighbours by cosine similarity among the present regions: the code's
    row-and-column pruning of a symmetric similarity matrix, without building it."""
    rows = np.flatnonzero(present)
    if rows.size < 2:
        return np.zeros((2, 0), dtype=np.int64)
    k_eff = min(k, rows.size - 1)
    dist, idx = NearestNeighbors(n_neighbors=k_eff + 1, metric="cosine").fit(raw[rows]).kneighbors(raw[rows])
    i, j = np.repeat(rows, k_eff), rows[idx[:, 1:].ravel()]
    similarity = 1.0 - dist[:, 1:].ravel() + 1e-6  # > 0, so that the mask keeps orthogonal neighbours
    # each candidate pair once in both directions, as the entries of a symmetric matrix
    pairs, first = np.unique(
        np.concatenate([np.stack([i, j]), np.stack([j, i])], axis=1), axis=1, return_index=True
    )
    return top_k_mask(pairs[0], pairs[1], np.concatenate([similarity] * 2)[first], k_eff)


def _order(n: int, generator: torch.Generator) -> Tensor | None:
    return chunk_order(n, ATTENTION_CHUNK, generator)  # read at call time: tests shrink ATTENTION_CHUNK


def random_features(n: int, generator: torch.Generator) -> Tensor:
    """The code's node features: uniform in [−1, 1], each row standardised."""
    x = torch.rand(n, RANDOM_FEATURES, generator=generator) * 2 - 1
    return (x - x.mean(dim=1, keepdim=True)) / x.std(dim=1, unbiased=False, keepdim=True)


class MVURECode(nn.Module):
    def __init__(
        self,
        inp: BaselineInputs,
        raw: dict[str, Tensor],
        masks: dict[str, Tensor],
        options: BaselineOptions,
        generator: torch.Generator,
    ):
        super().__init__()
        self.inp, self.raw, self.masks = inp, raw, masks
        self.views = list(masks)
        self.attributes = list(raw)
        self.x = random_features(inp.num_regions, generator)
        d = options.embedding_dim
        heads = HEADS if d % HEADS == 0 else 1
        self.encoders = nn.ModuleDict(
            {
                v: GATConv(RANDOM_FEATURES, d // heads, heads=heads, dropout=COEFFICIENT_DROPOUT)
                for v in self.views
            }
        )
        self.queries = nn.ModuleList(nn.Linear(d, SHARE_DIM) for _ in range(SHARE_PAIRS))
        self.keys = nn.ModuleList(nn.Linear(d, SHARE_DIM) for _ in range(SHARE_PAIRS))
        self.gate = nn.Linear(d, d)
        self.trip_weight = trip_weights(inp)
        self.order = _order(inp.num_regions, generator)  # the chunks of the final embedding

    def _across_regions(self, h: Tensor) -> Tensor:
        """(n, V, D) → each view's regions attending to each other, averaged over the query/key maps."""
        per_view = h.transpose(0, 1)  # (V, n, D)
        attended = [
            torch.softmax(q(per_view) @ k(per_view).transpose(1, 2) / SHARE_DIM**0.5, dim=-1) @ per_view
            for q, k in zip(self.queries, self.keys, strict=True)
        ]
        return torch.stack(attended).mean(dim=0).transpose(0, 1)

    def forward(self, order: Tensor | None) -> tuple[Tensor, dict[str, Tensor]]:
        h = torch.stack(
            [F.relu(self.encoders[v](self.x, self.masks[v])) for v in self.views], dim=1
        )  # (N, V, D)
        if order is None:
            shared = self._across_regions(h)
        else:
            shared = in_chunks(self._across_regions, h, order, ATTENTION_CHUNK)
        h = SHARE_BLEND * shared + (1 - SHARE_BLEND) * h
        z = (torch.sigmoid(self.gate(h)) * h).sum(dim=1)
        outputs = {v: OUTPUT_BLEND * h[:, k] + (1 - OUTPUT_BLEND) * z for k, v in enumerate(self.views)}
        return z, outputs

    def embed(self) -> Tensor:
        return self(self.order)[0]


def _loss(model: MVURECode, generator: torch.Generator) -> Tensor:
    inp = model.inp
    _, out = model(_order(inp.num_regions, generator))
    rows = sampled_rows(inp.num_regions, generator)
    loss = flow_loss(out["source"], out["destination"], inp, model.trip_weight, rows, eps=0.0)
    for view in model.attributes:
        loss = loss + similarity_loss(out[view], model.raw[view], rows, inner_products)
    return loss


def _masks(ds: RegionDataset, inp: BaselineInputs) -> dict[str, Tensor]:
    od = inp.od.tocoo()
    flows = torch.as_tensor(top_k_mask(od.row, od.col, od.data.astype(np.float64), FLOW_TOP_K))
    masks = {"source": flows, "destination": flows}
    for name in inp.attributes:
        mod = ds.modalities[name]
        masks[name] = torch.as_tensor(
            similarity_mask(np.asarray(mod.values, float), mod.present, SIMILARITY_TOP_K)
        )
    return masks


def train_mvure_code(
    ds: RegionDataset, options: BaselineOptions | None = None, reporter: Reporter = SILENT
) -> BaselineResult:
    """Train the MVURE-style model after its code on ``ds`` (no labels) and return the fused embedding.
    Learning rate, weight decay, epochs and patience are the code's unless ``options`` changes them
    from the shared defaults."""
    options = with_code_settings(options or BaselineOptions(), SETTINGS)
    inp = prepare_inputs(ds, options.knn, "MVURE")
    generator = seed_everything(options.seed)
    model = MVURECode(inp, raw_attributes(ds, inp), _masks(ds, inp), options, generator)
    return fit(model, _loss, options, generator, reporter, "mvure-code")
