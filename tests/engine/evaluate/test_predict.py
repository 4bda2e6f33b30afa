"""predict_attribute: out-of-fold predictions for known regions, a model of all known regions for the rest."""

import numpy as np
import pytest
from mtgrr.errors import InputError
from mtgrr.evaluate.predict import predict_attribute


def _data(n=80, p=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 0.5 * rng.normal(size=n)
    return X, y


def test_a_known_regions_prediction_never_sees_its_own_value():
    X, y = _data()
    pred, _ = predict_attribute(X, y, seed=1)
    changed = y.copy()
    changed[0] += 1000.0  # only region 0's own value changes
    pred_changed, _ = predict_attribute(X, changed, seed=1)
    assert pred_changed[0] == pytest.approx(pred[0], abs=1e-9)  # its model was fitted without it
    assert np.abs(pred_changed[1:] - pred[1:]).max() > 1.0  # the models that trained on it moved


def test_unknown_regions_get_the_model_of_every_known_region():
    from mtgrr.evaluate.protocols import STRICT_ALPHAS
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = _data()
    y[::4] = np.nan
    pred, metrics = predict_attribute(X, y, seed=0)
    known = np.isfinite(y)
    model = make_pipeline(StandardScaler(), RidgeCV(alphas=STRICT_ALPHAS)).fit(X[known], y[known])
    np.testing.assert_allclose(pred[~known], model.predict(X[~known]))
    assert metrics["n_known"] == int(known.sum()) == 60
    assert 0.8 < metrics["r2"] < 1.0  # a linear signal under noise, read out of fold
    in_sample = model.predict(X[known])
    assert not np.allclose(pred[known], in_sample)


def test_noise_scores_no_better_than_chance_out_of_fold():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(60, 40)), rng.normal(size=60)
    _, metrics = predict_attribute(X, y, seed=0)
    assert metrics["r2"] < 0.05


def test_too_few_known_values_are_refused():
    X, y = _data(n=20)
    y[8:] = np.nan
    with pytest.raises(InputError, match="only 8 regions have a numeric value; at least 10"):
        predict_attribute(X, y, where="income")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda y: np.full_like(y, 5.0), r"every region with a value has the same one \(5\)"),
        (lambda y: np.where(np.arange(y.size) == 3, np.inf, y), r"1 region\(s\) have an infinite value"),
    ],
)
def test_an_attribute_that_cannot_be_predicted_is_refused(change, message):
    X, y = _data()
    with pytest.raises(InputError, match=message):
        predict_attribute(X, change(y), where="income")


def test_counts_are_never_predicted_below_zero():
    """Trained on values all >= 0 (a count), the map shows no negative count; a plain ridge would give some."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(80, 4))
    y = np.maximum(0.0, 3 * X[:, 0] + rng.normal(size=80)).round()  # many zeros
    y[::5] = np.nan
    pred, metrics = predict_attribute(X, y, seed=0)
    assert pred.min() == 0.0 and (pred == 0).sum() > 5
    from sklearn.linear_model import RidgeCV

    known = np.isfinite(y)
    assert RidgeCV().fit(X[known], y[known]).predict(X).min() < 0  # what the floor prevents
    signed = np.where(np.isfinite(y), y - 1.0, np.nan)  # values below 0 exist: no floor
    assert predict_attribute(X, signed, seed=0)[0].min() < -1.0
