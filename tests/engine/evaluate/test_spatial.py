"""Spatially blocked folds: compact held-out blocks, in metres, and what they measure."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from mtgrr.errors import InputError
from mtgrr.evaluate import evaluate, render_markdown
from mtgrr.evaluate.predict import predict_attribute
from mtgrr.evaluate.protocols import regression_metrics, spatial_predictions, strict_predictions
from mtgrr.evaluate.spatial import planar_coordinates, regions_needed, spatial_folds
from sklearn.model_selection import KFold
from sklearn.neighbors import NearestNeighbors


def _city(n=400, seed=0):
    """Regions scattered over 10 km, a target that varies smoothly over the city plus noise, and features
    that only say where a region is (radial functions of its location): they interpolate between known
    regions but cannot extrapolate into an unknown area."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10_000, (n, 2))
    y = np.sin(xy[:, 0] / 1500) + np.cos(xy[:, 1] / 1700) + 0.3 * rng.normal(size=n)
    centres = rng.uniform(0, 10_000, (40, 2))
    X = np.exp(-(((xy[:, None, :] - centres[None]) ** 2).sum(-1)) / (2 * 800.0**2))
    return xy, X, y


def _same_fold_share(xy, splits, k=4):
    """Share of each region's k nearest regions that its fold holds out with it."""
    fold = np.empty(len(xy), dtype=int)
    for i, (_, test) in enumerate(splits):
        fold[test] = i
    _, near = NearestNeighbors(n_neighbors=k + 1).fit(xy).kneighbors(xy)
    return float((fold[near[:, 1:]] == fold[:, None]).mean())


def test_spatial_folds_partition_the_regions_into_compact_blocks():
    xy, _, _ = _city()
    splits = spatial_folds(xy, 5, seed=0)
    assert len(splits) == 5
    tested = np.concatenate([test for _, test in splits])
    assert sorted(tested.tolist()) == list(range(len(xy)))  # every region held out exactly once
    for train, test in splits:
        assert not set(train) & set(test) and len(train) + len(test) == len(xy)
        assert 0.1 < len(test) / len(xy) < 0.3  # about a fifth each
    shuffled = list(KFold(5, shuffle=True, random_state=0).split(xy))
    assert _same_fold_share(xy, splits) > 0.7  # neighbours are held out together
    assert _same_fold_share(xy, shuffled) < 0.3  # ~ 1 in 5 with scattered folds


def test_the_blocks_follow_the_fold_seed():
    xy, _, _ = _city()
    first = [test.tolist() for _, test in spatial_folds(xy, 5, seed=3)]
    assert first == [test.tolist() for _, test in spatial_folds(xy, 5, seed=3)]
    assert first != [test.tolist() for _, test in spatial_folds(xy, 5, seed=4)]


def test_held_out_blocks_score_location_features_lower_than_scattered_folds():
    """What the spatial protocol is for: features that only interpolate look good on scattered folds."""
    xy, X, y = _city()
    strict = [regression_metrics(y, strict_predictions(X, y, s))["r2"] for s in range(3)]
    spatial = [regression_metrics(y, spatial_predictions(X, y, xy, s))["r2"] for s in range(3)]
    assert np.mean(strict) > 0.6
    assert np.mean(spatial) < np.mean(strict) - 0.1


def test_too_few_regions_or_places_for_the_blocks_are_refused():
    xy, _, _ = _city(n=regions_needed() - 1)  # blocks of 3 regions on average, else they are scattered folds
    with pytest.raises(InputError, match="needs at least 60 regions with a value, got 59") as err:
        spatial_folds(xy, 5, seed=0)
    assert err.value.where == "spatial cross-validation" and "random (scattered) folds" in err.value.fix
    with pytest.raises(InputError, match="fewer than 20 distinct centroids"):
        spatial_folds(np.repeat(xy[:10], 6, axis=0), 5, seed=0)  # duplicated regions
    with pytest.raises(ValueError, match="finite"):
        spatial_folds(np.full((80, 2), np.nan), 5, seed=0)


def test_blocks_follow_density_and_the_folds_stay_about_equal():
    """With a dense core, k-means blocks differ in size; GroupKFold still balances the folds' regions."""
    rng = np.random.default_rng(2)
    xy = np.vstack([rng.normal(5000, 300, (300, 2)), rng.uniform(0, 10_000, (100, 2))])
    sizes = [len(test) for _, test in spatial_folds(xy, 5, seed=0)]
    assert sum(sizes) == 400 and max(sizes) - min(sizes) <= 0.25 * 80


def test_planar_coordinates_are_metres_inside_each_region():
    # A U-shaped region, whose centroid lies in its notch (outside it).
    u = shapely.Polygon([(0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30)])
    square = shapely.box(100, 0, 110, 10)
    xy = planar_coordinates(gpd.GeoSeries([u, square]), "EPSG:3857")
    assert not u.contains(u.centroid) and u.contains(shapely.Point(xy[0]))
    np.testing.assert_allclose(xy[1], [105, 5])
    # Longitudes and latitudes go to their UTM zone: 0.01° of longitude at 40.7° N is about 843 m.
    lonlat = gpd.GeoSeries(
        [shapely.box(-74.0, 40.7, -73.999, 40.701), shapely.box(-73.99, 40.7, -73.989, 40.701)]
    )
    xy = planar_coordinates(lonlat, "EPSG:4326")
    assert np.linalg.norm(xy[1] - xy[0]) == pytest.approx(843, rel=0.01)
    with pytest.raises(ValueError, match="1 region"):
        planar_coordinates(gpd.GeoSeries([square, None]), "EPSG:3857")


