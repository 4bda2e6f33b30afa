"""Regions without data (an all-zero embedding) are neither trained on nor scored, and get no prediction; the
plugin's Processing runner follows the same rule for its predictions and clusters."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.evaluate.predict import predict_attribute

EMPTY = [3, 11, 12, 30, 47, 58, 64, 79]  # seven of them with a known value


def _data(n=80, p=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = 5 + X @ rng.normal(size=p) + 0.5 * rng.normal(size=n)
    y[::10] = np.nan  # unknown on 8 regions, one of them (30) without data
    X[EMPTY] = 0.0
    data = np.ones(n, bool)
    data[EMPTY] = False
    return X, y, data


def _runner():
    path = Path(__file__).parents[3] / "plugin" / "processing" / "runner.py"
    spec = importlib.util.spec_from_file_location("mtgrr_processing_runner", path)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    return runner


@pytest.mark.parametrize("spatial", [False, True])
def test_regions_without_data_are_left_out_as_if_absent(spatial):
    X, y, data = _data()
    xy = np.random.default_rng(1).uniform(0, 5000, (len(y), 2)) if spatial else None
    pred, metrics = predict_attribute(X, y, seed=0, coordinates=xy, folds=3 if spatial else 5)
    assert np.isnan(pred[~data]).all() and np.isfinite(pred[data]).all()
    alone, alone_metrics = predict_attribute(
        X[data], y[data], seed=0, coordinates=None if xy is None else xy[data], folds=3 if spatial else 5
    )
    np.testing.assert_allclose(pred[data], alone)
    assert metrics == {**alone_metrics, "n_without_data": 8, "n_known_without_data": 7}
    assert metrics["n_known"] == int((np.isfinite(y) & data).sum()) == 65


def test_too_few_values_left_with_data_are_refused_saying_why():
    X, y, _ = _data()
    y[:] = np.nan
    y[[3, 11, 12, 30, 0, 1, 2, 4, 5, 6, 7, 8]] = np.arange(
        12.0
    )  # 12 values, 4 of them on regions without data
    with pytest.raises(InputError) as raised:
        predict_attribute(X, y, where="income")
    assert raised.value.problem == (
        "only 8 regions with data have a numeric value (4 more have one but no data in any modality, an all-zero "
        "embedding, and are left out); at least 10 are needed."
    )
    assert raised.value.fix == "choose an attribute known on more regions with data."


def test_the_processing_runner_predicts_and_clusters_the_regions_with_data_only():
    """mtgrr:predict and mtgrr:cluster run plugin/processing/runner.py in the engine's Python: an all-zero row
    gets an empty value (NULL), the log says how many, the silhouette is of the clustered regions."""
    from mtgrr.events import Reporter
    from mtgrr.export.layer import clusters_by_size
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    runner = _runner()
    X, y, data = _data()
    table = pd.DataFrame(X, columns=[f"emb_{i:03d}" for i in range(X.shape[1])])
    table.insert(0, "row", range(len(table)))
    table["target"] = y
    log = []
    reporter = Reporter()
    reporter.log = lambda message, level="info": log.append((level, message))
    pred, metrics = runner.predict(table, "income", 5, 0, reporter=reporter)
    np.testing.assert_allclose(pred, predict_attribute(X, y, seed=0)[0])
    assert np.isnan(pred[~data]).all() and metrics["n_known"] == 65 and metrics["n_without_data"] == 8
    labels, scores = runner.cluster(table, 4, 0, reporter)
    assert labels[~data].isna().all()
    alone = clusters_by_size(KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(X[data]))
    np.testing.assert_array_equal(labels[data].to_numpy(dtype=int), alone)
    assert scores["silhouette"] == pytest.approx(silhouette_score(X[data], alone))
    said = "8 of the 80 regions have an all-zero embedding (no data in any modality): left out, "
    assert ("warning", said + "with no prediction (NULL) and not trained or scored on.") in log
    assert ("warning", said + "with no cluster (NULL).") in log
    written = pd.DataFrame({"row": table["row"], "value": labels}).to_csv(index=False).splitlines()
    assert written[EMPTY[0] + 1] == f"{EMPTY[0]}," and written[1] == f"0,{alone[0]}"  # an empty cell: NULL
    with pytest.raises(InputError) as raised:
        runner.cluster(table, 73, 0, reporter)
    assert raised.value.problem == (
        "cannot make 73 clusters from 72 regions with data (8 of the 80 have an all-zero embedding)."
    )
