"""Dual-level street-view GNN: images → regions → neighbouring regions.

Level 1 passes messages between nearby images (``svi_knn``), then attention pooling turns each
region's images into one vector (a learned gate scores every image; softmax within the region).
Regions without any image receive a learned "no image" vector (their fusion weight for street view
is zero; the vector only keeps level 2 well defined). Level 2 is a GNN over region adjacency.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch_geometric.nn import SAGEConv
from torch_geometric.nn.aggr import AttentionalAggregation


class StreetViewGNN(nn.Module):
    def __init__(self, in_dim: int, hidden: int, out_dim: int, dropout: float = 0.1):
        super().__init__()
        self.lin_in = nn.Linear(in_dim, hidden)
        self.image_conv = SAGEConv(hidden, hidden)
        self.image_norm = nn.LayerNorm(hidden)
        self.pool = AttentionalAggregation(
            gate_nn=nn.Sequential(nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        )
        self.no_image = nn.Parameter(torch.zeros(hidden))
        self.region_conv = SAGEConv(hidden, hidden)
        self.region_norm = nn.LayerNorm(hidden)
        self.image_out = nn.Linear(hidden, out_dim)
        self.region_out = nn.Linear(hidden, out_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(
        self, x: Tensor, image_edges: Tensor, region_index: Tensor, adjacency: Tensor, num_regions: int
    ) -> tuple[Tensor, Tensor]:
        """Return (image embeddings (P, out), region street-view embeddings (N, out))."""
        h = torch.relu(self.lin_in(x))
        h = self.image_norm(h + self.dropout(torch.relu(self.image_conv(h, image_edges))))
        pooled = self.pool(h, index=region_index, dim_size=num_regions)
        has_image = torch.zeros(num_regions, dtype=torch.bool, device=x.device)
        has_image[region_index] = True
        r = torch.where(has_image[:, None], pooled, self.no_image.expand_as(pooled))
        r = self.region_norm(r + self.dropout(torch.relu(self.region_conv(r, adjacency))))
        return self.image_out(h), self.region_out(r)
