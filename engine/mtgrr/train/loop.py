"""The optimisation loop shared by MTGRR and the re-implemented baselines.

Full batch, Adam, early stopping on the training loss only (never on labels). The parameters kept
are those whose loss was measured best: the snapshot is taken before the optimiser steps. With
``ema_decay`` > 0 they are instead the exponential moving average of the parameters along the
trajectory (Polyak averaging), read when training stops: the loss of augmented views is noisy from
epoch to epoch, so its minimum picks an epoch almost at random near the end, and the average smooths
that choice away.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor

from ..errors import InputError
from ..events import SILENT, Reporter


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, numpy and torch; returns a torch generator for explicit sampling."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


@dataclass
class LoopResult:
    losses: list[float]  # total training loss per epoch
    best_epoch: int  # 1-based epoch whose parameters the model holds on return (last epoch when averaged)
    terms: dict[str, list[float]] = field(default_factory=dict)  # per-term loss per epoch


def optimise(
    model: torch.nn.Module,
    step_loss: Callable[[], tuple[Tensor, dict[str, float]]],
    *,
    epochs: int,
    lr: float,
    weight_decay: float,
    patience: int,
    min_delta: float,
    reporter: Reporter = SILENT,
    stage: str = "train",
    ema_decay: float = 0.0,
) -> LoopResult:
    """Minimise ``step_loss()`` (the loss tensor and its named terms) and restore the best parameters
    (or, with ``ema_decay`` > 0, their moving average)."""
    optimiser = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    average = (
        torch.optim.swa_utils.AveragedModel(
            model, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(ema_decay), use_buffers=True
        )
        if ema_decay > 0
        else None
    )
    losses: list[float] = []
    terms_log: dict[str, list[float]] = {}
    best, best_epoch, best_state, stale = float("inf"), 0, None, 0
    for epoch in range(1, epochs + 1):
        reporter.check_cancelled()
        model.train()
        optimiser.zero_grad()
        loss, terms = step_loss()
        reporter.check_cancelled()  # a large graph's backward pass takes as long as its forward: not after a cancel
        value = float(loss.detach())
        if not np.isfinite(value):
            raise InputError(
                f"the training loss became {value} at epoch {epoch}.",
                where=stage,
                fix="lower the learning rate (train.lr), or check the inputs for extreme values.",
            )
        losses.append(value)
        for k, v in terms.items():
            terms_log.setdefault(k, []).append(v)
        if value < best - min_delta:
            best, best_epoch, stale = value, epoch, 0
            if average is None:  # the parameters this loss was measured on
                best_state = copy.deepcopy(model.state_dict())
        else:
            stale += 1
        loss.backward()
        optimiser.step()
        if average is not None:
            average.update_parameters(model)
        reporter.progress(stage, 100.0 * epoch / epochs, epoch=epoch, loss=value)
        if stale >= patience:
            break
    if average is not None:
        model.load_state_dict(average.module.state_dict())
        best_epoch = len(losses)
    elif best_state is not None:
        model.load_state_dict(best_state)
    return LoopResult(losses, best_epoch, terms_log)
