"""The real NYC-180 benchmark: regions, precomputed POI / land-use tables and the taxi OD table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from mtgrr.features import mobility_features, table_features
from mtgrr.ingest import load_regions
from mtgrr.job import parse_job


def test_nyc180(nyc180_dir):
    job = parse_job(
        {
            "regions": {"path": "regions.gpkg", "layer": "regions"},
            "poi": {"table": {"path": "poi_counts.csv"}},
            "landuse": {"table": {"path": "landuse_counts.csv"}},
            "mobility": {"od": {"path": "taxi_od.csv"}},
        },
        nyc180_dir,
    )
    ds = load_regions(job)
    assert ds.num_regions == 180 and ds.crs == "EPSG:32618"
    np.testing.assert_array_equal(ds.region_ids, np.arange(180))
    area = ds.regions.area.sum() / 1e6
    assert 40 < area < 70  # Manhattan is about 59 km²

    poi = table_features("poi", job.poi.table, ds)
    lu = table_features("landuse", job.landuse.table, ds)
    assert poi.values.shape == (180, 26) and lu.values.shape == (180, 11)
    assert poi.present.all() and lu.present.all()
    expected = pd.read_csv(nyc180_dir / "poi_counts.csv").set_index("region_id").loc[ds.region_ids]
    np.testing.assert_array_equal(poi.values, expected.to_numpy(dtype=np.float32))

    mob = mobility_features(job.mobility, ds)
    od = pd.read_csv(nyc180_dir / "taxi_od.csv")
    trips = np.expm1(mob.values.astype(np.float64))
    np.testing.assert_allclose(trips[:, 0].sum() + trips[:, 2].sum(), od.trips.sum(), rtol=1e-4)
    assert np.isfinite(mob.values).all() and mob.values.shape == (180, 3)
    g = ds.graphs["mobility"]
    assert g.directed and g.num_edges == int((od.origin_id != od.destination_id).sum())
    # the OD profile: each region's 180 out-counts sum to its outgoing trips, its in-counts to its incoming
    profile = mobility_features(job.mobility.model_copy(update={"od_profile": True}), ds).values[:, 3:]
    assert profile.shape == (180, 360)
    np.testing.assert_allclose(profile[:, :180].sum(axis=1), trips[:, 0], rtol=1e-4)
    np.testing.assert_allclose(profile[:, 180:].sum(axis=1), trips[:, 1], rtol=1e-4)
    assert ds.report == {}
