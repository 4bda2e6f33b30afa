"""Fixtures for the synthetic city tests: one small city generated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from mtgrr.synth import generate_city

CITY_REGIONS = 300
CITY_SEED = 3


@pytest.fixture(scope="session")
def city_regions() -> int:
    return CITY_REGIONS


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> dict[str, Path]:
    """A 300-region city with the default image count (3 per region)."""
    return generate_city(tmp_path_factory.mktemp("synth") / "city", n_regions=CITY_REGIONS, seed=CITY_SEED)
