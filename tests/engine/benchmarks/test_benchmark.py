from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import torch
from mtgrr.benchmarks import ABLATIONS, LAGGED, VARIANTS, nyc180_dataset, restrict, run_benchmark
from mtgrr.errors import InputError
from mtgrr.synth.city import TARGETS
from mtgrr.train import resolve_device


def test_quick_run_writes_every_method(quick_run, capsys):
    out, result = quick_run
    report = json.loads((out / "synthetic" / "evaluation.json").read_text())
    methods = set(report["methods"])
    untrained = {"raw features", "PCA-64 of raw features", LAGGED}
    expected = untrained | {"HREP-style", "HAFusion-style"}
    expected |= {"MVURE-style", "MVURE-style (after its code)"}
    # no street-view images in quick mode: the point-level ablation does not apply
    expected |= {k for k, v in ABLATIONS.items() if "lambda_point" not in v}
    expected |= set(VARIANTS)  # the quick city has trips
    expected |= {f"MTGRR, {m} only" for m in ("poi", "mobility", "landuse", "roads", "remote_sensing")}
    assert methods == expected
    markdown = (out / "synthetic" / "evaluation.md").read_text()
    for name in expected:
        assert f"| {name} |" in markdown
    assert report["reported"] == {} and "Reported" not in markdown
    assert report["group_column"] == "district" and "## Strict protocol by `district`" in markdown
    by_district = report["methods"]["MTGRR (full)"]["strict_by_group"]["target_activity"]
    assert by_district and all(np.isfinite(v["r2"][0]) for v in by_district.values())
    for name, entry in report["methods"].items():
        for target in TARGETS:
            r2 = entry["strict"][target]["r2"][0]
            assert np.isfinite(r2) and r2 <= 1.0, name
        nmi = entry["clustering"]["function"]["nmi"][0]
        assert 0.0 <= nmi <= 1.0
    timing = result["synthetic"]["timing"]
    assert set(timing) == expected - untrained
    assert all(t["epochs"] >= 1 and t["seconds_per_epoch"] > 0 for t in timing.values())
    # MTGRR's rows train where auto points (cuda when there is one); the baselines on the CPU
    mtgrr_device = str(resolve_device("auto"))
    for name, t in timing.items():
        assert t["device"] == (mtgrr_device if name.startswith("MTGRR") else "cpu"), name
    assert result["synthetic"]["peak_rss_mib"] > 50
    assert report["timing"] == timing


def test_restrict_keeps_one_modality(tmp_path):
    from mtgrr.benchmarks import synthetic_dataset

    ds, targets = synthetic_dataset(tmp_path, n_regions=30, seed=2, n_images=0)
    assert len(targets) == 30 and targets.index.equals(targets.index.unique())
    only = restrict(ds, "poi")
    assert list(only.modalities) == ["poi"] and only.points is None
    assert set(only.graphs) == {"adjacency", "knn_poi"}
    assert set(ds.modalities) == {"poi", "mobility", "landuse", "roads", "remote_sensing"}  # untouched


def test_the_methods_receive_regions_without_labels(tmp_path):
    """The synthetic city writes its ground truth into its regions layer; what the trainers get holds
    geometry alone, while the targets come back separately, in region order."""
    from mtgrr.benchmarks import synthetic_dataset

    ds, targets = synthetic_dataset(tmp_path, n_regions=30, seed=2, n_images=0)
    assert list(ds.regions.columns) == ["geometry"]
    assert {*TARGETS, "function", "district"} <= set(targets.columns)
    assert list(targets.index) == list(ds.region_ids) and targets["target_activity"].notna().all()


