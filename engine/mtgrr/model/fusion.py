"""Spatially-aware fusion of modality embeddings into one region embedding.

Mapping of model.md's heterogeneous region graph to code: each region i has one node per modality
m whose embedding is h_im (the expert outputs; intra-modality edges are the expert graphs), and a
region node that receives one edge from each of its modality nodes. Fusion is the message passing
along those modality→region edges: attention weights α_im (softmax over the modalities present in
region i only, so an absent modality weighs exactly 0), and z_i = Σ_m α_im · W_m h_im.

Modes (ablation switch ``fusion``):
  * ``spatial`` - per-region logits: a learned bias per modality, plus (``evidence_prior``,
    default) the log of each region's evidence q_im (how much data backs modality m there,
    relative to its typical region: a precision, see :func:`mtgrr.model.preprocess.evidence`),
    plus (``learned_gate``, model.md's gate, off by default) a small network scoring
    [W_m h_im, positional encoding of i]. So by default
    α_im ∝ q_im · exp(b_m): where a modality rests on 2 POIs or 3 trips it counts for less than
    where it rests on 200. The weights are then smoothed once over spatial neighbours (mean over i
    and its neighbours), re-masked and renormalised. The learned gate has no label-free reason to
    pick the reliable modality, and on the development city it lowered every target's R²
    (engine/docs/development.md);
  * ``global``  - one learned logit per modality, shared by every region;
  * ``uniform`` - equal weights over the modalities present.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch_geometric.utils import scatter

FUSION_MODES = ("spatial", "global", "uniform")


def masked_softmax(logits: Tensor, present: Tensor) -> Tensor:
    """Softmax over present entries per row; absent entries (and all-absent rows) are exactly 0."""
    w = torch.softmax(logits.masked_fill(~present, -1e9), dim=1) * present
    return w / w.sum(dim=1, keepdim=True).clamp_min(1e-12)


def smooth_weights(weights: Tensor, present: Tensor, adjacency: Tensor) -> Tensor:
    """Average each region's weights with its neighbours', then re-mask and renormalise."""
    n = weights.shape[0]
    src, dst = adjacency
    total = weights + scatter(weights[src], dst, dim=0, dim_size=n, reduce="sum")
    count = 1.0 + scatter(torch.ones_like(src, dtype=weights.dtype), dst, dim=0, dim_size=n, reduce="sum")
    w = (total / count[:, None]) * present
    return w / w.sum(dim=1, keepdim=True).clamp_min(1e-12)


class Fusion(nn.Module):
    def __init__(
        self,
        num_modalities: int,
        dim: int,
        pe_dim: int,
        mode: str = "spatial",
        evidence_prior: bool = False,
        learned_gate: bool = True,
    ):
        super().__init__()
        if mode not in FUSION_MODES:
            raise ValueError(f"fusion must be one of {FUSION_MODES}, not {mode!r}")
        self.mode = mode
        self.evidence_prior = evidence_prior and mode == "spatial"
        self.project = nn.ModuleList([nn.Linear(dim, dim) for _ in range(num_modalities)])  # W_m
        self.gate = None
        if mode == "spatial":
            if learned_gate:
                self.gate = nn.Sequential(nn.Linear(dim + pe_dim, dim), nn.Tanh(), nn.Linear(dim, 1))
            self.modality_bias = nn.Parameter(torch.zeros(num_modalities))
        elif mode == "global":
            self.logits = nn.Parameter(torch.zeros(num_modalities))

    def forward(
        self, h: Tensor, present: Tensor, pe: Tensor, adjacency: Tensor, evidence: Tensor | None = None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """h: (N, M, D) modality embeddings → (z (N, D), weights (N, M), W_m h_im (N, M, D)).

        ``evidence`` (N, M) ≥ 0 (relative precision, 1 = typical) is used by the spatial mode's
        evidence prior only; it is clamped to [1e-3, 1e3], so its log term stays within ±6.9 (no
        data gives a finite logit, and 10⁶ times the typical count weighs no more than 10³)."""
        n, m, _ = h.shape
        proj = torch.stack([self.project[k](h[:, k]) for k in range(m)], dim=1)
        if self.mode == "spatial":
            logits = self.modality_bias.expand(n, m)
            if self.gate is not None:
                gate_in = torch.cat([proj, pe[:, None, :].expand(n, m, pe.shape[1])], dim=2)
                logits = logits + self.gate(gate_in).squeeze(2)
            if self.evidence_prior and evidence is not None:
                logits = logits + torch.log(evidence.clamp(1e-3, 1e3))
            weights = smooth_weights(masked_softmax(logits, present), present, adjacency)
        elif self.mode == "global":
            weights = masked_softmax(self.logits.expand(n, m), present)
        else:
            weights = masked_softmax(torch.zeros(n, m, device=h.device), present)
        z = (weights[:, :, None] * proj).sum(dim=1)
        return z, weights, proj
