"""HREP-style baseline: a re-implementation from the paper's description, not the authors' code.

Zhou et al., "Heterogeneous Region Embedding with Prompt Learning", AAAI 2023. One heterogeneous
region graph with several relations: taxi flows (origin → destination and back), geographic
neighbourhood, and one attribute-similarity relation per region attribute (the paper: POI).
Each layer applies a relation-specific GCN (own weights per relation) and combines the relations
with learned relation attention, plus a residual. Objectives per relation: the mobility
distribution for the flow relations (as MVURE) and, for neighbourhood and attribute relations,
edge reconstruction against random negatives. The embedding is the prompt-free one (the last
layer's output); HREP's prompt learning needs labels and is left out. Departure from the paper:
the initial node representation is a projection of the region attributes rather than a free
embedding table, so that the inputs match the other methods'.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch_geometric.nn import GCNConv

from ..data import RegionDataset
from ..events import SILENT, Reporter
from ..train.loop import seed_everything
from .common import (
    BaselineInputs,
    BaselineOptions,
    BaselineResult,
    fit,
    mobility_loss,
    negative_pairs,
    prepare_inputs,
)

LAYERS = 2


def _relations(inp: BaselineInputs) -> dict[str, tuple[Tensor, Tensor]]:
    src, dst = inp.od_edges
    # messages flow from a destination to its origin (and back), weighted by the trip shares
    relations = {
        "flow_out": (torch.stack([dst, src]), inp.od_row),
        "flow_in": (torch.stack([src, dst]), inp.od_col),
        "geo": inp.adjacency,
    }
    relations.update({f"sim_{name}": graph for name, graph in inp.similarity.items()})
    return relations


class HREP(nn.Module):
    def __init__(self, inp: BaselineInputs, options: BaselineOptions):
        super().__init__()
        self.inp = inp
        self.relations = _relations(inp)
        self.x = torch.cat([*inp.attributes.values(), *inp.flow_features.values()], dim=1)
        h, d = options.hidden_dim, options.embedding_dim
        self.input = nn.Linear(self.x.shape[1], h)
        self.convs = nn.ModuleList(
            nn.ModuleDict({r: GCNConv(h, h, cached=True) for r in self.relations}) for _ in range(LAYERS)
        )
        self.attention = nn.ModuleList(
            nn.Sequential(nn.Linear(h, h), nn.Tanh(), nn.Linear(h, 1, bias=False)) for _ in range(LAYERS)
        )
        self.output = nn.Linear(h, d)
        self.heads = nn.ModuleDict({r: nn.Linear(d, d) for r in ("source", "destination", *self._pairwise())})

    def _pairwise(self) -> list[str]:
        return [r for r in self.relations if not r.startswith("flow")]

    def embed(self) -> Tensor:
        h = F.leaky_relu(self.input(self.x))
        for convs, attention in zip(self.convs, self.attention, strict=True):
            per_relation = torch.stack([conv(h, *self.relations[r]) for r, conv in convs.items()], dim=1)
            beta = torch.softmax(attention(per_relation.mean(dim=0)).squeeze(-1), dim=0)
            h = F.leaky_relu((beta.view(1, -1, 1) * per_relation).sum(dim=1)) + h
        return self.output(h)


def _loss(model: HREP, generator: torch.Generator) -> Tensor:
    inp = model.inp
    z = model.embed()
    loss = mobility_loss(model.heads["source"](z), model.heads["destination"](z), inp, generator)
    for relation in model._pairwise():
        edges = model.relations[relation][0]
        e = model.heads[relation](z)
        negatives = negative_pairs(inp.num_regions, edges.shape[1], generator)
        pos = (e[edges[0]] * e[edges[1]]).sum(-1)
        neg = (e[negatives[0]] * e[negatives[1]]).sum(-1)
        loss = loss + F.softplus(-pos).mean() + F.softplus(neg).mean()
    return loss


def train_hrep(
    ds: RegionDataset, options: BaselineOptions | None = None, reporter: Reporter = SILENT
) -> BaselineResult:
    """Train the HREP-style model on ``ds`` (no labels) and return its prompt-free embedding."""
    options = options or BaselineOptions()
    inp = prepare_inputs(ds, options.knn, "HREP")
    generator = seed_everything(options.seed)
    model = HREP(inp, options)
    return fit(model, _loss, options, generator, reporter, "hrep")
