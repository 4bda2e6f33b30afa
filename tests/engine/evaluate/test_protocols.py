from __future__ import annotations

import numpy as np
import pytest
from mtgrr.evaluate import clustering_scores, paper_protocol, strict_protocol, summarise
from mtgrr.evaluate.protocols import r2_by_group, strict_predictions
from sklearn.model_selection import KFold


def test_probes_recover_a_linear_signal(linear_data):
    X, y, _, _ = linear_data
    for probe in (paper_protocol, strict_protocol):
        scores = probe(X, y)
        assert set(scores) == {"mae", "rmse", "r2"}
        assert scores["r2"] > 0.95
        assert 0 < scores["mae"] <= scores["rmse"] < 2.0


def test_probes_see_no_signal_in_noise(linear_data):
    X, y, _, _ = linear_data
    noise = np.random.default_rng(5).normal(size=X.shape)
    assert strict_protocol(noise, y)["r2"] < 0.1
    assert paper_protocol(noise, y)["r2"] < 0.1


def test_paper_protocol_clips_negative_predictions():
    # y = max(x, 0): a linear probe predicts negatives for x < 0, which clipping must set to 0
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold

    x = np.random.default_rng(0).uniform(-1, 1, 60)
    y = np.clip(x, 0, None) * 10
    X = x[:, None]
    raw = np.empty_like(y)
    for train, test in KFold(10).split(X):
        raw[test] = Ridge(alpha=1.0).fit(X[train], y[train]).predict(X[test])
    assert (raw < 0).sum() > 10
    scores = paper_protocol(X, y)
    assert scores["mae"] == pytest.approx(np.mean(np.abs(y - np.clip(raw, 0, None))))
    assert scores["mae"] < np.mean(np.abs(y - raw))


def test_paper_protocol_uses_unshuffled_folds():
    # contiguous blocks of rows as test folds, as HAFusion's code splits: on noisy data the split shows
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold

    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 3))
    y = 20 + X @ np.array([1.0, -2.0, 0.5]) + rng.normal(size=50)  # positive: clipping plays no part

    def r2_of(split):
        pred = np.empty_like(y)
        for train, test in split.split(X):
            pred[test] = Ridge(alpha=1.0).fit(X[train], y[train]).predict(X[test])
        return 1 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2)

    ordered, shuffled = r2_of(KFold(10)), r2_of(KFold(10, shuffle=True, random_state=0))
    assert abs(ordered - shuffled) > 1e-3  # the test below can tell the two apart
    assert paper_protocol(X, y)["r2"] == pytest.approx(ordered, abs=1e-12)


def test_strict_protocol_depends_on_fold_seed_and_scales_inside_folds(linear_data):
    X, y, _, _ = linear_data
    a = strict_protocol(X, y, fold_seeds=(0,))
    b = strict_protocol(X, y, fold_seeds=(1,))
    assert a != b
    both = strict_protocol(X, y, fold_seeds=(0, 1))
    assert both["r2"] == pytest.approx((a["r2"] + b["r2"]) / 2)
    # standardisation happens inside: rescaling a feature does not change the result
    Xs = X * np.array([1e4, 1, 1e-3, 1, 1, 1])
    assert strict_protocol(Xs, y, fold_seeds=(0,))["r2"] == pytest.approx(a["r2"], abs=1e-3)


def test_summarise():
    runs = [{"r2": 0.5, "mae": 1.0}, {"r2": 0.7, "mae": 3.0}]
    out = summarise(runs)
    assert out["r2"] == pytest.approx((0.6, 0.1))
    assert out["mae"] == pytest.approx((2.0, 1.0))
    assert summarise(runs[:1])["r2"] == (0.5, 0.0)
    with pytest.raises(ValueError):
        summarise([])


def test_clustering_scores(linear_data):
    _, _, classes, X_clustered = linear_data
    good = clustering_scores(X_clustered, classes)
    assert good["nmi"] > 0.95 and good["ari"] > 0.95
    bad = clustering_scores(np.random.default_rng(1).normal(size=X_clustered.shape), classes)
    assert bad["nmi"] < 0.2 and bad["ari"] < 0.1
    assert clustering_scores(X_clustered, classes, k=6)["ari"] < good["ari"]


def test_probes_reject_bad_shapes_and_nan(linear_data):
    X, y, _, _ = linear_data
    with pytest.raises(ValueError, match="must be"):
        strict_protocol(X[:10], y)
    y_nan = y.copy()
    y_nan[3] = np.nan
    with pytest.raises(ValueError, match="finite"):
        paper_protocol(X, y_nan)
    with pytest.raises(ValueError, match="at least 10"):
        paper_protocol(X[:8], y[:8])


def test_r2_by_group_scores_each_group_apart():
    y = np.arange(12, dtype=float)
    pred = y.copy()
    pred[6:11] = y[6:11].mean()  # group b: the mean of its own values, R² = 0
    groups = np.array(["a"] * 6 + ["b"] * 5 + [None], dtype=object)
    scores = r2_by_group(y, pred, groups)
    assert scores == {"a": 1.0, "b": pytest.approx(0.0)}
    small = np.array(["a"] * 8 + ["c"] * 4, dtype=object)  # fewer than MIN_GROUP regions: left out
    assert set(r2_by_group(y, y, small)) == {"a"}


def test_strict_probe_sees_no_test_label_and_no_other_test_region(linear_data):
    """A test region's prediction depends on the training folds and its own features only: neither
    the alpha choice (test labels) nor the scaler (other test rows) reads the held-out fold."""
    X, y, _, _ = linear_data
    _, test = next(KFold(n_splits=5, shuffle=True, random_state=2).split(X))
    pred = strict_predictions(X, y, 2)
    y_other, X_other = y.copy(), X.copy()
    y_other[test] = np.random.default_rng(0).normal(0, 1e3, len(test))
    X_other[test[1:]] *= 1e3
    assert np.allclose(strict_predictions(X, y_other, 2)[test], pred[test])
    assert np.allclose(strict_predictions(X_other, y, 2)[test[0]], pred[test[0]])
