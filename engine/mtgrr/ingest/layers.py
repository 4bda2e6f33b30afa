"""Reading user layers and tables with checks that turn every common mistake into a clear InputError.

Rules shared by all vector inputs:

- any OGR source (GeoPackage, Shapefile, GeoJSON...) is read with pyogrio; ``.csv``/``.tsv``/``.txt``
  with pandas and ``.parquet`` with pyarrow; point tables name their ``x_field``/``y_field`` and ``crs``;
- text tables are UTF-8 (a BOM is allowed) and separated by the header line's one separator among
  ``, ; tab |`` (``,`` for .csv/.txt and tab for .tsv when present);
- a source without CRS needs ``crs`` in its job section; a source with a CRS that disagrees with
  ``crs`` is an error (the job must not silently reinterpret coordinates);
- rows with a missing value in a required field (or a missing geometry) are dropped and counted;
- invalid geometries are repaired with ``shapely.make_valid`` and counted.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

from ..errors import DECIMAL_COMMA, InputError
from ..events import Reporter
from ..job import LayerSpec

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
GeometryKind = Literal["point", "line", "polygon", "place"]
""""place": a point, or a line or area taken at a point on it (OSM maps many POIs as building outlines)."""
_ALLOWED = {
    "point": {"Point"},
    "line": {"LineString", "MultiLineString"},
    "polygon": {"Polygon", "MultiPolygon"},
}
Counter = Callable[[str, int], None]


def _noop(_key: str, _n: int) -> None:
    return None


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace(" ", "")


def suggest(name: str, available: list[str]) -> str:
    """'Available: a, b. Did you mean 'x'?' for a missing field or layer.

    The names that start with, then contain, the typed one come first and are all listed: "image" means
    'image_id' or 'image_path', and the closest spelling alone (difflib, the fallback for typos) would pick
    the id. Under 3 letters a part matches too much to say anything."""
    text = "available: " + (", ".join(repr(a) for a in available[:40]) or "(none)")
    if len(available) > 40:
        text += f" ... ({len(available)} in all)"
    typed = _norm(name)
    close = [a for a in available if _norm(a) == typed]
    if len(typed) >= 3:
        close += [a for a in available if _norm(a).startswith(typed) and a not in close]
        close += [a for a in available if typed in _norm(a) and a not in close]
    if not close:
        norm = {_norm(a): a for a in available}
        close = [norm[c] for c in difflib.get_close_matches(typed, list(norm), n=1, cutoff=0.6)]
    if not close:
        return text + "."
    shown = [repr(c) for c in close[:5]] + ([f"{len(close) - 5} more"] if len(close) > 5 else [])
    listed = " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
    return f"{text}. Did you mean {listed}?"


def is_text_table(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def file_crs(path: Path, layer: str | None) -> str | None:
    """The CRS a vector file declares for ``layer``; None for text and Parquet tables, a file without one, or an
    unreadable file (the reader then explains)."""
    if is_text_table(path) or path.suffix.lower() == ".parquet":
        return None
    try:
        return pyogrio.read_info(path, layer=layer).get("crs")
    except Exception:  # noqa: BLE001 - any read failure is reported by the layer's reader with a fix
        return None


def _check_path(path: Path | None, where: str) -> Path:
    if path is None:
        raise InputError("no 'path' given.", where=where, fix="set 'path' to the layer's file.")
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"file not found: {path}.",
            where=where,
            fix="correct 'path' (relative paths start at the job file's folder).",
        )
    return path


def ogr_layer(path: Path, layer: str | None, where: str) -> str:
    try:
        layers = pyogrio.list_layers(path)
    except Exception as err:  # noqa: BLE001 - GDAL raises several types; all mean "not a readable source"
        raise InputError(
            f"cannot open {path.name} as a vector source ({err}).",
            where=where,
            fix="give a GeoPackage, Shapefile, GeoJSON, CSV or Parquet file.",
        ) from None
    names = [str(n) for n in layers[:, 0]]
    if layer is None:
        if not names:
            raise InputError(f"{path.name} contains no layer.", where=where, fix="check the file.")
        return names[0]
    if layer not in names:
        raise InputError(
            f"layer {layer!r} not found in {path.name}; {suggest(layer, names)}",
            where=where,
            fix="set 'layer' to one of the available layers.",
        )
    return layer


DECIMAL_COMMA_FIX = (
    "write the numbers with a decimal point and no thousands separator (12.5, 1234): in Excel, untick File > "
    "Options > Advanced > 'Use system separators' and set '.' before saving; or save the table separated by ';', "
    "whose decimal commas are read as such."
)


SEPARATORS = ",;\t|"
"""The separators a text table may use: Excel writes ';' where the decimal separator is a comma."""
_SEPARATOR_LINES = 20
"""Lines read to tell a text table's separator."""


