"""The two regression probes and the clustering probe of design/evaluation.md, and the strict probe on
spatially blocked folds (our addition, :mod:`mtgrr.evaluate.spatial`).

Every regression probe returns metrics over the concatenated out-of-fold predictions, so each
region is predicted exactly once by a model that never saw its label.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import Ridge, RidgeCV
from sklearn.metrics import adjusted_rand_score, mean_absolute_error, normalized_mutual_info_score, r2_score
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .spatial import spatial_folds

STRICT_ALPHAS = np.logspace(-3, 4, 15)
FOLD_SEEDS = (0, 1, 2, 3, 4)
METRICS = ("mae", "rmse", "r2")


def _check(X: np.ndarray, y: np.ndarray, folds: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if X.ndim != 2 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X must be (N, D) with N = len(y) = {y.shape[0]}, got {X.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must be finite (drop NaN targets before calling a probe)")
    if y.shape[0] < folds:
        raise ValueError(f"{folds}-fold evaluation needs at least {folds} regions, got {y.shape[0]}")
    return X, y


def regression_metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {
        "mae": float(mean_absolute_error(y, pred)),
        "rmse": float(np.sqrt(np.mean((y - pred) ** 2))),
        "r2": float(r2_score(y, pred)),
    }


def paper_protocol(X: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """HAFusion's probe, to compare with published tables: Ridge(alpha=1) on the raw embedding,
    10-fold KFold without shuffling, negative predictions clipped to 0."""
    X, y = _check(X, y, 10)
    pred = np.empty_like(y)
    for train, test in KFold(n_splits=10).split(X):
        pred[test] = Ridge(alpha=1.0).fit(X[train], y[train]).predict(X[test])
    return regression_metrics(y, np.clip(pred, 0.0, None))


def _out_of_fold(X: np.ndarray, y: np.ndarray, splits) -> np.ndarray:
    """The strict probe's predictions of each test fold (scaling and the RidgeCV alpha fitted on the
    training folds only)."""
    pred = np.empty_like(y)
    for train, test in splits:
        model = make_pipeline(StandardScaler(), RidgeCV(alphas=STRICT_ALPHAS))
        pred[test] = model.fit(X[train], y[train]).predict(X[test])
    return pred


def strict_predictions(X: np.ndarray, y: np.ndarray, fold_seed: int) -> np.ndarray:
    """Out-of-fold predictions of the strict probe for one fold seed (shuffled 5-fold split)."""
    X, y = _check(X, y, 5)
    return _out_of_fold(X, y, KFold(n_splits=5, shuffle=True, random_state=int(fold_seed)).split(X))


def spatial_predictions(X: np.ndarray, y: np.ndarray, xy: np.ndarray, fold_seed: int) -> np.ndarray:
    """Out-of-fold predictions of the strict probe with spatially blocked folds
    (:func:`mtgrr.evaluate.spatial.spatial_folds`, blocks drawn with ``fold_seed``): each region is
    predicted by a model that saw no region of its block."""
    X, y = _check(X, y, 5)
    if len(xy) != len(y):
        raise ValueError(f"{len(xy)} coordinates for {len(y)} regions")
    return _out_of_fold(X, y, spatial_folds(xy, 5, fold_seed))


def strict_protocol(X: np.ndarray, y: np.ndarray, fold_seeds: Sequence[int] = FOLD_SEEDS) -> dict[str, float]:
    """The probe we claim results with (:func:`strict_predictions`). Returns the mean over
    ``fold_seeds`` of the out-of-fold metrics (pass one seed to get one run)."""
    runs = [
        regression_metrics(np.asarray(y, dtype=np.float64).reshape(-1), strict_predictions(X, y, s))
        for s in fold_seeds
    ]
    return {m: float(np.mean([r[m] for r in runs])) for m in METRICS}


MIN_GROUP = 5
"""Regions a group needs before its R² is reported."""


def r2_by_group(y: np.ndarray, pred: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    """R² of one set of city-wide out-of-fold predictions within each group (e.g. a district):
    where the single probe explains its target and where it does not. Groups with fewer than
    :data:`MIN_GROUP` regions or a constant target are left out, and so are regions whose group
    is None."""
    out = {}
    for g in sorted(set(groups.tolist()) - {None}, key=str):
        sel = groups == g
        if sel.sum() >= MIN_GROUP and np.ptp(y[sel]) > 0:
            out[str(g)] = float(r2_score(y[sel], pred[sel]))
    return out


def summarise(runs: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    """Mean and population std (ddof=0) of each metric over runs (0 std for a single run)."""
    if not runs:
        raise ValueError("summarise needs at least one run")
    return {m: (float(np.mean([r[m] for r in runs])), float(np.std([r[m] for r in runs]))) for m in runs[0]}


def clustering_scores(
    X: np.ndarray, labels: np.ndarray, k: int | None = None, seed: int = 0
) -> dict[str, float]:
    """KMeans on the embedding (k = number of classes unless given, n_init=10), scored against
    the class labels with NMI and ARI."""
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels).reshape(-1)
    if X.ndim != 2 or X.shape[0] != labels.shape[0]:
        raise ValueError(f"X must be (N, D) with N = len(labels) = {labels.shape[0]}, got {X.shape}")
    k = int(k or len(np.unique(labels)))
    if not 2 <= k <= X.shape[0]:
        raise ValueError(f"clustering needs 2 <= k <= N regions, got k={k}, N={X.shape[0]}")
    found = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)
    return {
        "nmi": float(normalized_mutual_info_score(labels, found)),
        "ari": float(adjusted_rand_score(labels, found)),
    }
