"""Street-view images: one point-level node per image, assigned to the region that contains it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..data import PointFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..ingest.layers import read_layer
from ..ingest.spatial import assign_points, regions_extent_text, require_geometry
from ..job import StreetViewSpec
from .tables import match_ids, numeric_feature_block


def street_view_features(
    spec: StreetViewSpec, ds: RegionDataset, reporter: Reporter = SILENT, cache_dir: Path | None = None
) -> PointFeatures:
    """Set ``ds.points``: given ``feature_columns`` or image embeddings (``image_encoder``).

    Images are placed by their point geometry, or by ``region_field`` (data without geometry;
    ``xy`` is then None). Images outside every region and unreadable images are dropped and
    counted; ``point_ids`` are the images' row numbers in the source layer.
    """
    where = f"street_view layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    fields = list(spec.feature_columns or [spec.image_field])
    if spec.region_field:
        df = read_layer(
            spec,
            where,
            geometry=None,
            fields=fields + [spec.region_field],
            target_crs=None,
            count=ds.count,
            key="street_view",
        )
        region = match_ids(df[spec.region_field].to_numpy(), ds)
        unknown = pd.unique(df[spec.region_field].to_numpy()[region < 0])
        if unknown.size:
            raise InputError(
                f"{unknown.size} value(s) of {spec.region_field!r} are not region ids, "
                f"e.g. {', '.join(map(str, unknown[:5]))}.",
                where=where,
                fix="use the regions' ids in region_field, or delete those images.",
            )
        xy = None
    else:
        require_geometry(ds, where)
        df = read_layer(
            spec, where, geometry="point", fields=fields, target_crs=ds.crs, count=ds.count, key="street_view"
        )
        region = assign_points(df.geometry, ds)
        if not (region >= 0).any():
            raise InputError(
                f"none of the {len(df)} images falls inside a region (regions cover "
                f"{regions_extent_text(ds)}).",
                where=where,
                fix="check the layer's CRS: the file's own, or crs in the street_view section of the job.",
            )
        xy = np.column_stack([df.geometry.x.to_numpy(), df.geometry.y.to_numpy()])
    ids = df.index.to_numpy()  # source row numbers, also after rows were dropped
    inside = region >= 0
    ds.count("street_view: images outside every region dropped", int((~inside).sum()))
    reporter.check_cancelled()

    if spec.feature_columns:
        values = numeric_feature_block(df, spec.feature_columns, where)
        columns = list(spec.feature_columns)
        ok = np.ones(len(df), dtype=bool)
    else:
        from .image_encoder import encode_images

        root = Path(spec.image_root) if spec.image_root else Path(spec.path).parent
        paths = [p if p.is_absolute() else root / p for p in map(Path, df[spec.image_field].astype(str))]
        keep = np.flatnonzero(inside)
        emb, ok_sub = encode_images([paths[i] for i in keep], cache_dir, reporter)
        values = np.zeros((len(df), emb.shape[1]), dtype=np.float32)
        values[keep] = emb
        ok = np.zeros(len(df), dtype=bool)
        ok[keep] = np.asarray(ok_sub, dtype=bool)
        ds.count("street_view: unreadable images dropped", int((inside & ~ok).sum()))
        columns = [f"img_{k:03d}" for k in range(emb.shape[1])]
    use = inside & ok
    if not use.any():
        raise InputError(
            "no street-view image could be used (all outside the regions or unreadable).",
            where=where,
            fix="check image_field / image_root and that the files are JPEG/PNG images.",
        )
    ds.points = PointFeatures(values[use], columns, region[use], None if xy is None else xy[use], ids[use])
    reporter.log(f"street_view: {int(use.sum())} images in {np.unique(region[use]).size} regions")
    return ds.points