def _separator(path: Path, where: str) -> str:
    """The separator of a text table, from its header line: the one separator it holds, else (none) the usual one
    for the suffix (',', or tab for .tsv). A header holding several (``id;name, first;x``) is settled by the first
    lines: of the separators that split every one of them into as many fields, the one giving the most; where
    none does, the usual one if the header holds it, else an error."""
    usual = "\t" if path.suffix.lower() == ".tsv" else ","
    # undecodable bytes are left to pandas, whose error names them; a table's first lines only are read
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        lines = list(itertools.islice(f, _SEPARATOR_LINES))
    # blank lines are skipped, as pandas does; a quoted name or value may hold any character
    rows = [re.sub(r'"[^"]*"', "", line) for line in lines if line.strip()] or [""]
    found = [c for c in SEPARATORS if c in rows[0]]
    if len(found) < 2:
        return found[0] if found else usual
    # a separator splits every line into as many fields; of those that do, the one giving the most fields
    steady = {c: rows[0].count(c) for c in found if len({row.count(c) for row in rows}) == 1}
    if steady:
        return max(steady, key=steady.get)
    if usual in found:
        return usual
    shown = " and ".join(repr(c) for c in found)
    raise InputError(
        f"cannot tell which separator {path.name} uses: its header line holds {shown}.",
        where=where,
        fix=f"separate the fields of every line with one separator ({usual!r} preferred), quoting the names and "
        "values that hold it.",
    )


def _not_utf8(path: Path, where: str) -> InputError:
    """The error for a text table in another encoding (Excel's plain "CSV" uses the system's code page, such as
    Windows-1252), naming the first byte that is not UTF-8. Found line by line on this error path only: a UTF-8
    character never holds a newline byte."""
    with path.open("rb") as f:
        head = f.read(2)
        f.seek(0)
        offset = 0
        for number, line in enumerate(f, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as err:
                at = f"byte 0x{line[err.start]:02x} at line {number} (byte offset {offset + err.start:,})"
                break
            offset += len(line)
        else:
            at = "a byte that is not UTF-8"
    utf16 = " (it is UTF-16, Excel's 'Unicode Text')" if head in (b"\xff\xfe", b"\xfe\xff") else ""
    return InputError(
        f"{path.name} is not UTF-8 text{utf16}: {at} cannot be read.",
        where=where,
        fix="save the table as UTF-8 (in Excel: Save As > CSV UTF-8; in LibreOffice: Character set Unicode "
        "(UTF-8)).",
    )


def _read_text_table(path: Path, where: str, columns: list[str] | None) -> pd.DataFrame:
    try:
        sep = _separator(path, where)
        # "id, trips" is read as "trips", as OGR (and so QGIS) reads it
        available = list(pd.read_csv(path, sep=sep, nrows=0, skipinitialspace=True).columns)
        check_fields(columns or [], available, where)
        df = pd.read_csv(path, sep=sep, usecols=columns, skipinitialspace=True)
        if not isinstance(df.index, pd.RangeIndex):  # pandas took the first field of longer rows as an index
            raise pd.errors.ParserError(f"Expected {len(available)} fields, a row has more")
    except UnicodeDecodeError:
        raise _not_utf8(path, where) from None
    except pd.errors.ParserError as err:  # a line with more fields than the header
        raise InputError(
            f"{path.name} cannot be read as a table separated by {sep!r} ({str(err).strip()}).",
            where=where,
            fix="give every line as many fields as the header line, quoting the values that hold the separator.",
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError(
            f"{path.name} is empty ({path.stat().st_size} bytes): it has no header line of field names.",
            where=where,
            fix="give a table whose first line names its fields, followed by one line per row.",
        ) from None
    return _decimal_commas_read(df) if sep != "," else df


def _decimal_commas_read(df: pd.DataFrame) -> pd.DataFrame:
    """A table separated by ';', tab or '|' (Excel's CSV where the decimal separator is a comma) writes its numbers
    with decimal commas: a column whose every value is a number once its comma is a point is read as numbers, as
    QGIS's 'Decimal separator is comma' does. A ',' file cannot mean that ('1,234' there is a quoted thousand):
    its columns stay as written, and a column used as numbers names such values (numeric_column)."""
    for column in df.select_dtypes(include=["object", "string"]).columns:
        text = df[column].astype("string").str.strip()
        if not text.str.fullmatch(DECIMAL_COMMA).any():
            continue
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False).replace("", pd.NA), errors="coerce")
        if (numbers.notna() | text.isna() | (text == "")).all():
            df[column] = numbers.astype(float)
    return df


