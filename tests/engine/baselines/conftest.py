"""A tiny synthetic city (no images) built through the real ingestion path, shared by the baseline tests."""

from __future__ import annotations

import pytest
from mtgrr.benchmarks import synthetic_dataset


@pytest.fixture(scope="session")
def tiny_city(tmp_path_factory):
    ds, _ = synthetic_dataset(tmp_path_factory.mktemp("baselines"), n_regions=40, seed=1, n_images=0)
    return ds
