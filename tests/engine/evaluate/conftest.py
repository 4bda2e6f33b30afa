"""Fixtures for the evaluation tests: NYC-180 matrices built with pandas, and synthetic data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def nyc180_tables(nyc180_dir):
    """POI counts, land-use counts, the dense taxi OD matrix (origin rows) and labels, in id order."""
    ids = pd.RangeIndex(180, name="region_id")
    poi = pd.read_csv(nyc180_dir / "poi_counts.csv", index_col="region_id").reindex(ids)
    landuse = pd.read_csv(nyc180_dir / "landuse_counts.csv", index_col="region_id").reindex(ids)
    rs = pd.read_csv(nyc180_dir / "remote_sensing_features.csv", index_col="region_id").reindex(ids)
    trips = pd.read_csv(nyc180_dir / "taxi_od.csv")
    od = trips.pivot_table(index="origin_id", columns="destination_id", values="trips", aggfunc="sum")
    od = od.reindex(index=ids, columns=ids).fillna(0.0)
    labels = pd.read_csv(nyc180_dir / "labels.csv").set_index("region_id").reindex(ids)
    return {"poi": poi, "landuse": landuse, "rs": rs, "od": od, "trips": trips, "labels": labels}


@pytest.fixture
def linear_data():
    """120 regions whose target is a noisy linear function of 6 features, plus 3 classes."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 6))
    y = 50 + X @ np.array([8.0, -5.0, 3.0, 0.0, 0.0, 1.0]) + rng.normal(0, 1.0, 120)
    classes = np.repeat([0, 1, 2], 40)
    X_clustered = rng.normal(0, 0.3, (120, 4)) + np.eye(4)[classes] * 5
    return X, y, classes, X_clustered