def _read_parquet(path: Path, where: str, columns: list[str] | None) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        available = list(pq.read_schema(path).names)
        check_fields(columns or [], available, where)
        return pd.read_parquet(path, columns=columns)
    except pa.ArrowException as err:  # ArrowInvalid: an empty file, or not Parquet at all
        raise InputError(
            f"cannot open {path.name} as a Parquet file ({err}).",
            where=where,
            fix="give a valid Parquet file (write it again), or the table as CSV or GeoPackage.",
        ) from None


def read_table(path: Path, layer: str | None, where: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Attribute table of any supported source (no geometry), checking that ``columns`` exist."""
    path = _check_path(path, where)
    suffix = path.suffix.lower()
    if is_text_table(path):
        df = _read_text_table(path, where, columns)
    elif suffix == ".parquet":
        df = _read_parquet(path, where, columns)
    else:
        layer = ogr_layer(path, layer, where)
        available = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
        check_fields(columns or [], available, where)
        df = pyogrio.read_dataframe(path, layer=layer, columns=columns, read_geometry=False)
        df = pd.DataFrame(df)
    if df.empty:
        raise InputError(f"{path.name} has no rows.", where=where, fix="give a table with at least one row.")
    return df


def check_fields(fields: list[str], available: list[str], where: str) -> None:
    for f in fields:
        if f not in available:
            raise InputError(
                f"field {f!r} not found; {suggest(f, available)}",
                where=where,
                fix="set the field name in the job to one of the available fields.",
            )


def numeric_column(series: pd.Series, where: str, what: str) -> np.ndarray:
    """A column as float64, or an InputError naming the first value that is not a number."""
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        first = series[bad].iloc[0]
        comma = series[bad].astype(str).str.strip().str.fullmatch(DECIMAL_COMMA)
        if comma.any():
            raise InputError(
                f"{what} {series.name!r} has {int(comma.sum())} number(s) written with a decimal comma or a "
                f"thousands separator, e.g. {series[bad][comma].iloc[0]!r}, which are read as text"
                + (f" ({int(bad.sum())} non-numeric values in all)." if comma.sum() < bad.sum() else "."),
                where=where,
                fix=DECIMAL_COMMA_FIX,
            )
        raise InputError(
            f"{what} {series.name!r} has {int(bad.sum())} non-numeric value(s), e.g. {first!r}.",
            where=where,
            fix="give a numeric column (decimal point '.', no units).",
        )
    return values.to_numpy(dtype=np.float64)


ID_LIKE_MIN_CATEGORIES = 50
"""A category field is id-like from this many categories on, when they also outnumber half its items: fewer
categories never warn, as a small layer may well have a category for every other item."""


def _id_like(categories: int, items: int) -> bool:
    return categories >= ID_LIKE_MIN_CATEGORIES and categories > items / 2


def warn_id_like_categories(
    spec: LayerSpec, key: str, noun: str, counts: tuple[int, int, int], where: str, reporter: Reporter
) -> None:
    """Warn when the category field ``spec.<key>`` has about one value per item, as an id or a name has
    (``poi_id``: 753 points in 753 categories): every value becomes feature columns of a single item, which tell
    regions apart by nothing they share. ``counts``: items (``noun``), categories, feature columns.

    A warning, not an error: a fine taxonomy on few items looks the same. The fix names the layer's text fields
    that would not warn (the layer is read again for them, only then)."""
    items, categories, columns = counts
    if not _id_like(categories, items):
        return
    field = getattr(spec, key)
    table = read_table(spec.path, spec.layer, where, None)
    text = table.select_dtypes(include=["object", "string"]).drop(columns=field, errors="ignore")
    others = [
        f"{c!r} ({n} values)" for c, n in text.nunique().items() if 2 <= n and not _id_like(n, len(text))
    ]
    reporter.log(
        f"{where}: {key} {field!r} has {categories:,} distinct values for {items:,} {noun} ({columns:,} "
        f"feature columns, fewer than 2 {noun} per category): it looks like an id or a name, not a category. "
        f"Choose a field that groups the {noun} into fewer categories"
        + (f", such as {', '.join(others[:3])}." if others else "."),
        "warning",
    )


def source_crs(found, spec_crs: str | None, where: str, *, geometry: bool = False) -> CRS:
    """The CRS of a source: the file's own (``found``) or the job's ``spec_crs``, which must agree.

    ``geometry``: ``found`` is the CRS of the file's geometry. Only such a file can be given a CRS; the
    coordinate columns of a table (CSV, Parquet, trips) take the job's crs key alone."""
    if found is None and spec_crs is None:
        # the regions take the job's top-level crs; every other layer has a crs key of its own
        section = "at the top of the job" if where.startswith("regions") else "in this layer's job section"
        lonlat = '"EPSG:4326" for longitude/latitude in degrees'
        if not geometry:
            raise InputError(
                "the table's coordinate columns have no CRS (coordinate reference system).",
                where=where,
                fix=f'set crs = "EPSG:..." {section} to the CRS the coordinates are in ({lonlat}).',
            )
        raise InputError(
            "the layer has no CRS (coordinate reference system).",
            where=where,
            fix="assign the right CRS to the file (in QGIS: Layer Properties > Source, then save a copy), "
            f'or set crs = "EPSG:..." {section} (e.g. {lonlat}).',
        )
    try:
        given = CRS.from_user_input(spec_crs) if spec_crs else None
    except Exception:  # noqa: BLE001 - pyproj raises CRSError subclasses and ValueError
        raise InputError(
            f"unknown CRS {spec_crs!r}.", where=where, fix='use an authority code such as "EPSG:4326".'
        ) from None
    if found is not None:
        found = CRS.from_user_input(found)
        if given is not None and not found.equals(given, ignore_axis_order=True):
            section = f"[{where.split(' ', 1)[0]}]"  # where starts with the section: "poi layer 'poi' in ..."
            raise InputError(
                f"the file's CRS ({found.to_string()}) differs from crs = {spec_crs!r} in {section} of the job.",
                where=where,
                fix=f"remove crs from {section} (a file with a CRS needs none), or correct the file's CRS.",
            )
        return found
    return given


def check_lonlat(x: np.ndarray, y: np.ndarray, crs: CRS, where: str) -> None:
    """Projected metres read as degrees is the classic CRS mistake: catch it before any join. Latitude read as x
    is the other one (x within ±90, y beyond): the fix then says so."""
    if crs.is_geographic and x.size and (np.nanmax(np.abs(x)) > 180 or np.nanmax(np.abs(y)) > 90):
        fix = 'set crs to the projected CRS the coordinates are in (e.g. "EPSG:32618").'
        problem = f"coordinates exceed ±180/±90 but the CRS is geographic ({crs.to_string()})."
        if np.nanmax(np.abs(x)) <= 90 and np.nanmax(np.abs(y)) <= 180:
            problem = problem[:-1] + ": y goes beyond ±90 while x stays within it, as a latitude would."
            fix = (
                "x and y look swapped: x is the longitude, so exchange x_field and y_field (or write the file with "
                "longitude first); if they are not, " + fix
            )
        raise InputError(problem, where=where, fix=fix)


def transform_xy(
    x: np.ndarray, y: np.ndarray, src: CRS, dst: str | CRS | None
) -> tuple[np.ndarray, np.ndarray]:
    if dst is None or src.equals(CRS.from_user_input(dst)):
        return x, y
    tx, ty = Transformer.from_crs(src, dst, always_xy=True).transform(x, y)
    return np.asarray(tx), np.asarray(ty)


def read_layer(
    spec: LayerSpec,
    where: str,
    *,
    geometry: GeometryKind | None,
    fields: list[str],
    target_crs: str | None,
    count: Counter | None = None,
    key: str = "layer",
    drop_missing: bool = True,
    keep_other_fields: bool = False,
):
    """Read one layer, check it and reproject it to ``target_crs``.

    Returns a GeoDataFrame (``geometry`` set) or a DataFrame (``geometry=None``). ``fields`` are
    required: rows with a missing value there are dropped and reported through ``count`` (or
    rejected with ``drop_missing=False``). ``keep_other_fields`` also reads every other field.
    """
    import geopandas as gpd

    count = count or _noop
    path = _check_path(spec.path, where)
    fields = [f for f in dict.fromkeys(fields) if f]
    xy = [spec.x_field, spec.y_field] if spec.x_field else []

    if geometry is None and not xy:
        df = read_table(path, spec.layer, where, None if keep_other_fields else fields)
        check_fields(fields, list(df.columns), where)
        return _drop_missing(df, fields, where, count, key, drop_missing)

    if xy or is_text_table(path) or path.suffix.lower() == ".parquet":
        if not xy:
            raise InputError(
                "a table has no geometry: name its coordinate columns.",
                where=where,
                fix="set x_field and y_field (and crs) in this job section.",
            )
        df = read_table(path, spec.layer, where, None if keep_other_fields else fields + xy)
        check_fields(fields + xy, list(df.columns), where)
        df = _drop_missing(df, fields + xy, where, count, key, drop_missing)
        x = numeric_column(df[spec.x_field], where, "coordinate column")
        y = numeric_column(df[spec.y_field], where, "coordinate column")
        crs = source_crs(None, spec.crs, where)
        check_lonlat(x, y, crs, where)
        if geometry not in (None, "point", "place"):
            raise InputError(
                f"coordinate columns give points, but {geometry} geometries are needed.",
                where=where,
                fix=f"give a {geometry} layer instead of x/y columns.",
            )
        x, y = transform_xy(x, y, crs, target_crs)
        gdf = gpd.GeoDataFrame(df.drop(columns=xy), geometry=gpd.points_from_xy(x, y), crs=target_crs or crs)
        return gdf

    layer = ogr_layer(path, spec.layer, where)
    info = pyogrio.read_info(path, layer=layer)
    available = [str(f) for f in info["fields"]]
    check_fields(fields, available, where)
    if info["geometry_type"] is None:
        raise InputError(
            f"layer {layer!r} has no geometry.",
            where=where,
            fix=f"give a {geometry} layer, or name its x_field/y_field columns.",
        )
    # a geometry GEOS cannot even build (a ring of two points, as OSM extracts cut at their edge have) reads as
    # none, and is then dropped and counted like a missing one; it would otherwise stop the whole read
    gdf = pyogrio.read_dataframe(
        path, layer=layer, columns=None if keep_other_fields else fields, on_invalid="ignore"
    )
    if gdf.empty:
        raise InputError(f"layer {layer!r} is empty.", where=where, fix="give a layer with features.")
    crs = source_crs(gdf.crs, spec.crs, where, geometry=True)
    gdf = gdf.set_crs(crs, allow_override=True)

    missing_geom = gdf.geometry.isna().to_numpy() | shapely.is_empty(gdf.geometry.array)
    if missing_geom.any():
        if not drop_missing:
            raise InputError(
                f"{int(missing_geom.sum())} feature(s) have no geometry, or one that cannot be read (e.g. a ring "
                "of fewer than 4 points).",
                where=where,
                fix="delete or fix those features (in QGIS: Vector ▸ Geometry Tools ▸ Fix Geometries).",
            )
        count(f"{key}: features without geometry dropped", int(missing_geom.sum()))
        gdf = gdf.loc[~missing_geom]
    gdf = _drop_missing(gdf, fields, where, count, key, drop_missing)
    if gdf.empty:
        raise InputError(
            f"layer {layer!r} has no usable feature.", where=where, fix="check its geometries and fields."
        )

    if geometry is not None:
        gdf = _check_geometry(gdf, geometry, where, count, key)
    if crs.is_geographic:
        b = gdf.total_bounds
        check_lonlat(b[[0, 2]], b[[1, 3]], crs, where)
    if target_crs is not None:
        gdf = gdf.to_crs(target_crs)
    return gdf


def _drop_missing(df, fields: list[str], where: str, count: Counter, key: str, drop: bool):
    if not fields:
        return df
    null = df[fields].isna()
    for f in fields:  # blank strings are missing values too
        if df[f].dtype == object:
            null[f] |= df[f].astype(str).str.strip().eq("")
    if not null.to_numpy().any():
        return df
    per_field = null.sum()
    text = ", ".join(f"{int(n)} in {f!r}" for f, n in per_field.items() if n)
    if not drop:
        raise InputError(f"missing values ({text}).", where=where, fix="fill or delete those rows.")
    rows = null.any(axis=1).to_numpy()
    count(
        f"{key}: rows with missing values dropped ({', '.join(f for f, n in per_field.items() if n)})",
        int(rows.sum()),
    )
    out = df.loc[~rows]
    if out.empty:
        raise InputError(
            f"every row has a missing value ({text}).", where=where, fix="fill the listed fields."
        )
    return out


def _check_geometry(gdf, kind: GeometryKind, where: str, count: Counter, key: str):
    geoms = gdf.geometry.array
    types = pd.Series(shapely.get_type_id(geoms))
    names = {
        0: "Point",
        1: "LineString",
        2: "LinearRing",
        3: "Polygon",
        4: "MultiPoint",
        5: "MultiLineString",
        6: "MultiPolygon",
        7: "GeometryCollection",
    }
    found = types.map(names)
    if kind == "place":
        other = ~found.isin(["Point", "MultiPoint"]).to_numpy()  # multipoints: the point rules below
        if other.any():
            geoms = np.asarray(geoms, dtype=object).copy()
            geoms[other] = shapely.point_on_surface(shapely.make_valid(geoms[other]))
            found = found.where(~other, "Point")
            count(f"{key}: lines and areas taken at a point on them", int(other.sum()))
        kind = "point"
    if kind == "point" and found.eq("MultiPoint").any():
        # A multipoint with one part is a point; several parts are ambiguous, so they are an error.
        single = shapely.get_num_geometries(geoms) == 1
        fix_mask = found.eq("MultiPoint").to_numpy() & single
        geoms = np.where(fix_mask, shapely.get_geometry(geoms, 0), geoms)
        found = found.where(~fix_mask, "Point")
    bad = ~found.isin(_ALLOWED[kind]).to_numpy()
    if bad.any():
        summary = ", ".join(f"{n} {t}" for t, n in found[bad].value_counts().items())
        raise InputError(
            f"expected {kind} geometries, found {summary}.",
            where=where,
            fix=f"give a {kind} layer (in QGIS: Vector ▸ Geometry Tools to convert).",
        )
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        geoms = np.asarray(geoms, dtype=object).copy()
        geoms[invalid] = repaired
        count(f"{key}: invalid geometries repaired", int(invalid.sum()))
    out = gdf.copy()
    out[out.geometry.name] = np.asarray(geoms, dtype=object)
    out = out.set_geometry(out.geometry.name, crs=gdf.crs)
    empty = shapely.is_empty(out.geometry.array)
    if empty.any():
        count(f"{key}: features empty after repair dropped", int(empty.sum()))
        out = out.loc[~empty]
    return out


def bounds_lonlat(bounds, crs) -> tuple[float, float, float, float]:
    """(west, south, east, north) in EPSG:4326 of a bounding box given in ``crs``."""
    crs = CRS.from_user_input(crs)
    if crs.equals(CRS.from_epsg(4326)):
        return tuple(float(b) for b in bounds)
    t = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return tuple(float(b) for b in t.transform_bounds(*bounds, densify_pts=21))


def utm_for_lonlat(bounds: tuple[float, float, float, float]) -> str:
    """The WGS 84 / UTM zone of the extent's centre."""
    w, s, e, n = bounds
    lon, lat = (w + e) / 2, (s + n) / 2
    infos = query_utm_crs_info(datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat))
    if not infos:  # beyond 84°N / 80°S
        raise InputError(
            f"no UTM zone covers the data's centre ({lon:.4f}, {lat:.4f}).",
            where="crs",
            fix='set the job\'s crs to a polar metric CRS: "EPSG:3995" (Arctic) or "EPSG:3031" (Antarctic), or UPS '
            '"EPSG:32661" / "EPSG:32761" (Web Mercator would make areas there tens of times too large).',
        )
    return f"{infos[0].auth_name}:{infos[0].code}"


