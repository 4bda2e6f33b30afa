"""The benchmark datasets, each built through the real job → ingestion path, with its targets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..data import REGION_ID, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter

NYC_FILES = (
    "regions.gpkg",
    "poi_counts.csv",
    "landuse_counts.csv",
    "remote_sensing_features.csv",
    "taxi_od.csv",
    "taxi_hourly_flows.csv",
)
NYC_REGRESSION = ("checkin", "crime", "service_calls")
NYC_CLASSES = ("landuse_district",)

NYC_REPORTED = {
    # MAE / RMSE / R² from HAFusion's paper figure, quoted in ../shared/data/nyc180/README.md
    "MVURE (reported)": {
        "checkin": (306.7, 499.6, 0.627),
        "crime": (67.9, 93.8, 0.591),
        "service_calls": (1428, 2180, 0.367),
    },
    "MGFN (reported)": {
        "checkin": (292.6, 451.8, 0.690),
        "crime": (70.2, 89.6, 0.630),
        "service_calls": (1554, 2286, 0.303),
    },
    "HREP (reported)": {
        "checkin": (276.3, 448.2, 0.703),
        "crime": (62.8, 83.1, 0.680),
        "service_calls": (1430, 2286, 0.398),
    },
    "HAFusion (reported)": {
        "checkin": (202.8, 322.8, 0.844),
        "crime": (56.1, 76.1, 0.734),
        "service_calls": (1273, 1951, 0.493),
    },
}

SYNTH_CLASSES = ("function",)
SYNTH_GROUPS = "district"
"""The synthetic benchmark also scores each district apart: each follows another modality."""


@dataclass
class BenchmarkData:
    """One dataset of the benchmark: what the methods read and what the probes score."""

    name: str
    ds: RegionDataset
    targets: pd.DataFrame  # one row per region, in ds.region_ids order
    regression: tuple[str, ...]
    classes: tuple[str, ...]
    reported: dict = field(default_factory=dict)  # method → {target: {mae, rmse, r2}}
    group_column: str | None = None  # strict R² is also reported within each of its groups
    setting: str = ""  # how a synthetic city departs from the generator's defaults, for the report


@dataclass(frozen=True)
class CitySettings:
    """How a benchmark run generates its synthetic cities (all of them alike). ``None``: the
    generator's default (3 images per region; 40 recorded trips per covered region, sparse flows)."""

    n_regions: int = 400
    n_images: int | None = None
    trips_per_region: int | None = None

    def check(self) -> None:
        """Fail before anything trains on settings the generator would refuse."""
        from ..synth.city import check_city

        check_city(self.n_regions, n_images=self.n_images, trips_per_region=self.trips_per_region)

    def describe(self) -> str:
        return "" if self.trips_per_region is None else f"{self.trips_per_region:,} trips per covered region"


DEFAULT_CITY = CitySettings()


def reported_table(reported: dict) -> dict:
    """Published (MAE, RMSE, R²) tuples as the {target: {mae, rmse, r2}} that write_report takes."""
    return {
        method: {t: dict(zip(("mae", "rmse", "r2"), v, strict=True)) for t, v in targets.items()}
        for method, targets in reported.items()
    }


def nyc180_dataset(nyc_dir: str | Path, reporter: Reporter = SILENT) -> tuple[RegionDataset, pd.DataFrame]:
    """NYC-180 (POI, taxi OD with hourly flows, land use, remote sensing) through parse_job + build_dataset, and
    its labels (check-in, crime, service calls, land-use district) in region order."""
    from ..job import parse_job
    from ..pipeline import build_dataset

    nyc_dir = Path(nyc_dir)
    missing = [f for f in (*NYC_FILES, "labels.csv") if not (nyc_dir / f).is_file()]
    if missing:
        raise InputError(
            f"the NYC-180 folder lacks {', '.join(missing)}."
            if nyc_dir.is_dir()
            else f"the NYC-180 folder {nyc_dir.resolve()} does not exist.",
            where=str(nyc_dir),
            fix="give the nyc180 folder of the shared data (`mtgrr benchmark model --nyc-dir DIR`; the default is "
            "../shared/data/nyc180 from the current folder).",
        )
    job = parse_job(
        {
            "name": "nyc180",
            "regions": {"path": "regions.gpkg", "layer": "regions"},
            "poi": {"table": {"path": "poi_counts.csv"}},
            # OD rows as mobility features, as MGFN and HAFusion feed this benchmark; the hourly
            # in/out flows give the hourly profile model.md lists (an OD table has no times)
            "mobility": {
                "od": {"path": "taxi_od.csv"},
                "hourly": {"path": "taxi_hourly_flows.csv"},
                "od_profile": True,
            },
            "landuse": {"table": {"path": "landuse_counts.csv"}},
            "remote_sensing": {"table": {"path": "remote_sensing_features.csv"}},
        },
        nyc_dir,
        source=str(nyc_dir),
    )
    ds = build_dataset(job, reporter)
    labels = pd.read_csv(nyc_dir / "labels.csv").set_index(REGION_ID)
    return geometry_only(ds), labels.reindex(pd.Index(ds.region_ids, name=REGION_ID))