def test_city_settings_generate_their_own_city_and_are_checked_first(tmp_path):
    """--city-trips-per-region gives another city than the default one (its own cache folder, more
    trips in its mobility graph, named in the report title); a setting the generator refuses, or one
    given with --quick, fails before anything is written."""
    from mtgrr.benchmarks.datasets import CitySettings, load_benchmark_data

    small = CitySettings(n_regions=30, n_images=0)
    sparse = load_benchmark_data("synthetic:2", tmp_path, None, small)
    dense = load_benchmark_data("synthetic:2", tmp_path, None, CitySettings(30, 0, trips_per_region=400))
    assert sorted(p.name for p in tmp_path.glob("synth-*")) == [
        "synth-v3-30-s2-img0",
        "synth-v3-30-s2-img0-trips400",
    ]
    assert (sparse.setting, dense.setting) == ("", "400 trips per covered region")
    trips = [
        pyogrio.read_info(tmp_path / folder / "city.gpkg", layer="trips")["features"]
        for folder in ("synth-v3-30-s2-img0", "synth-v3-30-s2-img0-trips400")
    ]
    assert trips[1] > 5 * trips[0] > 0
    assert dense.ds.graphs["mobility"].edge_index.shape[1] > sparse.ds.graphs["mobility"].edge_index.shape[1]
    out = tmp_path / "out"
    for city, quick, match in [
        (CitySettings(trips_per_region=0), False, "0 trips per region is out of range"),
        (CitySettings(n_regions=5), False, "5 regions is out of range"),
        (small, True, "a quick run generates its own tiny city"),
    ]:
        with pytest.raises(InputError, match=match):
            run_benchmark(datasets=("synthetic",), quick=quick, out_dir=out, cache_dir=out, city=city)
        assert not out.exists()


def test_other_synthetic_cities(quick_run, tmp_path):
    """synthetic:SEED benchmarks another city of the generator, reported in its own folder; with two
    or more cities the paired differences are also pooled over all their runs."""
    out, _ = quick_run
    result = run_benchmark(
        datasets=("synthetic:2", "synthetic:3"),
        quick=True,
        out_dir=tmp_path,
        cache_dir=tmp_path,
        methods=("MTGRR (full)",),
    )
    assert set(result) == {"synthetic:2", "synthetic:3"}
    report = json.loads((tmp_path / "synthetic-city2" / "evaluation.json").read_text())
    assert set(report["methods"]) == {"raw features", "PCA-64 of raw features", "MTGRR (full)"}
    benchmark_city = json.loads((out / "synthetic" / "evaluation.json").read_text())
    raw = [r["methods"]["raw features"]["strict"]["target_activity"]["r2"] for r in (report, benchmark_city)]
    assert raw[0] != raw[1]  # another city, not the benchmark city again
    assert not (out / "synthetic-cities.md").exists()  # one city alone: nothing to pool
    pooled = (tmp_path / "synthetic-cities.md").read_text()
    assert (
        "across 2 synthetic cities" in pooled
        and "Runs per city: synthetic-city2: 1, synthetic-city3: 1" in pooled
    )
    row = next(line for line in pooled.splitlines() if line.startswith("| raw features |"))
    runs_and_cities_won = 2 * len(TARGETS)  # one run in each city, for each target
    assert row.count("/2") == runs_and_cities_won
    # a later run into the same folder with one city leaves no pooled file of the earlier one
    run_benchmark(
        datasets=("synthetic:3",), quick=True, out_dir=tmp_path, cache_dir=tmp_path, methods=("MTGRR (full)",)
    )
    assert not (tmp_path / "synthetic-cities.md").exists()


def test_paired_differences_pooled_across_cities():
    """Run i of each city is compared with the reference's run i of the same city only."""
    from mtgrr.evaluate.report import pooled_paired_differences

    def city(**runs):
        return {"methods": {name: {"runs": len(r), "strict_r2_runs": {"y": r}} for name, r in runs.items()}}

    full = "MTGRR (full)"
    pooled = pooled_paired_differences(
        {"a": city(**{full: [0.5, 0.6]}, other=[0.4, 0.7]), "b": city(**{full: [0.3]}, other=[0.1])}, full
    )
    d = pooled["methods"]["other"]["y"]
    np.testing.assert_allclose([d["mean"], d["std"]], [np.mean([0.1, -0.1, 0.2]), np.std([0.1, -0.1, 0.2])])
    assert (d["wins"], d["runs"], d["cities_won"], d["cities"]) == (2, 3, 1, 2)  # city a: mean Δ 0
    assert pooled["left_out"] == []
    # as many runs in all, but not city by city: run i would meet another city's run i
    misaligned = {"a": city(**{full: [0.5]}, other=[0.4, 0.7]), "b": city(**{full: [0.3, 0.2]}, other=[0.1])}
    unpaired = pooled_paired_differences(misaligned, full)
    assert unpaired["methods"] == {} and unpaired["left_out"] == ["other"]
    partial = pooled_paired_differences(
        {"a": city(**{full: [0.5]}, other=[0.4]), "b": city(**{full: [0.3]})}, full
    )
    assert partial["left_out"] == ["other"]
    with pytest.raises(ValueError, match="'MTGRR \\(full\\)' is not in b"):
        pooled_paired_differences({"a": city(**{full: [0.5]}), "b": city(other=[0.3])}, full)


