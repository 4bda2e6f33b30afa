"""Benchmarks that print figures (seconds, peak memory); their numbers go in the README.

``mtgrr benchmark ingest`` writes a large random city to real files (GeoPackage/CSV), then times
the full ingestion job on them, stage by stage, with the peak resident memory of each stage.
"""

from __future__ import annotations

import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .events import SILENT, Reporter


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def peak_rss():
    """Sample this process's resident memory every 20 ms; yields a dict filled with ``peak_mib``."""
    result = {"peak_mib": _rss_mib()}
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            result["peak_mib"] = max(result["peak_mib"], _rss_mib())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        done.set()
        thread.join()
        result["peak_mib"] = max(result["peak_mib"], _rss_mib())


def write_random_city(workdir: Path, regions: int, pois: int, trips: int, roads: int, seed: int = 0) -> dict:
    """Write square regions, random POIs, trips, roads and land use; return a job dict for them."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    rng = np.random.default_rng(seed)
    crs = "EPSG:32618"
    side = int(np.ceil(np.sqrt(regions)))
    cell = 250.0
    x0, y0 = 580_000.0, 4_500_000.0
    ij = np.arange(regions)
    xmin, ymin = x0 + (ij % side) * cell, y0 + (ij // side) * cell
    extent = side * cell
    gpd.GeoDataFrame(
        {"region_id": ij}, geometry=shapely.box(xmin, ymin, xmin + cell, ymin + cell), crs=crs
    ).to_file(workdir / "city.gpkg", layer="regions", engine="pyogrio")

    categories = np.array(["food", "shop", "office", "school", "health", "leisure", "transit", "hotel"])
    px, py = x0 + rng.random(pois) * extent, y0 + rng.random(pois) * extent
    gpd.GeoDataFrame(
        {"category": categories[rng.integers(0, len(categories), pois)]},
        geometry=shapely.points(px, py),
        crs=crs,
    ).to_file(workdir / "city.gpkg", layer="poi", engine="pyogrio")

    hours = rng.integers(0, 24, trips)
    pd.DataFrame(
        {
            "pickup_x": x0 + rng.random(trips) * extent,
            "pickup_y": y0 + rng.random(trips) * extent,
            "dropoff_x": x0 + rng.random(trips) * extent,
            "dropoff_y": y0 + rng.random(trips) * extent,
            "pickup_time": pd.to_datetime("2024-03-01") + pd.to_timedelta(hours, unit="h"),
        }
    ).to_csv(workdir / "trips.csv", index=False)

    sx, sy = x0 + rng.random(roads) * extent, y0 + rng.random(roads) * extent
    angle, length = rng.random(roads) * np.pi, 50 + rng.random(roads) * 250
    coords = np.stack([sx, sy, sx + np.cos(angle) * length, sy + np.sin(angle) * length], axis=1)
    road_classes = np.array(["primary", "secondary", "residential", "footway"])
    gpd.GeoDataFrame(
        {"class": road_classes[rng.integers(0, len(road_classes), roads)]},
        geometry=shapely.linestrings(coords.reshape(-1, 2, 2)),
        crs=crs,
    ).to_file(workdir / "city.gpkg", layer="roads", engine="pyogrio")

    lu_side = max(2, side // 2)
    lu_cell = extent / lu_side
    k = np.arange(lu_side * lu_side)
    lx, ly = x0 + (k % lu_side) * lu_cell, y0 + (k // lu_side) * lu_cell
    lu_classes = np.array(["residential", "commercial", "industrial", "park", "water"])
    # shifted by a third of a cell so that land-use parcels cross region borders
    shift = lu_cell / 3
    gpd.GeoDataFrame(
        {"class": lu_classes[rng.integers(0, len(lu_classes), len(k))]},
        geometry=shapely.box(lx + shift, ly + shift, lx + lu_cell + shift, ly + lu_cell + shift),
        crs=crs,
    ).to_file(workdir / "city.gpkg", layer="landuse", engine="pyogrio")

    gpkg = str(workdir / "city.gpkg")
    return {
        "name": "ingest-benchmark",
        "crs": crs,
        "regions": {"path": gpkg, "layer": "regions", "id_field": "region_id"},
        "poi": {"path": gpkg, "layer": "poi", "category_field": "category"},
        "mobility": {
            "path": str(workdir / "trips.csv"),
            "crs": crs,
            "pickup_x": "pickup_x",
            "pickup_y": "pickup_y",
            "dropoff_x": "dropoff_x",
            "dropoff_y": "dropoff_y",
            "time_field": "pickup_time",
        },
        "landuse": {"path": gpkg, "layer": "landuse", "class_field": "class"},
        "roads": {"path": gpkg, "layer": "roads", "class_field": "class"},
        "output": {"dir": str(workdir / "out")},
    }


def ingest_benchmark(
    regions: int = 10_000,
    pois: int = 1_000_000,
    trips: int = 1_000_000,
    roads: int = 100_000,
    workdir: Path | None = None,
    reporter: Reporter = SILENT,
) -> dict[str, float]:
    """Time ``build_dataset`` on a random city of the given size; print and return the figures."""
    from .job import parse_job
    from .pipeline import build_dataset

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        job = parse_job(write_random_city(work, regions, pois, trips, roads), work)
        write_s = time.perf_counter() - started
        timings: dict[str, float] = {}
        with peak_rss() as mem:
            started = time.perf_counter()
            ds = build_dataset(job, reporter, timings=timings)
            total = time.perf_counter() - started
    figures = {
        "write_inputs_s": write_s,
        **{f"{k}_s": v for k, v in timings.items()},
        "total_ingest_s": total,
    }
    figures["peak_rss_mib"] = mem["peak_mib"]
    print(f"ingest benchmark: {regions} regions, {pois} POIs, {trips} trips, {roads} road segments")
    for key, value in figures.items():
        print(f"  {key:<22} {value:10.2f}")
    print(f"  graphs: {', '.join(f'{k}={g.num_edges}' for k, g in ds.graphs.items())} edges")
    return figures
