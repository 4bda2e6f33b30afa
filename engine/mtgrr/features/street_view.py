"""Street-view images: one point-level node per image, assigned to the region that contains it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.request import url2pathname

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
        given = df[spec.image_field].astype(str).str.strip().tolist()
        paths = [_image_path(text, root) for text in given]
        is_url = np.array([path is None for path in paths], dtype=bool)
        found = np.array(
            [bool(is_in) and p is not None and p.is_file() for is_in, p in zip(inside, paths, strict=True)],
            dtype=bool,
        )
        todo = np.flatnonzero(found)
        emb, ok_todo = encode_images([paths[i] for i in todo], cache_dir, reporter)
        values = np.zeros((len(df), emb.shape[1]), dtype=np.float32)
        values[todo] = emb
        ok = np.zeros(len(df), dtype=bool)
        ok[todo] = ok_todo
        bad = int((inside & ~ok).sum())
        ds.count("street_view: unreadable images dropped", bad)
        if bad:
            problem, fix = _skipped_images(
                given,
                paths,
                np.flatnonzero(inside & is_url),
                np.flatnonzero(inside & ~is_url & ~found),
                np.flatnonzero(found & ~ok),
                root,
            )
            n = int(inside.sum())
            if bad == n:  # one bad image never stops a run; all of them do
                raise InputError(
                    f"none of the {n} images in the regions can be used ({spec.image_field!r}): {problem}",
                    where=where,
                    fix=fix,
                )
            reporter.log(
                f"{where}: {bad} of {n} images skipped ({spec.image_field!r}): {problem} Fix: {fix}",
                "warning",
            )
        columns = [f"img_{k:03d}" for k in range(emb.shape[1])]
    use = inside & ok
    ds.points = PointFeatures(values[use], columns, region[use], None if xy is None else xy[use], ids[use])
    reporter.log(f"street_view: {int(use.sum())} images in {np.unique(region[use]).size} regions")
    return ds.points


def _image_path(text: str, root: Path) -> Path | None:
    """The file an image field names: None for a web URL (not downloaded).

    ``file://`` URLs and ``~`` are resolved, and on Linux/macOS a path written on Windows
    (``photos\\a.jpg``) is read with ``/``: a backslash in a real file name is far rarer.
    """
    if re.match("file://", text, re.IGNORECASE):
        return Path(url2pathname(re.sub("^file://[^/]*", "", text, flags=re.IGNORECASE)))  # host dropped
    if re.match(r"[a-z][a-z0-9+.-]+://", text, re.IGNORECASE):  # http://, https://, s3://; not C:\\
        return None
    if os.sep == "/":
        text = text.replace("\\", "/")
    path = Path(text).expanduser()
    return path if path.is_absolute() else root / path


def _skipped_images(given, paths, urls, missing, undecodable, root: Path) -> tuple[str, str]:
    """Why images were skipped, with a count and an example per reason, and the fix."""
    problems, fixes = [], []
    if len(missing):
        i = missing[0]
        problems.append(f"{len(missing)} not found (e.g. '{given[i]}', looked for at {paths[i]})")
        fixes.append(f"relative paths start at {root} (set image_root to the photos' base folder)")
    if len(urls):
        problems.append(f"{len(urls)} web URL(s) (e.g. {given[urls[0]]})")
        fixes.append("download the images and give their local paths")
    if len(undecodable):
        i = undecodable[0]
        problems.append(f"{len(undecodable)} cannot be read as images (e.g. {paths[i]})")
        fixes.append("replace empty, damaged or non-image files; convert HEIC/RAW photos to JPEG or PNG")
    return "; ".join(problems) + ".", "; ".join(fixes) + "."
