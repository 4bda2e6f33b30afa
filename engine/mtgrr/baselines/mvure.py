"""MVURE-style baseline: a re-implementation from the paper's description, not the authors' code
(``mvure_code.py`` follows that code; both are benchmark rows, engine/docs/development.md, tenth round).

Zhang et al., "Multi-View Joint Graph Representation Learning for Urban Region Embedding",
IJCAI 2020. Views: a source-flow view and a destination-flow view (regions compared by where
their trips go / come from) and one view per region attribute (the paper: POI and check-ins;
here every aggregated modality except mobility). Each view has its own GAT over its similarity
graph; cross-view information sharing is self-attention across a region's view embeddings;
attentive multi-view fusion weights the views. Objectives, through view-specific linear
decoders of the fused embedding: mobility distribution (P(d | s) and P(s | d)) and, per
attribute view, reconstruction of the attribute cosine similarity on similarity-graph edges and
as many random pairs.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch_geometric.nn import GATConv

from ..data import RegionDataset
from ..events import SILENT, Reporter
from ..train.loop import seed_everything
from .common import (
    BaselineInputs,
    BaselineOptions,
    BaselineResult,
    fit,
    mobility_loss,
    prepare_inputs,
    similarity_terms,
)

HEADS = 4


class _ViewGAT(nn.Module):
    def __init__(self, in_dim: int, hidden: int, out_dim: int):
        super().__init__()
        self.conv1 = GATConv(in_dim, hidden // HEADS, heads=HEADS, edge_dim=1)
        self.conv2 = GATConv(hidden, out_dim, heads=1, edge_dim=1)

    def forward(self, x: Tensor, edge_index: Tensor, weight: Tensor) -> Tensor:
        w = weight.view(-1, 1)
        return self.conv2(F.elu(self.conv1(x, edge_index, w)), edge_index, w)


class MVURE(nn.Module):
    def __init__(self, inp: BaselineInputs, options: BaselineOptions):
        super().__init__()
        self.inp = inp
        self.views = ["source", "destination", *inp.attributes]
        d = options.embedding_dim
        self.encoders = nn.ModuleDict(
            {v: _ViewGAT(self._x(v).shape[1], options.hidden_dim, d) for v in self.views}
        )
        self.share = nn.MultiheadAttention(d, num_heads=1, batch_first=True)
        self.alpha = nn.Parameter(torch.tensor(0.5))
        self.view_score = nn.Sequential(nn.Linear(d, d), nn.Tanh(), nn.Linear(d, 1, bias=False))
        self.decoders = nn.ModuleDict({v: nn.Linear(d, d) for v in self.views})

    def _x(self, view: str) -> Tensor:
        return self.inp.flow_features[view] if view in self.inp.flow_features else self.inp.attributes[view]

    def _graph(self, view: str) -> tuple[Tensor, Tensor]:
        return (
            self.inp.flow_similarity[view] if view in self.inp.flow_similarity else self.inp.similarity[view]
        )

    def forward(self) -> tuple[Tensor, dict[str, Tensor]]:
        h = torch.stack(
            [self.encoders[v](self._x(v), *self._graph(v)) for v in self.views], dim=1
        )  # (N, V, D)
        shared, _ = self.share(h, h, h, need_weights=False)
        h = self.alpha * shared + (1 - self.alpha) * h
        beta = torch.softmax(self.view_score(h.mean(dim=0)).squeeze(-1), dim=0)  # one weight per view
        z = (beta.view(1, -1, 1) * h).sum(dim=1)
        return z, {v: self.decoders[v](z) for v in self.views}

    def embed(self) -> Tensor:
        return self.forward()[0]


def _loss(model: MVURE, generator: torch.Generator) -> Tensor:
    inp = model.inp
    _, out = model()
    loss = mobility_loss(out["source"], out["destination"], inp, generator)
    for term in similarity_terms(out, inp, generator):
        loss = loss + term
    return loss


def train_mvure(
    ds: RegionDataset, options: BaselineOptions | None = None, reporter: Reporter = SILENT
) -> BaselineResult:
    """Train the MVURE-style model on ``ds`` (no labels) and return the fused embedding."""
    options = options or BaselineOptions()
    inp = prepare_inputs(ds, options.knn, "MVURE")
    generator = seed_everything(options.seed)
    model = MVURE(inp, options)
    return fit(model, _loss, options, generator, reporter, "mvure")
