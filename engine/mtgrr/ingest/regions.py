"""Regions: a polygon layer, a table of ids without geometry, or a grid generated over the inputs."""

from __future__ import annotations

import math

import numpy as np
import pyogrio
import shapely
from pyproj import CRS, Transformer

from ..data import REGION_ID, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..job import GridSpec, Job, LayerSpec
from .layers import (
    bounds_lonlat,
    check_fields,
    check_lonlat,
    choose_metric_crs,
    file_crs,
    id_keys,
    is_text_table,
    numeric_column,
    ogr_layer,
    read_layer,
    read_table,
    source_crs,
    utm_for_lonlat,
)


def _has_geometry(path, layer: str | None, where: str) -> bool:
    if is_text_table(path) or path.suffix.lower() == ".parquet":
        return False
    layer = ogr_layer(path, layer, where)
    return pyogrio.read_info(path, layer=layer)["geometry_type"] is not None


def _region_ids(values, field: str, where: str) -> np.ndarray:
    """The regions' ids, refused when two regions share one. A field with few distinct values for its rows (under
    half) is named as a class picked for the id, as a land-use or district field is."""
    ids = np.asarray(values)
    # a Real field of whole numbers (1.0, 2.0) holds integer ids: written back as 1, 2, not "1.0"
    whole = ids.dtype.kind == "f" and np.isfinite(ids).all() and (ids % 1 == 0).all()
    ids = ids.astype(np.int64) if whole or ids.dtype.kind in "iu" else ids.astype(str)
    uniq, counts = np.unique(ids, return_counts=True)
    dup = uniq[counts > 1]
    if dup.size:
        shown = ", ".join(repr(d.item()) for d in dup[:5]) + (", ..." if dup.size > 5 else "")
        kind = (
            f"it looks like a class, not an id ({uniq.size} distinct values for {ids.size} regions)"
            if uniq.size < ids.size / 2
            else f"{uniq.size} distinct values for {ids.size} regions"
        )
        raise InputError(
            f"{int(counts[counts > 1].sum())} regions share an id with another one in field {field!r}: {dup.size} "
            f"value(s) repeat ({shown}); {kind}.",
            where=where,
            fix="choose a field with one unique value per region (id_field in a job file), or give every region "
            "a unique id.",
        )
    # other tables (OD, hourly flows, per-region tables) are matched on these keys: "01" and "1" are one id there
    keys = id_keys(ids)
    uniq, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        same = ids[keys == uniq[counts > 1][0]][:2]
        raise InputError(
            f"region ids {same[0]!r} and {same[1]!r} are one id when matched with the other tables (numbers "
            "compare by value, text without surrounding spaces).",
            where=where,
            fix="give every region an id that differs from the others by value, not only by zeros or spaces.",
        )
    return ids


def _overlapping_pairs(geoms) -> np.ndarray:
    """(i, j) rows, i < j, of regions whose shared area exceeds 1 % of the smaller one (duplicates included;
    the slivers digitised boundaries leave, and enclaves in a hole, are not overlaps)."""
    tree = shapely.STRtree(geoms)
    pairs = np.hstack([tree.query(geoms, predicate=p) for p in ("overlaps", "contains")])
    pairs = np.unique(np.sort(pairs, axis=0), axis=1)
    pairs = pairs[:, pairs[0] != pairs[1]]
    if not pairs.size:
        return np.empty((0, 2), dtype=np.int64)
    shared = shapely.area(shapely.intersection(geoms[pairs[0]], geoms[pairs[1]]))
    smaller = np.minimum(shapely.area(geoms[pairs[0]]), shapely.area(geoms[pairs[1]]))
    return pairs[:, shared > 0.01 * smaller].T


SCALE_TOLERANCE = 0.05
"""How far (as a share) the CRS may stretch distances at the regions' centre before a warning: UTM stays within
0.1 % of true in its zone, Web Mercator is 1/cos(latitude) (1.15 at 30°, 1.56 at 50°)."""


