"""The model benchmark: MTGRR, its ablations, feature baselines and re-implemented published
methods, all probed under the same protocols, seeds and splits in one run (design/evaluation.md).

Training seed ``i`` is paired with fold seed ``i`` by :func:`mtgrr.evaluate.evaluate`. No label is
read before the probes; every trained method stops on its own training loss.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from ..benchmark import peak_rss
from ..data import RegionDataset
from ..errors import InputError
from ..evaluate import evaluate, lagged_pca_features, pca_features, raw_features, write_report
from ..evaluate.baselines import LAG_RELATIONS
from ..evaluate.protocols import FOLD_SEEDS
from ..evaluate.report import PAIRED, paired_table, pooled_paired_differences
from ..evaluate.spatial import dataset_coordinates, regions_needed
from ..events import SILENT, Reporter
from ..export.atomic import AtomicOutputs
from ..job import ModelOptions, TrainOptions
from ..model.experts import EXPERT_GRAPHS
from ..model.inputs import dataset_modalities
from .datasets import DEFAULT_CITY, BenchmarkData, CitySettings, load_benchmark_data, parse_dataset

QUICK_EPOCHS = 5
QUICK_CITY = CitySettings(n_regions=60, n_images=0)
"""Quick mode (tests, smoke runs): one seed, a few epochs, a 60-region synthetic city without images."""

FULL = "MTGRR (full)"
"""The row every other method is compared with, run by run (the report's paired differences)."""
ABLATIONS = {
    FULL: {},
    "MTGRR − specialised experts (identical GCN)": {"identical_experts": True},
    "MTGRR − typed relations (one convolution over the union of graphs)": {"typed_relations": False},
    "MTGRR − spatial fusion (global weights)": {"fusion": "global"},
    "MTGRR − fusion attention (uniform weights)": {"fusion": "uniform"},
    "MTGRR − evidence prior, model.md's learned gate instead": {
        "evidence_prior": False,
        "learned_gate": True,
    },
    "MTGRR − projection heads": {"projection_heads": False},
    "MTGRR − point-level loss (λ_point = 0)": {"lambda_point": 0.0},
    "MTGRR − fusion loss (λ_fusion = 0)": {"lambda_fusion": 0.0},
    "MTGRR as model.md describes it (none of our additions)": {
        "experts": {"poi": "gat"},
        "lambda_reconstruction": 0.0,
        "lambda_od": 0.0,
        "output": "fused",
        "projection_heads": False,
        "evidence_prior": False,
        "learned_gate": True,
        "typed_relations": False,
    },
}
"""Display name → ModelOptions changes. The point-level row runs only with street-view images."""
VARIANTS = {"MTGRR + flow term on the mobility block (λ_flow = 1)": {"lambda_flow": 1.0}}
"""Options not on by default, run next to the full model to decide on them (with trips only)."""
LAGGED = "PCA-64 of raw features + one-hop lags"
"""Untrained, so no seed changes it; only datasets with adjacency or trips have it."""


def restrict(ds: RegionDataset, modality: str) -> RegionDataset:
    """The dataset with one modality only (and the graphs its expert reads, plus adjacency)."""
    keep = {"adjacency", *EXPERT_GRAPHS.get(modality, ())}
    if modality == "street_view":
        keep.add("svi_knn")
    return replace(
        ds,
        modalities={modality: ds.modalities[modality]} if modality in ds.modalities else {},
        points=ds.points if modality == "street_view" else None,
        graphs={k: g for k, g in ds.graphs.items() if k in keep},
    )


def _methods(
    data: BenchmarkData, epochs: int | None, device: str
) -> dict[str, Callable[[int], tuple[np.ndarray, dict]]]:
    """Display name → function(seed) → (embedding, timing facts). MTGRR's rows train on ``device``;
    the baselines on the CPU."""
    from ..baselines import BASELINES, BaselineOptions
    from ..train import train_model

    ds = data.ds
    has_points = "street_view" in dataset_modalities(ds)
    train_kw = {} if epochs is None else {"epochs": epochs}

    def mtgrr(dataset: RegionDataset, changes: dict):
        def run(seed: int):
            options = TrainOptions(seed=seed, device=device, **train_kw)
            result = train_model(dataset, ModelOptions(**changes), options)
            return result.embeddings, {
                "seconds": result.seconds,
                "epochs": result.epochs_run,
                "device": result.device,
            }

        return run

    def baseline(trainer):
        def run(seed: int):
            result = trainer(ds, BaselineOptions(seed=seed, **train_kw))
            return result.embeddings, {
                "seconds": result.seconds,
                "epochs": result.epochs_run,
                "device": "cpu",
            }

        return run

    def untrained(run_features):
        def run(seed: int):
            start = time.perf_counter()
            return run_features(ds), {"seconds": time.perf_counter() - start, "epochs": 0}

        return run

    methods = {
        name: mtgrr(ds, changes)
        for name, changes in ABLATIONS.items()
        if has_points or "lambda_point" not in changes
    }
    if "mobility" in dataset_modalities(ds):
        methods.update({name: mtgrr(ds, changes) for name, changes in VARIANTS.items()})
    for modality in dataset_modalities(ds):
        methods[f"MTGRR, {modality} only"] = mtgrr(restrict(ds, modality), {})
    methods.update({name: baseline(trainer) for name, trainer in BASELINES.items()})
    if set(LAG_RELATIONS) & set(ds.graphs):
        methods[LAGGED] = untrained(lagged_pca_features)
    return methods


def _rejoin(pieces: Sequence[str], names: Sequence[str]) -> list[str]:
    """Method names as given, with the pieces of a name that holds a comma ("MTGRR − evidence
    prior, model.md's learned gate instead") joined again when split on commas."""
    out, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            joined = ", ".join(p.strip() for p in pieces[i:j])
            if joined in names or j == i + 1:
                out.append(joined)
                i = j
                break
    return out


def _run_dataset(
    data: BenchmarkData,
    seeds: int,
    epochs: int | None,
    out_dir: Path,
    reporter: Reporter,
    only: Sequence[str] | None = None,
    device: str = "auto",
) -> dict:
    fold_seeds = tuple(FOLD_SEEDS[:seeds]) if seeds <= len(FOLD_SEEDS) else tuple(range(seeds))
    embeddings: dict[str, list[np.ndarray] | np.ndarray] = {
        "raw features": raw_features(data.ds),
        "PCA-64 of raw features": pca_features(data.ds, 64),
    }
    timing: dict[str, dict] = {}
    coordinates = _block_coordinates(data, reporter)  # decided before anything trains
    methods = _methods(data, epochs, device)
    if only:
        only = _rejoin(only, list(methods))
        unknown = [m for m in only if m not in methods]
        if unknown:
            raise InputError(
                f"unknown method(s) for {data.name}: {', '.join(unknown)}.",
                where="benchmark --methods",
                fix=f"use names from: {', '.join(methods)}.",
            )
        methods = {name: run for name, run in methods.items() if name in only}
    for i, (name, run) in enumerate(methods.items()):
        runs, facts = [], []
        for seed in range(seeds):
            reporter.check_cancelled()
            emb, fact = run(seed)
            if not np.isfinite(emb).all():
                raise FloatingPointError(f"{data.name}: {name} (seed {seed}) gave a non-finite embedding")
            runs.append(emb)
            facts.append(fact)
        embeddings[name] = runs
        seconds = sum(f["seconds"] for f in facts)
        epochs_run = sum(f["epochs"] for f in facts)
        if epochs_run:  # the timing table is about training
            timing[name] = {
                "seconds": round(seconds, 2),
                "epochs": epochs_run,
                "seconds_per_epoch": round(seconds / epochs_run, 4),
                "device": facts[0]["device"],
            }
        reporter.log(f"{data.name}: {name} done ({seeds} seed(s), {seconds:.1f} s)")
        reporter.progress("benchmark", 100.0 * (i + 1) / len(methods), dataset=data.name)
    result = evaluate(
        embeddings,
        data.targets,
        data.regression,
        data.classes,
        fold_seeds=fold_seeds,
        region_ids=data.ds.region_ids,
        group_column=data.group_column,
        reference=FULL if FULL in embeddings else None,
        coordinates=coordinates,
        reporter=reporter,
    )
    result["timing"] = timing
    setting = f", {data.setting}" if data.setting else ""
    title = f"MTGRR benchmark: {data.name} ({data.ds.num_regions} regions{setting}, {seeds} training seed(s))"
    files = write_report(result, out_dir / data.name, title, reported=data.reported or None)
    return {"result": result, "timing": timing, "files": files}


def _block_coordinates(data: BenchmarkData, reporter: Reporter) -> np.ndarray | None:
    """The regions' points for the held-out-blocks probe, or None (logged) where a target has too few labelled
    regions for the blocks: a small generated city then still gets the other probes after hours of training."""
    needed = regions_needed()
    short = [c for c in data.regression if data.targets[c].notna().sum() < needed]
    if data.ds.regions is None or short:
        reporter.log(
            f"{data.name}: no held-out-blocks probe ({', '.join(short) or 'no geometry'}: it needs polygons and "
            f"{needed} labelled regions a target)",
            level="warning",
        )
        return None
    return dataset_coordinates(data.ds)


def _timing_table(timing: dict, peak_mib: float) -> str:
    rss = f"Peak RSS of the run: {peak_mib:.0f} MiB"
    if not timing:  # only untrained methods ran
        return rss
    lines = ["| method | device | seconds | epochs | s / epoch |", "|---|---|---|---|---|"]
    lines += [
        f"| {k} | {v['device']} | {v['seconds']:.1f} | {v['epochs']} | {v['seconds_per_epoch']:.3f} |"
        for k, v in timing.items()
    ]
    return "\n".join([*lines, "", rss])


POOLED = "synthetic-cities.md"


def _pooled_cities(results: Mapping[str, dict], out_dir: Path, reporter: Reporter) -> Path | None:
    """With two or more synthetic cities: the paired differences over all their runs, written to
    ``<out_dir>/synthetic-cities.md``, since one city's training seeds cannot say whether a
    component helps in general."""
    cities = {label: r for label, r in results.items() if label.startswith("synthetic")}
    if len(cities) < 2:
        return None
    if not all(FULL in r["methods"] for r in cities.values()):
        reporter.log(f"{len(cities)} synthetic cities not pooled: {FULL!r} was not among the methods run")
        return None
    paired = pooled_paired_differences(cities, FULL)
    first = next(iter(cities.values()))
    regression = [c for c, t in first["targets"].items() if t["kind"] == "regression"]
    runs = ", ".join(f"{label}: {r['methods'][FULL]['runs']}" for label, r in cities.items())
    lines = [
        f"# Paired differences against `{FULL}` across {len(cities)} synthetic cities (strict R²)",
        "",
        f"Runs per city: {runs}. {PAIRED}; each run is compared only with the reference's run on the same "
        "city; cities won: cities where the mean Δ is positive.",
        "",
        *paired_table(paired, regression),
        "",
    ]
    if paired["left_out"]:
        lines += [
            f"Left out (not run on every city with the same runs): {', '.join(paired['left_out'])}.",
            "",
        ]
    with AtomicOutputs(out_dir) as out:
        out.path(POOLED).write_text("\n".join(lines), encoding="utf-8")
        return out.commit()[POOLED]


def _checked_datasets(datasets: Sequence[str]) -> dict[str, str]:
    """Name → label for every dataset, checked before anything trains; two names for one dataset
    (synthetic and synthetic:1, synthetic:2 and synthetic:02) are refused."""
    names_by_label: dict[str, str] = {}
    for name in datasets:
        label, _ = parse_dataset(name)
        if label in names_by_label:
            raise InputError(
                f"benchmark datasets {names_by_label[label]!r} and {name!r} are the same dataset ({label}).",
                where="benchmark datasets",
                fix="give each dataset once (synthetic:1 is the benchmark city 'synthetic').",
            )
        names_by_label[label] = name
    return {name: label for label, name in names_by_label.items()}


def run_benchmark(
    datasets: Sequence[str] = ("nyc180", "synthetic"),
    seeds: int = 5,
    out_dir: Path = Path("mtgrr_benchmark"),
    quick: bool = False,
    reporter: Reporter = SILENT,
    nyc_dir: Path | None = None,
    cache_dir: Path | None = None,
    methods: Sequence[str] | None = None,
    device: str = "auto",
    city: CitySettings | None = None,
) -> dict:
    """Run every method on each dataset; write ``<out_dir>/<dataset>/evaluation.{json,md}``; print
    the tables and the timing (device, seconds per epoch, peak RSS); return {dataset: result}.

    ``quick``: one seed, a few epochs and a 60-region synthetic city without images (for tests).
    Training uses one torch thread, so seconds per epoch are comparable between methods and runs;
    ``device`` (auto: cuda, then mps, then cpu) is where MTGRR and its ablations train, the baselines
    always train on the CPU. ``city`` sets how the synthetic cities are generated (size, images,
    flow density; default: the generator's 400-region city).
    ``cache_dir`` keeps the generated synthetic city and image features between runs. ``methods``
    restricts the trained methods to those display names (raw features and PCA always run), e.g. to
    re-run the baselines after a change that touches only them: training is seeded, so the rows of
    the methods not re-run would come out the same.
    """
    from ..pipeline import default_cache_dir
    from ..train import resolve_device

    if seeds < 1:
        raise InputError(f"{seeds} seeds requested.", where="benchmark --seeds", fix="use 1 or more seeds.")
    if quick and city is not None:
        raise InputError(
            "a quick run generates its own tiny city.",
            where="benchmark --quick",
            fix="leave out --quick, or the synthetic city's settings (--city-regions, --city-trips-per-region).",
        )
    if quick:
        seeds = 1
    city = QUICK_CITY if quick else city or DEFAULT_CITY
    city.check()
    labels = _checked_datasets(datasets)
    device = str(resolve_device(device))  # an unavailable device fails before anything trains
    out_dir = Path(out_dir)
    (out_dir / POOLED).unlink(missing_ok=True)  # never left beside reports of another run
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir() / "benchmarks"
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    output = {}
    try:
        for name in datasets:
            started = time.perf_counter()
            with peak_rss() as mem:
                data = load_benchmark_data(
                    name,
                    cache_dir,
                    None if nyc_dir is None else Path(nyc_dir),
                    city,
                    reporter,
                )
                epochs = QUICK_EPOCHS if quick else None
                entry = _run_dataset(data, seeds, epochs, out_dir, reporter, methods, device)
            entry["peak_rss_mib"] = round(mem["peak_mib"], 1)
            entry["wall_seconds"] = round(time.perf_counter() - started, 1)
            output[name] = entry
            print(Path(entry["files"]["evaluation_md"]).read_text(encoding="utf-8"))
            print(f"### Timing ({name}, wall {entry['wall_seconds']:.0f} s)\n")
            print(_timing_table(entry["timing"], entry["peak_rss_mib"]))
        results = {labels[name]: entry["result"] for name, entry in output.items()}
        pooled = _pooled_cities(results, out_dir, reporter)
        if pooled is not None:
            print(pooled.read_text(encoding="utf-8"))
    finally:
        torch.set_num_threads(threads)
    return output