def choose_metric_crs(gdfs) -> str:
    """Local UTM zone of the features' centre, for GeoDataFrames/GeoSeries (used when job.crs = "auto").

    The centre is taken from the features' own positions (up to about 2,000 a layer), longitudes averaged as
    angles: data across the 180° meridian has a bounding box from -180 to 180 whose middle, 0°, lies on the
    other side of the Earth."""
    points = []
    for g in gdfs:
        if g is None or len(g) == 0:
            continue
        if g.crs is None:
            raise InputError(
                "a layer has no CRS, so no metric CRS can be chosen.",
                where="crs",
                fix="set the job's crs (e.g. \"EPSG:32618\") and the layer's crs.",
            )
        sample = g.geometry.iloc[:: max(1, len(g) // 2000)]
        points.append(shapely.get_coordinates(sample.representative_point().to_crs("EPSG:4326").array))
    if not points:
        raise InputError(
            "no layer with geometry to choose a metric CRS from.",
            where="crs",
            fix='set the job\'s crs to a metric CRS, e.g. "EPSG:32618".',
        )
    xy = np.radians(np.vstack(points))
    lon = float(np.degrees(np.arctan2(np.sin(xy[:, 0]).mean(), np.cos(xy[:, 0]).mean())))
    lat = float(np.degrees(np.median(xy[:, 1])))
    return utm_for_lonlat((lon, lat, lon, lat))


def id_keys(values) -> np.ndarray:
    """Region ids as comparable strings, so that "12", 12 and 12.0 match."""
    s = pd.Series(np.asarray(values))
    num = pd.to_numeric(s, errors="coerce")
    if num.notna().all() and np.all(np.mod(num.to_numpy(dtype=float), 1) == 0):
        return num.astype(np.int64).astype(str).to_numpy()
    return s.astype(str).str.strip().to_numpy()