def test_evaluate_adds_the_spatial_protocol_and_its_pairs():
    xy, X, y = _city()
    rng = np.random.default_rng(1)
    driver = (np.sin(xy[:, 0] / 1500) + np.cos(xy[:, 1] / 1700))[:, None] + 0.1 * rng.normal(size=(len(y), 3))
    methods = {"location": [X, X], "driver": [driver, driver]}  # the driver holds in an unknown area too
    targets = pd.DataFrame({"y": y})
    result = evaluate(methods, targets, ["y"], fold_seeds=(0, 1), reference="location", coordinates=xy)
    assert "spatial" in result["protocols"]
    for name in methods:
        entry = result["methods"][name]
        assert len(entry["spatial_r2_runs"]["y"]) == 2
        assert entry["spatial"]["y"]["r2"][0] == pytest.approx(np.mean(entry["spatial_r2_runs"]["y"]))
    location = result["methods"]["location"]
    assert location["spatial"]["y"]["r2"][0] < location["strict"]["y"]["r2"][0] - 0.1
    runs = result["methods"]["location"]["spatial_r2_runs"]["y"]
    expected = [regression_metrics(y, spatial_predictions(X, y, xy, s))["r2"] for s in (0, 1)]
    np.testing.assert_allclose(runs, expected)
    gap = {k: result[k]["methods"]["driver"]["y"]["mean"] for k in ("paired", "paired_spatial")}
    assert gap["paired_spatial"] < gap["paired"] - 0.1  # location falls further behind in held-out blocks
    text = render_markdown(result, "t")
    assert "## Spatial protocol (held-out blocks of regions)" in text
    assert "## Paired differences against `location` (spatial R²)" in text
    plain = evaluate(methods, targets, ["y"], fold_seeds=(0, 1))
    assert "spatial" not in plain["protocols"] and "Spatial protocol" not in render_markdown(plain, "t")
    assert plain["methods"]["location"]["strict"] == location["strict"]  # the other probes are unchanged


def test_evaluate_refuses_bad_coordinates_and_too_few_labelled_regions():
    xy, X, y = _city(n=60)
    with pytest.raises(ValueError, match=r"coordinates must be \(N=60, 2\)"):
        evaluate([X], pd.DataFrame({"y": y}), ["y"], coordinates=xy[:50])
    y[:5] = np.nan
    with pytest.raises(
        InputError, match="only 55 regions have a value, and the spatial protocol cuts them"
    ) as err:
        evaluate([X], pd.DataFrame({"y": y}), ["y"], coordinates=xy)
    assert err.value.where == "target 'y'"


def test_predict_attribute_on_blocks_is_out_of_block_and_stricter():
    xy, X, y = _city()
    y[::7] = np.nan
    pred, blocked = predict_attribute(X, y, seed=0, coordinates=xy)
    _, scattered = predict_attribute(X, y, seed=0)
    assert np.isfinite(pred).all() and blocked["n_known"] == scattered["n_known"] == int(np.isfinite(y).sum())
    assert blocked["r2"] < scattered["r2"] - 0.1
    # A known region's prediction never saw its block: changing its value moves no prediction in its block.
    known = np.flatnonzero(np.isfinite(y))
    _, test = spatial_folds(xy[known], 5, 0)[0]
    changed = y.copy()
    changed[known[test[0]]] += 1000.0
    moved, _ = predict_attribute(X, changed, seed=0, coordinates=xy)
    np.testing.assert_allclose(moved[known[test]], pred[known[test]])


def test_predict_attribute_on_blocks_needs_three_regions_per_block():
    xy, X, y = _city(n=80)
    y[59:] = np.nan
    with pytest.raises(
        InputError, match=r"at least 60 are needed \(spatial cross-validation cuts them into 20"
    ):
        predict_attribute(X, y, coordinates=xy, where="income")


def test_the_processing_runner_places_only_the_regions_with_a_value():
    """plugin/processing/runner.py (run by the engine's Python for mtgrr:predict): a region without a value
    needs no geometry; one with a value does, and the error names it."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[3] / "plugin" / "processing" / "runner.py"
    spec = importlib.util.spec_from_file_location("mtgrr_processing_runner", path)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    xy, X, y = _city(n=80)
    table = pd.DataFrame(X, columns=[f"emb_{i:03d}" for i in range(X.shape[1])])
    table.insert(0, "row", range(80))
    table["target"], table["x"], table["y"] = y, xy[:, 0], xy[:, 1]
    table.loc[5, ["target", "x", "y"]] = np.nan  # unknown and without geometry: not placed, still predicted
    pred, metrics = runner.predict(table, "income", 5, 0, spatial_crs="")
    assert np.isfinite(pred).all() and metrics["n_known"] == 79
    table.loc[7, ["x", "y"]] = np.nan
    with pytest.raises(
        InputError, match=r"1 region\(s\) with a value have no geometry \(the first is feature 8 in"
    ):
        runner.predict(table, "income", 5, 0, spatial_crs="")
