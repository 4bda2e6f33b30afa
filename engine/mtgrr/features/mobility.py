"""Mobility: trips (pickup/dropoff points or line geometries) or an OD table -> region flows.

The OD matrix is kept sparse (scipy) and becomes ``ds.graphs["mobility"]``: directed, weight
log1p(trips), each direction its own edge (:func:`trip_counts` gives the counts back). Self-loops
are dropped from the graph (GNN layers add their own) and kept as the ``mob_self_log1p`` feature.

With ``od_profile`` each region also gets its OD row and column as features (trips to and from
every other region), the mobility node features of MGFN and HAFusion: which regions a region
exchanges trips with says more about it than its totals (on NYC-180 these counts alone are the
strongest raw features). They cost 2N columns, hence :data:`OD_PROFILE_MAX_REGIONS`, and their
vocabulary is the region set itself: a model trained with them rebuilds them when it embeds the
same regions and sets them to neutral for other regions (:func:`mtgrr.train.io.embed_dataset`).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from ..data import Graph, ModalityFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..ingest.layers import (
    check_fields,
    check_lonlat,
    file_crs,
    numeric_column,
    read_layer,
    read_table,
    source_crs,
    transform_xy,
)
from ..ingest.spatial import assign_points, regions_extent_text, require_geometry
from ..job import HourlyFlowSpec, MobilitySpec
from .tables import match_ids, numeric_feature_block, scatter_rows, table_rows

HOURS = 24
OD_PROFILE_MAX_REGIONS = 2000
OD_PROFILE_PREFIXES = ("od_out_", "od_in_")
SPARSE_OD_SINGLE_SHARE = 0.5
"""Above this share of single-trip region pairs, ``od_profile`` warns: the OD rows are then mostly
sampling noise. Measured (engine/docs/development.md, fifteenth round): 81–85 % on the generated cities 0–6, where
the rows lowered every target, 5 % on NYC-180, where they help."""


def trip_counts(graph: Graph) -> np.ndarray:
    """Trips per edge of the ``mobility`` graph (its weights are log1p(trips))."""
    return np.expm1(graph.edge_weight.astype(np.float64))


def od_matrix(graph: Graph) -> sp.csr_matrix:
    """The (N, N) sparse matrix of trips between regions (row = origin), self-trips excluded."""
    src, dst = graph.edge_index
    return sp.csr_matrix((trip_counts(graph), (src, dst)), shape=(graph.num_nodes, graph.num_nodes))


def has_od_profile(features: ModalityFeatures) -> bool:
    return any(c.startswith(OD_PROFILE_PREFIXES) for c in features.columns)


def od_profile(graph: Graph, region_ids: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each region's trips to (``od_out_<id>``) and from (``od_in_<id>``) every region: (N, 2N)."""
    offdiag = od_matrix(graph)
    values = np.hstack([offdiag.toarray(), offdiag.T.toarray()])
    return values, [f"{prefix}{rid}" for prefix in OD_PROFILE_PREFIXES for rid in region_ids]


def region_set_digest(region_ids: np.ndarray) -> str:
    """A fingerprint of a set of region ids: OD-profile columns only mean something for that set."""
    return hashlib.sha1("\n".join(sorted(map(str, region_ids))).encode()).hexdigest()


