"""A cancel during an epoch's forward pass stops before its backward pass (the other half of the epoch)."""

from __future__ import annotations

import pytest
import torch
from mtgrr.errors import Cancelled
from mtgrr.events import Reporter
from mtgrr.train.loop import optimise


def test_cancel_during_the_forward_pass_skips_the_backward_pass():
    model = torch.nn.Linear(2, 1)
    reporter = Reporter(quiet=True)
    backward = []

    def step_loss():
        loss = model(torch.ones(1, 2)).sum()
        loss.register_hook(lambda grad: backward.append(1))
        reporter.cancelled = True  # SIGTERM arrives while the forward pass runs
        return loss, {}

    with pytest.raises(Cancelled):
        optimise(
            model, step_loss, epochs=3, lr=0.1, weight_decay=0.0, patience=3, min_delta=0.0, reporter=reporter
        )
    assert not backward