def geometry_only(ds: RegionDataset) -> RegionDataset:
    """The dataset with its regions reduced to their geometry, as every method receives it.

    The synthetic city writes its ground truth into the regions layer (as an analyst's layer may
    hold the fields to predict); training reads only geometry, and this makes that a guarantee
    rather than a habit: no trained method can see a label."""
    if ds.regions is None:
        return ds
    return replace(ds, regions=ds.regions[[ds.regions.geometry.name]])


BENCHMARK_CITY_SEED = 1
"""The benchmark's city differs from the seed-0 city on which the model's defaults were chosen, so
that the benchmark is not scored on the data used for model development."""


def synthetic_dataset(
    cache_dir: str | Path,
    n_regions: int = 400,
    seed: int = BENCHMARK_CITY_SEED,
    n_images: int | None = None,
    reporter: Reporter = SILENT,
    trips_per_region: int | None = None,
) -> tuple[RegionDataset, pd.DataFrame]:
    """The synthetic city (generated once into ``cache_dir``, then reused) through its own job
    file; targets are its ground-truth fields (activity, crime-like, function class) and the
    district of each region."""
    from ..job import load_job
    from ..pipeline import build_dataset
    from ..synth import generate_city
    from ..synth.city import GENERATOR_VERSION, TARGETS

    images = "default" if n_images is None else n_images
    trips = "" if trips_per_region is None else f"-trips{trips_per_region}"
    folder = Path(cache_dir) / f"synth-v{GENERATOR_VERSION}-{n_regions}-s{seed}-img{images}{trips}"
    if not (folder / "job.toml").is_file():
        generate_city(
            folder,
            n_regions=n_regions,
            seed=seed,
            n_images=n_images,
            overwrite=True,
            reporter=reporter,
            trips_per_region=trips_per_region,
        )
    ds = build_dataset(load_job(folder / "job.toml"), reporter, cache_dir=Path(cache_dir) / "images")
    columns = [*TARGETS, *SYNTH_CLASSES, SYNTH_GROUPS]
    return geometry_only(ds), ds.regions[columns].reindex(pd.Index(ds.region_ids, name=REGION_ID))


DEV_CITY_SEED = 0
"""The city the defaults were developed on (engine/docs/development.md)."""


def parse_dataset(name: str) -> tuple[str, int | None]:
    """(folder label, synthetic city seed) of a benchmark dataset name, checked: ``nyc180``,
    ``synthetic`` (the benchmark city, also spelt ``synthetic:1``) or ``synthetic-cityN`` for
    ``synthetic:N``; the seed is None for NYC-180."""
    if name == "nyc180":
        return name, None
    city, colon, seed_text = name.partition(":")
    if city != "synthetic":
        raise InputError(
            f"unknown benchmark dataset {name!r}.",
            where="benchmark datasets",
            fix="use 'nyc180', 'synthetic' or 'synthetic:SEED' (another synthetic city).",
        )
    if not colon:
        return "synthetic", BENCHMARK_CITY_SEED
    if not (seed_text.isascii() and seed_text.isdigit()):
        raise InputError(
            f"benchmark dataset {name!r}: the city seed {seed_text!r} is not a whole number of 0 or more.",
            where="benchmark datasets",
            fix=(
                f"write synthetic:SEED, e.g. synthetic:2 ({BENCHMARK_CITY_SEED} is the benchmark city "
                f"'synthetic', {DEV_CITY_SEED} the development city)."
            ),
        )
    seed = int(seed_text)
    return ("synthetic" if seed == BENCHMARK_CITY_SEED else f"synthetic-city{seed}"), seed


def load_benchmark_data(
    name: str,
    cache_dir: Path,
    nyc_dir: Path | None,
    city: CitySettings = DEFAULT_CITY,
    reporter: Reporter = SILENT,
) -> BenchmarkData:
    """A benchmark dataset by name: ``nyc180``, ``synthetic`` (the benchmark city) or
    ``synthetic:SEED``, another city of the same generator, to see whether a verdict holds beyond
    one city (its report goes to ``synthetic-citySEED``); ``city`` says how synthetic cities are
    generated."""
    label, seed = parse_dataset(name)
    if seed is None:
        if nyc_dir is None:
            raise InputError(
                "the nyc180 benchmark needs the data folder.",
                where="benchmark --nyc-dir",
                fix="give the path of ../shared/data/nyc180, or run only the synthetic dataset.",
            )
        ds, targets = nyc180_dataset(nyc_dir, reporter)
        return BenchmarkData(label, ds, targets, NYC_REGRESSION, NYC_CLASSES, reported_table(NYC_REPORTED))
    from ..synth.city import TARGETS

    ds, targets = synthetic_dataset(
        cache_dir,
        n_regions=city.n_regions,
        seed=seed,
        n_images=city.n_images,
        reporter=reporter,
        trips_per_region=city.trips_per_region,
    )
    return BenchmarkData(
        label, ds, targets, TARGETS, SYNTH_CLASSES, group_column=SYNTH_GROUPS, setting=city.describe()
    )