def mobility_features(spec: MobilitySpec, ds: RegionDataset, reporter: Reporter = SILENT) -> ModalityFeatures:
    """Flows per region: ``mob_out_log1p``, ``mob_in_log1p`` (trips leaving / entering, self-trips
    excluded), ``mob_self_log1p``; with ``time_field`` (trips) or an ``hourly`` table (OD table)
    also ``mob_out_hHH``/``mob_in_hHH`` hourly shares (and counts in
    ``ds.profiles["hourly_out"/"hourly_in"]``); with ``od_profile`` also
    ``od_out_<id>``/``od_in_<id>``: trips to / from region <id>. Trips with an end outside every
    region are dropped and counted; a region with no trip at all has ``present=False``. The support
    is the region's trip count (leaving, entering and within).
    """
    hours = None
    if spec.od is not None:
        origin, dest, weight = _od_table(spec, ds)
    else:
        origin, dest, weight, hours = _trips(spec, ds, reporter)
    reporter.check_cancelled()
    n = ds.num_regions
    od = sp.coo_matrix((weight, (origin, dest)), shape=(n, n)).tocsr()
    od.sum_duplicates()
    od.eliminate_zeros()
    self_flow = od.diagonal()
    out_flow = np.asarray(od.sum(axis=1)).ravel() - self_flow
    in_flow = np.asarray(od.sum(axis=0)).ravel() - self_flow
    g = od.tocoo()
    off = g.row != g.col
    pair_trips = g.data[off]
    ds.graphs["mobility"] = Graph(np.vstack([g.row[off], g.col[off]]), np.log1p(pair_trips), n, directed=True)

    values = [np.log1p(out_flow), np.log1p(in_flow), np.log1p(self_flow)]
    columns = ["mob_out_log1p", "mob_in_log1p", "mob_self_log1p"]
    hourly = None
    if hours is not None:
        known = hours >= 0
        ds.count("mobility: trips without a valid time (left out of hourly profiles)", int((~known).sum()))
        hourly = {
            side: sp.coo_matrix((weight[known], (regions[known], hours[known])), shape=(n, HOURS)).toarray()
            for side, regions in (("out", origin), ("in", dest))
        }
    elif spec.hourly is not None:
        hourly = _hourly_table(spec.hourly, ds, reporter)
    for side, prof in (hourly or {}).items():
        ds.profiles[f"hourly_{side}"] = prof.astype(np.float32)
        tot = prof.sum(axis=1, keepdims=True)
        values.extend(np.divide(prof, tot, out=np.zeros_like(prof), where=tot > 0).T)
        columns += [f"mob_{side}_h{h:02d}" for h in range(HOURS)]
    if spec.od_profile:
        if n > OD_PROFILE_MAX_REGIONS:
            raise InputError(
                f"od_profile adds 2 columns per region and there are {n} regions "
                f"(at most {OD_PROFILE_MAX_REGIONS}).",
                where="mobility.od_profile",
                fix="set od_profile = false (flows still shape the mobility graph and features).",
            )
        profile, names = od_profile(ds.graphs["mobility"], ds.region_ids)
        values.extend(profile.T)
        columns += names
        single = float(np.mean(pair_trips <= 1)) if pair_trips.size else 0.0
        if single > SPARSE_OD_SINGLE_SHARE:
            reporter.log(
                f"mobility: od_profile on sparse flows: {single:.0%} of the {pair_trips.size} region pairs "
                "with trips carry a single trip, so each OD row is mostly sampling noise; on generated cities "
                "this sparse, the OD rows lowered every target (engine/docs/development.md, fifteenth round). "
                "Consider od_profile = false.",
                level="warning",
            )
    trips = out_flow + in_flow + self_flow
    feats = ModalityFeatures("mobility", np.column_stack(values), columns, trips > 0, support=trips)
    ds.modalities["mobility"] = feats
    reporter.log(
        f"mobility: {weight.sum():.0f} trips, {int(off.sum())} region pairs, {int((trips > 0).sum())} regions with trips"
    )
    return feats


def _od_table(spec: MobilitySpec, ds: RegionDataset):
    od = spec.od
    where = f"mobility.od ({od.path.name})"
    fields = [od.origin_field, od.destination_field] + ([od.count_field] if od.count_field else [])
    df = read_table(od.path, od.layer, where, fields)
    if df[fields].isna().any().any():
        text = ", ".join(f"{c!r}: {int(k)}" for c, k in df[fields].isna().sum().items() if k)
        raise InputError(f"missing values in {text}.", where=where, fix="fill or delete those rows.")
    origin = match_ids(df[od.origin_field].to_numpy(), ds)
    dest = match_ids(df[od.destination_field].to_numpy(), ds)
    unknown = pd.unique(
        np.concatenate(
            [df[od.origin_field].to_numpy()[origin < 0], df[od.destination_field].to_numpy()[dest < 0]]
        )
    )
    if unknown.size:
        raise InputError(
            f"{unknown.size} id(s) are not region ids, e.g. {', '.join(map(str, unknown[:5]))} "
            f"(regions e.g. {', '.join(map(str, ds.region_ids[:3]))}).",
            where=where,
            fix="use the regions' ids in the origin/destination fields, or delete those rows.",
        )
    if od.count_field:
        weight = numeric_column(df[od.count_field], where, "count field")
        if (weight < 0).any():
            raise InputError(
                f"{int((weight < 0).sum())} negative trip count(s) in {od.count_field!r}.",
                where=where,
                fix="trip counts must be >= 0.",
            )
    else:
        weight = np.ones(len(df))
    return origin, dest, weight


