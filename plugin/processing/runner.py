"""Prediction and clustering for the Processing algorithms, run BY THE ENGINE'S PYTHON.

QGIS has no numpy/scikit-learn guarantee, so the algorithms write the embeddings to a CSV, start
``<engine python> runner.py predict|cluster IN.csv OUT.csv ...`` and read the CSV it writes back.
Output is the engine's JSON-lines events (``mtgrr.events``), so the plugin's event parser applies:
bad input ends with an ``error`` event in the engine's words, success with a ``result`` event.

Input CSV: a ``row`` column, the ``emb_*`` columns and, for ``predict``, a ``target`` column that
is empty where the value is unknown (and, with ``--spatial-crs``, each region's point as ``x`` and ``y``).
Output CSV: ``row`` and ``value``, empty for a region without data (an all-zero embedding, left out by the
engine's rule ``regions_with_data``); ``predict`` also writes the out-of-fold metrics to ``OUT.json``,
``cluster`` the clusters' silhouette score.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from mtgrr.errors import InputError
from mtgrr.events import SILENT, Reporter


def _embeddings(table: pd.DataFrame, where: str) -> np.ndarray:
    columns = [c for c in table.columns if c.startswith("emb_")]
    if not columns:
        raise InputError(
            "the layer has no emb_* fields.",
            where=where,
            fix="choose the embeddings layer written by 'Learn region representations'.",
        )
    X = table[columns].to_numpy(dtype=np.float64)
    missing = ~np.isfinite(X).all(axis=1)
    if missing.any():
        raise InputError(
            f"{int(missing.sum())} regions of the embeddings layer have empty emb_* values.",
            where=where,
            fix="use the embeddings layer as the engine wrote it, or remove those regions.",
        )
    return X


def _coordinates(table: pd.DataFrame, crs: str, known: np.ndarray) -> np.ndarray:
    """The points (``x``, ``y`` in the layer's CRS, ``crs`` as WKT, empty when unknown) of the regions with a
    value, which are the ones the folds place; the others' rows are 0 and never read."""
    import shapely
    from mtgrr.evaluate.spatial import planar_coordinates

    x, y = (pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=np.float64) for c in ("x", "y"))
    missing = known & ~(np.isfinite(x) & np.isfinite(y))
    if missing.any():
        raise InputError(
            f"{int(missing.sum())} region(s) with a value have no geometry (the first is feature {int(np.argmax(missing)) + 1} in the "
            "layer's order), and spatial cross-validation places each of them.",
            where="predict",
            fix="fix or remove those regions (Check Validity, Remove Null Geometries), or use random folds.",
        )
    xy = np.zeros((len(table), 2))
    xy[known] = planar_coordinates(shapely.points(x[known], y[known]), crs or None)
    return xy


def _without_data(X: np.ndarray, reporter: Reporter, what: str) -> np.ndarray:
    """The rows with data (the engine's rule); logs how many are left out, with ``what`` they get instead."""
    from mtgrr.export.layer import regions_with_data

    data = regions_with_data(X)
    if not data.all():
        reporter.log(
            f"{int((~data).sum())} of the {len(X)} regions have an all-zero embedding (no data in any modality): "
            f"left out, {what}.",
            "warning",
        )
    return data


def predict(
    table: pd.DataFrame,
    target: str,
    folds: int,
    seed: int,
    spatial_crs: str | None = None,
    reporter: Reporter = SILENT,
) -> tuple[np.ndarray, dict]:
    """Out-of-fold predictions; with ``spatial_crs`` (the layer's CRS, "" when unknown) the folds are
    compact blocks of regions placed by the table's ``x`` and ``y``. Regions without data get none (NaN)."""
    from mtgrr.evaluate.predict import predict_attribute
    from mtgrr.evaluate.spatial import regions_needed

    y = pd.to_numeric(table["target"], errors="coerce").to_numpy(dtype=np.float64)
    X = _embeddings(table, "predict")
    data = _without_data(X, reporter, "with no prediction (NULL) and not trained or scored on")
    xy = None if spatial_crs is None else _coordinates(table, spatial_crs, np.isfinite(y) & data)
    try:
        return predict_attribute(X, y, folds=folds, seed=seed, where=target, coordinates=xy)
    except InputError as err:
        known = int((np.isfinite(y) & data).sum())
        if xy is None or np.isinf(y).any() or known >= regions_needed(folds):
            raise  # not the blocked folds' shortfall
        # the engine's fix ("fewer folds, or random folds") in the algorithm's parameters, with the count that fits
        most = max((f for f in range(2, folds) if regions_needed(f) <= known), default=0)
        fix = (
            f"set FOLDS (Cross-validation folds) to at most {most} here, or SPATIAL_CV (Spatial cross-validation) "
            "to false for random folds, or choose an attribute known on more regions."
            if most
            else f"set SPATIAL_CV (Spatial cross-validation) to false for random folds, or choose an attribute known "
            f"on at least {regions_needed(2)} regions (2 spatial folds)."
        )
        raise InputError(err.problem, where=err.where, fix=fix) from err