def _warn_of_scale_distortion(gdf, crs: str, reporter: Reporter) -> None:
    """Densities (per km²) and distances are measured in the CRS: one that stretches them here (Web Mercator) makes
    a region's features differ from another city's, or from a model's trained in another CRS."""
    from pyproj import Proj

    x0, y0, x1, y1 = gdf.total_bounds
    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform((x0 + x1) / 2, (y0 + y1) / 2)
    try:
        factors = Proj(CRS(crs)).get_factors(lon, lat)
    except Exception:  # a CRS whose scale pyproj cannot give: nothing to say
        return
    scale = float(factors.meridional_scale)
    if math.isfinite(scale) and abs(scale - 1) > SCALE_TOLERANCE:
        reporter.log(
            f"the CRS {crs} stretches distances by {scale:.2f}× (areas {float(factors.areal_scale):.2f}×) at these "
            'regions: densities and distances come out that much off, unlike another city\'s; crs = "auto" uses '
            "the local UTM zone.",
            "warning",
        )


def load_regions(job: Job, reporter: Reporter = SILENT) -> RegionDataset:
    """Build the RegionDataset skeleton: region ids (row order) and polygons in the metric CRS."""
    spec = job.regions
    if spec.grid is not None:
        return _grid_dataset(job, spec.grid, reporter)
    if spec.path is None or not spec.path.exists():
        raise InputError(
            f"file not found: {spec.path}.",
            where="regions",
            fix="correct regions.path (relative paths start at the job file's folder).",
        )
    where = f"regions layer {spec.layer or spec.path.name!r} in {spec.path.name}"
    if not _has_geometry(spec.path, spec.layer, where):
        table = read_table(spec.path, spec.layer, where, None)
        check_fields([spec.id_field], list(table.columns), where)
        if table[spec.id_field].isna().any():
            raise InputError(
                f"{int(table[spec.id_field].isna().sum())} region(s) have no id.",
                where=where,
                fix=f"fill {spec.id_field!r} for every row.",
            )
        ids = _region_ids(table[spec.id_field].to_numpy(), spec.id_field, where)
        reporter.log(f"{len(ids)} regions without geometry (ids from {spec.path.name})")
        shapes = [
            c for c in table.columns if str(c).lower() in ("wkt", "geometry", "geom", "the_geom", "wkb")
        ]
        if shapes:  # a table's geometry column is not read: say so, before a layer needing polygons fails
            reporter.log(
                f"{where}: column {shapes[0]!r} looks like geometry, but a table's is not read; the regions have "
                "no geometry and their other fields are not used. To use the shapes, save the regions as a "
                "GeoPackage (QGIS: Export > Save Features As; or ogr2ogr).",
                "warning",
            )
        return RegionDataset(region_ids=ids, regions=None, crs=None)

    # the job's CRS is the target; it stands in as the source CRS only for a file that has none
    fallback = None if job.crs == "auto" or file_crs(spec.path, spec.layer) else job.crs
    layer_spec = LayerSpec(path=spec.path, layer=spec.layer, crs=fallback)
    fallbacks: list[tuple[str, int]] = []  # counted into the dataset's report once it exists
    gdf = read_layer(
        layer_spec,
        where,
        geometry="polygon",
        fields=[spec.id_field],
        target_crs=None,
        count=lambda key, n: fallbacks.append((key, n)),
        key="regions",
        drop_missing=False,
        keep_other_fields=True,
    )
    ids = _region_ids(gdf[spec.id_field].to_numpy(), spec.id_field, where)
    crs = job.crs if job.crs != "auto" else choose_metric_crs([gdf])
    read_in = gdf.crs.to_string()
    gdf = gdf.to_crs(crs)
    _warn_of_scale_distortion(gdf, crs, reporter)
    # a polygon split at the 180° meridian has two parts that share an edge once reprojected: repaired, counted
    broken = ~shapely.is_valid(gdf.geometry.array)
    if broken.any():
        gdf.loc[broken, gdf.geometry.name] = shapely.make_valid(
            gdf.geometry.array[broken], method="structure", keep_collapsed=False
        )
        fallbacks.append(("regions: geometries repaired after reprojection", int(broken.sum())))
    if spec.id_field != REGION_ID and REGION_ID in gdf.columns:
        gdf = gdf.rename(columns={REGION_ID: f"{REGION_ID}_src"})
    gdf = gdf.rename(columns={spec.id_field: REGION_ID})
    gdf[REGION_ID] = ids
    gdf = gdf.set_index(REGION_ID)
    reporter.log(f"{len(ids)} regions from {spec.path.name} (in {read_in}), computed in the metric CRS {crs}")
    overlaps = _overlapping_pairs(np.asarray(gdf.geometry.array, dtype=object))
    if len(overlaps):
        first = ids[overlaps[0]]
        fallbacks.append(("regions: overlapping pairs", len(overlaps)))
        reporter.log(
            f"{where}: {len(overlaps)} pair(s) of regions overlap by more than 1 % of the smaller one (e.g. "
            f"{first[0]!r} and {first[1]!r}); a point there counts in the first of them, a line or area in both. "
            "Regions are expected to tile the area without overlaps.",
            "warning",
        )
    ds = RegionDataset(region_ids=ids, regions=gdf, crs=crs)
    for key, n in fallbacks:
        ds.count(key, n)
    return ds


