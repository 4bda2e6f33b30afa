"""The joint contrastive objective (InfoNCE, in-batch negatives) and its augmentations.

* aggregated level: each modality's region embedding under two augmented views (edge dropping and
  feature-column masking); the same region in the other view is the positive;
* point level: an image embedding against its own region's street-view embedding (other regions
  with images are the negatives);
* fusion level: the fused z_i against each projected modality embedding W_m h_im of the same
  region, over the regions where that modality is present.

Terms for absent modalities (fewer than two present regions) are skipped. Above ``loss_batch``
rows a random subset of anchors is used, so memory stays bounded on large region sets.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor
from torch_geometric.utils import dropout_edge

from ..job import ModelOptions
from ..model.inputs import ModelInputs
from ..model.network import MTGRR, ModelOutput


def _subset(rows: Tensor, limit: int) -> Tensor:
    if rows.numel() <= limit:
        return rows
    return rows[torch.randperm(rows.numel(), device=rows.device)[:limit]]


def info_nce(a: Tensor, b: Tensor, temperature: float) -> Tensor:
    """Symmetric InfoNCE: row i of ``a`` and row i of ``b`` are positives, other rows negatives."""
    a, b = F.normalize(a, dim=1), F.normalize(b, dim=1)
    logits = a @ b.T / temperature
    target = torch.arange(a.shape[0], device=a.device)
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


def point_nce(
    images: Tensor, regions: Tensor, region_index: Tensor, temperature: float, limit: int
) -> Tensor:
    """Each image against every region that has images; its own region is the positive."""
    with_images, target = torch.unique(region_index, return_inverse=True)
    pick = _subset(torch.arange(images.shape[0], device=images.device), limit)
    logits = F.normalize(images[pick], dim=1) @ F.normalize(regions[with_images], dim=1).T / temperature
    return F.cross_entropy(logits, target[pick])


def augment(inp: ModelInputs, edge_drop: float, feature_mask: float) -> ModelInputs:
    """One random view: drop each edge with ``edge_drop``, zero each feature column with ``feature_mask``."""

    def drop(ei: Tensor, ew: Tensor) -> tuple[Tensor, Tensor]:
        ei2, keep = dropout_edge(ei, p=edge_drop)
        return ei2, ew[keep]

    def mask(x: Tensor) -> Tensor:
        return x * (torch.rand(x.shape[1], device=x.device) >= feature_mask)

    changes = {
        "x": {m: mask(v) for m, v in inp.x.items()},
        "graphs": {g: drop(*e) for g, e in inp.graphs.items()},
    }
    if inp.points is not None:
        changes["points"] = mask(inp.points)
        changes["svi_edges"] = dropout_edge(inp.svi_edges, p=edge_drop)[0]
    return inp.with_(**changes)


def contrastive_loss(
    model: MTGRR,
    inp: ModelInputs,
    options: ModelOptions,
    edge_drop: float = 0.2,
    feature_mask: float = 0.2,
    loss_batch: int = 2048,
) -> tuple[Tensor, dict[str, float]]:
    """L = λ_agg L_agg + λ_pt L_pt + λ_fus L_fus on two augmented views; returns (loss, terms)."""
    tau = options.temperature
    views: list[ModelOutput] = [model(augment(inp, edge_drop, feature_mask)) for _ in range(2)]
    v1, v2 = views
    agg, fus, pt = [], [], []
    for k, m in enumerate(model.modalities):
        rows = _subset(torch.nonzero(inp.present[:, k]).squeeze(1), loss_batch)
        if rows.numel() < 2:
            continue
        agg.append(info_nce(v1.h[rows, k], v2.h[rows, k], tau))
        fus.extend(info_nce(v.z[rows], v.proj[rows, k], tau) for v in views)
        if m == "street_view":
            pt.extend(point_nce(v.images, v.h[:, k], inp.region_index, tau, loss_batch) for v in views)
    terms: dict[str, Tensor] = {}
    if agg:
        terms["aggregated"] = torch.stack(agg).mean()
    if pt:
        terms["point"] = torch.stack(pt).mean()
    if fus:
        terms["fusion"] = torch.stack(fus).mean()
    lam = {"aggregated": options.lambda_agg, "point": options.lambda_point, "fusion": options.lambda_fusion}
    total = sum((lam[k] * v for k, v in terms.items()), torch.zeros((), device=inp.pe.device))
    return total, {k: float(v.detach()) for k, v in terms.items()}
