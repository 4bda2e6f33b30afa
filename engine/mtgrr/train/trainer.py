"""Full-batch self-supervised training of MTGRR on one RegionDataset.

No label is read. Early stopping watches the training loss only; the returned embedding comes
from the parameters of the best-loss epoch (a snapshot, restored at the end), computed in eval
mode without augmentation. Training writes nothing: saving is :func:`mtgrr.train.io.save_model`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from ..data import RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..job import ModelOptions, TrainOptions
from ..model.network import MTGRR
from .loop import optimise, seed_everything
from .losses import contrastive_loss

SMALL_GRAPH = 20_000


MIN_REGIONS = 4
"""Fewer regions than this cannot be trained on: InfoNCE needs negatives, and the output's PCA three components."""


@dataclass
class TrainResult:
    model: MTGRR
    embeddings: np.ndarray  # (N, D) float32, rows follow ds.region_ids
    modality_weights: np.ndarray  # (N, M) float32 fusion weights; 0 where a modality is absent
    modality_names: list[str]
    losses: list[float]  # total training loss per epoch
    epochs_run: int
    seconds: float
    device: str
    best_epoch: int = 0  # 1-based epoch whose parameters produced ``embeddings`` (with ema_decay: the last)
    loss_terms: dict[str, list[float]] = field(default_factory=dict)  # per-term loss per epoch


def resolve_device(name: str) -> torch.device:
    """``auto`` picks cuda, then mps, then cpu; an explicit unavailable device is an input error."""
    cuda = torch.cuda.is_available()
    mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if (name == "cuda" and not cuda) or (name == "mps" and not mps):
        raise InputError(
            f"device {name!r} is not available on this machine.",
            where="train.device",
            fix="use 'auto' or 'cpu'.",
        )
    return torch.device(name)


def train_model(
    ds: RegionDataset,
    model_options: ModelOptions | None = None,
    train_options: TrainOptions | None = None,
    reporter: Reporter = SILENT,
    *,
    min_delta: float = 1e-3,
    loss_batch: int = 2048,
    threads: int | None = None,
) -> TrainResult:
    """Train MTGRR on ``ds`` and return the embeddings of the best-loss epoch.

    The options ``lambda_reconstruction``, ``lambda_od``, ``lambda_flow``, ``output``,
    ``projection_heads``, ``evidence_prior`` and ``typed_relations`` are our additions beyond model.md (feature, OD and
    mobility-block flow terms, embedding = fused vector + weighted modality vectors, SimCLR projection heads, data support in
    the fusion weights, each expert reading its graphs apart; see :mod:`mtgrr.model.reconstruction`,
    :data:`mtgrr.model.network.OUTPUTS`, :mod:`mtgrr.model.heads`, :mod:`mtgrr.model.fusion` and
    :mod:`mtgrr.model.experts`); 0, 0, 0, ``"fused"``, False, False, False, with
    ``learned_gate=True`` and ``experts={"poi": "gat"}``, give the model as model.md describes it. ``threads``: torch CPU threads while
    training; None = 1 below :data:`SMALL_GRAPH` regions + images (PyTorch's per-op threading
    costs more than it saves there and stalls on a shared CPU), else unchanged.

    Raises :class:`mtgrr.errors.Cancelled` (through ``reporter``) between epochs when cancelled.
    """
    mo = model_options or ModelOptions()
    to = train_options or TrainOptions()
    lambda_reconstruction, lambda_od, lambda_flow = mo.lambda_reconstruction, mo.lambda_od, mo.lambda_flow
    if not any(
        (mo.lambda_agg, mo.lambda_point, mo.lambda_fusion, lambda_reconstruction, lambda_od, lambda_flow)
    ):
        raise InputError(
            "every loss weight is zero.",
            where="model",
            fix="set lambda_agg, lambda_point or lambda_fusion > 0.",
        )
    if ds.num_regions < MIN_REGIONS:
        raise InputError(
            f"{ds.num_regions} region(s): the contrastive objective learns by telling regions apart, so training "
            f"needs at least {MIN_REGIONS}.",
            where="regions",
            fix="give more regions: a regions layer covering more of the area, or a grid with a smaller cell_size; "
            "an embedding of so few regions means nothing.",
        )
    device = resolve_device(to.device)
    start = time.perf_counter()
    deterministic = torch.are_deterministic_algorithms_enabled()
    threads_before = torch.get_num_threads()
    size = ds.num_regions + (0 if ds.points is None else ds.points.values.shape[0])
    if device.type == "cpu":
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.set_num_threads(threads or (1 if size < SMALL_GRAPH else threads_before))
    try:
        seed_everything(to.seed)
        model = MTGRR.for_dataset(
            ds,
            mo,
            mo.output,
            reconstruct_features=lambda_reconstruction > 0,
            reconstruct_od=lambda_od > 0,
            predict_flow=lambda_flow > 0,
        ).to(device)
        inp = model.inputs(ds, device)
        empty = int((~inp.present.any(dim=1)).sum())
        if empty:
            reporter.log(
                f"{empty} region(s) have no data in any modality: their embedding is zero.", "warning"
            )
        loop = optimise(
            model,
            lambda: contrastive_loss(
                model,
                inp,
                mo,
                mo.edge_drop,
                mo.feature_mask,
                loss_batch,
                lambda_reconstruction,
                lambda_od,
                lambda_flow,
            ),
            epochs=to.epochs,
            lr=to.lr,
            weight_decay=to.weight_decay,
            patience=to.patience,
            min_delta=min_delta,
            reporter=reporter,
            ema_decay=to.ema_decay,
        )
        embeddings, weights = model.embed(inp)
    finally:
        torch.use_deterministic_algorithms(deterministic)
        torch.set_num_threads(threads_before)
    if ds.graph_options is not None:  # embedding other data rebuilds the graphs as these were built
        model.config["graphs"] = dict(ds.graph_options)
    return TrainResult(
        model=model.cpu(),
        embeddings=embeddings,
        modality_weights=weights,
        modality_names=list(model.modalities),
        losses=loop.losses,
        epochs_run=len(loop.losses),
        seconds=time.perf_counter() - start,
        device=str(device),
        best_epoch=loop.best_epoch,
        loss_terms=loop.terms,
    )
