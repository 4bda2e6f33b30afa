"""HAFusion-style baseline: a re-implementation from the paper's description, not the authors' code.

Sun et al., "Urban Region Representation Learning with Attentive Fusion", ICDE 2024. Views: a
source-flow and a destination-flow view (regions described by where their trips go / come from)
and one view per region attribute (the paper: POI and land use; here every aggregated modality
except mobility). HALearning encodes each view: a projection, then IntraAFL, self-attention across
all regions (a transformer encoder layer over the N regions as one sequence), then InterAFL,
external attention across a region's view embeddings with memory units shared by all views,
blended with the intra-view embedding by a learned weight. DAFusion fuses the views: ViewFusion
gives one weight per view (pairwise view attention logits averaged over regions, softmax over
views), and RegionFusion applies self-attention across regions to the weighted sum. Objectives,
through view-specific linear decoders and without labels: the mobility distribution (P(d | s),
P(s | d)) for the flow views and, per attribute view, reconstruction of the view's cosine
similarity by inner products (as MVURE).

Departures from the paper: the single mobility view becomes the two flow views of the other
baselines, fed the N-long OD rows (out-rows, in-rows) as log1p counts standardised per column
(their SVD-32 summary above DENSE_OD_MAX_REGIONS regions), not the raw counts; the
similarity is reconstructed on the kNN similarity edges and as many random pairs, not as the full
N × N matrix; IntraAFL's extra features from the region-pair attention maps are left out; one layer
per block and no dropout (so the training loss that early stopping reads is not made noisier). Self-attention
over N regions costs O(N²) memory: above MAX_ANCHORS regions it runs within random chunks of at most
that many regions, a fresh partition each epoch and a fixed seeded one for the final embedding.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..data import RegionDataset
from ..events import SILENT, Reporter
from ..train.loop import seed_everything
from .common import (
    MAX_ANCHORS,
    BaselineInputs,
    BaselineOptions,
    BaselineResult,
    fit,
    mobility_loss,
    od_rows,
    prepare_inputs,
    similarity_terms,
)

HEADS = 4
MEMORY_UNITS = 8
"""InterAFL's external memory: keys and values shared by every view."""


def _order(n: int, generator: torch.Generator) -> Tensor | None:
    """None (all regions attend to each other) or a random order whose chunks attend separately."""
    return None if n <= MAX_ANCHORS else torch.randperm(n, generator=generator)


def _attend(layer: nn.Module, x: Tensor, order: Tensor | None) -> Tensor:
    """``layer`` over the regions of ``x`` (N, H) as one sequence, or within chunks of ``order``."""
    if order is None:
        return layer(x.unsqueeze(0)).squeeze(0)
    chunks = order.tensor_split(math.ceil(len(order) / MAX_ANCHORS))
    out = torch.cat([layer(x[chunk].unsqueeze(0)).squeeze(0) for chunk in chunks])
    return out[torch.argsort(order)]


def _encoder(h: int) -> nn.Module:
    return nn.TransformerEncoderLayer(h, HEADS, dim_feedforward=2 * h, dropout=0.0, batch_first=True)


class HAFusion(nn.Module):
    def __init__(self, inp: BaselineInputs, options: BaselineOptions, generator: torch.Generator):
        super().__init__()
        self.inp = inp
        self.views = ["source", "destination", *inp.attributes]
        self.flow_inputs = od_rows(inp)
        h, d = options.hidden_dim, options.embedding_dim
        self.project = nn.ModuleDict({v: nn.Linear(self._x(v).shape[1], h) for v in self.views})
        self.intra = nn.ModuleDict({v: _encoder(h) for v in self.views})
        self.memory_keys = nn.Linear(h, MEMORY_UNITS, bias=False)
        self.memory_values = nn.Linear(MEMORY_UNITS, h, bias=False)
        self.inter_gate = nn.Parameter(torch.tensor(0.0))
        self.view_proj = nn.Linear(h, h, bias=False)
        self.view_query, self.view_key = nn.Linear(h, 1), nn.Linear(h, 1)
        self.region = _encoder(h)
        self.output = nn.Sequential(nn.Linear(h, h), nn.LeakyReLU(0.3), nn.Linear(h, d))
        self.decoders = nn.ModuleDict({v: nn.Linear(d, d) for v in self.views})
        self.order = _order(inp.num_regions, generator)  # the chunks of the final embedding

    def _x(self, view: str) -> Tensor:
        return self.flow_inputs[view] if view in self.flow_inputs else self.inp.attributes[view]

    def _inter(self, h: Tensor) -> Tensor:
        """InterAFL on (N, V, H): external attention, normalised over views and then memory units."""
        attention = torch.softmax(self.memory_keys(h), dim=1)
        attention = attention / attention.sum(dim=2, keepdim=True)
        gate = torch.sigmoid(self.inter_gate)
        return (1 - gate) * h + gate * self.memory_values(attention)

    def _view_weights(self, h: Tensor) -> Tensor:
        """ViewFusion: one weight per view, from view-pair logits averaged over regions and partners."""
        s = self.view_proj(h)
        logits = F.leaky_relu(self.view_query(s) + self.view_key(s).transpose(1, 2), 0.3)  # (N, V, V)
        return torch.softmax(logits.mean(dim=(0, 2)), dim=0)

    def forward(self, order: Tensor | None) -> tuple[Tensor, dict[str, Tensor], Tensor]:
        h = torch.stack(
            [_attend(self.intra[v], F.relu(self.project[v](self._x(v))), order) for v in self.views], dim=1
        )  # (N, V, H)
        h = self._inter(h)
        beta = self._view_weights(h)
        z = self.output(_attend(self.region, (beta.view(1, -1, 1) * h).sum(dim=1), order))
        return z, {v: self.decoders[v](z) for v in self.views}, beta

    def embed(self) -> Tensor:
        return self(self.order)[0]


def _loss(model: HAFusion, generator: torch.Generator) -> Tensor:
    inp = model.inp
    _, out, _ = model(_order(inp.num_regions, generator))
    loss = mobility_loss(out["source"], out["destination"], inp, generator)
    for term in similarity_terms(out, inp, generator):
        loss = loss + term
    return loss


def train_hafusion(
    ds: RegionDataset, options: BaselineOptions | None = None, reporter: Reporter = SILENT
) -> BaselineResult:
    """Train the HAFusion-style model on ``ds`` (no labels) and return the fused embedding;
    ``extra["view_weights"]`` holds ViewFusion's weight per view at the kept (best-loss) epoch."""
    options = options or BaselineOptions()
    inp = prepare_inputs(ds, options.knn, "HAFusion")
    generator = seed_everything(options.seed)
    model = HAFusion(inp, options, generator)
    result = fit(model, _loss, options, generator, reporter, "hafusion")
    with torch.no_grad():
        beta = model(model.order)[2]
    result.extra["view_weights"] = dict(zip(model.views, beta.tolist(), strict=True))
    return result
