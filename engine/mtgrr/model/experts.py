"""Modality experts: one GNN per aggregated modality, interchangeable behind one interface.

Every expert is ``Expert(in_dim, hidden, out_dim, dropout)`` with ``forward(x, graphs)``, where
``graphs`` maps a graph name (``adjacency``, ``mobility``, ``knn_poi``...) to an
``(edge_index, edge_weight)`` pair of the edge sets that modality uses (:data:`EXPERT_GRAPHS`).
Defaults: flow-aware for mobility, GCN for POI and land use, GIN for roads, GraphSAGE for remote
sensing (model.md suggests GAT for POI: it ignores the similarity weights and was never better on
the development city, engine/docs/development.md); the job's ``[model.experts]`` overrides any of them and
:data:`EXPERTS` maps names to classes, so the "identical experts" ablation can use one
architecture (GCN) for all.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch_geometric.nn import GATConv, GCNConv, GINConv, GraphConv, SAGEConv
from torch_geometric.utils import coalesce

Graphs = dict[str, tuple[Tensor, Tensor]]

EXPERT_GRAPHS: dict[str, tuple[str, ...]] = {
    "poi": ("knn_poi", "adjacency"),
    "mobility": ("mobility", "adjacency"),
    "landuse": ("knn_landuse", "adjacency"),
    "roads": ("roads", "adjacency"),
    "remote_sensing": ("knn_remote_sensing", "adjacency"),
}
"""Graphs each aggregated modality's expert reads (those missing from a dataset are skipped); with typed
relations, one convolution each, in this order."""

DEFAULT_EXPERTS = {
    "poi": "gcn",
    "mobility": "flow",
    "landuse": "gcn",
    "roads": "gin",
    "remote_sensing": "sage",
}
IDENTICAL_EXPERT = "gcn"


def union_graph(graphs: Graphs, num_nodes: int) -> tuple[Tensor, Tensor]:
    """One edge set from several (duplicate edges keep their largest weight)."""
    if not graphs:
        empty = torch.empty(2, 0, dtype=torch.long)
        return empty, torch.empty(0)
    ei = torch.cat([g[0] for g in graphs.values()], dim=1)
    ew = torch.cat([g[1] for g in graphs.values()])
    return coalesce(ei, ew, num_nodes, reduce="max")


class Expert(nn.Module):
    """Input projection → ``layers`` residual graph convolutions → output projection.

    With ``relations`` (the names of the graphs the modality reads), each layer runs one convolution per
    relation and mixes their outputs with a linear map, as R-GCN does: a region's contiguous neighbours and
    the regions most like it are different evidence, and one mean over their union blurs what the
    neighbourhood holds (its commerce, its contrast with the region; 21st development round). Without
    (model files written before that round), one convolution reads the union of the graphs.
    Subclasses only say which convolution they use and whether it reads edge weights.
    """

    uses_weight = False
    num_layers = 2

    def __init__(
        self, in_dim: int, hidden: int, out_dim: int, dropout: float = 0.1, relations: tuple[str, ...] = ()
    ):
        super().__init__()
        self.relations = tuple(relations)
        self.lin_in = nn.Linear(in_dim, hidden)
        self.convs = nn.ModuleList([self.make_layer(hidden) for _ in range(self.num_layers)])
        self.norms = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(self.num_layers)])
        self.lin_out = nn.Linear(hidden, out_dim)
        self.dropout = nn.Dropout(dropout)

    def make_conv(self, hidden: int) -> nn.Module:
        raise NotImplementedError

    def make_layer(self, hidden: int) -> nn.Module:
        if len(self.relations) < 2:
            return self.make_conv(hidden)
        branches = {r: self.make_conv(hidden) for r in self.relations}
        return nn.ModuleDict({**branches, "mix": nn.Linear(len(self.relations) * hidden, hidden)})

    def apply_conv(self, conv: nn.Module, h: Tensor, graph: tuple[Tensor, Tensor]) -> Tensor:
        ei, ew = graph[0].to(h.device), graph[1].to(h.device)
        return conv(h, ei, ew) if self.uses_weight else conv(h, ei)

    def conv(self, layer: int, h: Tensor, graphs: Graphs) -> Tensor:
        if len(self.relations) < 2:
            return self.apply_conv(self.convs[layer], h, union_graph(graphs, h.shape[0]))
        c = self.convs[layer]
        # a relation missing from this dataset contributes nothing, as a region without such neighbours
        outs = [
            self.apply_conv(c[r], h, graphs[r]) if r in graphs else torch.zeros_like(h)
            for r in self.relations
        ]
        return c["mix"](torch.cat(outs, dim=1))

    def forward(self, x: Tensor, graphs: Graphs) -> Tensor:
        h = torch.relu(self.lin_in(x))
        for layer in range(self.num_layers):
            h = self.norms[layer](h + self.dropout(torch.relu(self.conv(layer, h, graphs))))
        return self.lin_out(h)


class GCNExpert(Expert):
    """Smooth, degree-normalised, similarity-weighted averaging: suits compositions built from sparse
    counts (land-use shares, POI mixes), which a neighbourhood average denoises."""

    uses_weight = True

    def make_conv(self, hidden):
        return GCNConv(hidden, hidden)


class GATExpert(Expert):
    """Learned neighbour attention, for modalities whose neighbours differ sharply (ignores edge weights)."""

    heads = 4

    def make_conv(self, hidden):
        return GATConv(hidden, max(1, hidden // self.heads), heads=self.heads, concat=True)

    def __init__(self, in_dim, hidden, out_dim, dropout=0.1, relations=()):
        hidden = max(1, hidden // self.heads) * self.heads  # concat of heads must equal hidden
        super().__init__(in_dim, hidden, out_dim, dropout, relations)


class SAGEExpert(Expert):
    """Root + mean of neighbours kept apart: suits local image context (remote sensing)."""

    def make_conv(self, hidden):
        return SAGEConv(hidden, hidden)


class GINExpert(Expert):
    """Sum aggregation (injective): road connectivity is topology, not smoothness."""

    def make_conv(self, hidden):
        return GINConv(
            nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, hidden)), train_eps=True
        )


class FlowExpert(Expert):
    """Mobility: aggregates separately over outgoing and incoming trips (source and destination roles).

    Per layer: a weighted mean over destinations a region sends trips to, one over origins it
    receives trips from, and one over the other (spatial) graphs, concatenated and projected. Its
    relations are always typed this way, so ``relations`` changes nothing here.
    """

    def make_layer(self, hidden):
        return nn.ModuleDict(
            {
                "out": GraphConv(hidden, hidden, aggr="mean"),
                "in": GraphConv(hidden, hidden, aggr="mean"),
                "space": GraphConv(hidden, hidden, aggr="mean"),
                "mix": nn.Linear(3 * hidden, hidden),
            }
        )

    def conv(self, layer, h, graphs):
        c = self.convs[layer]
        n = h.shape[0]
        empty = (torch.empty(2, 0, dtype=torch.long, device=h.device), torch.empty(0, device=h.device))
        ei, ew = graphs.get("mobility", empty)
        ei, ew = ei.to(h.device), ew.to(h.device)
        # PyG aggregates messages source→target: "in" reads origins; reversed edges give "out".
        h_in = c["in"](h, ei, ew)
        h_out = c["out"](h, ei.flip(0), ew)
        sei, sew = union_graph({k: v for k, v in graphs.items() if k != "mobility"}, n)
        h_space = c["space"](h, sei.to(h.device), sew.to(h.device))
        return c["mix"](torch.cat([h_out, h_in, h_space], dim=1))


EXPERTS: dict[str, type[Expert]] = {
    "gcn": GCNExpert,
    "gat": GATExpert,
    "sage": SAGEExpert,
    "gin": GINExpert,
    "flow": FlowExpert,
}


def expert_types(
    modalities: list[str], identical: bool = False, chosen: dict[str, str] | None = None
) -> dict[str, str]:
    """Expert architecture name per aggregated modality: ``chosen`` over the defaults, or GCN for
    all (the identical-experts ablation)."""
    if identical:
        return {m: IDENTICAL_EXPERT for m in modalities}
    return {m: (chosen or {}).get(m, DEFAULT_EXPERTS[m]) for m in modalities}