SILHOUETTE_SAMPLE = 5000
"""Regions the silhouette is measured on at most: it compares every pair of them."""


def _silhouette(X: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    """The silhouette score on a sample of at most :data:`SILHOUETTE_SAMPLE` regions (all of a smaller layer); None
    where it is undefined, with fewer than 2 clusters or as many as regions in the sample: a sample of a large
    layer can miss a small cluster, and scikit-learn then raises (which lost the clusters themselves)."""
    from sklearn.metrics import silhouette_score

    rows = np.random.default_rng(seed).permutation(len(X))[:SILHOUETTE_SAMPLE]
    if not 2 <= len(np.unique(labels[rows])) < len(rows):
        return None
    return float(silhouette_score(X[rows], labels[rows]))


def cluster(
    table: pd.DataFrame, k: int, seed: int, reporter: Reporter
) -> tuple[pd.arrays.IntegerArray, dict]:
    """k-means labels numbered by size (0 the largest, as the engine's own output numbers them), and their
    silhouette (-1..1: how much closer regions are to their own cluster than to the next one), by which runs with
    different k can be compared. Regions without data are not clustered: their label is NULL."""
    from mtgrr.export.layer import clusters_by_size
    from sklearn.cluster import KMeans

    X = _embeddings(table, "cluster")
    data = _without_data(X, reporter, "with no cluster (NULL)")
    n, X = len(X), X[data]
    if not 2 <= k <= len(X):
        among = "" if len(X) == n else f" with data ({n - len(X)} of the {n} have an all-zero embedding)"
        raise InputError(
            f"cannot make {k} clusters from {len(X)} regions{among}.",
            where="number of clusters",
            fix=f"choose between 2 and {len(X)} clusters."
            if len(X) >= 2
            else "choose an embeddings layer with at least 2 regions with data.",
        )
    labels = clusters_by_size(KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X))
    if len(np.unique(labels)) < k:  # identical embeddings: fewer distinct points than clusters
        reporter.log(
            f"only {len(np.unique(labels))} of the {k} clusters are used: the regions' embeddings take fewer "
            f"distinct values than {k}.",
            "warning",
        )
    silhouette = _silhouette(X, labels, seed)
    if silhouette is None:
        reporter.log(
            "no silhouette score: it needs at least 2 clusters, and fewer clusters than regions, among the "
            f"{min(len(X), SILHOUETTE_SAMPLE)} regions it is measured on.",
            "warning",
        )
    values = pd.array(np.full(n, pd.NA), dtype="Int64")  # written as an empty cell
    values[data] = labels
    return values, {"silhouette": silhouette}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["predict", "cluster"])
    parser.add_argument("table", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--target", default="target")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spatial-crs", help="predict: blocked folds; the CRS (WKT) of the x, y columns")
    args = parser.parse_args(argv)
    reporter = Reporter(json_events=True)
    try:
        table = pd.read_csv(args.table)
        outputs = {"table": args.out}
        if args.command == "predict":
            values, metrics = predict(table, args.target, args.folds, args.seed, args.spatial_crs, reporter)
        else:
            values, metrics = cluster(table, args.k, args.seed, reporter)
        outputs["metrics"] = args.out.with_suffix(".json")
        outputs["metrics"].write_text(json.dumps(metrics), encoding="utf-8")
        pd.DataFrame({"row": table["row"], "value": values}).to_csv(args.out, index=False)
    except InputError as err:
        reporter.error(str(err), kind="input", **err.parts())
        return 1
    reporter.result(outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
