"""Remote-sensing features: per-region zonal statistics of a multi-band raster.

Per selected band ``b`` the columns are ``rs_b{b}_mean``, ``rs_b{b}_std`` (population standard
deviation), ``rs_b{b}_p{q}`` for each requested percentile and ``rs_b{b}_texture``: the region mean
of a texture raster whose pixels hold the mean absolute difference to their valid 4-neighbours
(band units; high for fine-grained patterns such as dense buildings, zero for uniform surfaces).
All statistics come from exactextract, which weights every pixel by the fraction of it that the
region covers, so small regions and region edges are exact. Regions are reprojected to the raster's
CRS; nodata and NaN pixels are ignored, and so are infinities and values beyond ±1e30 (the float
minimum that some tools write without declaring it as nodata). The job's ``nodata`` replaces the
value the raster declares, in every band. A region's support is the share of its area with valid
pixels in every selected band, so a region at the raster's edge weighs less.

With ``cnn = true`` a ``chip_size`` x ``chip_size`` pixel chip centred on each region's centroid
(the first three selected bands as RGB, each stretched to uint8 between its 2nd and 98th
percentile; nodata and off-raster pixels black) is embedded with ImageNet EfficientNet-Lite0 and
reduced by PCA to at most 32 components (``rs_cnn_000`` ...): 1280 raw columns would swamp the
handful of statistics columns.

Bands are read into memory once; a raster larger than :data:`MAX_PIXELS` per band is read
averaged down to fit (counted as ``remote_sensing_raster_downsampled``).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely

from ..data import ModalityFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..job import RemoteSensingSpec

MAX_PIXELS = 64_000_000
"""Largest band held in memory (8000 x 8000); bigger rasters are averaged down to this size."""

CNN_COMPONENTS = 32
WHERE = "remote_sensing.raster"


def _open(path: Path, nodata: float | None = None, reporter: Reporter = SILENT):
    """The raster; with ``nodata``, a GDAL ``vrt://`` view of it declaring that value on every band instead.

    The view makes the value a declared nodata for everything downstream (masked reads, GDAL's
    averaging when a large raster is read down, hence exactextract's statistics and the chips),
    without copying pixels or masking them by hand at each read. As in GDAL, a declared nodata
    takes the place of an alpha band's masking (warned of); a mask band would take the place of the
    nodata instead, so the key is refused there.
    """
    import rasterio
    from rasterio.enums import MaskFlags
    from rasterio.errors import RasterioIOError

    if not Path(path).is_file():
        raise InputError(
            f"raster file '{path}' not found.", where=WHERE, fix="give the path of an existing GeoTIFF."
        )
    try:
        src = rasterio.open(path)
        if nodata is None:
            return src
        with src:
            option = _nodata_option(nodata, np.dtype(src.dtypes[0]), path)  # a GeoTIFF's bands share one type
            alpha = any(MaskFlags.alpha in flags for flags in src.mask_flag_enums)
            mask_file = not alpha and any(MaskFlags.per_dataset in flags for flags in src.mask_flag_enums)
        if "?" in str(path):  # it would start the view's options
            raise InputError(
                f"raster '{path}': 'nodata' cannot be applied to a file whose path holds '?'.",
                where="remote_sensing.nodata",
                fix="rename the file or its folder, or declare the nodata in the file (gdal_edit.py -a_nodata).",
            )
        if mask_file:  # GDAL reads a mask band before any nodata: the key would do nothing
            raise InputError(
                f"raster '{path}' has a mask (internal, or a .msk file beside it), which GDAL uses instead of any "
                f"nodata value: nodata = {nodata:g} would be ignored.",
                where="remote_sensing.nodata",
                fix="remove 'nodata' (the mask marks the empty pixels), or write the raster without its mask "
                "and with the nodata value (gdal_translate -mask none -a_nodata <value> <file> <new file>).",
            )
        if alpha:
            reporter.log(
                f"raster '{path}': nodata = {nodata:g} replaces its alpha band's masking, which then masks nothing "
                "(GDAL's rule). Remove 'nodata' to keep that masking.",
                "warning",
            )
        return rasterio.open(f"vrt://{path}?a_nodata={option}")
    except RasterioIOError as err:
        raise InputError(
            f"cannot read raster '{path}' ({err}).", where=WHERE, fix="give a GeoTIFF or another GDAL raster."
        ) from None


def _name(src) -> str:
    """The raster's file for messages, also when it is read through the job nodata's ``vrt://`` view."""
    return src.name.removeprefix("vrt://").split("?a_nodata=")[0]


def _nodata_option(nodata: float, dtype: np.dtype, path: Path) -> str:
    """``nodata`` as GDAL's ``a_nodata`` for bands of ``dtype``; refused where no pixel of that type can hold it."""
    if not np.issubdtype(dtype, np.integer):
        return repr(nodata)  # nan and inf included
    if math.isnan(nodata):
        return "none"  # whole-number pixels are never NaN (GDAL would turn nan into 0): no value is nodata
    info = np.iinfo(dtype)
    if not (nodata.is_integer() and info.min <= nodata <= info.max):
        raise InputError(
            f"nodata {nodata:g} cannot occur in raster '{path}': its pixels are {dtype} "
            f"(whole numbers from {info.min} to {info.max}).",
            where="remote_sensing.nodata",
            fix="give the value the raster's empty pixels hold (QGIS: Layer Properties > Information shows the "
            "pixel type; the Identify tool, a pixel's value), or remove 'nodata'.",
        )
    return str(int(nodata))


def _bands(spec: RemoteSensingSpec, src, path: Path) -> list[int]:
    """The selected bands; by default all, alpha bands too: a 4-band byte GeoTIFF written with GDAL's defaults
    marks its fourth band alpha, and that band is often near-infrared (an RGBN image, as the synthetic city's). A
    true alpha band masks the others either way and adds a near-constant column."""
    count = src.count
    bands = list(spec.bands) if spec.bands else list(range(1, count + 1))
    bad = [b for b in bands if not 1 <= b <= count]
    if bad:
        raise InputError(
            f"band {bad[0]} does not exist: raster '{path}' has {count} band(s).",
            where="remote_sensing.bands",
            fix=f"use band numbers from 1 to {count}, or remove 'bands' to use all.",
        )
    if len(set(bands)) != len(bands):
        raise InputError(
            f"bands {bands} repeat a band.", where="remote_sensing.bands", fix="list each band once."
        )
    return bands


def _percentile_names(percentiles: list[float]) -> list[str]:
    bad = [q for q in percentiles if not 0 <= q <= 100]
    if bad:
        raise InputError(
            f"percentile {bad[0]} is outside 0..100.",
            where="remote_sensing.percentiles",
            fix="use values from 0 to 100.",
        )
    names = [f"p{q:g}".replace(".", "_") for q in percentiles]
    if len(set(names)) != len(names):
        raise InputError(
            f"percentiles {percentiles} repeat a value.",
            where="remote_sensing.percentiles",
            fix="list each once.",
        )
    return names


def _regions_in_raster_crs(ds: RegionDataset, src):
    """The regions reprojected to the raster's CRS, after checking that the two overlap."""
    if ds.regions is None:
        raise InputError(
            "the regions have no geometry, so raster statistics cannot be computed.",
            where=WHERE,
            fix="give precomputed per-region features with remote_sensing.table instead of a raster.",
        )
    if src.crs is None:
        raise InputError(
            f"raster '{_name(src)}' has no CRS.",
            where=WHERE,
            fix="assign one, e.g. gdal_edit.py -a_srs EPSG:32618 <file>, or QGIS 'Assign projection'.",
        )
    t = src.transform
    if t.b != 0 or t.d != 0 or t.e >= 0:
        raise InputError(
            f"raster '{_name(src)}' is rotated or not north-up (geotransform {tuple(t)[:6]}).",
            where=WHERE,
            fix="warp it to a north-up grid first, e.g. gdalwarp <in> <out>.",
        )
    regions = ds.regions
    if regions.crs is None:
        regions = regions.set_crs(ds.crs)
    regions = regions.to_crs(src.crs)
    rx0, ry0, rx1, ry1 = regions.total_bounds
    b = src.bounds
    if not (rx0 < b.right and rx1 > b.left and ry0 < b.top and ry1 > b.bottom):
        raise InputError(
            f"raster '{_name(src)}' does not overlap the regions: raster extent "
            f"({b.left:.6g}, {b.bottom:.6g}, {b.right:.6g}, {b.top:.6g}) in {src.crs.to_string()}, regions extent "
            f"({rx0:.6g}, {ry0:.6g}, {rx1:.6g}, {ry1:.6g}) in the same CRS (regions CRS: {ds.regions.crs}).",
            where=WHERE,
            fix="check that the raster covers the study area and that both layers carry the right CRS.",
        )
    return regions


UNDECLARED_NODATA = (0, -9999, -32768, 65535)
"""Values that often mean nodata in a raster declaring none: warned of when one is a band's minimum or maximum."""


def _read_band(src, band: int, shape: tuple[int, int], reporter, nodata_in_job: bool) -> np.ndarray:
    """One band as float32 with nodata as NaN (exactextract skips NaN), averaged down to ``shape``.

    Infinities and values beyond ±1e30 are nodata too (the float minimum -3.4e38 is a common
    undeclared nodata value, and one such pixel turns a region's mean into -inf); a band without
    declared nodata whose minimum or maximum is a common nodata value on ≥ 1 % of its pixels is
    warned of, as those pixels are averaged in as data, unless the job names its nodata (``nodata =
    nan`` leaves an integer band with none declared, on purpose).
    """
    from rasterio.enums import MaskFlags, Resampling

    downsample = shape != (src.height, src.width)
    arr = src.read(band, out_shape=shape if downsample else None, masked=True, resampling=Resampling.average)
    values = arr.astype(np.float32).filled(np.nan)
    with np.errstate(invalid="ignore"):
        extreme = np.abs(values) > 1e30
    if extreme.any():
        values[extreme] = np.nan
        reporter.log(
            f"raster '{_name(src)}' band {band}: {int(extreme.sum())} pixels hold infinity or a value beyond ±1e30 "
            "(such as -3.4e38) that is not declared as nodata; they are ignored as nodata. Declare it: "
            "nodata = <value> under [remote_sensing] in the job file, or in the file: gdal_edit.py -a_nodata "
            "<value> <file>",
            level="warning",
        )
    if not nodata_in_job and src.nodata is None and src.mask_flag_enums[band - 1] == [MaskFlags.all_valid]:
        lo, hi = np.nanmin(values, initial=np.inf), np.nanmax(values, initial=-np.inf)
        for value in {lo, hi} & set(UNDECLARED_NODATA):
            share = float(np.mean(values == value))
            # 0 is also dark ground or water in 8-bit imagery: a nodata 0 fills a side (a warping collar)
            if share >= 0.01 and (value != 0 or _filled_side(values, value)):
                reporter.log(
                    f"raster '{_name(src)}' band {band}: {100 * share:.1f} % of the pixels are {value:g} and the raster "
                    "declares no nodata value, so they count as data in the statistics. If they are nodata, "
                    f"declare it: nodata = {value:g} under [remote_sensing] in the job file; or in the file: "
                    f"gdal_edit.py -a_nodata {value:g} <file>, or, leaving the file as it is, a VRT "
                    f"over it (gdal_translate -of VRT -a_nodata {value:g} <file> <file>.vrt; in QGIS, the value in "
                    "Layer Properties > Transparency)",
                    level="warning",
                )
    return values


def _filled_side(values: np.ndarray, value: float) -> bool:
    """Whether ``value`` fills most of one of the band's four sides."""
    sides = (values[0], values[-1], values[:, 0], values[:, -1])
    return max(float(np.mean(side == value)) for side in sides) >= 0.5


def texture(band: np.ndarray) -> np.ndarray:
    """Per pixel: mean absolute difference to its valid 4-neighbours (NaN where it has none)."""
    valid = ~np.isnan(band)
    x = np.where(valid, band, 0).astype(np.float32)
    total = np.zeros_like(x)
    count = np.zeros(x.shape, dtype=np.float32)
    for axis in (0, 1):
        n = x.shape[axis]
        head, tail = [slice(None)] * 2, [slice(None)] * 2
        head[axis], tail[axis] = slice(0, n - 1), slice(1, n)
        head, tail = tuple(head), tuple(tail)
        pair = valid[head] & valid[tail]
        diff = np.where(pair, np.abs(x[tail] - x[head]), 0)
        total[head] += diff
        total[tail] += diff
        count[head] += pair
        count[tail] += pair
    return np.divide(total, count, out=np.full_like(total, np.nan), where=valid & (count > 0))


def _wkb_features(geometries, srs_wkt: str):
    """An exactextract feature source over WKB geometries carrying their row number as ``_row``.

    exactextract's GeoPandas source round-trips every polygon through GeoJSON text, which costs
    more than the statistics themselves at 10k regions.
    """
    from exactextract.feature import Feature, FeatureSource

    class _Feature(Feature):
        def __init__(self, props: dict | None = None, wkb: bytes | None = None):
            Feature.__init__(self)
            self.props, self.wkb = props if props is not None else {}, wkb

        def get(self, name):
            return self.props[name]

        def set(self, name, value):
            self.props[name] = value

        def geometry(self):
            return self.wkb

        def set_geometry(self, wkb):
            self.wkb = wkb

        def set_geometry_format(self):
            return "wkb"

        def fields(self):
            return list(self.props)

    class _Source(FeatureSource):
        def __init__(self):
            super().__init__()
            self.wkbs = shapely.to_wkb(np.asarray(geometries))

        def count(self):
            return len(self.wkbs)

        def __iter__(self):
            for i, wkb in enumerate(self.wkbs):
                yield _Feature({"_row": i}, wkb)

        def srs_wkt(self):
            return srs_wkt

    return _Source()


def _zonal(layers: dict[str, np.ndarray], ops: list[tuple[str, str, str, dict]], regions, src, progress):
    """Run exactextract over in-memory layers; returns {field: (N,) float64} in region order.

    ``progress(fraction)`` is called as exactextract goes.
    """
    from exactextract import Operation, exact_extract
    from exactextract.raster import NumPyRasterSource

    b = src.bounds
    wkt = src.crs.to_wkt()
    sources = {
        name: NumPyRasterSource(arr, b.left, b.bottom, b.right, b.top, name=name, srs_wkt=wkt)
        for name, arr in layers.items()
    }
    operations = [Operation(stat, field, sources[layer], None, opts) for field, layer, stat, opts in ops]
    df = exact_extract(
        sources[next(iter(sources))],
        _wkb_features(regions.geometry.to_numpy(), wkt),
        operations,
        include_cols=["_row"],
        output="pandas",
        progress=lambda frac, _msg: progress(frac),
    )
    df = df.set_index("_row").reindex(np.arange(len(regions)))
    # exactextract appends the quantile to its field name, so map results by position (ops order)
    return {field: df.iloc[:, i].to_numpy(dtype=np.float64) for i, (field, *_) in enumerate(ops)}


def _chips(rgb: np.ndarray, centre_rc: np.ndarray, size: int) -> np.ndarray:
    """(N, size, size, 3) uint8 windows of ``rgb`` centred on (row, col); outside the raster is 0."""
    pad = size
    padded = np.pad(rgb, ((pad, pad), (pad, pad), (0, 0)))
    offsets = np.arange(size) - size // 2
    rows = centre_rc[:, 0, None] + offsets + pad
    cols = centre_rc[:, 1, None] + offsets + pad
    rows = np.clip(rows, 0, padded.shape[0] - 1)  # centroids far off the raster land on zero padding
    cols = np.clip(cols, 0, padded.shape[1] - 1)
    return padded[rows[:, :, None], cols[:, None, :]]


def _to_uint8(band: np.ndarray) -> np.ndarray:
    """Stretch the 2nd..98th percentile of valid pixels to 1..255; nodata becomes 0 (black)."""
    flat = band.ravel()
    sample = flat[:: max(1, flat.size // 1_000_000)]  # a regular subsample is plenty for two percentiles
    sample = sample[~np.isnan(sample)]
    if sample.size == 0:
        return np.zeros(band.shape, dtype=np.uint8)
    lo, hi = np.percentile(sample, [2, 98])
    scaled = (band - lo) / (hi - lo if hi > lo else 1.0)
    return np.where(np.isnan(band), 0, 1 + np.clip(scaled, 0, 1) * 254).astype(np.uint8)


def _cnn_features(rgb_bands, centroids, src, shape, chip_size, present, reporter):
    from sklearn.decomposition import PCA

    from .image_encoder import encode_arrays

    rgb = np.stack([_to_uint8(b) for b in (rgb_bands * 3)[:3]], axis=-1)
    c = centroids
    t = src.transform  # north-up (checked), so pixel = (coordinate - origin) / pixel size
    col = (c.x.to_numpy() - t.c) / t.a * shape[1] / src.width  # in the (possibly averaged) read's pixels
    row = (c.y.to_numpy() - t.f) / t.e * shape[0] / src.height
    centre = np.column_stack([np.floor(row), np.floor(col)]).astype(np.int64)
    idx = np.flatnonzero(present)
    embedded = np.zeros((len(c), 1280), dtype=np.float32)
    step = 64
    for start in range(0, len(idx), step):
        reporter.check_cancelled()
        rows = idx[start : start + step]
        embedded[rows] = encode_arrays(_chips(rgb, centre[rows], chip_size))
        reporter.progress("rs_chips", 100.0 * min(start + step, len(idx)) / len(idx))
    k = min(CNN_COMPONENTS, len(idx))
    out = np.zeros((len(c), k), dtype=np.float32)
    if k:
        out[idx] = PCA(n_components=k, random_state=0).fit_transform(embedded[idx])
    return out, [f"rs_cnn_{i:03d}" for i in range(k)]


def remote_sensing_features(
    spec: RemoteSensingSpec, ds: RegionDataset, reporter: Reporter = SILENT, cache_dir: Path | None = None
) -> None:
    """Add ``ds.modalities["remote_sensing"]`` from ``spec.raster`` (columns: see the module doc).

    Regions without any valid pixel get ``present=False`` and zeros, counted as
    ``remote_sensing_regions_without_pixels``; the support is each region's share of area with
    valid pixels. ``cache_dir`` is unused: raster statistics take seconds and chip embeddings
    depend on the raster's exact pixels.
    """
    del cache_dir  # accepted for a uniform features-stage signature
    if spec.raster is None:
        raise InputError(
            "no raster given.", where=WHERE, fix="give 'raster', or load 'table' with the table reader."
        )
    pct_names = _percentile_names(spec.percentiles)
    with _open(spec.raster, spec.nodata, reporter) as src:
        bands = _bands(spec, src, spec.raster)
        regions = _regions_in_raster_crs(ds, src)
        scale = math.sqrt(src.width * src.height / MAX_PIXELS)
        shape = (src.height, src.width)
        if scale > 1:
            shape = (max(1, int(src.height / scale)), max(1, int(src.width / scale)))
            ds.count("remote_sensing_raster_downsampled", 1)
            reporter.log(
                f"raster '{spec.raster}' ({src.width} x {src.height} px) is averaged down to {shape[1]} x {shape[0]} px "
                "to fit in memory (texture is then measured between the coarser pixels)",
                level="warning",
            )

        columns: list[str] = []
        parts: list[np.ndarray] = []
        min_count = np.full(len(regions), np.inf)
        rgb_bands = []
        for i, band in enumerate(bands):
            reporter.check_cancelled()
            values = _read_band(src, band, shape, reporter, spec.nodata is not None)
            if spec.cnn and len(rgb_bands) < 3:
                rgb_bands.append(values)
            pre = f"rs_b{band}"
            ops = [
                ("count", "v", "count", {}),
                (f"{pre}_mean", "v", "mean", {}),
                (f"{pre}_std", "v", "stdev", {}),
                *[
                    (f"{pre}_{n}", "v", "quantile", {"q": q / 100})
                    for n, q in zip(pct_names, spec.percentiles, strict=True)
                ],
                (f"{pre}_texture", "t", "mean", {}),
            ]
            stats = _zonal(
                {"v": values, "t": texture(values)},
                ops,
                regions,
                src,
                # one bar over all bands, not one 0-100 % pass per band
                lambda frac, i=i: reporter.progress("remote_sensing", 100.0 * (i + frac) / len(bands)),
            )
            min_count = np.minimum(min_count, np.nan_to_num(stats.pop("count")))
            columns += list(stats)
            parts += list(stats.values())

        present = min_count > 0
        b = src.bounds
        pixel_area = (b.right - b.left) / shape[1] * (b.top - b.bottom) / shape[0]
        area = shapely.area(regions.geometry.to_numpy())  # in the raster's CRS, like the pixel area
        support = np.clip(
            np.divide(min_count * pixel_area, area, out=np.zeros(len(area)), where=area > 0), 0, 1
        )
        support[~present] = 0
        matrix = np.column_stack(parts)
        matrix[~present] = 0
        matrix = np.nan_to_num(matrix)  # texture of a region whose valid pixels are all isolated
        if spec.cnn:
            # centroids in the regions' metric CRS (a centroid in degrees is skewed), then to the raster's
            metric = ds.regions if ds.regions.crs is not None else ds.regions.set_crs(ds.crs)
            centroids = metric.geometry.centroid.to_crs(src.crs)
            cnn, cnn_columns = _cnn_features(
                rgb_bands, centroids, src, shape, spec.chip_size, present, reporter
            )
            matrix = np.hstack([matrix, cnn])
            columns += cnn_columns

    missing = int((~present).sum())
    partial = int((present & (support < 0.5)).sum())
    ds.count("remote_sensing_regions_without_pixels", missing)
    reporter.log(
        f"remote_sensing: {len(bands)} band(s) of '{spec.raster}', {int(present.sum())} of {len(present)} regions "
        "with valid pixels"
        + (f" ({partial} of them less than half covered, weighed by their covered share)" if partial else "")
        + (
            f"; {missing} regions without any (off the raster or only nodata), e.g. ids "
            f"{', '.join(map(str, np.asarray(ds.region_ids)[~present][:5]))}: absent for this modality"
            if missing
            else ""
        ),
        level="warning" if missing else "info",
    )
    ds.modalities["remote_sensing"] = ModalityFeatures(
        "remote_sensing", matrix, columns, present, support=support
    )
