"""Road elements: length density per class, junction density and a road-connectivity region graph."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from ..data import Graph, ModalityFeatures, RegionDataset
from ..events import SILENT, Reporter
from ..ingest.layers import read_layer, warn_id_like_categories
from ..ingest.spatial import assign_points, category_codes, region_areas_km2, require_geometry
from ..job import RoadsSpec

SNAP = 0.01
"""Vertices closer than this (metres, on a grid) are the same network node."""


def junctions(lines: np.ndarray) -> np.ndarray:
    """Network nodes of degree >= 3 as (K, 2) coordinates.

    Each line end adds 1 to its node's degree and each interior vertex adds 2, so junctions are
    found both in networks split at intersections and in OSM-like ways that share inner nodes.
    """
    parts = shapely.get_parts(lines)  # multilines: every part has its own two ends
    pc, pidx = shapely.get_coordinates(parts, return_index=True)
    is_first = np.r_[True, pidx[1:] != pidx[:-1]]
    is_last = np.r_[pidx[1:] != pidx[:-1], True]
    degree = np.where(is_first | is_last, 1, 2)
    keys = np.round(pc / SNAP).astype(np.int64)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    node_degree = np.bincount(inverse.ravel(), weights=degree)
    return uniq[node_degree >= 3] * SNAP


def _segments(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-point segments of every line and the row of the line each comes from."""
    parts, part_of = shapely.get_parts(lines, return_index=True)
    coords, idx = shapely.get_coordinates(parts, return_index=True)
    same = idx[1:] == idx[:-1]
    starts = np.flatnonzero(same)
    segs = shapely.linestrings(np.stack([coords[starts], coords[starts + 1]], axis=1))
    return segs, part_of[idx[starts]]


def road_features(spec: RoadsSpec, ds: RegionDataset, reporter: Reporter = SILENT) -> ModalityFeatures:
    """``road_density_<class>`` (km of road per km² of region), ``road_density_total`` and
    ``road_junction_density`` (junctions per km²). ``ds.graphs["roads"]`` joins two regions when a
    road crosses their common boundary (one of its segments touches both); weight = number of
    roads doing so; undirected, both directions stored. A region with no road has ``present=False``.
    """
    where = f"roads layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    require_geometry(ds, where)
    roads = read_layer(
        spec,
        where,
        geometry="line",
        fields=[spec.class_field],
        target_crs=ds.crs,
        count=ds.count,
        key="roads",
    )
    lines = np.asarray(roads.geometry.array)
    codes, names = category_codes(roads[spec.class_field].to_numpy())
    regions = np.asarray(ds.regions.geometry.array)
    n, c = ds.num_regions, len(names)

    src, reg = ds.regions.sindex.query(lines, predicate="intersects")
    length_km = shapely.length(shapely.intersection(lines[src], regions[reg])) / 1000
    reporter.check_cancelled()
    area = region_areas_km2(ds)
    per_class = sp.coo_matrix((length_km, (reg, codes[src])), shape=(n, c)).toarray()
    ds.count("roads: segments outside every region", int(len(lines) - np.unique(src).size))

    nodes = junctions(lines)
    jreg = assign_points(shapely.points(nodes), ds) if len(nodes) else np.zeros(0, dtype=np.int64)
    jcount = np.bincount(jreg[jreg >= 0], minlength=n)
    reporter.check_cancelled()

    segs, seg_line = _segments(lines)
    s_src, s_reg = ds.regions.sindex.query(segs, predicate="intersects")
    hits = pd.DataFrame({"seg": s_src, "reg": s_reg})
    multi = hits[hits.duplicated("seg", keep=False)]
    pairs = multi.merge(multi, on="seg")
    pairs = pairs[pairs.reg_x != pairs.reg_y]
    pairs = pd.DataFrame(
        {"line": seg_line[pairs.seg.to_numpy()], "a": pairs.reg_x.to_numpy(), "b": pairs.reg_y.to_numpy()}
    ).drop_duplicates()
    edges = pairs.groupby(["a", "b"]).size()
    ei = edges.index.to_frame().to_numpy().T if len(edges) else np.zeros((2, 0), dtype=np.int64)
    ds.graphs["roads"] = Graph(ei, edges.to_numpy(dtype=np.float32), n, directed=False)

    density = per_class / area[:, None]
    total = density.sum(axis=1)
    values = np.column_stack([density, total, jcount / area])
    # a class named "total" would take the all-roads column's name (and a saved model's columns mix up)
    columns = [f"road_density_{x}{'_class' if x == 'total' else ''}" for x in names]
    columns += ["road_density_total", "road_junction_density"]
    feats = ModalityFeatures("roads", values, columns, (total > 0) | (jcount > 0))
    ds.modalities["roads"] = feats
    warn_id_like_categories(spec, "class_field", "lines", (len(lines), c, len(columns)), where, reporter)
    reporter.log(
        f"roads: {len(lines)} lines, {per_class.sum():.1f} km, {len(nodes)} junctions, "
        f"{len(edges) // 2} region links"
    )
    return feats
