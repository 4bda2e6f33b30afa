"""Projection heads for the contrastive terms (our addition beyond model.md, as in SimCLR).

The InfoNCE terms compare g(h), a small MLP of the embedding, instead of the embedding itself.
Without heads the fusion term pulls every modality embedding of a region towards the same
direction as the fused vector, which wipes out what each modality knows alone; with heads the
invariance the loss asks for is absorbed by g, and the embeddings users get keep more of their
inputs (measured on NYC-180 and the development city: README, "Model as built"). The point-level
term (images against their region's street-view vector) has its own pair of heads since the
twentieth development round (engine/docs/development.md); model files written before it have
none and embed as they did. The heads take no part in the embedding.
"""

from __future__ import annotations

from torch import Tensor, nn


def _mlp(dim: int) -> nn.Module:
    return nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))


class ProjectionHeads(nn.Module):
    def __init__(self, num_modalities: int, dim: int, point: bool = False):
        super().__init__()
        self.aggregated = nn.ModuleList([_mlp(dim) for _ in range(num_modalities)])  # h_im, per view
        self.fused = _mlp(dim)  # z_i
        self.modality = nn.ModuleList([_mlp(dim) for _ in range(num_modalities)])  # W_m h_im
        # point level: image embeddings and the region's street-view vector
        self.point_image = _mlp(dim) if point else None
        self.point_region = _mlp(dim) if point else None

    def agg(self, k: int, h: Tensor) -> Tensor:
        return self.aggregated[k](h)

    def fusion(self, k: int, z: Tensor, proj: Tensor) -> tuple[Tensor, Tensor]:
        return self.fused(z), self.modality[k](proj)

    def point(self, images: Tensor, regions: Tensor) -> tuple[Tensor, Tensor]:
        """The point-level pair, projected; unchanged where the model has no point heads."""
        if self.point_image is None:
            return images, regions
        return self.point_image(images), self.point_region(regions)
