from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from mtgrr.data import Graph, ModalityFeatures, PointFeatures, RegionDataset
from mtgrr.errors import InputError
from mtgrr.evaluate import (
    evaluate,
    lagged_pca_features,
    pca_features,
    raw_features,
    strict_protocol,
    write_report,
)
from mtgrr.evaluate.baselines import one_hop_means
from mtgrr.evaluate.report import render_markdown


@pytest.fixture
def methods_and_targets(linear_data):
    X, y, classes, X_clustered = linear_data
    rng = np.random.default_rng(3)
    targets = pd.DataFrame({"y": y, "cls": classes, "name": ["a"] * 120})
    targets.loc[[5, 17, 40], "y"] = np.nan
    methods = {
        "model": [X + rng.normal(0, 0.05, X.shape) for _ in range(3)],
        "noise": [rng.normal(size=X.shape)],
        "clustered": [np.hstack([X, X_clustered])],
    }
    return methods, targets


def test_evaluate_runs_every_method_on_the_same_splits(methods_and_targets):
    methods, targets = methods_and_targets
    methods["model, again"] = methods["model"]  # the same embeddings under another name
    result = evaluate(methods, targets, ["y"], ["cls"])
    again = result["methods"]["model, again"]
    assert again["strict"] == result["methods"]["model"]["strict"]  # same folds, same scores
    assert again["strict_r2_runs"] == result["methods"]["model"]["strict_r2_runs"]
    assert result["targets"]["y"] == {"kind": "regression", "n_used": 117, "n_excluded": 3, "n_negative": 0}
    assert result["targets"]["cls"]["k"] == 3
    model, noise = result["methods"]["model"], result["methods"]["noise"]
    assert model["runs"] == 3 and noise["runs"] == 5  # a single matrix is probed once per fold seed
    assert model["strict"]["y"]["r2"][0] > 0.9 > noise["strict"]["y"]["r2"][0]
    assert model["strict"]["y"]["r2"][1] > 0  # the three seeds differ
    assert noise["paper"]["y"]["r2"][1] == 0.0  # one deterministic matrix: one paper run
    assert result["methods"]["clustered"]["clustering"]["cls"]["nmi"][0] > 0.9


def test_evaluate_scores_the_city_wide_probe_within_each_group(linear_data):
    X, y, _, _ = linear_data
    # the signal is in the first 60 regions only; the last 60 get a target the embedding cannot see
    y = y.copy()
    y[60:] = 50 + np.random.default_rng(4).normal(0, 10, 60)
    group = np.where(np.arange(120) < 60, "signal", "noise").astype(object)
    group[:3] = None  # unlabelled regions belong to no group
    targets = pd.DataFrame({"y": y, "zone": group})
    result = evaluate({"model": [X]}, targets, ["y"], (), group_column="zone", fold_seeds=(0, 1))
    by_zone = result["methods"]["model"]["strict_by_group"]["y"]
    assert set(by_zone) == {"signal", "noise"} and result["group_column"] == "zone"
    assert by_zone["signal"]["r2"][0] > 0.5 > by_zone["noise"]["r2"][0]
    with pytest.raises(InputError, match="group column 'zon' not found"):
        evaluate({"model": [X]}, targets, ["y"], (), group_column="zon")
    with pytest.raises(InputError, match="without a regression target"):
        evaluate({"model": [X]}, targets.assign(cls=np.arange(120) % 3), (), ["cls"], group_column="zone")


