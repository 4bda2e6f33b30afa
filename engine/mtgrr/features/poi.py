"""POI features: category counts and shares per region, from points with a category field."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..data import ModalityFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..ingest.layers import file_crs, read_layer, source_crs, warn_id_like_categories
from ..ingest.spatial import (
    assign_points,
    category_codes,
    regions_extent_text,
    require_geometry,
    swapped_xy_fit,
)
from ..job import PoiSpec


def poi_features(spec: PoiSpec, ds: RegionDataset, reporter: Reporter = SILENT) -> ModalityFeatures:
    """``poi_count_<cat>``, ``poi_share_<cat>`` (count / region total) and ``poi_total_log1p``;
    the support is the region's POI count.

    A region without any POI has ``present=False``; POIs outside every region are counted
    ("poi: points outside every region") and ignored.
    """
    where = f"poi layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    require_geometry(ds, where)
    pts = read_layer(
        spec,
        where,
        geometry="place",
        fields=[spec.category_field],
        target_crs=ds.crs,
        count=ds.count,
        key="poi",
    )
    reporter.check_cancelled()
    region = assign_points(pts.geometry, ds)
    inside = region >= 0
    if not inside.any():
        b = pts.total_bounds
        problem = (
            f"none of the {len(pts)} POIs falls inside a region (POIs span x {b[0]:.1f}..{b[2]:.1f}, "
            f"y {b[1]:.1f}..{b[3]:.1f}; regions {regions_extent_text(ds)})."
        )
        fix = "check the layer's CRS: the file's own, or crs in the poi section of the job if the file has none."
        if swapped_xy_fit(pts.geometry, source_crs(file_crs(spec.path, spec.layer), spec.crs, where), ds):
            problem += " With x and y exchanged, they would fall within the regions' extent."
            fix = (
                f"x_field ({spec.x_field!r}) and y_field ({spec.y_field!r}) may be swapped: exchange them in the poi "
                "section (x is the longitude or easting, y the latitude or northing)."
                if spec.x_field
                else "the file's x and y may be swapped: write it again with the longitude (or easting) as x."
            )
        raise InputError(problem, where=where, fix=fix)
    ds.count("poi: points outside every region", int((~inside).sum()))
    codes, names = category_codes(pts[spec.category_field].to_numpy()[inside])
    counts = sp.coo_matrix(
        (np.ones(codes.size), (region[inside], codes)), shape=(ds.num_regions, len(names))
    ).toarray()
    total = counts.sum(axis=1)
    shares = np.divide(counts, total[:, None], out=np.zeros_like(counts), where=total[:, None] > 0)
    values = np.hstack([counts, shares, np.log1p(total)[:, None]])
    columns = [f"poi_count_{n}" for n in names] + [f"poi_share_{n}" for n in names] + ["poi_total_log1p"]
    feats = ModalityFeatures("poi", values, columns, total > 0, support=total)
    ds.modalities["poi"] = feats
    counts = (int(inside.sum()), len(names), len(columns))
    warn_id_like_categories(spec, "category_field", "points", counts, where, reporter)
    reporter.log(
        f"poi: {int(inside.sum())} points in {len(names)} categories, {int((total > 0).sum())} regions with POIs"
    )
    return feats
