"""Predict a region attribute known on some regions from the embedding (for maps, not for claims).

Regions with a known value get an out-of-fold prediction (never from a model that saw their own
value), so the map and its metrics are honest; regions without one get the prediction of a model
fitted on every known region. A model whose training values were all >= 0 (counts, rates, prices) predicts
no value below 0, so that a map of predicted counts shows none.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ..errors import InputError
from .protocols import STRICT_ALPHAS, regression_metrics
from .spatial import BLOCKS_PER_FOLD, regions_needed, spatial_folds


class NonNegativeWhenTrainedSo(BaseEstimator, RegressorMixin):
    """RidgeCV over the strict protocol's alphas whose predictions are floored at 0 when every value it was
    trained on is >= 0. Decided per fit, so an out-of-fold prediction never depends on the held-out values."""

    def fit(self, X, y):
        self.model_ = RidgeCV(alphas=STRICT_ALPHAS).fit(X, y)
        self.floor_ = 0.0 if np.min(y) >= 0 else None
        return self

    def predict(self, X):
        pred = self.model_.predict(X)
        return pred if self.floor_ is None else np.maximum(pred, self.floor_)


def check_attribute(y: np.ndarray, *, folds: int = 5, where: str = "target", spatial: bool = False) -> None:
    """Refuse an attribute that cannot be predicted (checked before training, so no run is wasted):
    infinite values, fewer than two regions per fold (``spatial``: three per block) with a value, or one value
    everywhere."""
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if np.isinf(y).any():
        raise InputError(
            f"{int(np.isinf(y).sum())} region(s) have an infinite value.",
            where=where,
            fix="replace them with valid numbers or leave them empty.",
        )
    known = y[np.isfinite(y)]
    needed = regions_needed(folds) if spatial else max(folds, 2) * 2
    if known.size < needed:
        why = (
            f" (spatial cross-validation cuts them into {folds * BLOCKS_PER_FOLD} blocks)" if spatial else ""
        )
        raise InputError(
            f"only {known.size} regions have a numeric value; at least {needed} are needed{why}.",
            where=where,
            fix="choose an attribute known on more regions"
            + (", fewer folds, or random folds." if spatial else "."),
        )
    if np.ptp(known) == 0:
        raise InputError(
            f"every region with a value has the same one ({known[0]:g}): there is nothing to predict.",
            where=where,
            fix="choose an attribute that varies between regions.",
        )


def predict_attribute(
    X: np.ndarray,
    y: np.ndarray,
    *,
    folds: int = 5,
    seed: int = 0,
    where: str = "target",
    coordinates: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, float]]:
    """Return (predictions for every region, out-of-fold MAE/RMSE/R² on the known regions).

    ``y`` holds NaN where the value is unknown. Standardisation and the ridge penalty are fitted
    inside each training fold (RidgeCV over the strict protocol's alphas). With ``coordinates`` (one
    (x, y) per region, :func:`mtgrr.evaluate.spatial.planar_coordinates`) the folds are compact blocks of regions (:mod:`mtgrr.evaluate.spatial`):
    the metrics then say how well an area without any known value is predicted, rather than the gaps
    between known regions.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    check_attribute(y, folds=folds, where=where, spatial=coordinates is not None)
    known = np.isfinite(y)
    model = make_pipeline(StandardScaler(), NonNegativeWhenTrainedSo())
    if coordinates is None:
        split = KFold(n_splits=folds, shuffle=True, random_state=seed)
    else:
        split = spatial_folds(np.asarray(coordinates, dtype=np.float64)[known], folds, seed)
    pred = np.empty_like(y)
    pred[known] = cross_val_predict(model, X[known], y[known], cv=split)
    if (~known).any():
        pred[~known] = model.fit(X[known], y[known]).predict(X[~known])
    metrics = regression_metrics(y[known], pred[known])
    metrics["n_known"] = int(known.sum())
    return pred, metrics
