"""Land use: area share of each class in each region, from polygons with a class field."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ..data import ModalityFeatures, RegionDataset
from ..events import SILENT, Reporter
from ..ingest.layers import read_layer, warn_id_like_categories
from ..ingest.spatial import category_codes, require_geometry
from ..job import LandUseSpec


def _grouped_area(geoms: np.ndarray, keys: pd.DataFrame) -> pd.Series:
    """Area of the union of the geometries in each key group (overlaps counted once).

    Most groups hold one piece and take its area directly; only groups with several pieces are
    unioned (geopandas dissolve), which is where the time goes on large inputs.
    """
    import geopandas as gpd

    cols = list(keys.columns)
    multi = keys.duplicated(keep=False).to_numpy()
    single = keys[~multi].assign(area=shapely.area(geoms[~multi])).set_index(cols)["area"]
    if not multi.any():
        return single
    merged = gpd.GeoDataFrame(keys[multi], geometry=geoms[multi]).dissolve(by=cols)
    return pd.concat([single, merged.geometry.area.rename("area")])


def landuse_features(spec: LandUseSpec, ds: RegionDataset, reporter: Reporter = SILENT) -> ModalityFeatures:
    """``landuse_<class>``: share of the region's area covered by that class, and ``landuse_covered``:
    share covered by any class. Overlapping polygons of one class count once; where classes
    overlap each other the class shares are scaled down to sum to the covered share (counted as
    "landuse: regions with overlapping classes rescaled"). A region with no land use has ``present=False``;
    the support is the covered share (how much of the region is mapped).
    """
    where = f"landuse layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    require_geometry(ds, where)
    lu = read_layer(
        spec,
        where,
        geometry="polygon",
        fields=[spec.class_field],
        target_crs=ds.crs,
        count=ds.count,
        key="landuse",
    )
    codes, names = category_codes(lu[spec.class_field].to_numpy())
    reporter.check_cancelled()
    src, reg = ds.regions.sindex.query(lu.geometry.array, predicate="intersects")
    pieces = shapely.intersection(
        np.asarray(lu.geometry.array)[src], np.asarray(ds.regions.geometry.array)[reg]
    )
    keep = shapely.area(pieces) > 0
    src, reg, pieces = src[keep], reg[keep], pieces[keep]
    reporter.check_cancelled()
    n, c = ds.num_regions, len(names)
    area = ds.regions.geometry.area.to_numpy()
    class_area = np.zeros((n, c))
    covered = np.zeros(n)
    if pieces.size:
        by_class = _grouped_area(pieces, pd.DataFrame({"r": reg, "c": codes[src]}))
        idx = by_class.index.to_frame().to_numpy()
        np.add.at(class_area, (idx[:, 0], idx[:, 1]), by_class.to_numpy())
        by_region = _grouped_area(pieces, pd.DataFrame({"r": reg}))
        np.add.at(covered, by_region.index.to_numpy(), by_region.to_numpy())
    shares = class_area / area[:, None]
    cover = np.minimum(covered / area, 1.0)
    total = shares.sum(axis=1)
    over = total > cover * (1 + 1e-6)
    ds.count("landuse: regions with overlapping classes rescaled", int(over.sum()))
    shares[over] *= (cover[over] / total[over])[:, None]
    values = np.column_stack([shares, cover])
    # a class named "covered" would take the coverage column's name (and a saved model's columns mix up)
    columns = [f"landuse_{n_}{'_class' if n_ == 'covered' else ''}" for n_ in names] + ["landuse_covered"]
    feats = ModalityFeatures("landuse", values, columns, cover > 0, support=cover)
    ds.modalities["landuse"] = feats
    warn_id_like_categories(spec, "class_field", "polygons", (len(lu), c, len(columns)), where, reporter)
    reporter.log(f"landuse: {len(lu)} polygons in {c} classes, {int((cover > 0).sum())} regions covered")
    return feats
