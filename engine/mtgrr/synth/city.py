"""``mtgrr synth``: write a synthetic city with all six modalities and ground-truth targets.

The targets depend on a different modality in each of three districts, computed from what was
actually written (trip counts, land-use overlay, POI counts, raster pixels, image pixels), so a
model can recover them from the files alone. See the README ("Synthetic city").
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import rasterio
import shapely
from pyproj import Transformer
from rasterio.transform import from_origin

from ..errors import InputError
from ..events import SILENT, Reporter
from . import modalities as mod
from .geometry import contiguity, neighbour_mean, zscore
from .latent import DISTRICTS, FUNCTIONS, City, make_city

CRS = "EPSG:32633"
"""UTM 33N: every layer and the raster, except ``poi`` (EPSG:4326, to exercise reprojection)."""

ORIGIN = np.array([385_000.0, 5_810_000.0])
"""South-west corner of the city (near 52.4°N 13.3°E)."""

MIN_REGIONS, MAX_REGIONS = 10, 100_000
TARGETS = ("target_activity", "target_crime_like", "target_context")
LOCAL_TARGETS = TARGETS[:2]
"""Targets driven by the region's own data; ``target_context`` is driven by what each district's
modality links the region to (its trips' destinations, its neighbours)."""
TARGET_NOISE = 0.35
"""Noise sd relative to the driving signal (sd 1): a perfect model reaches R² ≈ 0.89."""

GENERATOR_VERSION = 3
"""Changes whenever the same seed would write another city (2: district coverage regimes; 3: the
``target_context`` column; every geometry, raster and other column unchanged), so that cached cities of
an older generator are not reused."""

FILES = {"city": "city.gpkg", "imagery": "imagery.tif", "street_view": "street_view", "job": "job.toml"}


def generate_city(
    out_dir: str | Path,
    n_regions: int = 400,
    seed: int = 0,
    n_images: int | None = None,
    overwrite: bool = False,
    reporter: Reporter = SILENT,
    trips_per_region: int | None = None,
) -> dict[str, Path]:
    """Write the synthetic city into ``out_dir`` and return its paths (keys of :data:`FILES`).

    Deterministic per ``seed``. ``n_images`` defaults to 3 per region, at most 10,000.
    ``trips_per_region`` (recorded trips where taxi coverage is full; default
    :data:`~mtgrr.synth.modalities.TRIPS_PER_REGION`) sets how dense the flows are;
    the other layers do not change with it, the trips and the targets that read them do. Output
    is built in a temporary sibling folder and renamed at the end, so a failed or cancelled run
    leaves nothing behind; a non-empty ``out_dir`` is only replaced with ``overwrite=True``.
    """
    check_city(n_regions, seed, n_images, trips_per_region)
    if n_images is None:
        n_images = min(3 * n_regions, mod.MAX_DEFAULT_IMAGES)
    if trips_per_region is None:
        trips_per_region = mod.TRIPS_PER_REGION
    out_dir = Path(
        out_dir
    ).resolve()  # "." or "x/..": the folder itself, not a path whose name is "." or ".."
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder.", where=str(out_dir), fix="choose a folder path.")
    if out_dir.exists() and any(out_dir.iterdir()):
        _check_replaceable(out_dir, overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the city is an ordinary output folder
    try:
        _write_city(tmp, n_regions, seed, n_images, trips_per_region, reporter)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    paths = {key: out_dir / name for key, name in FILES.items()}
    if n_images == 0:
        del paths["street_view"]
    return paths


def _check_replaceable(out_dir: Path, overwrite: bool) -> None:
    """A non-empty folder is replaced only with ``overwrite``, and only when it is an earlier city (its city.gpkg
    and job.toml): --overwrite once emptied a folder of the user's own files, the current folder included."""
    if not overwrite:
        raise InputError(
            "the output folder is not empty.",
            where=str(out_dir),
            fix="choose a new or empty folder, or replace an earlier city with --overwrite.",
        )
    if out_dir == Path.cwd().resolve() or out_dir in Path.cwd().resolve().parents:
        raise InputError(
            "the output folder is the current folder, or holds it: replacing it would remove the folder you are in.",
            where=str(out_dir),
            fix="give a folder of its own for the city, e.g. city.",
        )
    if not all((out_dir / FILES[key]).is_file() for key in ("city", "job")):
        entries = sorted(p.name for p in out_dir.iterdir())
        shown = ", ".join(entries[:5]) + (f", ... ({len(entries)} entries)" if len(entries) > 5 else "")
        raise InputError(
            f"the output folder holds files that are not a synthetic city ({shown}); --overwrite replaces only a "
            "folder an earlier 'mtgrr synth' wrote (with its city.gpkg and job.toml).",
            where=str(out_dir),
            fix="choose a new or empty folder.",
        )


def check_city(
    n_regions: int, seed: int = 0, n_images: int | None = None, trips_per_region: int | None = None
) -> None:
    """Refuse settings the generator cannot honour, before anything is written or trained (the
    benchmark checks its cities' settings with this before its first dataset)."""
    if not MIN_REGIONS <= n_regions <= MAX_REGIONS:
        raise InputError(
            f"{n_regions} regions is out of range.",
            where="synthetic city regions (--regions; benchmark model: --city-regions)",
            fix=f"choose between {MIN_REGIONS} and {MAX_REGIONS} regions.",
        )
    if seed < 0:
        raise InputError(f"seed {seed} is negative.", where="synth --seed", fix="give a seed of 0 or more.")
    if n_images is not None and n_images < 0:
        raise InputError(
            f"{n_images} images is negative.", where="synth --images", fix="give 0 or more images."
        )
    if trips_per_region is not None and not 1 <= trips_per_region <= mod.MAX_TRIPS // n_regions:
        raise InputError(
            f"{trips_per_region} trips per region is out of range for {n_regions} regions.",
            where="synthetic city trips (synth --trips-per-region, benchmark --city-trips-per-region)",
            fix=f"choose between 1 and {mod.MAX_TRIPS // n_regions:,} (at most {mod.MAX_TRIPS:,} trips in all).",
        )


def _step(reporter: Reporter, percent: float) -> None:
    reporter.check_cancelled()
    reporter.progress("synth", percent)


def _write_city(
    folder: Path, n: int, seed: int, n_images: int, trips_per_region: int, reporter: Reporter
) -> None:
    # one independent stream per stage: changing the image count leaves the other layers unchanged
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    city = make_city(n, rngs[0])
    _step(reporter, 5)
    poi = mod.make_poi(city, rngs[1])
    _step(reporter, 12)
    trips = mod.make_trips(city, rngs[2], trips_per_region)
    _step(reporter, 25)
    landuse = mod.make_landuse(city, rngs[3])
    shares = mod.landuse_shares(city, landuse)
    _step(reporter, 32)
    roads = mod.make_roads(city, rngs[4])
    _step(reporter, 38)
    imagery = mod.make_imagery(city, landuse, roads, rngs[5])
    _write_raster(folder / FILES["imagery"], imagery, city.side)
    _step(reporter, 48)
    svi_region = mod.allocate_images(city, n_images, rngs[6])
    svi_xy = city.sampler.sample(svi_region, rngs[6])
    svi = mod.write_street_view(
        city,
        svi_region,
        folder / FILES["street_view"],
        rngs[6],
        on_batch=lambda frac: _step(reporter, 48 + 30 * frac),
    )
    svi_bright = _region_mean(svi["bright"], svi_region, n)
    targets = _targets(city, trips, shares, poi["counts"], imagery["veg_index"], svi_bright, rngs[7])
    _step(reporter, 80)
    svi["xy"] = svi_xy
    _write_layers(folder / FILES["city"], city, targets, poi, trips, landuse, roads, svi, reporter)
    (folder / FILES["job"]).write_text(_job_toml(n, seed, with_images=n_images > 0), encoding="utf-8")
    reporter.log(
        f"synthetic city: {n} regions, {len(poi['region'])} POIs, {len(trips['origin'])} trips, "
        f"{len(landuse['class'])} land-use parcels, {len(roads['class'])} road segments, "
        f"{n_images} street-view images, raster {imagery['pixels'].shape[2]}² px at {imagery['res']:.1f} m"
    )
    _step(reporter, 100)


def _region_mean(values: np.ndarray, region: np.ndarray, n: int) -> np.ndarray:
    """Mean per region; NaN for regions without values."""
    count = np.bincount(region, minlength=n)
    total = np.bincount(region, values, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _targets(
    city: City,
    trips: dict,
    shares: np.ndarray,
    poi_counts: np.ndarray,
    veg_index: np.ndarray,
    svi_bright: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Targets from generated, observable quantities; the driving modality changes by district.

    ``target_context`` asks what a region's own features cannot say: where its trips go (A), the
    commerce of the regions around it (B), how built-up it is against its surroundings (C). The
    relation is each district modality's own: trips for mobility, contiguity for the others."""
    n = city.n
    out_flow = np.bincount(trips["origin"], minlength=n)
    in_flow = np.bincount(trips["dest"], minlength=n)
    night = np.isin(trips["hour"], mod.NIGHT_HOURS).astype(float)
    night_share = np.bincount(trips["origin"], night, minlength=n) / np.maximum(out_flow, 1)
    cat = mod.POI_CATEGORIES.index
    total = poi_counts.sum(axis=1) + 1.0  # POI composition, not volume (volume follows density)
    food = poi_counts[:, [cat("restaurant"), cat("cafe"), cat("bar"), cat("shop")]].sum(axis=1) / total
    bars = poi_counts[:, cat("bar")] / total
    lu = mod.LANDUSE_CLASSES.index
    seen = ~np.isnan(svi_bright)  # regions without images take the mean (no street-view signal)
    svi_dark = -zscore(np.where(seen, svi_bright, svi_bright[seen].mean() if seen.any() else 0.0))
    commerce = zscore(shares[:, lu("commercial")]) + zscore(food)
    neighbours = contiguity(city.polygons)
    arrivals = zscore(np.log1p(in_flow))
    # busyness of the places a region's trips go to; a region without trips gets the mean trip's
    pull = arrivals[trips["dest"]]
    destination_pull = np.where(
        out_flow > 0,
        np.bincount(trips["origin"], pull, minlength=n) / np.maximum(out_flow, 1),
        pull.mean() if pull.size else 0.0,
    )
    drivers = {
        "target_activity": (  # A: taxi volume; B: commercial land + retail/food POI share; C: built-up imagery
            np.log1p(out_flow + in_flow),
            commerce,
            -veg_index,
        ),
        "target_crime_like": (  # A: arrivals + night pickups; B: industry + bar share; C: dark streets, little green
            arrivals + zscore(night_share),
            zscore(shares[:, lu("industrial")]) + zscore(bars),
            0.7 * svi_dark - 0.3 * zscore(veg_index),
        ),
        "target_context": (  # A: arrivals at its trips' destinations; B: neighbours' commerce; C: built-up contrast
            destination_pull,
            neighbour_mean(commerce, neighbours),
            neighbour_mean(veg_index, neighbours) - veg_index,
        ),
    }
    out = {}
    for name in TARGETS:
        z = np.zeros(n)
        for d in range(len(DISTRICTS)):
            sel = city.district == d
            z[sel] = zscore(drivers[name][d][sel])
        out[name] = np.round(np.maximum(100 + 30 * (z + TARGET_NOISE * rng.normal(size=n)), 0), 3)
    return out


def _shift(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda c: c + ORIGIN)


def _write_raster(path: Path, imagery: dict, side: float) -> None:
    pixels, res = imagery["pixels"], imagery["res"]
    profile = {
        "driver": "GTiff",
        "height": pixels.shape[1],
        "width": pixels.shape[2],
        "count": pixels.shape[0],
        "dtype": "uint8",
        "crs": CRS,
        "transform": from_origin(ORIGIN[0], ORIGIN[1] + side, res, res),
        "compress": "deflate",
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(pixels)
        for i, name in enumerate(mod.IMAGERY_BANDS, start=1):
            dst.set_band_description(i, name)


def _write_layers(path, city, targets, poi, trips, landuse, roads, svi, reporter) -> None:
    def write(name: str, frame: gpd.GeoDataFrame, percent: float) -> None:
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", use_arrow=True)
        _step(reporter, percent)

    regions = {
        "region_id": np.arange(city.n, dtype=np.int64),
        "district": np.array(DISTRICTS)[city.district],
        "function": np.array(FUNCTIONS)[city.function],
        **targets,
    }
    write("regions", gpd.GeoDataFrame(regions, geometry=_shift(city.polygons), crs=CRS), 82)

    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(*(poi["xy"] + ORIGIN).T)
    frame = {"poi_id": np.arange(len(lon)), "category": np.array(mod.POI_CATEGORIES)[poi["category"]]}
    write("poi", gpd.GeoDataFrame(frame, geometry=shapely.points(lon, lat), crs="EPSG:4326"), 85)

    pick, drop = trips["pickup"] + ORIGIN, trips["dropoff"] + ORIGIN
    frame = {
        "trip_id": np.arange(len(pick)),
        "pickup_x": pick[:, 0],
        "pickup_y": pick[:, 1],
        "dropoff_x": drop[:, 0],
        "dropoff_y": drop[:, 1],
        "pickup_time": pd.array(trips["time"], dtype=str),
    }
    write(
        "trips",
        gpd.GeoDataFrame(frame, geometry=shapely.linestrings(np.stack([pick, drop], axis=1)), crs=CRS),
        93,
    )

    frame = {
        "landuse_id": np.arange(len(landuse["class"])),
        "class": np.array(mod.LANDUSE_CLASSES)[landuse["class"]],
    }
    write("landuse", gpd.GeoDataFrame(frame, geometry=_shift(landuse["polygons"]), crs=CRS), 95)

    frame = {"road_id": np.arange(len(roads["class"])), "class": np.array(mod.ROAD_CLASSES)[roads["class"]]}
    write("roads", gpd.GeoDataFrame(frame, geometry=_shift(roads["lines"]), crs=CRS), 97)

    if len(svi["names"]):
        frame = {
            "image_id": np.arange(len(svi["names"])),
            "image_path": [f"{FILES['street_view']}/{name}" for name in svi["names"]],
        }
        write(
            "street_view", gpd.GeoDataFrame(frame, geometry=shapely.points(svi["xy"] + ORIGIN), crs=CRS), 99
        )


def _job_toml(n: int, seed: int, with_images: bool) -> str:
    """The job file, with paths relative to itself so the folder can be moved."""
    text = f"""# MTGRR job for the synthetic city written by `mtgrr synth` ({n} regions, seed {seed}).
# Paths are relative to this file. Targets: {", ".join(TARGETS)}; districts: {", ".join(DISTRICTS)}.
name = "synthetic-city"
crs = "{CRS}"

[regions]
path = "{FILES["city"]}"
layer = "regions"
id_field = "region_id"

[poi]
path = "{FILES["city"]}"
layer = "poi"
category_field = "category"

[mobility]
path = "{FILES["city"]}"
layer = "trips"
pickup_x = "pickup_x"
pickup_y = "pickup_y"
dropoff_x = "dropoff_x"
dropoff_y = "dropoff_y"
time_field = "pickup_time"

[landuse]
path = "{FILES["city"]}"
layer = "landuse"
class_field = "class"

[roads]
path = "{FILES["city"]}"
layer = "roads"
class_field = "class"

[remote_sensing]
raster = "{FILES["imagery"]}"
"""
    if with_images:
        text += f"""
[street_view]
path = "{FILES["city"]}"
layer = "street_view"
image_field = "image_path"
image_root = "."
"""
    return (
        text
        + """
[output]
dir = "mtgrr_output"
target_field = "target_activity"
"""
    )
