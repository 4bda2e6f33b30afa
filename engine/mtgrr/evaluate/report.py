"""Run every method under both protocols on the same splits, and write the report.

Runs: method ``i``-th training seed's embedding is probed with the ``i``-th fold seed, so every
method sees the same splits. A method with a single (deterministic) matrix, e.g. raw features,
is probed once per fold seed, so its spread is the split-to-split spread the trained methods
also carry. The paper probe has no randomness: it runs once per distinct matrix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import REGION_ID
from ..errors import InputError, not_numbers
from ..events import SILENT, Reporter
from ..export.atomic import AtomicOutputs
from ..export.layer import OUTPUT_PREFIXES
from ..ingest.layers import suggest
from .protocols import (
    FOLD_SEEDS,
    MIN_GROUP,
    clustering_scores,
    paper_protocol,
    r2_by_group,
    regression_metrics,
    spatial_predictions,
    strict_predictions,
    summarise,
)
from .spatial import BLOCKS_PER_FOLD, MIN_REGIONS_PER_BLOCK, regions_needed

MIN_LABELLED = 10
ID_LIKE_FROM = 30
"""From this many labelled regions, a class column with more distinct values than half of them is taken for ids
or measurements."""
"""The paper probe is 10-fold: a target needs at least this many labelled regions."""

PROTOCOLS = {
    "paper": "Ridge(alpha=1) on the raw embedding, 10-fold KFold without shuffling, negative predictions "
    "clipped to 0, metrics over the concatenated out-of-fold predictions",
    "strict": "StandardScaler + RidgeCV(alphas=logspace(-3, 4, 15)) fitted on the training folds only, "
    "5-fold shuffled KFold with fold seed i for training seed i, metrics over the out-of-fold "
    "predictions, mean ± std over runs",
    "clustering": "KMeans(k = number of classes, n_init=10, random_state = fold seed of the run), NMI and ARI",
}

SPATIAL = (
    f"The strict probe on spatially blocked folds: the labelled regions cut into {5 * BLOCKS_PER_FOLD} compact blocks "
    "(k-means of their centroids, drawn with the fold seed) dealt into 5 folds of about equal size (GroupKFold), "
    "so no region is scored by a model that saw a region of its block; mean ± std over runs. "
    "It measures predicting an area where nothing is known, where the shuffled folds measure filling gaps "
    "between known regions (our addition to design/evaluation.md)"
)

BY_GROUP = (
    "R² within each group of the strict probe's city-wide out-of-fold predictions (one model for all "
    "regions, scored where each group's regions are), mean ± std over runs"
)

PAIRED = (
    "Δ = the reference's R² minus the method's, run by run (run i of both: training seed i, fold seed i), "
    "mean ± std of Δ over runs; positive: the reference is better; runs won: runs with Δ > 0"
)

Methods = Mapping[str, Sequence[np.ndarray] | np.ndarray]


def check_targets(
    targets: pd.DataFrame,
    regression_columns: Sequence[str],
    class_columns: Sequence[str],
    num_regions: int,
    region_ids: np.ndarray | None = None,
) -> pd.DataFrame:
    """Validated targets, one row per region (aligned on ``region_ids`` when given)."""
    if region_ids is not None:
        if REGION_ID in targets.columns:
            table = targets.set_index(REGION_ID)
        elif targets.index.name == REGION_ID:
            table = targets
        else:  # a positional index would be silently misread as region ids
            raise InputError(
                f"the targets table has no '{REGION_ID}' column or index to join on",
                where="targets",
                fix=f"add a '{REGION_ID}' column, or pass the rows in region order without region_ids",
            )
        targets = table.reindex(pd.Index(region_ids))
    elif not targets.index.equals(pd.RangeIndex(len(targets))):
        # an index of ids (a dataset's regions table, a merge's result) would be ignored and the rows read in
        # table order: shuffled targets scored R² -0.05 instead of 0.63, silently
        name = f"index '{targets.index.name}'" if targets.index.name else "an index of labels"
        example = f" (e.g. {targets.index[0]!r})" if len(targets) else ""
        raise InputError(
            f"the targets table has {name}{example}, but no region_ids say which embedding "
            "row each label belongs to",
            where="targets",
            fix="pass region_ids (the embedding's region ids in row order, e.g. region_ids=ds.region_ids) to join "
            "on the index, or reset_index(drop=True) if the rows are already in the embedding's order",
        )
    elif len(targets) != num_regions:
        raise InputError(
            f"the targets table has {len(targets)} rows for {num_regions} regions",
            where="targets",
            fix=f"give one row per region in region order, or a '{REGION_ID}' column to join on",
        )
    named = [*regression_columns, *class_columns]
    repeated = [c for c in dict.fromkeys(named) if named.count(c) > 1]
    if repeated:  # the result keeps one entry per column: a second one would be lost from the report
        raise InputError(
            f"column {repeated[0]!r} is named more than once as a target"
            + (" (as a regression and as a class target)" if repeated[0] in class_columns else ""),
            where="targets",
            fix="name each column once: as a regression target or as a class target",
        )
    for col in named:
        _require_column(targets, col, "target")
    for col in regression_columns:
        values = targets[col]
        if pd.api.types.is_bool_dtype(values):
            raise InputError(
                f"regression target {col!r} holds true/false values",
                where="targets",
                fix="list it as a class target (--classes), or give a numeric field",
            )
        if not pd.api.types.is_numeric_dtype(values):  # text that holds numbers ("12.5") is read as them
            numbers = pd.to_numeric(values, errors="coerce")
            bad = values[values.notna() & numbers.isna()]
            if len(bad):
                problem, fix = not_numbers(f"regression target {col!r}", list(bad), int(values.notna().sum()))
                raise InputError(problem, where="targets", fix=fix + " A field of classes goes to --classes.")
            targets = targets.assign(**{col: numbers})
            values = numbers
        if np.isinf(values.to_numpy(dtype=float)).any():
            raise InputError(
                f"regression target {col!r} has infinite values",
                where="targets",
                fix="replace them with valid numbers or leave them empty",
            )
    for col in [*regression_columns, *class_columns]:
        labelled = int(targets[col].notna().sum())
        if labelled < MIN_LABELLED:
            raise InputError(
                f"target {col!r} has {labelled} labelled regions; at least {MIN_LABELLED} are needed",
                where="targets",
                fix="label more regions or drop this target",
            )
    for col in regression_columns:
        known = targets[col].dropna()
        if known.nunique() < 2:  # R² is undefined (sklearn reports 1.0 for a perfect constant fit)
            raise InputError(
                f"regression target {col!r} has one value ({known.iloc[0]!r}) on every labelled region: "
                "there is nothing to predict",
                where="targets",
                fix="choose a field that varies between regions",
            )
    for col in class_columns:
        known = targets[col].dropna()
        if known.nunique() < 2:
            raise InputError(
                f"class target {col!r} has fewer than 2 classes",
                where="targets",
                fix="choose a field with at least two classes",
            )
        # ids or measurements: k near N clusters score near 1. Below 30 labelled regions, half of them in
        # distinct classes can be real (6 classes among 10): only all-distinct values are refused there
        if known.nunique() == len(known) or (len(known) >= ID_LIKE_FROM and known.nunique() > len(known) / 2):
            raise InputError(
                f"class target {col!r} holds {known.nunique()} distinct values among {len(known)} labelled "
                "regions: ids or continuous values, not classes",
                where="targets",
                fix="give a field of categories as a class target, or score this one as a regression target",
            )
    return targets


def _require_column(targets: pd.DataFrame, column: str, kind: str) -> None:
    if column not in targets.columns:
        # the embedding's own columns are never a target: leave them out of the list
        fields = [str(c) for c in targets.columns if not str(c).startswith(OUTPUT_PREFIXES)]
        raise InputError(
            f"{kind} column {column!r} not found",
            where="targets",
            fix=f"use a field; {suggest(column, fields)}",
        )


def _groups(targets: pd.DataFrame, column: str, regression_columns: Sequence[str]) -> np.ndarray:
    """Group label per region as text (None: in no group); integral floats (an integer field with
    gaps) read as integers, so district 1 is "1", not "1.0"."""
    _require_column(targets, column, "group")
    if not regression_columns:
        raise InputError(
            f"group column {column!r} given without a regression target",
            where="targets",
            fix="add a target to score within each group, or drop the group column",
        )
    values = targets[column]
    if values.notna().sum() == 0:
        raise InputError(
            f"group column {column!r} has no values",
            where="targets",
            fix="choose a field that groups the regions",
        )
    if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
        values = values.astype("Int64")
    return np.where(values.notna(), values.astype(str), None)


def _as_runs(embeddings: Sequence[np.ndarray] | np.ndarray, fold_seeds: Sequence[int]) -> list:
    matrices = [embeddings] if isinstance(embeddings, np.ndarray) else list(embeddings)
    if not matrices:
        raise ValueError("a method needs at least one embedding")
    if len(matrices) == 1:
        return [(matrices[0], s) for s in fold_seeds]
    if len(matrices) > len(fold_seeds):
        raise ValueError(f"{len(matrices)} training seeds but only {len(fold_seeds)} fold seeds")
    return list(zip(matrices, fold_seeds, strict=False))


def evaluate(
    embeddings_by_seed: Sequence[np.ndarray] | Methods,
    targets: pd.DataFrame,
    regression_columns: Sequence[str] = (),
    class_columns: Sequence[str] = (),
    *,
    fold_seeds: Sequence[int] = FOLD_SEEDS,
    region_ids: np.ndarray | None = None,
    group_column: str | None = None,
    reference: str | None = None,
    coordinates: np.ndarray | None = None,
    reporter: Reporter = SILENT,
) -> dict:
    """Probe each method (name → embeddings, one per training seed) on every target.

    A plain list of embeddings is one method called ``embedding``. ``targets`` has one row per
    embedding row, in that order (a default RangeIndex), or, with ``region_ids`` (the embedding's
    region ids in row order), a ``region_id`` column or index to join on. Regions whose target is
    missing are left out of that target only, and counted in ``result["targets"]``. With
    ``group_column`` (e.g. a district field) the strict probe's out-of-fold predictions are also
    scored within each group (``strict_by_group``): the probe stays one city-wide model. Each
    method keeps its strict R² per run (``strict_r2_runs``); with ``reference`` (a method name)
    ``result["paired"]`` compares every other method with it run by run (:func:`paired_differences`).
    With ``coordinates`` (one (x, y) per region in a projected CRS, e.g. from
    :func:`mtgrr.evaluate.spatial.planar_coordinates`) the strict probe also runs on spatially blocked
    folds (``spatial``, ``spatial_r2_runs``, and ``paired_spatial`` with ``reference``).
    """
    methods = (
        dict(embeddings_by_seed)
        if isinstance(embeddings_by_seed, Mapping)
        else {"embedding": embeddings_by_seed}
    )
    if reference is not None and reference not in methods:
        raise ValueError(f"reference method {reference!r} is not among the methods: {', '.join(methods)}")
    runs_by_method = {name: _as_runs(embs, fold_seeds) for name, embs in methods.items()}
    num_regions = next(iter(runs_by_method.values()))[0][0].shape[0]
    for name, runs in runs_by_method.items():
        for X, _ in runs:
            if X.ndim != 2 or X.shape[0] != num_regions:
                raise ValueError(f"{name}: every embedding must be (N={num_regions}, D), got {X.shape}")
    targets = check_targets(targets, regression_columns, class_columns, num_regions, region_ids)
    groups = None if group_column is None else _groups(targets, group_column, regression_columns)
    if coordinates is not None:
        coordinates = np.asarray(coordinates, dtype=np.float64)
        if coordinates.shape != (num_regions, 2):
            raise ValueError(f"coordinates must be (N={num_regions}, 2), got {coordinates.shape}")

    protocols = PROTOCOLS if coordinates is None else {**PROTOCOLS, "spatial": SPATIAL}
    result: dict = {"protocols": protocols, "fold_seeds": list(fold_seeds), "targets": {}, "methods": {}}
    if group_column is not None:
        result["group_column"] = group_column
        result["groups"] = sorted(set(groups.tolist()) - {None}, key=str)  # the report names those not scored
    masks = {}
    for col in [*regression_columns, *class_columns]:
        mask = targets[col].notna().to_numpy()
        masks[col] = mask
        info = {
            "kind": "regression" if col in regression_columns else "classes",
            "n_used": int(mask.sum()),
            "n_excluded": int((~mask).sum()),
        }
        if col in class_columns:
            info["k"] = int(targets[col][mask].nunique())
        else:  # the paper probe clips its predictions at 0: the report says when that cannot fit
            info["n_negative"] = int((targets[col][mask] < 0).sum())
        result["targets"][col] = info
        if info["n_excluded"]:
            reporter.log(f"target {col!r}: {info['n_excluded']} regions without a value are left out")
        if coordinates is not None and col in regression_columns and info["n_used"] < regions_needed():
            raise InputError(
                f"only {info['n_used']} regions have a value, and the spatial protocol cuts them into "
                f"{5 * BLOCKS_PER_FOLD} blocks of about {MIN_REGIONS_PER_BLOCK} or more.",
                where=f"target {col!r}",
                fix=f"score it without the spatial protocol, or give at least {regions_needed()} regions a value.",
            )

    total = sum(len(runs) for runs in runs_by_method.values()) * max(1, len(masks))
    total += (
        0 if coordinates is None else sum(len(r) for r in runs_by_method.values()) * len(regression_columns)
    )
    done = 0
    for name, runs in runs_by_method.items():
        entry: dict = {"runs": len(runs), "paper": {}, "strict": {}, "clustering": {}}
        distinct = {id(X): X for X, _ in runs}.values()
        for col in regression_columns:
            mask = masks[col]
            y = targets[col].to_numpy(dtype=float)[mask]
            entry["paper"][col] = summarise([paper_protocol(X[mask], y) for X in distinct])
            strict, by_group = [], []
            for X, seed in runs:
                pred = strict_predictions(X[mask], y, seed)
                strict.append(regression_metrics(y, pred))
                if groups is not None:
                    by_group.append(r2_by_group(y, pred, groups[mask]))
                done += 1
                reporter.progress("evaluate", 100 * done / total)
            entry["strict"][col] = summarise(strict)
            entry.setdefault("strict_r2_runs", {})[col] = [r["r2"] for r in strict]
            if groups is not None:
                by_col = entry.setdefault("strict_by_group", {})
                by_col[col] = {g: {"r2": v} for g, v in summarise(by_group).items()}
            if coordinates is not None:
                spatial = []
                for X, seed in runs:
                    spatial.append(
                        regression_metrics(y, spatial_predictions(X[mask], y, coordinates[mask], seed))
                    )
                    done += 1
                    reporter.progress("evaluate", 100 * done / total)
                entry.setdefault("spatial", {})[col] = summarise(spatial)
                entry.setdefault("spatial_r2_runs", {})[col] = [r["r2"] for r in spatial]
        for col in class_columns:
            mask = masks[col]
            labels = targets[col].to_numpy()[mask]
            scores = []
            for X, seed in runs:
                scores.append(clustering_scores(X[mask], labels, seed=seed))
                done += 1
                reporter.progress("evaluate", 100 * done / total)
            entry["clustering"][col] = summarise(scores)
        result["methods"][name] = entry
    if reference is not None:
        result["paired"] = paired_differences(result, reference)
        if coordinates is not None and regression_columns:
            result["paired_spatial"] = paired_differences(result, reference, runs_key="spatial_r2_runs")
    return json.loads(json.dumps(result))  # tuples → lists: the result is exactly what evaluation.json holds


def paired_differences(result: Mapping, reference: str, runs_key: str = "strict_r2_runs") -> dict:
    """Strict R² (``runs_key``: ``spatial_r2_runs`` for the spatially blocked folds) of ``reference``
    minus that of each other method, run by run: run i of both used
    training seed i and fold seed i, so the split-to-split spread that both share cancels. Per
    target: the mean and population std of the differences and the runs the reference won. A method
    with another number of runs than the reference has no pairs: it is listed under ``left_out``."""
    methods = result["methods"]
    base = methods[reference][runs_key]
    out: dict = {"reference": reference, "methods": {}, "left_out": []}
    for name, entry in methods.items():
        if name == reference:
            continue
        if entry["runs"] != methods[reference]["runs"]:
            out["left_out"].append(name)
            continue
        out["methods"][name] = {}
        for col, runs in entry[runs_key].items():
            delta = np.asarray(base[col]) - np.asarray(runs)
            out["methods"][name][col] = {
                "mean": float(delta.mean()),
                "std": float(delta.std()),
                "wins": int((delta > 0).sum()),
                "runs": int(delta.size),
            }
    return out


def pooled_paired_differences(results: Mapping[str, Mapping], reference: str) -> dict:
    """:func:`paired_differences` over the runs of several datasets with the same methods and targets
    (synthetic cities, by name): run i of a method against run i of the reference on the same
    dataset; also the datasets whose mean difference is positive ("cities won"). A method without
    pairs on some dataset (missing, or another number of runs) is listed under ``left_out``."""
    missing = [name for name, r in results.items() if reference not in r["methods"]]
    if missing:
        raise ValueError(f"the reference {reference!r} is not in {', '.join(missing)}: nothing to pair with")
    per_city = [paired_differences(r, reference)["methods"] for r in results.values()]
    names = [n for n in next(iter(results.values()))["methods"] if n != reference]
    paired = [n for n in names if all(n in city for city in per_city)]

    def concatenated(name: str) -> dict:
        entries = [r["methods"][name] for r in results.values()]
        runs = {
            col: [v for e in entries for v in e["strict_r2_runs"][col]]
            for col in entries[0]["strict_r2_runs"]
        }
        return {"runs": sum(e["runs"] for e in entries), "strict_r2_runs": runs}

    pooled = {name: concatenated(name) for name in [reference, *paired]}
    out = paired_differences({"methods": pooled}, reference)
    for name, cols in out["methods"].items():
        for col, stats in cols.items():
            stats["cities_won"] = sum(city[name][col]["mean"] > 0 for city in per_city)
            stats["cities"] = len(per_city)
    out["left_out"] = [n for n in names if n not in paired]
    return out


def paired_table(paired: Mapping, regression: Sequence[str]) -> list[str]:
    """Markdown rows of :func:`paired_differences`: Δ mean ± std and runs won (and, pooled over
    datasets, the datasets won), per target."""
    pooled = any("cities" in d for cols in paired["methods"].values() for d in cols.values())
    won = "runs won, cities won" if pooled else "runs won"
    out = [f"| method | {' | '.join(f'{c} (Δ R², {won})' for c in regression)} |"]
    out += ["|---" * (len(regression) + 1) + "|"]
    for name, cols in paired["methods"].items():
        cells = []
        for c in regression:
            d = cols.get(c)
            if not d:
                cells.append("—")
                continue
            cell = f"{d['mean']:+.3f} ± {d['std']:.3f}, {d['wins']}/{d['runs']}"
            cells.append(cell + (f", {d['cities_won']}/{d['cities']}" if "cities" in d else ""))
        out.append(f"| {name} | {' | '.join(cells)} |")
    return out


def _fmt(value: float, scale: float) -> str:
    return f"{value:.3f}" if abs(scale) < 10 else f"{value:.1f}"


def _cell(stats: Mapping[str, Sequence[float] | float], keys: Sequence[str]) -> str:
    parts = []
    for k in keys:
        v = stats[k]
        mean, std = (v[0], v[1]) if isinstance(v, Sequence) else (v, None)
        parts.append(_fmt(mean, mean) + ("" if std is None else f" ± {_fmt(std, mean)}"))
    return " / ".join(parts)


def _table(
    rows: Mapping[str, Mapping], section: str | None, columns: Sequence[str], keys: Sequence[str]
) -> list:
    head = " / ".join({"mae": "MAE", "rmse": "RMSE", "r2": "R²", "nmi": "NMI", "ari": "ARI"}[k] for k in keys)
    lines = [
        f"| method | {' | '.join(f'{c} ({head})' for c in columns)} |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for name, entry in rows.items():
        values = entry[section] if section else entry
        cells = [_cell(values[c], keys) if c in values else "—" for c in columns]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def render_markdown(result: Mapping, title: str, reported: Mapping | None = None) -> str:
    """The Markdown report: one table per protocol (method × target, mean ± std over runs)."""
    regression = [c for c, t in result["targets"].items() if t["kind"] == "regression"]
    classes = [c for c, t in result["targets"].items() if t["kind"] == "classes"]
    methods = result["methods"]
    out = [f"# {title}", ""]
    sections = [("strict", "Strict protocol (what we claim)"), ("paper", "Paper protocol")]
    if "spatial" in result["protocols"]:
        sections.insert(1, ("spatial", "Spatial protocol (held-out blocks of regions)"))
    for section, label in sections:
        if regression:
            out += [f"## {label}", "", result["protocols"][section] + ".", ""]
            out += _table(methods, section, regression, ("mae", "rmse", "r2")) + [""]
    group = result.get("group_column")
    for col in regression if group else ():
        rows = {n: m.get("strict_by_group", {}).get(col, {}) for n, m in methods.items()}
        names = list(next(iter(rows.values())))
        out += [f"## Strict protocol by `{group}`: {col}", ""]
        if names:
            out += [BY_GROUP + ".", ""] + _table(rows, None, names, ("r2",)) + [""]
            unscored = [g for g in result.get("groups", ()) if g not in names]
            if unscored:
                out += [
                    f"Not scored (fewer than {MIN_GROUP} labelled regions or one `{col}` value): "
                    f"{', '.join(unscored)}.",
                    "",
                ]
        else:
            out += [
                f"No group of `{group}` has {MIN_GROUP} or more labelled regions with a varying `{col}`.",
                "",
            ]
    for key, probe in (("paired", "strict"), ("paired_spatial", "spatial")):
        paired = result.get(key)
        if not (paired and paired["methods"] and regression):
            continue
        out += [f"## Paired differences against `{paired['reference']}` ({probe} R²)", "", PAIRED + ".", ""]
        out += paired_table(paired, regression) + [""]
        if paired.get("left_out"):
            runs = methods[paired["reference"]]["runs"]
            out += [f"Not paired (not {runs} runs like the reference): {', '.join(paired['left_out'])}.", ""]
    if classes:
        out += ["## Clustering", "", PROTOCOLS["clustering"] + ".", ""]
        out += _table(methods, "clustering", classes, ("nmi", "ari")) + [""]
    if reported:
        cols = [c for c in regression if any(c in r for r in reported.values())]
        out += ["## Reported (published numbers, not re-run here)", ""]
        out += _table(reported, None, cols, ("mae", "rmse", "r2")) + [""]
    runs = ", ".join(f"{name}: {m['runs']}" for name, m in methods.items())
    out += [
        "## Notes",
        "",
        f"- Runs per method (mean ± std over them): {runs}; fold seeds {result['fold_seeds']}.",
    ]
    for col, info in result["targets"].items():
        note = f"- `{col}`: {info['n_used']} regions evaluated"
        if info["n_excluded"]:
            note += f", {info['n_excluded']} without a value left out"
        if info.get("n_negative"):
            note += f"; {info['n_negative']} values below 0, which the paper probe's clipped predictions cannot reach"
        out.append(note + ".")
    if result.get("regions_without_data"):
        out.append(
            f"- {result['regions_without_data']} region(s) without data (an all-zero embedding) left out, as the "
            "run's prediction leaves them out."
        )
    if result.get("command"):
        out.append(f"- Command: `{result['command']}`.")
    return "\n".join(out) + "\n"


def write_report(
    result: Mapping, out_dir: str | Path, title: str = "Evaluation", reported: Mapping | None = None
) -> dict[str, Path]:
    """Write ``evaluation.json`` and ``evaluation.md`` together (atomically). ``reported`` maps a
    published method to {target: {mae, rmse, r2}}; it is kept apart from the re-run numbers."""
    payload = {**result, "reported": dict(reported or {})}
    with AtomicOutputs(out_dir) as out:
        out.path("evaluation.json").write_text(json.dumps(payload, indent=1))
        out.path("evaluation.md").write_text(render_markdown(result, title, reported))
        files = out.commit()
    return {"evaluation_json": files["evaluation.json"], "evaluation_md": files["evaluation.md"]}
