"""Reconstruction heads: our addition beyond model.md, decoding the inputs from the fused embedding.

With only in-batch negatives, a contrastive objective keeps what tells regions apart and drops the
rest; on small region sets (NYC-180) the fused vector then carries less than the raw inputs.
These heads make the fused embedding z_i keep its inputs (as MGFN and HAFusion do for mobility):

* features: one linear map per modality predicts the region's standardised (un-augmented)
  features, or, for street view, the mean standardised feature vector of the region's images.
  Linear, not an MLP, so that what z keeps of its inputs is linearly decodable: downstream
  attribute models (and our probes) are mostly linear, and an MLP head let z hold the inputs in
  a form only a non-linear decoder reads (measured: README, "Model as built");
* OD: a source and a target projection of z give logits s_i · t_j whose row softmax predicts
  region i's outgoing trip distribution (trip counts, as in MGFN) and whose column softmax
  predicts j's incoming one.
* flow (option ``lambda_flow``): the same pair of projections, own weights, on the mobility
  expert's block h_i,mobility instead of z, trained with every trip weighing alike (busy regions
  count more), so that block keeps where most of the travel goes (engine/docs/development.md, eighteenth
  development round: an option, off by default).

The losses are in :mod:`mtgrr.train.losses`; the heads are only built when a reconstruction
weight is positive, and take no part in the embedding itself.
"""

from __future__ import annotations

from torch import Tensor, nn


class Reconstruction(nn.Module):
    def __init__(self, in_dims: dict[str, int], dim: int, od: bool, flow: bool = False):
        super().__init__()
        self.features = nn.ModuleDict({m: nn.Linear(dim, f) for m, f in in_dims.items()})
        self.source = nn.Linear(dim, dim) if od else None
        self.target = nn.Linear(dim, dim) if od else None
        self.flow_source = nn.Linear(dim, dim) if flow else None
        self.flow_target = nn.Linear(dim, dim) if flow else None

    def forward(self, z: Tensor, modality: str) -> Tensor:
        """Predicted standardised features of ``modality`` for every region, from z."""
        return self.features[modality](z)

    def od_logits(self, z: Tensor) -> Tensor:
        """(B, B) flow logits among the regions of ``z``: row i = origin i, column j = destination j."""
        return self.source(z) @ self.target(z).T

    def flow_logits(self, h: Tensor) -> Tensor:
        """(B, B) flow logits from the mobility block ``h``, with the flow term's own projections."""
        return self.flow_source(h) @ self.flow_target(h).T
