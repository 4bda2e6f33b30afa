"""The joint contrastive objective (InfoNCE, in-batch negatives) and its augmentations.

* aggregated level: each modality's region embedding under two augmented views (edge dropping and
  feature-column masking); the same region in the other view is the positive;
* point level: an image embedding against its own region's street-view embedding (other regions
  with images are the negatives);
* fusion level: the fused z_i against each projected modality embedding W_m h_im of the same
  region, over the regions where that modality is present.

With projection heads (default, our addition; :mod:`mtgrr.model.heads`) the three terms compare MLP
projections of these embeddings, as SimCLR does (the point level since the twentieth development round).

Our addition beyond model.md (see :mod:`mtgrr.model.reconstruction`): ``reconstruction`` (MSE of
each modality's standardised features decoded from the fused embedding of each augmented view) and
``od`` (cross-entropy of each region's outgoing and incoming flow distributions predicted from it);
``flow`` (option ``lambda_flow``: the trips predicted from the mobility expert's block, each trip
weighing alike).

Terms for absent modalities (fewer than two present regions) are skipped. Above ``loss_batch``
rows a random subset of anchors is used, so memory stays bounded on large region sets.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor
from torch_geometric.utils import dropout_edge, scatter

from ..errors import InputError
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


def feature_reconstruction(model: MTGRR, z: Tensor, inp: ModelInputs, loss_batch: int) -> Tensor:
    """Mean over modalities of the MSE between decoded and clean standardised features (present rows)."""
    errors = []
    for k, m in enumerate(model.modalities):
        if m == "street_view":
            n = inp.num_regions
            target = scatter(inp.points, inp.region_index, dim=0, dim_size=n, reduce="mean")
        else:
            target = inp.x[m]
        rows = _subset(torch.nonzero(inp.present[:, k]).squeeze(1), loss_batch)
        if rows.numel():
            errors.append(F.mse_loss(model.reconstruction(z[rows], m), target[rows]))
    return torch.stack(errors).mean()


def _sampled_flows(inp: ModelInputs, loss_batch: int, device) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """The regions kept (at most ``loss_batch``, sampled softmax) and the trips among them.

    Returns (regions, origin, destination, trips) with origin/destination as positions in regions.
    """
    n = inp.num_regions
    sel = _subset(torch.arange(n, device=device), loss_batch)
    pos = torch.full((n,), -1, dtype=torch.long, device=device)
    pos[sel] = torch.arange(sel.numel(), device=device)
    ei, w = inp.od
    src, dst = pos[ei[0]], pos[ei[1]]
    keep = (src >= 0) & (dst >= 0)
    return sel, src[keep], dst[keep], w[keep]


def od_reconstruction(model: MTGRR, z: Tensor, inp: ModelInputs, loss_batch: int) -> Tensor:
    """Cross-entropy between each region's flow distributions (out and in) and those predicted from z.

    Every region's distribution weighs alike. Above ``loss_batch`` regions the distributions are
    restricted to a random subset of regions (sampled softmax), so the logits stay (B, B).
    """
    sel, src, dst, w = _sampled_flows(inp, loss_batch, z.device)
    logits = model.reconstruction.od_logits(z[sel])
    loss = z.new_zeros(())
    for anchor, log_p in ((src, torch.log_softmax(logits, dim=1)), (dst, torch.log_softmax(logits, dim=0))):
        total = scatter(w, anchor, dim=0, dim_size=sel.numel(), reduce="sum")
        ce = -(w / total[anchor] * log_p[src, dst])
        loss = loss + ce.sum() / (total > 0).sum().clamp_min(1) / 2
    return loss


def flow_prediction(model: MTGRR, h: Tensor, inp: ModelInputs, loss_batch: int) -> Tensor:
    """Cross-entropy of the trips (by origin and by destination) predicted from the mobility block ``h``.

    Unlike :func:`od_reconstruction` every trip weighs alike, so a busy region's flows count more:
    the block learns where most of the travel is, not every quiet region's few trips.
    """
    sel, src, dst, w = _sampled_flows(inp, loss_batch, h.device)
    logits = model.reconstruction.flow_logits(h[sel])
    log_p = torch.log_softmax(logits, dim=1)[src, dst] + torch.log_softmax(logits, dim=0)[src, dst]
    return -(w * log_p).sum() / w.sum().clamp_min(1e-12) / 2


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
    lambda_reconstruction: float = 0.0,
    lambda_od: float = 0.0,
    lambda_flow: float = 0.0,
) -> tuple[Tensor, dict[str, float]]:
    """L = λ_agg L_agg + λ_pt L_pt + λ_fus L_fus (+ λ_rec L_rec + λ_od L_od + λ_flow L_flow) on two views.

    Returns (loss, terms). A term whose weight is 0 is not computed (nor reported): an ablation then costs
    less and its loss log shows only what it trains. The reconstruction terms need the model's heads
    (``MTGRR.for_dataset(..., reconstruct_features=True, reconstruct_od=True, predict_flow=True)``);
    L_od and L_flow are skipped without a mobility graph.
    """
    tau = options.temperature
    views: list[ModelOutput] = [model(augment(inp, edge_drop, feature_mask)) for _ in range(2)]
    v1, v2 = views
    heads = model.heads
    agg, fus, pt = [], [], []
    for k, m in enumerate(model.modalities):
        rows = _subset(torch.nonzero(inp.present[:, k]).squeeze(1), loss_batch)
        if rows.numel() < 2:
            continue
        if options.lambda_agg > 0:
            if heads is None:
                agg.append(info_nce(v1.h[rows, k], v2.h[rows, k], tau))
            else:  # the terms compare projections g(·), not the embeddings (mtgrr.model.heads)
                agg.append(info_nce(heads.agg(k, v1.h[rows, k]), heads.agg(k, v2.h[rows, k]), tau))
        if options.lambda_fusion > 0:
            if heads is None:
                fus.extend(info_nce(v.z[rows], v.proj[rows, k], tau) for v in views)
            else:
                fus.extend(info_nce(*heads.fusion(k, v.z[rows], v.proj[rows, k]), tau) for v in views)
        if m == "street_view" and options.lambda_point > 0:
            for v in views:
                images, regions = (v.images, v.h[:, k]) if heads is None else heads.point(v.images, v.h[:, k])
                pt.append(point_nce(images, regions, inp.region_index, tau, loss_batch))
    terms: dict[str, Tensor] = {}
    if agg:
        terms["aggregated"] = torch.stack(agg).mean()
    if pt:
        terms["point"] = torch.stack(pt).mean()
    if fus:
        terms["fusion"] = torch.stack(fus).mean()
    if lambda_reconstruction > 0:
        terms["reconstruction"] = torch.stack(
            [feature_reconstruction(model, v.z, inp, loss_batch) for v in views]
        ).mean()
    has_trips = inp.od is not None and inp.od[0].numel() > 0
    if lambda_od > 0 and has_trips:
        terms["od"] = torch.stack([od_reconstruction(model, v.z, inp, loss_batch) for v in views]).mean()
    if lambda_flow > 0 and has_trips:
        k = model.modalities.index("mobility")
        terms["flow"] = torch.stack(
            [flow_prediction(model, v.h[:, k], inp, loss_batch) for v in views]
        ).mean()
    lam = {
        "aggregated": options.lambda_agg,
        "point": options.lambda_point,
        "fusion": options.lambda_fusion,
        "reconstruction": lambda_reconstruction,
        "od": lambda_od,
        "flow": lambda_flow,
    }
    if not terms:  # e.g. only λ_point > 0 without street-view images, or only λ_od > 0 without trips
        weighted = ", ".join(f"lambda_{k if k != 'aggregated' else 'agg'}" for k, w in lam.items() if w > 0)
        raise InputError(
            f"no loss term with a positive weight ({weighted}) applies to this dataset, so there is nothing to train.",
            where="model",
            fix="set lambda_agg or lambda_fusion > 0 (they apply to every modality).",
        )
    total = sum((lam[k] * v for k, v in terms.items()), torch.zeros((), device=inp.pe.device))
    return total, {k: float(v.detach()) for k, v in terms.items()}
