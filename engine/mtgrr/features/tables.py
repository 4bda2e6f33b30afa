"""Precomputed per-region features: any modality may arrive as a table keyed by region id."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import ModalityFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..ingest.layers import check_fields, id_keys, read_table
from ..job import TableSpec


def match_ids(table_ids, ds: RegionDataset) -> np.ndarray:
    """Row in ``ds.region_ids`` of each table id (type-tolerant: "12" == 12), -1 when unknown."""
    keys = id_keys(ds.region_ids)
    index = pd.Index(keys)
    return index.get_indexer(id_keys(table_ids)).astype(np.int64)


def numeric_feature_block(
    df: pd.DataFrame, columns: list[str], where: str, allow_infinite: bool = False
) -> np.ndarray:
    """``columns`` as a float array; non-numeric, missing and infinite values are errors naming the column (an
    infinity would surface much later, as a NaN loss in training). ``allow_infinite``: for a caller that checks
    them itself, on the rows it keeps."""
    values = df[columns].apply(pd.to_numeric, errors="coerce")
    for c in columns:
        bad = values[c].isna() & df[c].notna()
        if bad.any():
            raise InputError(
                f"column {c!r} is not numeric ({int(bad.sum())} value(s), e.g. {df[c][bad].iloc[0]!r}).",
                where=where,
                fix="list only numeric columns, or clean those values.",
            )
    nan = values.isna().sum()
    if nan.any():
        text = ", ".join(f"{c!r}: {int(n)}" for c, n in nan.items() if n)
        raise InputError(f"missing (NaN) values in {text}.", where=where, fix="fill or drop those rows.")
    infinite = pd.Series(dtype=int) if allow_infinite else np.isinf(values).sum()
    if infinite.any():
        text = ", ".join(f"{c!r}: {int(n)}" for c, n in infinite.items() if n)
        raise InputError(f"infinite values in {text}.", where=where, fix="fill or drop those rows.")
    return values.to_numpy(dtype=np.float64)


def table_rows(df: pd.DataFrame, id_field: str, ds: RegionDataset, where: str) -> np.ndarray:
    """Region row of each table row (-1: not a region). Missing ids, no matching id at all and
    repeated regions are errors."""
    if df[id_field].isna().any():
        raise InputError(
            f"{int(df[id_field].isna().sum())} row(s) have no region id.",
            where=where,
            fix=f"fill {id_field!r} or delete those rows.",
        )
    rows = match_ids(df[id_field].to_numpy(), ds)
    known = rows >= 0
    if not known.any():
        raise InputError(
            f"no id in {id_field!r} matches a region id (table e.g. {df[id_field].iloc[0]!r}, "
            f"regions e.g. {ds.region_ids[0]!r}).",
            where=where,
            fix="set 'id_field' to the column that holds the regions' ids.",
        )
    dup = pd.Series(rows[known]).duplicated()
    if dup.any():
        raise InputError(
            f"{int(dup.sum())} region id(s) appear more than once, "
            f"e.g. {ds.region_ids[rows[known][dup.to_numpy()][0]]!r}.",
            where=where,
            fix="keep one row per region.",
        )
    return rows


def scatter_rows(
    values: np.ndarray, rows: np.ndarray, ds: RegionDataset, label: str
) -> tuple[np.ndarray, np.ndarray]:
    """Table values in region order: (N, F) with zeros where a region has no row, and a mask of
    the regions that have one; counts "<label>: rows with unknown region ids ignored" and
    "<label>: regions missing"."""
    known = rows >= 0
    ds.count(f"{label}: rows with unknown region ids ignored", int((~known).sum()))
    out = np.zeros((ds.num_regions, values.shape[1]), dtype=values.dtype)
    out[rows[known]] = values[known]
    present = np.zeros(ds.num_regions, dtype=bool)
    present[rows[known]] = True
    ds.count(f"{label}: regions missing", int((~present).sum()))
    return out, present


def table_features(
    name: str, spec: TableSpec, ds: RegionDataset, reporter: Reporter = SILENT
) -> ModalityFeatures:
    """Read ``spec`` into ``ds.modalities[name]``.

    Fallbacks: regions absent from the table get ``present=False`` (zeros), counted as
    "<name> table: regions missing"; table rows whose id is not a region are ignored and counted
    as "<name> table: rows with unknown region ids ignored" (an error if no id matches at all).
    NaNs and non-numeric values in a feature column are errors; without ``columns``, every column but the id
    that is mostly numeric is a feature column.
    """
    where = f"{name}.table ({spec.path.name})"
    df = read_table(spec.path, spec.layer, where, None)
    check_fields([spec.id_field] + (spec.columns or []), list(df.columns), where)
    if spec.columns:
        columns = list(spec.columns)
    else:
        # a mostly numeric column is a feature column, so that its stray text value is an error naming it
        # (dropping the column would train on less, silently); text columns (names, labels) are left out
        columns = [
            c
            for c in df.columns
            if c != spec.id_field
            and (
                pd.api.types.is_numeric_dtype(df[c])
                or (  # text that is mostly numbers; dates and times are not features
                    pd.api.types.is_object_dtype(df[c])
                    and pd.to_numeric(df[c], errors="coerce").notna().mean() >= 0.5
                )
            )
        ]
        skipped = [c for c in df.columns if c != spec.id_field and c not in columns]
        if skipped:
            reporter.log(f"{where}: non-numeric columns ignored: {', '.join(map(str, skipped[:10]))}")
        if not columns:
            raise InputError(
                "the table has no numeric feature column.",
                where=where,
                fix="add numeric columns, or list them in 'columns'.",
            )
    rows = table_rows(df, spec.id_field, ds, where)
    values = numeric_feature_block(df, columns, where)
    out, present = scatter_rows(values, rows, ds, f"{name} table")
    feats = ModalityFeatures(name, out.astype(np.float32), [str(c) for c in columns], present)
    ds.modalities[name] = feats
    reporter.log(
        f"{name}: {len(columns)} columns from {spec.path.name}, {int(present.sum())}/{ds.num_regions} regions"
    )
    return feats