# ---- grid ------------------------------------------------------------------------------------
def _input_extents(job: Job) -> list[tuple[tuple[float, float, float, float], CRS]]:
    """Bounding box and CRS of every geometric input of the job (layers, trips, raster)."""
    boxes = []
    for name in ("poi", "mobility", "landuse", "roads", "street_view"):
        spec = getattr(job, name)
        if spec is None or spec.path is None:
            continue
        where = f"{name} layer {spec.layer or spec.path.name!r} in {spec.path.name}"
        pairs = []
        if spec.x_field:
            pairs.append((spec.x_field, spec.y_field))
        if name == "mobility" and spec.pickup_x:
            pairs += [(spec.pickup_x, spec.pickup_y), (spec.dropoff_x, spec.dropoff_y)]
        if pairs:
            cols = [c for p in pairs for c in p]
            df = read_table(spec.path, spec.layer, where, list(dict.fromkeys(cols)))
            # x/y point tables take the job's crs; trip coordinates also the file's, as the mobility features do
            crs = source_crs(file_crs(spec.path, spec.layer) if name == "mobility" else None, spec.crs, where)
            for xf, yf in pairs:
                x = numeric_column(df[xf], where, "coordinate column")
                y = numeric_column(df[yf], where, "coordinate column")
                check_lonlat(x, y, crs, where)
                boxes.append(((np.nanmin(x), np.nanmin(y), np.nanmax(x), np.nanmax(y)), crs))
            continue
        layer = ogr_layer(spec.path, spec.layer, where)
        info = pyogrio.read_info(spec.path, layer=layer, force_total_bounds=True)
        if info["geometry_type"] is None:
            continue
        crs = source_crs(info["crs"], spec.crs, where, geometry=True)
        boxes.append((tuple(info["total_bounds"]), crs))
    rs = job.remote_sensing
    if rs is not None and rs.raster is not None:
        import rasterio

        if not rs.raster.exists():
            raise InputError(
                f"file not found: {rs.raster}.", where="remote_sensing.raster", fix="correct the path."
            )
        with rasterio.open(rs.raster) as src:
            if src.crs is None:
                raise InputError(
                    "the raster has no CRS.",
                    where="remote_sensing.raster",
                    fix="assign a CRS to the GeoTIFF (gdal_edit.py -a_srs EPSG:...).",
                )
            boxes.append((tuple(src.bounds), CRS.from_wkt(src.crs.to_wkt())))
    return boxes


MAX_GRID_CELLS = 500_000
"""Far above what trains in reasonable time here (10,000 regions: about 5 s an epoch), low enough to refuse early."""