def test_group_codes_and_groups_too_small_to_score(linear_data):
    X, y, _, _ = linear_data
    codes = np.repeat([1.0, 2.0, np.nan], 40)  # an integer field with gaps reads as float
    result = evaluate(
        {"m": [X]}, pd.DataFrame({"y": y, "d": codes}), ["y"], (), group_column="d", fold_seeds=(0,)
    )
    assert set(result["methods"]["m"]["strict_by_group"]["y"]) == {"1", "2"}
    tiny = pd.DataFrame({"y": y, "d": np.arange(120) // 3})  # 40 groups of 3 regions
    result = evaluate({"m": [X]}, tiny, ["y"], (), group_column="d", fold_seeds=(0,))
    assert result["methods"]["m"]["strict_by_group"]["y"] == {}
    markdown = render_markdown(result, "t")
    assert "No group of `d` has 5 or more labelled regions" in markdown and "|  |" not in markdown


def test_write_report_is_atomic_and_keeps_reported_apart(methods_and_targets, tmp_path):
    methods, targets = methods_and_targets
    result = evaluate(methods, targets, ["y"], ["cls"])
    reported = {"PaperNet": {"y": {"mae": 1.5, "rmse": 2.0, "r2": 0.91}}}
    files = write_report(result, tmp_path, "Test run", reported=reported)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evaluation.json", "evaluation.md"]
    saved = json.loads(files["evaluation_json"].read_text())
    assert saved["methods"] == result["methods"] and saved["reported"] == reported
    md = files["evaluation_md"].read_text()
    strict_part, reported_part = md.split("## Reported")
    assert "PaperNet" not in strict_part and "PaperNet" in reported_part
    model_row = next(line for line in strict_part.splitlines() if line.startswith("| model |"))
    r2_mean, r2_std = result["methods"]["model"]["strict"]["y"]["r2"]
    assert f"{r2_mean:.3f} ± {r2_std:.3f}" in model_row
    assert "`y`: 117 regions evaluated, 3 without a value left out." in md


def test_write_report_leaves_nothing_on_failure(tmp_path, monkeypatch):
    import mtgrr.evaluate.report as report

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "render_markdown", broken)
    with pytest.raises(RuntimeError):
        write_report({"methods": {}, "targets": {}}, tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("regression", "classes", "message"),
    [
        (["missing"], [], "'missing' not found.*use a field; available: 'y', 'cls', 'name', 'ids'"),
        (["name"], [], "not numeric"),
        ([], ["missing"], "not found"),
        ([], ["y"], "class target 'y' holds 117 distinct values among 117 labelled regions"),
        ([], ["ids"], "class target 'ids' holds 120 distinct values"),  # each region its own class: NMI 1
        (
            ["cls"],
            ["cls"],
            "column 'cls' is named more than once as a target \\(as a regression and as a class",
        ),  # one entry per column: a table was lost
        (["y", "y"], [], "column 'y' is named more than once as a target Fix"),
    ],
)
def test_target_errors(methods_and_targets, regression, classes, message):
    methods, targets = methods_and_targets
    targets["ids"] = [f"r{i}" for i in range(len(targets))]
    with pytest.raises(InputError, match=message):
        evaluate(methods, targets, regression, classes)


def test_few_labelled_regions_may_have_many_classes(methods_and_targets):
    """6 classes among 10 labelled regions are classes; 10 distinct values among 10 are ids."""
    methods, targets = methods_and_targets
    targets["cls"] = [f"c{i % 6}" if i < 10 else None for i in range(len(targets))]
    evaluate(methods, targets, [], ["cls"])
    targets["cls"] = [f"r{i}" if i < 10 else None for i in range(len(targets))]
    with pytest.raises(InputError, match="'cls' holds 10 distinct values among 10 labelled"):
        evaluate(methods, targets, [], ["cls"])


def test_targets_join_on_region_ids(linear_data):
    X, y, _, _ = linear_data
    ids = np.arange(1000, 1120)
    table = pd.DataFrame({"region_id": ids[::-1], "y": y[::-1]})  # shuffled order, joined by id
    joined = evaluate([X], table, ["y"], region_ids=ids)
    positional = evaluate([X], pd.DataFrame({"y": y}), ["y"])
    assert joined["methods"] == positional["methods"]
    with pytest.raises(InputError, match="rows for 120 regions"):
        evaluate([X], table.iloc[:50], ["y"])
    with pytest.raises(InputError, match="labelled regions"):
        evaluate([X], table.iloc[:5], ["y"], region_ids=ids)
    with pytest.raises(InputError, match="no 'region_id' column or index"):
        evaluate([X], pd.DataFrame({"y": y}), ["y"], region_ids=np.arange(120))
    by_index = table.set_index("region_id")
    assert evaluate([X], by_index, ["y"], region_ids=ids)["methods"] == positional["methods"]
    # without region_ids an index of ids was ignored and the shuffled rows scored as they came (R² near 0)
    with pytest.raises(InputError, match="index 'region_id' .* no region_ids") as err:
        evaluate([X], by_index, ["y"])
    assert "region_ids=ds.region_ids" in err.value.fix


def test_raw_and_pca_features_cover_every_input():
    n = 30
    rng = np.random.default_rng(0)
    poi = ModalityFeatures("poi", rng.poisson(2, (n, 3)), ["a", "b", "c"], np.ones(n, bool))
    mob = Graph(np.array([[0, 1, 2], [1, 2, 0]]), np.log1p([5.0, 2.0, 1.0]), n, directed=True)
    pts = PointFeatures(np.array([[1.0, 2.0], [3.0, 4.0], [10.0, 0.0]]), ["f0", "f1"], np.array([4, 4, 7]))
    ds = RegionDataset(region_ids=np.arange(n), modalities={"poi": poi}, graphs={"mobility": mob}, points=pts)
    X = raw_features(ds)
    assert X.shape == (n, 3 + 2 * n + 2)
    # out-row of 0 and in-row of 1 hold the 5 trips 0 → 1 as a count (graph weights are log1p)
    assert X[0, 3 + 1] == pytest.approx(5.0) and X[1, 3 + n + 0] == pytest.approx(5.0)
    np.testing.assert_allclose(X[4, -2:], [2.0, 3.0])  # mean of the two images in region 4
    np.testing.assert_allclose(X[7, -2:], [10.0, 0.0])
    assert not X[0, -2:].any()
    Z = pca_features(ds, n=64)
    assert Z.shape == (n, n)  # capped at N
    assert np.allclose(Z.mean(axis=0), 0, atol=1e-8)


def test_one_hop_means_follow_contiguity_and_trips_by_hand():
    """A row of four regions; trips 0 → 2 (3) and 0 → 3 (1): the contiguity mean of region 1 is
    the mean of 0 and 2, the trip mean of region 0 is (3·x2 + x3) / 4, a region without trips 0."""
    X = np.array([[1.0, 0.0], [2.0, 10.0], [4.0, 20.0], [8.0, 40.0]])
    adjacency = Graph(np.array([[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]]), np.ones(6), 4)
    mobility = Graph(np.array([[0, 0], [2, 3]]), np.log1p([3.0, 1.0]), 4, directed=True)
    ds = RegionDataset(region_ids=np.arange(4), graphs={"adjacency": adjacency, "mobility": mobility})
    around, trips = one_hop_means(ds, X)
    np.testing.assert_allclose(around[1], (X[0] + X[2]) / 2)
    np.testing.assert_allclose(around[0], X[1])
    np.testing.assert_allclose(trips[0], (3 * X[2] + X[3]) / 4)
    assert not trips[1:].any()
    assert one_hop_means(RegionDataset(region_ids=np.arange(4)), X) == []


def test_lagged_pca_features_add_what_the_neighbours_hold():
    """Regions whose features say nothing about a target that their neighbours' do: PCA of the
    raw features misses it, the lagged PCA finds it (the strict probe, out of fold)."""
    n = 200
    rng = np.random.default_rng(1)
    values = rng.normal(size=(n, 4))
    ring = np.arange(n)
    adjacency = Graph(
        np.vstack([np.r_[ring, (ring + 1) % n], np.r_[(ring + 1) % n, ring]]), np.ones(2 * n), n
    )
    mod = ModalityFeatures("poi", values, ["a", "b", "c", "d"], np.ones(n, bool))
    ds = RegionDataset(region_ids=ring, modalities={"poi": mod}, graphs={"adjacency": adjacency})
    y = values[(ring + 1) % n, 0] + values[(ring - 1) % n, 0] + 0.1 * rng.normal(size=n)
    lagged = lagged_pca_features(ds)
    assert lagged.shape == (n, 8)  # 4 own + 4 lagged columns, PCA capped there
    assert strict_protocol(lagged, y)["r2"] > 0.9 > 0.1 > strict_protocol(pca_features(ds), y)["r2"]


def test_paired_differences_cancel_the_shared_split_spread(linear_data):
    """Two methods that differ by a constant loss of signal: their R² spread over runs (the splits)
    is larger than the gap, but run by run the better one wins every time."""
    X, y, _, _ = linear_data
    rng = np.random.default_rng(5)
    noisy = [X + rng.normal(0, 0.6, X.shape) for _ in range(5)]
    noisier = [m + rng.normal(0, 0.25, X.shape) for m in noisy]
    targets = pd.DataFrame({"y": y})
    methods = {"better": noisy, "worse": noisier, "three seeds": noisier[:3]}
    result = evaluate(methods, targets, ["y"], (), reference="better")
    runs = {n: result["methods"][n]["strict_r2_runs"]["y"] for n in ("better", "worse")}
    assert len(runs["better"]) == 5
    assert result["methods"]["better"]["strict"]["y"]["r2"][0] == pytest.approx(np.mean(runs["better"]))
    paired = result["paired"]
    assert paired["reference"] == "better" and set(paired["methods"]) == {"worse"}  # 3 runs: no pairs
    assert paired["left_out"] == ["three seeds"]
    d = paired["methods"]["worse"]["y"]
    delta = np.subtract(runs["better"], runs["worse"])
    assert d == {"mean": pytest.approx(delta.mean()), "std": pytest.approx(delta.std()), "wins": 5, "runs": 5}
    assert d["mean"] > 0 and d["std"] < d["mean"]
    spread = min(result["methods"][n]["strict"]["y"]["r2"][1] for n in ("better", "worse"))
    assert d["mean"] < spread  # unpaired, the gap is "within noise"
    text = render_markdown(result, "T")
    assert "## Paired differences against `better` (strict R²)" in text
    assert f"| worse | {d['mean']:+.3f} ± {d['std']:.3f}, 5/5 |" in text
    assert "Not paired (not 5 runs like the reference): three seeds." in text
    with pytest.raises(ValueError, match="reference method 'best' is not among the methods: better, worse"):
        evaluate({"better": noisy, "worse": noisier}, targets, ["y"], (), reference="best")


def test_a_constant_regression_target_is_refused(linear_data):
    """sklearn scores a constant target R² 1.0 when predicted exactly: there is nothing to evaluate."""
    X, _, _, _ = linear_data
    with pytest.raises(
        InputError, match=r"regression target 'c' has one value \(5.0\) on every labelled region"
    ):
        evaluate({"m": [X]}, pd.DataFrame({"c": np.full(len(X), 5.0)}), ["c"], ())


def test_the_report_counts_each_target_and_names_what_it_could_not_score(linear_data):
    """Every target's region count, the groups left out of the by-group table, and a target below 0 that
    the paper probe's clipped predictions cannot reach are all said in the report."""
    X, y, _, _ = linear_data
    zone = np.where(np.arange(120) < 60, "east", "west").astype(object)
    zone[0] = "island"  # a group of one region: too small to score
    targets = pd.DataFrame({"y": y, "centred": y - y.mean(), "zone": zone})
    result = evaluate({"m": [X]}, targets, ["y", "centred"], (), group_column="zone", fold_seeds=(0,))
    assert result["targets"]["centred"]["n_negative"] == int((y < y.mean()).sum())
    md = render_markdown(result, "t")
    assert "`y`: 120 regions evaluated." in md
    assert f"`centred`: 120 regions evaluated; {int((y < y.mean()).sum())} values below 0" in md
    assert md.count("Not scored (fewer than 5 labelled regions or one `y` value): island.") == 1


def test_a_target_of_text_is_read_as_numbers_where_it_holds_them(methods_and_targets):
    """A GeoPackage or CSV column of numbers written as text ("12.5") is scored as numbers; stray entries among
    numbers are named, with the fix for them (not "choose another field"), and decimal commas get their own."""
    methods, targets = methods_and_targets
    as_numbers = evaluate(methods, targets, ["y"], [])["methods"]["model"]["strict"]["y"]["r2"]
    targets["y"] = targets["y"].map(lambda v: None if pd.isna(v) else repr(float(v)))
    as_text = evaluate(methods, targets, ["y"], [])["methods"]["model"]["strict"]["y"]["r2"]
    assert as_text == pytest.approx(as_numbers, abs=1e-12)
    stray = targets.copy()
    stray.loc[[3, 7], "y"] = ["n/a", "unknown"]
    with pytest.raises(InputError) as raised:
        evaluate(methods, stray, ["y"], [])
    assert "2 of its 117 values are not numbers ('n/a', 'unknown')" in raised.value.problem
    assert raised.value.fix.startswith("correct those values, or clear them")
    comma = targets.copy()
    comma["y"] = comma["y"].str.replace(".", ",", regex=False)
    with pytest.raises(InputError, match=r"decimal point and no thousands separator \(12\.5 or 1234"):
        evaluate(methods, comma, ["y"], [])