def test_a_city_too_small_for_the_blocks_gets_the_other_probes(tmp_path):
    """Held-out blocks need 60 labelled regions: a smaller city is told so before training and still scored."""
    from mtgrr.benchmarks.datasets import CitySettings
    from mtgrr.events import Reporter

    logs = []

    class Log(Reporter):
        def log(self, message, level="info"):
            logs.append((level, message))

    result = run_benchmark(
        datasets=("synthetic:2",),
        out_dir=tmp_path / "out",
        cache_dir=tmp_path,
        city=CitySettings(n_regions=30, n_images=0),
        methods=["PCA-64 of raw features + one-hop lags"],
        reporter=Log(quiet=True),
    )["synthetic:2"]["result"]
    assert "spatial" not in result["protocols"] and "strict" in result["methods"]["PCA-64 of raw features"]
    assert (
        "warning",
        "synthetic-city2: no held-out-blocks probe (target_activity, target_crime_like, "
        "target_context: it needs polygons and 60 labelled regions a target)",
    ) in logs


def test_method_names_with_commas_are_rejoined():
    from mtgrr.benchmarks.runner import _rejoin

    names = ["MTGRR (full)", "MTGRR − evidence prior, model.md's learned gate instead"]
    pieces = "MTGRR − evidence prior, model.md's learned gate instead,MTGRR (full),typo".split(",")
    assert _rejoin(pieces, names) == [names[1], names[0], "typo"]


def test_unknown_dataset_and_missing_nyc_dir(tmp_path):
    with pytest.raises(InputError, match="unknown benchmark dataset"):
        run_benchmark(datasets=("paris",), quick=True, out_dir=tmp_path, cache_dir=tmp_path)
    for bad in ("two", "-1", "²", ""):
        with pytest.raises(
            InputError, match=f"the city seed '{bad}' is not a whole number of 0 or more"
        ) as err:
            run_benchmark(
                datasets=("synthetic:2", f"synthetic:{bad}"), quick=True, out_dir=tmp_path, cache_dir=tmp_path
            )
        assert "synthetic:2 (1 is the benchmark city" in err.value.fix
    assert not list(tmp_path.iterdir())  # every name is checked before anything runs
    for twice in (("synthetic", "synthetic:1"), ("synthetic:2", "synthetic:02")):
        with pytest.raises(InputError, match=f"'{twice[0]}' and '{twice[1]}' are the same dataset"):
            run_benchmark(datasets=twice, quick=True, out_dir=tmp_path, cache_dir=tmp_path)
    if not torch.backends.mps.is_available():
        with pytest.raises(InputError, match="device 'mps' is not available"):
            run_benchmark(
                datasets=("synthetic",), quick=True, out_dir=tmp_path, cache_dir=tmp_path, device="mps"
            )
        assert not list(tmp_path.iterdir())
    with pytest.raises(InputError, match="nyc180"):
        run_benchmark(datasets=("nyc180",), quick=True, out_dir=tmp_path, cache_dir=tmp_path)
    with pytest.raises(InputError, match="lacks.*--nyc-dir"):
        run_benchmark(
            datasets=("nyc180",), quick=True, out_dir=tmp_path, nyc_dir=tmp_path, cache_dir=tmp_path
        )
    with pytest.raises(InputError, match=r"the NYC-180 folder \S+nowhere does not exist.*--nyc-dir"):
        run_benchmark(
            datasets=("nyc180",),
            quick=True,
            out_dir=tmp_path,
            nyc_dir=tmp_path / "nowhere",
            cache_dir=tmp_path,
        )