def _grid_dataset(job: Job, grid: GridSpec, reporter: Reporter) -> RegionDataset:
    boxes = _input_extents(job)
    if not boxes:
        raise InputError(
            "a grid is generated over the inputs' extent, but no input layer or raster has geometry.",
            where="regions.grid",
            fix="add a layer (POI, roads...) or give a regions layer instead.",
        )
    if job.crs != "auto":
        crs = job.crs
    else:
        b = np.array([bounds_lonlat(box, box_crs) for box, box_crs in boxes])
        crs = utm_for_lonlat((b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()))
    target = CRS.from_user_input(crs)
    m = np.array(
        [
            box
            if box_crs.equals(target)
            else Transformer.from_crs(box_crs, target, always_xy=True).transform_bounds(*box, densify_pts=21)
            for box, box_crs in boxes
        ]
    )
    extent = (m[:, 0].min(), m[:, 1].min(), m[:, 2].max(), m[:, 3].max())
    # checked before building: a cell size far too small for the extent would otherwise run for hours
    estimate = math.ceil((extent[2] - extent[0]) / grid.cell_size) * math.ceil(
        (extent[3] - extent[1]) / grid.cell_size
    )
    if estimate > MAX_GRID_CELLS:
        raise InputError(
            f"a {grid.cell_size:g} m grid over the inputs' extent ({(extent[2] - extent[0]) / 1000:.1f} × "
            f"{(extent[3] - extent[1]) / 1000:.1f} km) would have about {estimate:,} cells (at most {MAX_GRID_CELLS:,}).",
            where="regions.grid.cell_size",
            fix="use a larger cell_size.",
        )
    if grid.shape == "hexagon":
        ids, geoms = hexagon_grid(extent, crs, grid.cell_size)
    else:
        ids, geoms = square_grid(extent, grid.cell_size)
    n = len(ids)
    import geopandas as gpd

    regions = gpd.GeoDataFrame({REGION_ID: ids}, geometry=geoms, crs=crs).set_index(REGION_ID)
    reporter.log(f"{n} {grid.shape} cells of {grid.cell_size:g} m, metric CRS {crs}")
    # the cells are cell_size wide in the CRS, not on the ground: a stretching CRS makes them smaller there
    _warn_of_scale_distortion(regions, crs, reporter)
    return RegionDataset(region_ids=np.asarray(ids), regions=regions, crs=crs)


def square_grid(extent, cell_size: float) -> tuple[np.ndarray, np.ndarray]:
    """Square cells covering ``extent`` (minx, miny, maxx, maxy); ids 'r<row>_c<col>', row 0 at the top."""
    minx, miny, maxx, maxy = extent
    nx = max(1, math.ceil((maxx - minx) / cell_size))
    ny = max(1, math.ceil((maxy - miny) / cell_size))
    row, col = np.divmod(np.arange(nx * ny), nx)
    x0 = minx + col * cell_size
    y1 = maxy - row * cell_size
    geoms = shapely.box(x0, y1 - cell_size, x0 + cell_size, y1)
    ids = np.char.add(np.char.add("r", row.astype(str)), np.char.add("_c", col.astype(str)))
    return ids, geoms


def h3_resolution(cell_size: float) -> int:
    """H3 resolution whose average hexagon best matches ``cell_size`` (edge-to-edge width, metres)."""
    import h3

    edge = cell_size / math.sqrt(3)
    edges = np.array([h3.average_hexagon_edge_length(r, unit="m") for r in range(16)])
    return int(np.argmin(np.abs(np.log(edges / edge))))


def hexagon_grid(extent, crs: str, cell_size: float) -> tuple[np.ndarray, np.ndarray]:
    """H3 cells (ids = cell strings) that intersect ``extent`` given in the metric ``crs``.

    Candidates are the cells whose centre lies in the extent grown by two edge lengths; the
    ones that do not reach the extent are removed. h3 has no vectorised boundary call, so the
    cell outlines are built in one Python pass over the cells (grid size, not input size).
    """
    import h3

    res = h3_resolution(cell_size)
    edge = h3.average_hexagon_edge_length(res, unit="m")
    minx, miny, maxx, maxy = extent
    grown = (minx - 2 * edge, miny - 2 * edge, maxx + 2 * edge, maxy + 2 * edge)
    back = Transformer.from_crs(CRS.from_user_input(crs), "EPSG:4326", always_xy=True)
    outline = shapely.segmentize(shapely.box(*grown), max(grown[2] - grown[0], grown[3] - grown[1]) / 50)
    ring = shapely.get_coordinates(outline.exterior)
    lon, lat = back.transform(ring[:, 0], ring[:, 1])
    cells = sorted(h3.polygon_to_cells(h3.LatLngPoly(list(zip(lat, lon, strict=True))), res))
    coords = [h3.cell_to_boundary(c) for c in cells]
    counts = np.array([len(c) for c in coords])
    flat = np.array([p for c in coords for p in c], dtype=float).reshape(-1, 2)
    fwd = Transformer.from_crs("EPSG:4326", CRS.from_user_input(crs), always_xy=True)
    x, y = fwd.transform(flat[:, 1], flat[:, 0])
    rings = shapely.linearrings(np.column_stack([x, y]), indices=np.repeat(np.arange(len(cells)), counts))
    geoms = shapely.polygons(rings)
    keep = shapely.intersects(geoms, shapely.box(*extent))
    return np.asarray(cells)[keep], geoms[keep]
