"""The MTGRR network: modality experts + dual-level street-view GNN + spatially-aware fusion.

The module is rebuilt from a plain ``config`` dict (ints, floats, bools, None, strings, lists, dicts), which is
what :mod:`mtgrr.train.io` saves next to the state dict, so a saved model loads with
``torch.load(..., weights_only=True)``. It also carries its feature vocabulary and standardisation
statistics (``scalers``) so that any dataset is embedded exactly as the training one was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from ..data import RegionDataset
from ..features.mobility import has_od_profile, region_set_digest
from ..job import ModelOptions
from .experts import EXPERT_GRAPHS, EXPERTS, expert_types
from .fusion import Fusion
from .heads import ProjectionHeads
from .inputs import PE_DIM, ModelInputs, build_inputs, dataset_modalities
from .preprocess import FeatureScaler, region_support, support_scale
from .reconstruction import Reconstruction
from .street_view import StreetViewGNN

OUTPUTS = ("fused", "concat")
"""Embedding returned per region: ``fused`` = z_i (D values); ``concat`` (default, our addition
beyond model.md) = z_i followed by each modality embedding scaled by its fusion weight, α_im h_im
(zeros where m is absent), D·(1+M) values. A linear probe on z alone loses what the fusion weights
down-weight; the concatenation keeps the modality-specific detail next to the fused summary, and
the scaling lets a linear model read each block more where that modality counts more (a mixture
of experts a global linear probe can use; with one weight per modality it is only a rescaling).
``output_power`` p scales the blocks by α_im^p instead (p = 0: unscaled, 1: the default)."""


@dataclass
class ModelOutput:
    z: Tensor  # (N, D) fused region embedding
    weights: Tensor  # (N, M) fusion weights α
    h: Tensor  # (N, M, D) modality embeddings (expert outputs)
    proj: Tensor  # (N, M, D) W_m h_im
    images: Tensor | None  # (P, D) image embeddings (street view)


class MTGRR(nn.Module):
    def __init__(self, config: dict, scalers: dict[str, FeatureScaler]):
        super().__init__()
        self.config = config
        self.scalers = scalers
        self.modalities: list[str] = list(config["modalities"])
        dim, hidden, dropout = config["embedding_dim"], config["hidden_dim"], config["dropout"]
        self.experts = nn.ModuleDict(
            {
                m: EXPERTS[config["experts"][m]](
                    config["in_dims"][m],
                    hidden,
                    dim,
                    dropout,
                    tuple(config.get("expert_relations", {}).get(m, ())),
                )
                for m in self.modalities
                if m != "street_view"
            }
        )
        self.street_view = (
            StreetViewGNN(config["in_dims"]["street_view"], hidden, dim, dropout)
            if "street_view" in self.modalities
            else None
        )
        self.fusion = Fusion(
            len(self.modalities),
            dim,
            PE_DIM,
            config["fusion"],
            evidence_prior=config.get("evidence_prior", False),
            learned_gate=config.get("learned_gate", True),
        )
        self.heads = (
            ProjectionHeads(len(self.modalities), dim, point=config.get("point_heads", False))
            if config.get("projection_heads")
            else None
        )
        rec = config.get("reconstruction", {})
        mobility = "mobility" in self.modalities
        self.reconstruction = (
            Reconstruction(
                config["in_dims"],
                dim,
                od=rec.get("od", False) and mobility,
                flow=rec.get("flow", False) and mobility,
            )
            if rec.get("features") or rec.get("od") or rec.get("flow")
            else None
        )

    @classmethod
    def for_dataset(
        cls,
        ds: RegionDataset,
        options: ModelOptions | None = None,
        output: str = "concat",
        reconstruct_features: bool = False,
        reconstruct_od: bool = False,
        predict_flow: bool = False,
    ) -> MTGRR:
        """Build an untrained model sized for ``ds``, fitting the feature standardisation on it.

        ``output`` is the embedding the model returns (:data:`OUTPUTS`); the ``reconstruct_*`` and
        ``predict_flow`` flags build the reconstruction heads that the corresponding loss terms need.
        """
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, not {output!r}")
        options = options or ModelOptions()
        modalities = dataset_modalities(ds)
        scalers: dict[str, FeatureScaler] = {}
        for m in modalities:
            if m == "street_view":
                scalers[m] = FeatureScaler.fit(ds.points.values, ds.points.columns)
            else:
                mod = ds.modalities[m]
                scalers[m] = FeatureScaler.fit(mod.values, mod.columns, mod.present)
        aggregated = [m for m in modalities if m != "street_view"]
        config = {
            "modalities": modalities,
            "in_dims": {m: len(s.columns) for m, s in scalers.items()},
            "embedding_dim": options.embedding_dim,
            "hidden_dim": options.hidden_dim,
            "dropout": options.dropout,
            "fusion": options.fusion,
            "evidence_prior": options.evidence_prior,
            "learned_gate": options.learned_gate,
            # typical data support per modality on the training data (None: the source gives none)
            "support_scales": {m: support_scale(region_support(ds, m)) for m in modalities},
            "projection_heads": options.projection_heads,
            # the point-level term's own heads (absent from older model files: False)
            "point_heads": options.projection_heads
            and "street_view" in modalities
            and options.lambda_point > 0,
            "experts": expert_types(aggregated, options.identical_experts, options.experts),
            # the graphs each expert reads apart, one convolution each (absent from older files: the union)
            "expert_relations": (
                {m: [g for g in EXPERT_GRAPHS[m] if g in ds.graphs] for m in aggregated}
                if options.typed_relations
                else {}
            ),
            "positional_encoding": "laplacian" if ds.centroids is None else "fourier",
            "output": output,
            "output_power": options.output_power,
            "reconstruction": {"features": reconstruct_features, "od": reconstruct_od, "flow": predict_flow},
            # OD-profile columns name training regions: embedding checks the region set against this
            "od_profile_regions": (
                region_set_digest(ds.region_ids)
                if "mobility" in ds.modalities and has_od_profile(ds.modalities["mobility"])
                else None
            ),
        }
        return cls(config, scalers)

    def inputs(self, ds: RegionDataset, device: torch.device | str = "cpu") -> ModelInputs:
        scales = self.config.get("support_scales") if self.fusion.evidence_prior else None
        pe_kind = self.config["positional_encoding"] if self.reads_positions else None
        return build_inputs(ds, self.modalities, self.scalers, pe_kind, device, scales)

    @property
    def reads_positions(self) -> bool:
        """Only model.md's learned gate reads the positional encoding."""
        return self.fusion.gate is not None

    def forward(self, inp: ModelInputs) -> ModelOutput:
        n = inp.num_regions
        h, images = [], None
        for m in self.modalities:
            if m == "street_view":
                images, region = self.street_view(
                    inp.points, inp.svi_edges, inp.region_index, inp.graphs["adjacency"][0], n
                )
                h.append(region)
            else:
                expert = self.experts[m]  # typed experts read the relations they were trained with
                graphs = {g: inp.graphs[g] for g in expert.relations or EXPERT_GRAPHS[m] if g in inp.graphs}
                h.append(expert(inp.x[m], graphs))
        h = torch.stack(h, dim=1)
        z, weights, proj = self.fusion(h, inp.present, inp.pe, inp.graphs["adjacency"][0], inp.evidence)
        return ModelOutput(z, weights, h, proj, images)

    @torch.no_grad()
    def embed(self, inp: ModelInputs) -> tuple[np.ndarray, np.ndarray]:
        """Deterministic (eval-mode) embeddings and fusion weights as float32 numpy arrays."""
        was_training = self.training
        self.eval()
        out = self(inp)
        self.train(was_training)
        emb = self.output_embedding(out)
        return emb.cpu().numpy().astype(np.float32), out.weights.cpu().numpy().astype(np.float32)

    def output_embedding(self, out: ModelOutput) -> Tensor:
        """The embedding users get (see :data:`OUTPUTS`); older model files mean ``fused``."""
        if self.config.get("output", "fused") == "fused":
            return out.z
        power = self.config.get("output_power", 1.0)
        w = out.weights  # exactly 0 where a modality is absent, and stays 0 under any power
        scale = w if power == 1 else torch.where(w > 0, w.clamp_min(1e-12) ** power, torch.zeros_like(w))
        h = out.h * scale[:, :, None]
        return torch.cat([out.z, h.reshape(h.shape[0], -1)], dim=1)