def test_nyc180_builder(nyc180_dir):
    ds, targets = nyc180_dataset(nyc180_dir)
    assert ds.num_regions == 180 and list(ds.regions.columns) == ["geometry"]
    assert set(ds.modalities) == {"poi", "mobility", "landuse", "remote_sensing"}
    assert ds.graphs["mobility"].directed and "adjacency" in ds.graphs
    # the hourly flows file gives the hourly profile that the OD table cannot
    hourly = pd.read_csv(nyc180_dir / "taxi_hourly_flows.csv").set_index("region_id").loc[ds.region_ids]
    out_counts = hourly[[f"out_h{h:02d}" for h in range(24)]].to_numpy(float)
    mob = ds.modalities["mobility"]
    shares = mob.values[:, [mob.columns.index(f"mob_out_h{h:02d}") for h in range(24)]]
    np.testing.assert_allclose(shares, out_counts / out_counts.sum(axis=1, keepdims=True), rtol=1e-5)
    assert list(targets.index) == list(ds.region_ids)
    assert targets[["checkin", "crime", "service_calls"]].notna().all().all()
    assert targets["landuse_district"].nunique() > 2


def test_methods_restricts_the_trained_methods_and_names_unknown_ones(quick_run, tmp_path):
    _, full = quick_run
    cache = tmp_path / "cache"
    result = run_benchmark(
        datasets=("synthetic",), quick=True, out_dir=tmp_path, cache_dir=cache, methods=["HREP-style"]
    )
    report = result["synthetic"]["result"]
    assert set(report["methods"]) == {"raw features", "PCA-64 of raw features", "HREP-style"}
    assert set(result["synthetic"]["timing"]) == {"HREP-style"}
    assert (
        len(report["methods"]["HREP-style"]["spatial_r2_runs"]["target_activity"]) == 1
    )  # 60 regions: blocks
    # seeded: the re-run method scores exactly as in the full run
    assert (
        report["methods"]["HREP-style"]["strict"]
        == full["synthetic"]["result"]["methods"]["HREP-style"]["strict"]
    )
    with pytest.raises(
        InputError, match=r"unknown method\(s\) for synthetic: MGFN.*use names from: MTGRR \(full\)"
    ):
        run_benchmark(
            datasets=("synthetic",), quick=True, out_dir=tmp_path, cache_dir=cache, methods=["MGFN"]
        )


