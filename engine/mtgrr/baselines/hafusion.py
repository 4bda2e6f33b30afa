"""HAFusion-style baseline: a re-implementation after the paper and the configuration of the authors'
public code for NYC, written for this engine (no code of theirs).

Sun et al., "Urban Region Representation Learning with Attentive Fusion", ICDE 2024. Views: one
mobility view (each region's OD out-row of trip counts) and one view per region attribute (the
paper: POI and land use; here every aggregated modality except mobility), all as raw values, as the
authors feed them. HALearning encodes each view: a linear projection with ReLU and dropout, then
IntraAFL — blocks of self-attention across all regions (the N regions as one sequence) whose
output also receives features read from the region-pair attention map, then an MLP — and InterAFL,
chained blocks of external attention across a region's view embeddings with memory units shared by
all views, then an MLP, blended with the IntraAFL output by two learned weights (0.1 and 0.9 at the
start). DAFusion fuses the views: ViewFusion gives one weight per view (pairwise view attention
logits averaged over regions, softmax over views) and RegionFusion applies self-attention blocks
across regions to the weighted sum, then an MLP; a last MLP gives the embedding. Objectives, through
linear decoders and without labels, as in the authors' code: the mobility term is the cross-entropy
of softmax_j(s_i · t_j) (and of t · s for the incoming side) weighted by the trip counts divided by
their mean, summed; each attribute view's term is the MSE between the cosine similarities of its
decoded embeddings and those of its raw attributes, over all region pairs.

Departures from the authors' code, all measured or forced by the inputs:
- widths: the benchmark's shared 64-d embedding, 128 hidden units, a 256-unit feed-forward layer and
  8 memory units (the code sizes them per city from its number of regions: 144, 180, 2048 and 72 for
  NYC; the smaller widths scored as well on NYC-180 and run twice as fast, engine/docs/development.md, seventh round);
- the mobility view comes from the benchmark's own OD table without self-trips (the code's second OD
  matrix has no documented provenance) and is projected to the hidden width with ReLU and dropout
  like the other views (the code feeds the N-long rows unprojected to layers N wide); above
  DENSE_OD_MAX_REGIONS regions it is the standardised SVD summary of the row-normalised OD rows;
- the similarity targets are cosine similarities of the raw attributes (the code loads precomputed
  ``*_simi.npy`` matrices whose construction it does not show); a region without a modality is a
  zero row with target 0 against every region, as a zero row would be in the code's inputs;
- ViewFusion projects each region's view embeddings and averages the pair logits over regions (the
  code's 1-d convolution runs over the regions as channels, which works only because its hidden
  width equals the number of regions, and averages over hidden units);
- 300 epochs with early stopping on the training loss, the embedding read in eval mode (the code's
  default is 31 epochs, the data README's re-run used 2,000; it scores the train-mode embedding on
  the *test* labels every 30 epochs and keeps the best);
- above ATTENTION_CHUNK regions self-attention (O(N²) memory, c × N² for the pair features) runs
  within random chunks of at most that many regions, a fresh partition each epoch and a fixed seeded
  one for the final embedding; above MAX_ANCHORS regions the mobility and similarity terms use that
  many sampled regions (rows) per epoch.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.utils.checkpoint import checkpoint

from ..data import RegionDataset
from ..evaluate.baselines import DENSE_OD_MAX_REGIONS
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
    prepare_inputs,
    raw_attributes,
    sampled_rows,
    similarity_loss,
    trip_weights,
    with_code_settings,
)

HEADS = 4
BLOCKS = 3
"""Blocks of IntraAFL, InterAFL and RegionFusion each (the code's NYC setting)."""
PAIR_CHANNELS = 32
"""IntraAFL's channels read from the region-pair attention map (the code's ``c``)."""
MEMORY_UNITS = 8
"""InterAFL's external memory: keys and values shared by every view."""
DROPOUT = 0.1
ATTENTION_CHUNK = 512
"""Most regions one self-attention sees at once (the pair features hold c × N² values per block)."""
SETTINGS = {"lr": 5e-4, "weight_decay": 5e-4}
"""The code's optimiser settings, used where the options keep the shared defaults."""


def _order(n: int, generator: torch.Generator) -> Tensor | None:
    return chunk_order(n, ATTENTION_CHUNK, generator)  # read at call time: tests shrink ATTENTION_CHUNK


def _attend(blocks: nn.Sequential, x: Tensor, order: Tensor | None) -> Tensor:
    """``blocks`` over the regions of ``x`` (N, H) as one sequence, or within chunks of ``order``.

    Chunked (large cities), each block is checkpointed while grad is enabled: backward recomputes
    its attention maps and pair features instead of keeping every block's and chunk's (same values:
    dropout's random state is replayed; at 1,500 regions 6.8 → 2.1 GB peak and, with less to
    allocate, 9.9 → 7.0 s an epoch, README)."""
    if order is None:
        return blocks(x.unsqueeze(0)).squeeze(0)

    def run(rows: Tensor) -> Tensor:
        y = rows.unsqueeze(0)
        for block in blocks:
            y = checkpoint(block, y, use_reentrant=False) if torch.is_grad_enabled() else block(y)
        return y.squeeze(0)

    return in_chunks(run, x, order, ATTENTION_CHUNK)


def _mlp(i: int, o: int) -> nn.Module:
    """The code's ``DeepFc``: widen twice, LeakyReLU, project."""
    return nn.Sequential(
        nn.Linear(i, 2 * i),
        nn.Linear(2 * i, 2 * i),
        nn.LeakyReLU(0.3),
        nn.Linear(2 * i, o),
        nn.LeakyReLU(0.3),
    )


class AttentionBlock(nn.Module):
    """Post-norm transformer block over (1, N, H); with ``pair_channels``, IntraAFL's block: the
    head-averaged attention map is expanded to c channels, and each region's softmax-weighted sum
    over its row (one value per channel) is projected and added to the attention output."""

    def __init__(self, h: int, pair_channels: int = 0):
        super().__init__()
        self.attention = nn.MultiheadAttention(h, HEADS, dropout=DROPOUT, batch_first=True)
        self.feed_forward = nn.Sequential(
            nn.Linear(h, 2 * h), nn.ReLU(), nn.Dropout(DROPOUT), nn.Linear(2 * h, h)
        )
        self.norm1, self.norm2 = nn.LayerNorm(h), nn.LayerNorm(h)
        self.drop1, self.drop2 = nn.Dropout(DROPOUT), nn.Dropout(DROPOUT)
        self.pairs = None
        if pair_channels:
            self.pairs = nn.Conv2d(1, pair_channels, kernel_size=1)
            self.pair_proj = nn.Linear(pair_channels, h)

    def forward(self, x: Tensor) -> Tensor:
        a, scores = self.attention(x, x, x)
        if self.pairs is not None:
            e = self.pairs(scores.unsqueeze(1))  # (1, c, N, N)
            a = a + self.pair_proj((e.softmax(dim=-1) * e).sum(dim=-1).transpose(1, 2))
        x = self.norm1(x + self.drop1(a))
        return self.norm2(x + self.drop2(self.feed_forward(x)))


class Stack(nn.Module):
    """IntraAFL (with pair features) or RegionFusion: BLOCKS attention blocks, then an MLP."""

    def __init__(self, h: int, pair_channels: int = 0):
        super().__init__()
        self.blocks = nn.Sequential(*[AttentionBlock(h, pair_channels) for _ in range(BLOCKS)])
        self.mlp = _mlp(h, h)

    def forward(self, x: Tensor, order: Tensor | None) -> Tensor:
        return self.mlp(_attend(self.blocks, x, order))


class InterAFL(nn.Module):
    """Chained external attention on (N, V, H): memory keys normalised over views, then over units."""

    def __init__(self, h: int):
        super().__init__()
        self.keys = nn.ModuleList([nn.Linear(h, MEMORY_UNITS, bias=False) for _ in range(BLOCKS)])
        self.values = nn.ModuleList([nn.Linear(MEMORY_UNITS, h, bias=False) for _ in range(BLOCKS)])
        for layer in (*self.keys, *self.values):
            nn.init.normal_(layer.weight, std=0.001)  # as the code
        self.mlp = _mlp(h, h)

    def forward(self, h: Tensor) -> Tensor:
        for keys, values in zip(self.keys, self.values, strict=True):
            attention = torch.softmax(keys(h), dim=1)
            h = values(attention / attention.sum(dim=2, keepdim=True))
        return self.mlp(h)


def _flow_input(inp: BaselineInputs) -> Tensor:
    """The mobility view: OD out-rows as trip counts (N, N); their SVD summary above DENSE_OD_MAX_REGIONS."""
    if inp.num_regions > DENSE_OD_MAX_REGIONS:
        return inp.flow_features["source"]
    return torch.as_tensor(inp.od.toarray(), dtype=torch.float32)


class HAFusion(nn.Module):
    def __init__(self, inp: BaselineInputs, raw: dict[str, Tensor], options: BaselineOptions, generator):
        super().__init__()
        self.inp = inp
        self.inputs = {"mobility": _flow_input(inp), **raw}
        self.views, self.attributes = list(self.inputs), list(raw)
        self.trip_weight = trip_weights(inp)  # fixed: computed once, not every epoch
        h, d = options.hidden_dim, options.embedding_dim
        self.project = nn.ModuleDict({v: nn.Linear(x.shape[1], h) for v, x in self.inputs.items()})
        self.drop = nn.Dropout(DROPOUT)
        self.intra = nn.ModuleDict({v: Stack(h, PAIR_CHANNELS) for v in self.views})
        self.inter = InterAFL(h)
        self.blend = nn.Parameter(torch.tensor([0.1, 0.9]))  # IntraAFL, InterAFL
        self.view_proj = nn.Linear(h, h // 2, bias=False)
        self.view_query, self.view_key = nn.Linear(h // 2, 1), nn.Linear(h // 2, 1)
        self.region = Stack(h)
        self.output = _mlp(h, d)
        self.decoders = nn.ModuleDict({v: nn.Linear(d, d) for v in ("source", "destination", *raw)})
        self.order = _order(inp.num_regions, generator)  # the chunks of the final embedding

    def _view_weights(self, h: Tensor) -> Tensor:
        """ViewFusion: one weight per view, from view-pair logits averaged over regions and partners."""
        s = self.view_proj(h)
        logits = F.leaky_relu(self.view_query(s) + self.view_key(s).transpose(1, 2), 0.3)  # (N, V, V)
        return torch.softmax(logits.mean(dim=(0, 2)), dim=0)

    def forward(self, order: Tensor | None) -> tuple[Tensor, dict[str, Tensor], Tensor]:
        h = torch.stack(
            [self.intra[v](self.drop(F.relu(self.project[v](x))), order) for v, x in self.inputs.items()],
            dim=1,
        )  # (N, V, H)
        blend = self.blend / self.blend.sum()
        h = blend[0] * h + blend[1] * self.inter(h)
        beta = self._view_weights(h)
        z = self.output(self.region((beta.view(1, -1, 1) * h).sum(dim=1), order))
        return z, {v: self.decoders[v](z) for v in self.decoders}, beta

    def embed(self) -> Tensor:
        return self(self.order)[0]


def _loss(model: HAFusion, generator: torch.Generator) -> Tensor:
    inp = model.inp
    _, out, _ = model(_order(inp.num_regions, generator))
    rows = sampled_rows(inp.num_regions, generator)
    loss = flow_loss(out["source"], out["destination"], inp, model.trip_weight, rows)
    for view in model.attributes:
        loss = loss + similarity_loss(out[view], model.inputs[view], rows)
    return loss


def train_hafusion(
    ds: RegionDataset, options: BaselineOptions | None = None, reporter: Reporter = SILENT
) -> BaselineResult:
    """Train the HAFusion-style model on ``ds`` (no labels) and return the fused embedding;
    ``extra["view_weights"]`` holds ViewFusion's weight per view at the kept (best-loss) epoch.
    Learning rate and weight decay are the code's unless ``options`` changes them from the shared defaults."""
    options = with_code_settings(options or BaselineOptions(), SETTINGS)
    inp = prepare_inputs(ds, options.knn, "HAFusion")
    generator = seed_everything(options.seed)
    model = HAFusion(inp, raw_attributes(ds, inp), options, generator)
    result = fit(model, _loss, options, generator, reporter, "hafusion")
    with torch.no_grad():
        beta = model(model.order)[2]
    result.extra["view_weights"] = dict(zip(model.views, beta.tolist(), strict=True))
    return result
