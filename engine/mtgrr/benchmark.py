"""Benchmarks that print figures (seconds, peak memory); their numbers go in the README.

``mtgrr benchmark ingest`` writes a large random city to real files (GeoPackage/CSV), then times
the full ingestion job on them, stage by stage, with the peak resident memory of each stage.
``mtgrr benchmark train`` times the full model's epochs on a synthetic city of any size, or on a
dataset saved by ``mtgrr ingest``, on the CPU or a GPU.
"""

from __future__ import annotations

import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import InputError
from .events import SILENT, Reporter

CITY_SEED = 5
"""The generator seed of the cities ``benchmark train`` and ``benchmark city`` build unless ``--seed`` is given."""


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def scratch(workdir: Path | None):
    """A temporary folder for generated inputs, inside ``workdir`` when given (created if missing),
    removed afterwards whatever happens, so a benchmark leaves nothing behind."""
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        yield Path(tmp)


def print_figures(title: str, figures: dict[str, float]) -> None:
    """The benchmark's title line, then one aligned line per figure (counts as integers)."""
    print(title)
    for key, value in figures.items():
        print(f"  {key:<22} {value:10d}" if isinstance(value, int) else f"  {key:<22} {value:10.2f}")


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
        work = Path(workdir or tmp).resolve()  # the job's paths are read against it: a relative one twice
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
    print_figures(
        f"ingest benchmark: {regions} regions, {pois} POIs, {trips} trips, {roads} road segments", figures
    )
    print(f"  graphs: {', '.join(f'{k}={g.num_edges}' for k, g in ds.graphs.items())} edges")
    return figures


class _EpochClock:
    """Forwards every event to ``reporter`` and notes when each epoch ``optimise`` reports ended,
    and how many torch threads training runs on (``train_model`` picks them). On a GPU (CUDA or MPS) it
    waits for the queued kernels first, so an epoch's time is its work, not its launch."""

    def __init__(self, reporter: Reporter, device):
        self._reporter = reporter
        self._device = device
        self.ends: list[float] = []
        self.threads = 0

    def progress(self, stage: str, percent: float, **extra) -> None:
        if stage == "train" and "epoch" in extra:
            import torch  # lazily, like the rest of this module's heavy imports

            if self._device.type == "cuda":
                torch.cuda.synchronize(self._device)
            elif self._device.type == "mps":
                torch.mps.synchronize()
            self.ends.append(time.perf_counter())
            self.threads = torch.get_num_threads()
        self._reporter.progress(stage, percent, **extra)

    def __getattr__(self, name):
        return getattr(self._reporter, name)


def train_benchmark(
    regions: int | None = None,
    images: int = 0,
    epochs: int = 5,
    seed: int | None = None,
    workdir: Path | None = None,
    reporter: Reporter = SILENT,
    device: str = "cpu",
    dataset: Path | None = None,
) -> dict[str, float]:
    """Train the full model for ``epochs`` epochs on a synthetic city of ``regions`` regions (10,000),
    ``images`` street-view images and generator seed ``seed`` (5), or on the dataset ``mtgrr ingest`` saved in ``dataset``, on
    ``device``; print and return seconds and memory.

    ``first_epoch_s`` runs from the call to the end of the first epoch, so it holds the set-up
    (feature scaling, model inputs, graph tensors) and the first epoch's one-off allocations;
    ``epoch_s`` is the median of the later epochs; ``embed_s`` runs from the last epoch to the end
    (best parameters restored, eval-mode embedding, copied back to the CPU). ``start_rss_mib`` is the
    process's resident memory when training starts (the dataset loaded), ``peak_rss_mib`` its peak
    during training; on a CUDA device ``peak_device_mib`` is the most device memory torch held for
    tensors during training (``torch.cuda.max_memory_allocated``)."""
    import torch

    from .benchmarks.datasets import synthetic_dataset
    from .data import RegionDataset
    from .job import ModelOptions, TrainOptions
    from .train import resolve_device, train_model

    if epochs < 2:
        raise InputError(
            f"the training benchmark cannot time {epochs} epoch(s): the first one is not timed alone.",
            where="--epochs",
            fix="pass --epochs 2 or more.",
        )
    where = resolve_device(device)
    if dataset is not None and (regions is not None or images or seed is not None):
        raise InputError(
            "--regions, --images and --seed describe a generated city; --dataset times the saved dataset as it is.",
            where="--dataset",
            fix="pass either --dataset or --regions/--images/--seed.",
        )
    if dataset is not None and not (Path(dataset) / "dataset.json").is_file():
        raise InputError(
            f"{dataset} holds no saved dataset (no dataset.json).",
            where="--dataset",
            fix="pass the folder `mtgrr ingest JOB --out DIR` wrote.",
        )
    with scratch(workdir) as tmp:
        started = time.perf_counter()
        if dataset is None:
            regions = 10_000 if regions is None else regions
            seed = CITY_SEED if seed is None else seed
            ds, _ = synthetic_dataset(tmp, n_regions=regions, seed=seed, n_images=images, reporter=reporter)
        else:
            ds = RegionDataset.load(dataset)
        data_s = time.perf_counter() - started
        clock = _EpochClock(reporter, where)
        start_rss = _rss_mib()
        if where.type == "cuda":
            torch.cuda.reset_peak_memory_stats(where)
        with peak_rss() as mem:
            started = time.perf_counter()
            # patience above the epochs: the benchmark always runs every epoch it asks for
            result = train_model(
                ds,
                ModelOptions(),
                TrainOptions(epochs=epochs, seed=0, patience=epochs + 1, device=str(where)),
                clock,
            )
            finished = time.perf_counter()
    epoch_s = float(np.median(np.diff(clock.ends)))
    figures = {
        "epochs_timed": len(clock.ends),
        "city_s" if dataset is None else "load_s": data_s,
        "first_epoch_s": clock.ends[0] - started,
        "epoch_s": epoch_s,
        "embed_s": finished - clock.ends[-1],
        "start_rss_mib": start_rss,
        "peak_rss_mib": mem["peak_mib"],
    }
    if where.type == "cuda":
        figures["peak_device_mib"] = torch.cuda.max_memory_allocated(where) / 2**20
    points = 0 if ds.points is None else len(ds.points.values)
    source = f"{ds.num_regions} regions" if dataset is None else f"{dataset} ({ds.num_regions} regions)"
    print_figures(
        f"train benchmark: MTGRR (full), {source}, {points} street-view images, {epochs} epochs "
        f"on {result.device}" + (f" ({clock.threads} torch threads)" if where.type == "cpu" else ""),
        figures,
    )
    print(f"  300 epochs would take about {figures['first_epoch_s'] + 299 * epoch_s:.0f} s")
    return figures