def test_train_benchmark_times_the_epochs_it_ran(tmp_path, capsys):
    from mtgrr.benchmark import train_benchmark
    from mtgrr.errors import Cancelled
    from mtgrr.events import Reporter

    class Recorder(Reporter):
        def __init__(self):
            super().__init__(quiet=True)
            self.epochs = []

        def progress(self, stage, percent, **extra):
            if stage == "train":
                self.epochs.append(extra["epoch"])
            super().progress(stage, percent, **extra)

    recorder = Recorder()
    figures = train_benchmark(regions=60, images=30, epochs=3, workdir=tmp_path, reporter=recorder)
    out = capsys.readouterr().out
    assert "MTGRR (full), 60 regions, 30 street-view images, 3 epochs on cpu" in out
    assert recorder.epochs == [1, 2, 3] and figures["epochs_timed"] == 3  # every epoch, none stopped early
    assert figures["epoch_s"] > 0 and figures["first_epoch_s"] > 0
    assert figures["peak_rss_mib"] >= figures["start_rss_mib"] > 0
    assert f"{figures['epoch_s']:10.2f}" in out
    assert list(tmp_path.iterdir()) == []  # the generated city is scratch
    with pytest.raises(InputError, match="--epochs"):
        train_benchmark(regions=60, epochs=1, workdir=tmp_path)
    with pytest.raises(InputError, match="no saved dataset"):
        train_benchmark(epochs=3, workdir=tmp_path, dataset=tmp_path / "missing")
    for generated in ({"regions": 60}, {"images": 30}, {"seed": 2}):
        with pytest.raises(InputError, match="describe a generated city"):
            train_benchmark(epochs=3, workdir=tmp_path, dataset=tmp_path / "missing", **generated)
    cancelled = Reporter(quiet=True)
    cancelled.cancelled = True  # as after SIGINT: the first check stops the run, nothing is left
    with pytest.raises(Cancelled):
        train_benchmark(regions=60, epochs=3, workdir=tmp_path, reporter=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_train_benchmark_times_a_saved_dataset(tmp_path, capsys):
    """``--dataset`` times a dataset as ``mtgrr ingest`` saved it: the same regions and modalities
    train, nothing is generated, and the folder is left as it was."""
    from mtgrr.benchmark import train_benchmark
    from mtgrr.benchmarks import synthetic_dataset

    ds, _ = synthetic_dataset(tmp_path / "city", n_regions=40, seed=2, n_images=0)
    saved = ds.save(tmp_path / "dataset")
    before = sorted(p.name for p in saved.iterdir())
    figures = train_benchmark(epochs=2, dataset=saved, workdir=tmp_path / "scratch")
    out = capsys.readouterr().out
    assert f"MTGRR (full), {saved} (40 regions), 0 street-view images, 2 epochs on cpu" in out
    assert figures["epochs_timed"] == 2 and figures["load_s"] > 0 and "city_s" not in figures
    assert "peak_device_mib" not in figures  # device memory is a CUDA figure
    assert sorted(p.name for p in saved.iterdir()) == before
    assert list((tmp_path / "scratch").iterdir()) == []


def test_ingest_benchmark_prints_each_stage(tmp_path, capsys, monkeypatch):
    from mtgrr.benchmark import ingest_benchmark

    monkeypatch.chdir(tmp_path.parent)  # a relative --workdir (it was read against itself: wd/wd/city.gpkg)
    figures = ingest_benchmark(regions=100, pois=500, trips=500, roads=200, workdir=Path(tmp_path.name))
    out = capsys.readouterr().out
    assert out.startswith("ingest benchmark: 100 regions, 500 POIs, 500 trips, 200 road segments\n")
    for stage in ("regions", "poi", "mobility", "landuse", "roads", "graphs"):
        assert figures[f"{stage}_s"] >= 0 and f"  {stage}_s" in out
    assert figures["total_ingest_s"] >= figures["graphs_s"] and figures["peak_rss_mib"] > 0
    assert (tmp_path / "city.gpkg").is_file()  # a given workdir keeps the generated inputs


def test_cli_passes_the_benchmark_options_through(monkeypatch, tmp_path):
    """`mtgrr benchmark train` times the CPU unless told and forwards --dataset; `benchmark model` trains
    MTGRR where auto points unless told; a city's size and seed stay unset for the function's defaults."""
    import mtgrr.benchmark
    import mtgrr.benchmarks
    from mtgrr.benchmarks.datasets import CitySettings
    from mtgrr.cli import main

    calls = {}
    monkeypatch.setattr(
        mtgrr.benchmark, "train_benchmark", lambda **kw: calls.setdefault("train", []).append(kw)
    )
    monkeypatch.setattr(
        mtgrr.benchmarks, "run_benchmark", lambda **kw: calls.setdefault("model", []).append(kw)
    )
    assert main(["benchmark", "train", "--quiet"]) == 0
    assert main(["benchmark", "train", "--dataset", str(tmp_path), "--device", "cuda", "--quiet"]) == 0
    assert main(["benchmark", "model", "--quiet"]) == 0
    assert main(["benchmark", "model", "--device", "cpu", "--quiet"]) == 0
    assert main(["benchmark", "model", "--city-regions", "180", "--city-trips-per-region", "4000"]) == 0
    first, second = calls["train"]
    assert (first["device"], first["dataset"], first["regions"], first["seed"]) == ("cpu", None, None, None)
    assert (second["device"], second["dataset"]) == ("cuda", tmp_path)
    assert [c["device"] for c in calls["model"]] == ["auto", "cpu", "auto"]
    assert [c["city"] for c in calls["model"]] == [None, None, CitySettings(180, None, 4000)]
