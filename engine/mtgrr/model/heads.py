"""Projection heads for the contrastive terms (our addition beyond model.md, as in SimCLR).

The aggregated and fusion InfoNCE terms compare g(h), a small MLP of the embedding, instead of the
embedding itself. Without heads the fusion term pulls every modality embedding of a region
towards the same direction as the fused vector, which wipes out what each modality knows alone;
with heads the invariance the loss asks for is absorbed by g, and the embeddings users get keep
more of their inputs (measured on NYC-180 and the development city: README, "Model as built").
The heads take no part in the embedding.
"""

from __future__ import annotations

from torch import Tensor, nn


def _mlp(dim: int) -> nn.Module:
    return nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))


class ProjectionHeads(nn.Module):
    def __init__(self, num_modalities: int, dim: int):
        super().__init__()
        self.aggregated = nn.ModuleList([_mlp(dim) for _ in range(num_modalities)])  # h_im, per view
        self.fused = _mlp(dim)  # z_i
        self.modality = nn.ModuleList([_mlp(dim) for _ in range(num_modalities)])  # W_m h_im

    def agg(self, k: int, h: Tensor) -> Tensor:
        return self.aggregated[k](h)

    def fusion(self, k: int, z: Tensor, proj: Tensor) -> tuple[Tensor, Tensor]:
        return self.fused(z), self.modality[k](proj)
