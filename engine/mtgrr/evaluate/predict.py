"""Predict a region attribute known on some regions from the embedding (for maps, not for claims).

Regions with a known value get an out-of-fold prediction (never from a model that saw their own
value), so the map and its metrics are honest; regions without one get the prediction of a model
fitted on every known region. A model whose training values were all >= 0 (counts, rates, prices) predicts
no value below 0, so that a map of predicted counts shows none. A region without data (an all-zero embedding,
:func:`mtgrr.export.layer.regions_with_data`) is neither trained on nor scored, and gets no prediction (NaN).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ..errors import InputError
from ..export.layer import regions_with_data
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


def check_attribute(
    y: np.ndarray,
    *,
    folds: int = 5,
    where: str = "target",
    spatial: bool = False,
    with_data: np.ndarray | None = None,
) -> None:
    """Refuse an attribute that cannot be predicted (checked before training, so no run is wasted):
    infinite values, fewer than two regions per fold (``spatial``: three per block) with a value, or one value
    everywhere. ``with_data``: the regions with data (:func:`regions_with_data`); only their values count, and
    the message says how many values the others' left out."""
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if np.isinf(y).any():
        raise InputError(
            f"{int(np.isinf(y).sum())} region(s) have an infinite value.",
            where=where,
            fix="replace them with valid numbers or leave them empty.",
        )
    finite = np.isfinite(y)
    usable = finite if with_data is None else finite & with_data
    known = y[usable]
    needed = regions_needed(folds) if spatial else max(folds, 2) * 2
    if known.size < needed:
        why = (
            f" (spatial cross-validation cuts them into {folds * BLOCKS_PER_FOLD} blocks)" if spatial else ""
        )
        left_out = int((finite & ~usable).sum())
        which = (
            f"only {known.size} regions with data have a numeric value ({left_out} more have one but no data in "
            "any modality, an all-zero embedding, and are left out)"
            if left_out
            else f"only {known.size} regions have a numeric value"
        )
        raise InputError(
            f"{which}; at least {needed} are needed{why}.",
            where=where,
            fix=f"choose an attribute known on more regions{' with data' if left_out else ''}"
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
    between known regions. Rows without data (all-zero embeddings) are left out as if absent: their prediction is
    NaN; the metrics count them (``n_without_data``) and those of them with a value (``n_known_without_data``).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    data = regions_with_data(X)
    check_attribute(y, folds=folds, where=where, spatial=coordinates is not None, with_data=data)
    known = np.isfinite(y) & data
    model = make_pipeline(StandardScaler(), NonNegativeWhenTrainedSo())
    if coordinates is None:
        split = KFold(n_splits=folds, shuffle=True, random_state=seed)
    else:
        split = spatial_folds(np.asarray(coordinates, dtype=np.float64)[known], folds, seed)
    pred = np.full_like(y, np.nan)
    pred[known] = cross_val_predict(model, X[known], y[known], cv=split)
    unknown = data & ~known
    if unknown.any():
        pred[unknown] = model.fit(X[known], y[known]).predict(X[unknown])
    metrics = regression_metrics(y[known], pred[known])
    metrics["n_known"] = int(known.sum())
    metrics["n_without_data"] = int((~data).sum())
    metrics["n_known_without_data"] = int((np.isfinite(y) & ~data).sum())
    return pred, metrics