def _hourly_table(spec: HourlyFlowSpec, ds: RegionDataset, reporter: Reporter) -> dict[str, np.ndarray]:
    """Trips per hour, ``{"out": (N, 24), "in": (N, 24)}``, from a per-region table; regions
    without a row get zeros."""
    where = f"mobility.hourly ({spec.path.name})"
    prefixes = {"out": spec.out_prefix, "in": spec.in_prefix}
    names = {side: [f"{prefix}{h:02d}" for h in range(HOURS)] for side, prefix in prefixes.items()}
    df = read_table(spec.path, spec.layer, where, None)
    check_fields([spec.id_field], list(df.columns), where)
    for side, prefix in prefixes.items():
        missing = [c for c in names[side] if c not in df.columns]
        if missing:
            raise InputError(
                f"{len(missing)} of the 24 hourly columns of trips {'leaving' if side == 'out' else 'entering'} "
                f"are missing, e.g. {missing[0]!r}.",
                where=where,
                fix=f"set {side}_prefix so that columns {prefix}00 .. {prefix}23 exist, or rename the columns.",
            )
    rows = table_rows(df, spec.id_field, ds, where)
    columns = names["out"] + names["in"]
    # infinite counts are refused below with the negative ones, naming the region; rows of other ids are ignored
    values = numeric_feature_block(df, columns, where, allow_infinite=True)
    known = rows >= 0
    bad = ~np.isfinite(values[known]) | (values[known] < 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise InputError(
            f"{int(bad.sum())} hourly count(s) are negative or infinite, e.g. {columns[col]!r} of "
            f"region {ds.region_ids[rows[known][row]]!r}.",
            where=where,
            fix="hourly trip counts must be finite and >= 0.",
        )
    block, present = scatter_rows(values, rows, ds, "mobility hourly table")
    reporter.log(
        f"mobility: hourly flows from {spec.path.name}, {int(present.sum())}/{ds.num_regions} regions"
    )
    return {"out": block[:, :HOURS], "in": block[:, HOURS:]}


def _trips(spec: MobilitySpec, ds: RegionDataset, reporter: Reporter):
    where = f"mobility layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    require_geometry(ds, where)
    time = [spec.time_field] if spec.time_field else []
    if spec.pickup_x:
        coords = [spec.pickup_x, spec.pickup_y, spec.dropoff_x, spec.dropoff_y]
        df = read_layer(
            spec,
            where,
            geometry=None,
            fields=coords,
            target_crs=None,
            count=ds.count,
            key="mobility",
            keep_other_fields=bool(time),
        )
        check_fields(time, list(df.columns), where)
        crs = source_crs(file_crs(spec.path, spec.layer), spec.crs, where)
        xy = [numeric_column(df[c], where, "coordinate column") for c in coords]
        check_lonlat(xy[0], xy[1], crs, where)
        ox, oy = transform_xy(xy[0], xy[1], crs, ds.crs)
        dx, dy = transform_xy(xy[2], xy[3], crs, ds.crs)
        origins, dests = shapely.points(ox, oy), shapely.points(dx, dy)
        read_crs = crs.to_string()
        times = df[spec.time_field] if spec.time_field else None
    else:
        lines = read_layer(
            spec,
            where,
            geometry="line",
            fields=[],
            target_crs=None,
            count=ds.count,
            key="mobility",
            keep_other_fields=bool(time),
        )
        check_fields(time, list(lines.columns), where)
        read_crs = lines.crs.to_string()
        lines = lines.to_crs(ds.crs)
        coords, idx = shapely.get_coordinates(lines.geometry.array, return_index=True)
        first = np.unique(idx, return_index=True)[1]
        last = np.unique(idx[::-1], return_index=True)[1]
        last = len(idx) - 1 - last
        origins, dests = shapely.points(coords[first]), shapely.points(coords[last])
        times = lines[spec.time_field] if spec.time_field else None
    reporter.check_cancelled()
    o = assign_points(origins, ds)
    d = assign_points(dests, ds)
    ok = (o >= 0) & (d >= 0)
    if not ok.any():
        b = shapely.total_bounds(np.concatenate([origins, dests]))
        raise InputError(
            f"all {ok.size} trips fall outside the regions. Trips were read in {read_crs} and span "
            f"x {b[0]:.1f}..{b[2]:.1f}, y {b[1]:.1f}..{b[3]:.1f} in {ds.crs}; regions cover "
            f"{regions_extent_text(ds)}.",
            where=where,
            fix="check the trips' CRS: the file's own, or crs in the mobility section of the job (longitude is x, latitude is y).",
        )
    ds.count("mobility: trips with an end outside every region dropped", int((~ok).sum()))
    hours = _hours(times, where)[ok] if times is not None else None
    return o[ok], d[ok], np.ones(int(ok.sum())), hours


def _hours(times: pd.Series, where: str) -> np.ndarray:
    """Hour of day 0-23 per trip (-1 when unknown): integer hours, or any date-time pandas parses."""
    if pd.api.types.is_datetime64_any_dtype(times):  # a GeoPackage or Parquet date-time, not a number
        return times.dt.hour.fillna(-1).to_numpy(dtype=np.int64)
    num = pd.to_numeric(times, errors="coerce")
    if num.notna().mean() > 0.5:
        h = num.to_numpy(dtype=float)
        good = np.isfinite(h) & (h >= 0) & (h < 24) & (np.mod(h, 1) == 0)
        if not good.any():
            raise InputError(
                f"time field {times.name!r} is numeric but holds no hour 0-23.",
                where=where,
                fix="give hours 0-23 or date-times (e.g. 2016-05-01 08:15:00).",
            )
        return np.where(good, np.nan_to_num(h), -1).astype(np.int64)
    parsed = pd.to_datetime(times, errors="coerce", format="mixed")
    if parsed.isna().all():
        raise InputError(
            f"time field {times.name!r} cannot be read as date-times (e.g. {times.iloc[0]!r}).",
            where=where,
            fix="give ISO date-times (2016-05-01 08:15:00) or hours 0-23.",
        )
    return parsed.dt.hour.fillna(-1).to_numpy(dtype=np.int64)
