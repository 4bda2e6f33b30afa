"""generate_city's behaviour: determinism, safe writing, input errors, progress."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
from mtgrr.errors import Cancelled, InputError
from mtgrr.events import Reporter
from mtgrr.job import load_job
from mtgrr.synth import generate_city

LAYERS = ("regions", "poi", "trips", "landuse", "roads", "street_view")


def _tables(paths) -> dict:
    out = {name: pyogrio.read_dataframe(paths["city"], layer=name) for name in LAYERS}
    with rasterio.open(paths["imagery"]) as src:
        out["imagery"] = src.read()
    out["images"] = [p.read_bytes() for p in sorted(paths["street_view"].glob("*.jpg"))]
    return out


def test_same_seed_same_city_other_seed_other_city(tmp_path):
    a = _tables(generate_city(tmp_path / "a", n_regions=40, seed=7, n_images=30))
    b = _tables(generate_city(tmp_path / "b", n_regions=40, seed=7, n_images=30))
    c = _tables(generate_city(tmp_path / "c", n_regions=40, seed=8, n_images=30))
    for name in LAYERS:
        frame_a, frame_b = a[name], b[name]
        assert frame_a.drop(columns="geometry").equals(frame_b.drop(columns="geometry")), name
        assert (frame_a.geometry.to_wkb() == frame_b.geometry.to_wkb()).all(), name
    np.testing.assert_array_equal(a["imagery"], b["imagery"])
    assert a["images"] == b["images"]
    assert not a["regions"].drop(columns="geometry").equals(c["regions"].drop(columns="geometry"))
    assert not np.array_equal(a["trips"].pickup_x.to_numpy()[:50], c["trips"].pickup_x.to_numpy()[:50])
    assert not np.array_equal(a["imagery"], c["imagery"])


def test_image_count_changes_only_the_street_view(tmp_path):
    few = generate_city(tmp_path / "few", n_regions=30, seed=1, n_images=10)
    none = generate_city(tmp_path / "none", n_regions=30, seed=1, n_images=0)
    for name in ("poi", "trips", "roads"):
        assert pyogrio.read_dataframe(few["city"], layer=name).equals(
            pyogrio.read_dataframe(none["city"], layer=name)
        )
    assert len(gpd.read_file(few["city"], layer="street_view")) == 10
    assert "street_view" not in {n for n, _ in pyogrio.list_layers(none["city"])}
    assert "street_view" not in none
    assert load_job(none["job"]).street_view is None


def test_trip_density_changes_only_the_trips(tmp_path):
    """Ten times the trips per region: ten times the trips (up to rounding) and the same POIs, roads
    and land use; 40, the default, written out gives the default city."""
    sparse = generate_city(tmp_path / "sparse", n_regions=30, seed=1, n_images=0)
    same = generate_city(tmp_path / "same", n_regions=30, seed=1, n_images=0, trips_per_region=40)
    dense = generate_city(tmp_path / "dense", n_regions=30, seed=1, n_images=0, trips_per_region=400)
    for name in ("poi", "roads", "landuse"):
        assert pyogrio.read_dataframe(sparse["city"], layer=name).equals(
            pyogrio.read_dataframe(dense["city"], layer=name)
        ), name
    assert pyogrio.read_dataframe(sparse["city"], layer="trips").equals(
        pyogrio.read_dataframe(same["city"], layer="trips")
    )
    n_sparse = pyogrio.read_info(sparse["city"], layer="trips")["features"]
    n_dense = pyogrio.read_info(dense["city"], layer="trips")["features"]
    assert n_sparse > 100 and abs(n_dense - 10 * n_sparse) <= 10


def test_overwrite_replaces_an_earlier_city_and_nothing_else(tmp_path, monkeypatch):
    """--overwrite once emptied any folder: a folder of the user's files, or the current folder ("." or "x/..",
    where it then crashed, having written no city)."""
    out = tmp_path / "city"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty"):
        generate_city(out, n_regions=20, n_images=5)
    with pytest.raises(InputError, match=r"files that are not a synthetic city \(notes.txt\)"):
        generate_city(out, n_regions=20, n_images=5, overwrite=True)
    assert (out / "notes.txt").read_text() == "keep me"
    (out / "notes.txt").unlink()
    generate_city(out, n_regions=20, n_images=5)
    (out / "mine.txt").write_text("in an earlier city")
    paths = generate_city(out, n_regions=20, n_images=5, seed=1, overwrite=True)
    assert not (out / "mine.txt").exists() and paths["city"].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city"]  # no temporary folder left
    monkeypatch.chdir(out)
    for here in (".", "street_view/.."):
        with pytest.raises(InputError, match="the current folder, or holds it"):
            generate_city(here, n_regions=20, n_images=5, overwrite=True)
    assert (out / "city.gpkg").is_file() and (out / "job.toml").is_file()


def test_cancelled_run_leaves_nothing(tmp_path):
    reporter = Reporter(quiet=True)
    reporter.cancelled = True
    with pytest.raises(Cancelled):
        generate_city(tmp_path / "city", n_regions=20, reporter=reporter)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"n_regions": 3}, "--regions"),
        ({"n_images": -1}, "--images"),
        ({"seed": -1}, "--seed"),
        ({"trips_per_region": 0}, "--trips-per-region"),
        ({"n_regions": 1_000, "trips_per_region": 5_001}, "between 1 and 5,000"),
    ],
)
def test_bad_sizes_are_input_errors(tmp_path, kwargs, where):
    with pytest.raises(InputError, match=where):
        generate_city(tmp_path / "city", **kwargs)
    assert not (tmp_path / "city").exists()


def test_progress_events_reach_100(tmp_path):
    stream = io.StringIO()
    generate_city(
        tmp_path / "city", n_regions=20, n_images=5, reporter=Reporter(json_events=True, stream=stream)
    )
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    percents = [e["percent"] for e in events if e["event"] == "progress"]
    assert all(e["stage"] == "synth" for e in events if e["event"] == "progress")
    assert percents == sorted(percents) and percents[-1] == 100 and len(percents) >= 8
    assert any(e["event"] == "log" and "20 regions" in e["message"] for e in events)


def test_default_city_has_400_regions(tmp_path):
    # its generation time is measured by `mtgrr benchmark city`, not here
    paths = generate_city(tmp_path / "city")
    assert len(gpd.read_file(paths["city"], layer="regions")) == 400
