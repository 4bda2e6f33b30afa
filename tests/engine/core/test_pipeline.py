"""The main job end to end through the CLI, as the QGIS plugin runs it (real files, --events)."""

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from mtgrr.synth import generate_city

CLI = [sys.executable, "-m", "mtgrr"]


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return generate_city(tmp_path_factory.mktemp("city") / "city", n_regions=60, seed=1, n_images=0)


def _events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_train_embed_evaluate(city, tmp_path):
    out = tmp_path / "run"
    proc = subprocess.run(
        [*CLI, "train", str(city["job"]), "--out", str(out), "--epochs", "3", "--events"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    events = _events(proc.stdout)
    stages = {e["stage"] for e in events if e["event"] == "progress"}
    assert {"ingest", "train", "export"} <= stages
    result = events[-1]
    assert result["event"] == "result"
    outputs = result["outputs"]
    for key in ("embeddings", "model", "report"):
        assert (out / outputs[key].split("/")[-1]).exists()
    layer = gpd.read_file(outputs["embeddings"], layer="embeddings")
    assert len(layer) == 60 and layer.crs.to_epsg() == 32633
    emb = layer[[c for c in layer.columns if c.startswith("emb_")]].to_numpy()
    assert emb.shape[1] >= 2 and np.isfinite(emb).all() and emb.std(axis=0).max() > 0
    weights = layer[[c for c in layer.columns if c.startswith("weight_")]].to_numpy()
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, atol=1e-5)
    assert layer["pred_target_activity"].notna().all()
    assert {"district", "function", "target_activity"} <= set(layer.columns), "region fields carried over"
    report = (out / "report.md").read_text()
    assert "Out-of-fold" in report
    # one split, which mtgrr evaluate's mean over five can differ from: the report says so, with the command
    assert "fold seed 0" in report and "mtgrr evaluate embeddings.gpkg --target target_activity" in report
    run = json.loads((out / "run.json").read_text())
    blocks = run["prediction"]["held_out_blocks"]  # an area without known values, predicted from the rest
    assert set(blocks) == {"mae", "rmse", "r2"} and blocks["r2"] != run["prediction"]["r2"]
    assert (
        "Held out as compact blocks of regions instead (the regions with a value cut into 20 blocks" in report
    )
    assert f"R² {blocks['r2']:.3f}. This is how well an area with no known value is predicted" in report
    assert any("held-out blocks of regions" in e.get("message", "") for e in events if e["event"] == "log")
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "staging files left behind"

    again = tmp_path / "again"
    proc = subprocess.run(
        [*CLI, "embed", outputs["model"], str(city["job"]), "--out", str(again), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    emb_again = gpd.read_file(again / "embeddings.gpkg", layer="embeddings")
    emb_again = emb_again[[c for c in emb_again.columns if c.startswith("emb_")]].to_numpy()
    np.testing.assert_allclose(emb_again, emb, atol=1e-4)
    assert not (again / "model.pt").exists()

    proc = subprocess.run(
        [
            *CLI,
            "evaluate",
            outputs["embeddings"],
            "--layer",
            "embeddings",
            "--targets",
            str(city["city"]),
            "--targets-layer",
            "regions",
            "--target",
            "target_activity",
            "--classes",
            "function",
            "--by",
            "district",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = (out / "evaluation.md").read_text()
    assert "target_activity" in report and "function" in report
    assert "## Strict protocol by `district`: target_activity" in report
    by_district = json.loads((out / "evaluation.json").read_text())["methods"]["embedding"]["strict_by_group"]
    assert set(by_district["target_activity"]) == {"A_mobility", "B_landuse_poi", "C_appearance"}


def test_non_numeric_target_is_an_input_error(city, tmp_path):
    job = city["job"].read_text().replace('target_field = "target_activity"', 'target_field = "district"')
    path = city["job"].with_name("job_bad_target.toml")
    path.write_text(job)
    proc = subprocess.run(
        [*CLI, "train", str(path), "--out", str(tmp_path / "o"), "--epochs", "1", "--events"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 2
    error = _events(proc.stdout)[-1]
    assert error["event"] == "error" and "'district' is not numeric" in error["message"]
    assert not (tmp_path / "o").exists()  # the run made it, and a failed run leaves no folder it made


def test_sigterm_mid_training_leaves_nothing(city, tmp_path):
    out = tmp_path / "cancelled"
    proc = subprocess.Popen(
        [*CLI, "train", str(city["job"]), "--out", str(out), "--epochs", "100000", "--events"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stdout:
            event = json.loads(line)
            if event["event"] == "progress" and event["stage"] == "train":
                proc.send_signal(signal.SIGTERM)
                break
        rest, _ = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert _events(rest)[-1]["kind"] == "cancelled"
    assert not out.exists()


def test_embedding_reads_only_the_model_modalities(city, tmp_path):
    """A job with more modalities than the saved model: the others are neither read (a broken path among them is
    no error) nor reported as used, and a warning names them."""
    import io

    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    others = [m for m in job.modalities() if m != "poi"]
    assert others, "the city must have more than POI"
    poi_only = job.model_copy(update={m: None for m in others})
    poi_only.train.epochs, poi_only.output.dir = 2, tmp_path / "trained"
    model = run_job(poi_only, Reporter(quiet=True))["model"]

    broken = job.model_copy(
        update={others[0]: getattr(job, others[0]).model_copy(update={"path": tmp_path / "gone.gpkg"})}
    )
    broken.output.dir = tmp_path / "embedded"
    log = io.StringIO()
    outputs = run_job(broken, Reporter(json_events=True, stream=log), model_path=model)
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert any(f"not read: {', '.join(others)}" in w for w in warnings)
    assert "- modalities: poi\n" in outputs["report"].read_text()


def test_output_folder_problems_are_input_errors_and_a_failed_run_leaves_no_folder(city, tmp_path):
    def train(*args):
        return subprocess.run([*CLI, "train", *args], capture_output=True, text=True, timeout=600)

    a_file = tmp_path / "a_file"
    a_file.write_text("not a folder")
    proc = train(str(city["job"]), "--out", str(a_file), "--epochs", "1")
    assert proc.returncode == 2 and "the output folder is a file" in proc.stderr, proc.stderr[-2000:]
    assert a_file.read_text() == "not a folder"

    proc = train(str(city["job"]), "--epochs", "0")
    assert proc.returncode == 2 and "--epochs: must be at least 1" in proc.stderr

    typo = city["job"].with_name(
        "job_typo.toml"
    )  # fails while reading the layers, after the output folder was made
    typo.write_text(
        city["job"].read_text().replace('category_field = "category"', 'category_field = "categry"')
    )
    assert "categry" in typo.read_text()
    new = tmp_path / "new" / "run"
    proc = train(str(typo), "--out", str(new), "--epochs", "1")
    assert proc.returncode == 2 and "categry" in proc.stderr
    assert not (tmp_path / "new").exists()


def test_a_new_run_removes_the_previous_runs_maps_it_does_not_write_again(city, tmp_path):
    """A run with a target, then one without into the same folder: the old prediction map and style go (they would
    describe a field the new layer lacks); the model and files the engine did not write stay."""
    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job.train.epochs, job.output.dir = 2, tmp_path / "out"
    first = run_job(job, Reporter(quiet=True))
    pred_map = first["map_pred_target_activity"]
    assert pred_map.exists()
    (tmp_path / "out" / "notes.png").write_bytes(b"the user's own file")
    job.output.target_field = None
    second = run_job(job, Reporter(quiet=True))
    assert not pred_map.exists() and not (tmp_path / "out" / "embeddings_pred_target_activity.qml").exists()
    assert second["embeddings"].exists() and second["model"].exists()
    assert (tmp_path / "out" / "notes.png").exists()
    assert "run.json" in json.loads(second["summary"].read_text())["files"]


def test_outputs_replace_an_earlier_run_all_together_or_not_at_all(city, tmp_path):
    """A folder named like an output file (model.pt) stops the move into place: the earlier run's files are
    all kept as they were, none replaced by the new run's (they were before: new embeddings beside the old report)."""
    from mtgrr.errors import InputError
    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m != "poi"})
    job.train.epochs, job.output.dir = 1, tmp_path / "out"
    first = run_job(job, Reporter(quiet=True))
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    first["model"].unlink()
    first["model"].mkdir()
    job.train.seed = 1
    with pytest.raises(InputError, match=r"a folder has the name of an output file \(model.pt\)"):
        run_job(job, Reporter(quiet=True))
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert after == {k: v for k, v in before.items() if k != "model.pt"}


@pytest.mark.skipif(os.name != "posix", reason="orphans are told by their process id on POSIX only")
def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(city, tmp_path):
    """SIGKILL leaves a hidden staging folder with partial files; the next run into that folder removes it, and
    leaves alone one whose process still runs."""
    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import STAGING_PREFIX, run_job

    out = tmp_path / "out"
    child = subprocess.Popen(["sleep", "0"])
    child.wait()  # a process id that no longer runs
    host = socket.gethostname()
    dead = out / f"{STAGING_PREFIX}{child.pid}-{host}-abc"
    alive = out / f"{STAGING_PREFIX}{os.getpid()}-{host}-def"
    elsewhere = out / f"{STAGING_PREFIX}{child.pid}-another-host-ghi"  # a shared folder: that id is another's
    for folder in (dead, alive, elsewhere):
        folder.mkdir(parents=True)
        (folder / "model.pt").write_bytes(b"partial")
    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m != "poi"})
    job.train.epochs, job.output.dir = 1, out
    run_job(job, Reporter(quiet=True))
    assert not dead.exists() and (alive / "model.pt").exists() and (elsewhere / "model.pt").exists()


def _run_events(job, **kwargs):
    import io

    from mtgrr.events import Reporter
    from mtgrr.pipeline import run_job

    log = io.StringIO()
    try:
        return run_job(job, Reporter(json_events=True, stream=log), **kwargs), None
    except Exception as err:  # noqa: BLE001 - the test inspects it
        return None, (err, [json.loads(line) for line in log.getvalue().splitlines()])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("target_activty", "has no field 'target_activty'"),  # a typo
        ("district", "'district' is not numeric"),
    ],
)
def test_the_target_is_checked_before_training(city, tmp_path, change, message):
    """A target that cannot be predicted stops the run before a training epoch is spent on it."""
    from mtgrr.errors import InputError
    from mtgrr.job import load_job

    job = load_job(city["job"])
    job.output.target_field, job.output.dir, job.train.epochs = change, tmp_path / "o", 50
    _, (err, events) = _run_events(job)
    assert isinstance(err, InputError) and message in str(err)
    assert not [e for e in events if e["event"] == "progress" and e["stage"] == "train"]


def test_region_fields_the_geopackage_cannot_take_are_left_out(city, tmp_path):
    """A text or repeated 'fid', and fields equal to output columns but for case, are not copied (they made the
    GeoPackage writer fail after training); the run says which."""
    from mtgrr.job import load_job

    regions = gpd.read_file(city["city"], layer="regions")
    regions["fid"] = ["a"] * len(regions)  # text, and repeated
    regions["Cluster"] = 1
    regions["COLOR"] = "red"
    path = tmp_path / "regions.geojson"
    regions.to_file(path, driver="GeoJSON")
    job = load_job(city["job"])
    job.regions = job.regions.model_copy(update={"path": path, "layer": None})
    job.output.dir, job.train.epochs = tmp_path / "o", 2
    outputs, failure = _run_events(job)
    assert failure is None, failure
    layer = gpd.read_file(outputs["embeddings"], layer="embeddings")
    assert {"cluster", "color", "district"} <= set(layer.columns)
    assert "Cluster" not in layer.columns and "COLOR" not in layer.columns
    summary = json.loads(outputs["summary"].read_text())
    assert summary["seed"] == job.train.seed and f"- seed: {job.train.seed}" in outputs["report"].read_text()


def test_a_saved_model_refuses_data_none_of_whose_columns_it_knows(city, tmp_path):
    """A model trained on a POI table embeds a POI layer's categories as zeros only: refused, naming both."""
    import pandas as pd
    from mtgrr.errors import InputError
    from mtgrr.job import load_job
    from mtgrr.pipeline import build_dataset

    job = load_job(city["job"])
    others = [m for m in job.modalities() if m != "poi"]
    poi_layer = job.model_copy(update={m: None for m in others})
    ds = build_dataset(poi_layer)
    table = pd.DataFrame({"region_id": ds.region_ids, "f1": ds.modalities["poi"].values[:, 0] + 1.0})
    table.to_csv(tmp_path / "poi.csv", index=False)
    as_table = poi_layer.model_copy(
        update={"poi": {"table": {"path": tmp_path / "poi.csv", "id_field": "region_id"}}}
    )
    as_table = type(job).model_validate(as_table.model_dump())
    as_table.train.epochs, as_table.output.dir = 2, tmp_path / "trained"
    model, failure = _run_events(as_table)
    assert failure is None, failure
    poi_layer.output.dir = tmp_path / "embedded"
    _, (err, _events) = _run_events(poi_layer, model_path=model["model"])
    assert isinstance(err, InputError) and "none of the model's 1 poi feature columns" in str(err)
    assert "model: f1" in str(err) and "poi_count_" in str(err)
    landuse_only = job.model_copy(update={m: None for m in job.modalities() if m != "landuse"})
    landuse_only.output.dir = tmp_path / "embedded2"
    _, (err, _events) = _run_events(landuse_only, model_path=model["model"])
    assert "the job has none of the model's modalities: missing poi" in str(err)
    assert "job has landuse" in str(err)


def test_the_output_layer_is_in_the_regions_own_crs(city, tmp_path):
    """Regions in another projected CRS (here ETRS89-LAEA) are processed in a local UTM zone but come back in
    their own CRS, where the user's other layers are; the maps stay metric."""
    from mtgrr.job import load_job

    regions = gpd.read_file(city["city"], layer="regions").to_crs("EPSG:3035")
    regions.to_file(tmp_path / "regions.gpkg", layer="zones")
    job = load_job(city["job"])
    job.regions = job.regions.model_copy(update={"path": tmp_path / "regions.gpkg", "layer": "zones"})
    job.crs = "auto"  # the metric CRS left to the engine, as the QGIS plugin leaves it
    job.output.dir, job.train.epochs = tmp_path / "o", 2
    outputs, failure = _run_events(job)
    assert failure is None, failure
    layer = gpd.read_file(outputs["embeddings"], layer="embeddings")
    assert layer.crs.to_epsg() == 3035
    mine = regions.set_index("region_id").geometry.reindex(layer["region_id"])
    assert (
        np.abs(layer.geometry.get_coordinates().to_numpy() - mine.get_coordinates().to_numpy()).max() < 1e-3
    )


def test_a_modality_with_data_in_no_region_is_an_input_error(city, tmp_path):
    """Land use 100 km off (a wrong CRS, say): the model would learn that modality from zeros, and with no other
    modality training crashed; now the run stops naming it."""
    from mtgrr.errors import InputError
    from mtgrr.job import load_job
    from mtgrr.pipeline import build_dataset

    landuse = gpd.read_file(city["city"], layer="landuse")
    landuse = landuse.to_crs("EPSG:32633").translate(xoff=100_000)
    gpd.GeoDataFrame(
        gpd.read_file(city["city"], layer="landuse").drop(columns="geometry"), geometry=landuse
    ).to_file(tmp_path / "far.gpkg", layer="landuse")
    job = load_job(city["job"])
    job.landuse = job.landuse.model_copy(update={"path": tmp_path / "far.gpkg", "layer": "landuse"})
    with pytest.raises(InputError, match="no region has any data of this modality") as raised:
        build_dataset(job)
    assert raised.value.where == "landuse layer 'landuse' in far.gpkg"  # the file, as its reader names it


def test_a_saved_model_embeds_with_the_graph_settings_it_was_trained_with(city, tmp_path):
    """The experts learnt on graphs of the training job's density: a job with other [graphs] settings (or none)
    must not change the training regions' embedding."""
    import io

    from mtgrr.events import Reporter
    from mtgrr.job import GraphOptions, load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m not in ("poi", "landuse")})
    trained = job.model_copy(update={"graphs": GraphOptions(knn=3, island_neighbours=1)})
    trained.train.epochs, trained.output.dir = 2, tmp_path / "trained"
    outputs = run_job(trained, Reporter(quiet=True))
    job.output.dir = tmp_path / "embedded"
    log = io.StringIO()
    again = run_job(job, Reporter(json_events=True, stream=log), model_path=outputs["model"])
    first, second = (gpd.read_file(o["embeddings"], layer="embeddings") for o in (outputs, again))
    emb = [c for c in first.columns if c.startswith("emb_")]
    np.testing.assert_array_equal(first[emb].to_numpy(), second[emb].to_numpy())
    warnings = [
        e["message"] for e in map(json.loads, log.getvalue().splitlines()) if e.get("level") == "warning"
    ]
    assert any("the model's settings are used (knn = 3, island_neighbours = 1" in w for w in warnings)

    # from Python with a dataset built on the job's settings: its graphs are rebuilt as trained, the caller's
    # dataset left as it was (the embedding differed by up to 0.13, silently)
    from mtgrr.pipeline import build_dataset

    ds = build_dataset(job)
    adjacency = ds.graphs["adjacency"]
    job.output.dir = tmp_path / "from_python"
    log = io.StringIO()
    third = run_job(job, Reporter(json_events=True, stream=log), model_path=outputs["model"], ds=ds)
    embedded = gpd.read_file(third["embeddings"], layer="embeddings")
    np.testing.assert_array_equal(first[emb].to_numpy(), embedded[emb].to_numpy())
    assert "the dataset's (knn = 10" in log.getvalue()
    assert ds.graphs["adjacency"] is adjacency and ds.graph_options == job.graphs.model_dump()


def test_a_model_trained_on_a_given_dataset_records_that_dataset_s_graph_settings(city, tmp_path):
    """run_job(job, ds=...) trains on the dataset's graphs: the model must record those, not the job's [graphs],
    or embedding would rebuild other graphs than it trained on."""
    from mtgrr.events import Reporter
    from mtgrr.job import GraphOptions, load_job
    from mtgrr.pipeline import build_dataset, run_job
    from mtgrr.train import load_model

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m not in ("poi", "landuse")})
    ds = build_dataset(job.model_copy(update={"graphs": GraphOptions(knn=3)}))
    job.train.epochs, job.output.dir = 2, tmp_path / "trained"
    outputs = run_job(job, Reporter(quiet=True), ds=ds)  # the job says knn = 10
    assert load_model(outputs["model"]).config["graphs"] == GraphOptions(knn=3).model_dump()
    job.output.dir = tmp_path / "embedded"
    again = run_job(job, Reporter(quiet=True), model_path=outputs["model"])
    first, second = (gpd.read_file(o["embeddings"], layer="embeddings") for o in (outputs, again))
    emb = [c for c in first.columns if c.startswith("emb_")]
    np.testing.assert_array_equal(first[emb].to_numpy(), second[emb].to_numpy())


def test_a_model_file_with_edited_graph_settings_is_an_input_error(city, tmp_path):
    """The README's promise for a model file changed after saving holds for its [graphs] settings too (they were
    an internal error with a traceback)."""
    import torch
    from mtgrr.errors import InputError
    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m != "poi"})
    job.train.epochs, job.output.dir = 1, tmp_path / "trained"
    model = run_job(job, Reporter(quiet=True))["model"]
    payload = torch.load(model, weights_only=True)
    payload["config"]["graphs"]["knn"] = 0
    torch.save(payload, model)
    job.output.dir = tmp_path / "embedded"
    with pytest.raises(InputError, match=r"changed after training \(its graph settings: .*knn") as raised:
        run_job(job, Reporter(quiet=True), model_path=model)
    assert raised.value.where == str(model)
    assert "pydantic" not in str(raised.value) and "input_value" not in str(raised.value)


def test_progress_names_training_before_its_first_epoch_and_steps_through_the_export(city, tmp_path):
    """On a large city the model's set-up and the export each take tens of seconds: the bar shows them."""
    import io

    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m != "poi"})
    job.train.epochs, job.output.dir = 2, tmp_path / "out"
    log = io.StringIO()
    run_job(job, Reporter(json_events=True, stream=log))
    progress = [e for e in map(json.loads, log.getvalue().splitlines()) if e["event"] == "progress"]
    train = [e for e in progress if e["stage"] == "train"]
    assert train[0]["percent"] == 0 and "epoch" not in train[0] and train[1]["epoch"] == 1
    export = [e["percent"] for e in progress if e["stage"] == "export"]
    assert export == sorted(export) and len(export) >= 6 and export[0] == 0 and export[-1] == 100, export


def test_an_output_file_another_program_holds_is_an_input_error(city, tmp_path, monkeypatch):
    """On Windows a file open in QGIS cannot be replaced: the run says which and how to free it, and the earlier
    run's files stay whole."""
    import mtgrr.export.atomic as atomic
    from mtgrr.errors import InputError
    from mtgrr.events import Reporter
    from mtgrr.job import load_job
    from mtgrr.pipeline import run_job

    job = load_job(city["job"])
    job = job.model_copy(update={m: None for m in job.modalities() if m != "poi"})
    job.train.epochs, job.output.dir = 1, tmp_path / "out"
    run_job(job, Reporter(quiet=True))
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    replace = os.replace

    def held(src, dst):
        if Path(src).name == "embeddings.gpkg":  # set aside before the new one moves in
            raise PermissionError(13, "Permission denied", str(src))
        replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", held)
    job.train.seed = 1
    with pytest.raises(
        InputError, match=r"an output file cannot be replaced \(embeddings.gpkg: Permission denied\)"
    ):
        run_job(job, Reporter(quiet=True))
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()} == before


def test_a_target_with_a_few_stray_entries_names_them_and_how_to_clean_them(city):
    """119 numbers and one "n/a" is a field to clean, not a field to replace; text of numbers is read as them."""
    import pandas as pd
    from mtgrr.data import RegionDataset
    from mtgrr.errors import InputError
    from mtgrr.pipeline import region_attribute

    regions = gpd.read_file(city["city"], layer="regions").set_index("region_id")
    ds = RegionDataset(region_ids=regions.index.to_numpy(), regions=regions, crs=str(regions.crs))
    text = regions["target_activity"].map(repr).astype(object)
    ds.regions["as_text"] = text
    assert np.allclose(region_attribute(ds, "as_text", "output.target_field"), regions["target_activity"])
    text.iloc[4] = "n/a"
    ds.regions["stray"] = text
    with pytest.raises(InputError) as raised:
        region_attribute(ds, "stray", "output.target_field")
    assert raised.value.problem == (
        f"field 'stray' is not numeric: 1 of its {len(regions)} values are not numbers ('n/a')."
    )
    assert raised.value.fix.startswith("correct those values, or clear them")
    assert pd.isna(region_attribute(ds, "target_activity", "x")).sum() == 0


def _job_with_regions_far_from_the_data(city, tmp_path, far_target=None):
    """The city's job with three more regions 50 km east of every layer: no data in any modality, as the H3 cells
    over water or forest of a real grid."""
    import pandas as pd
    from mtgrr.job import load_job

    regions = gpd.read_file(city["city"], layer="regions")
    far = regions.iloc[:3].copy()
    far["geometry"] = far.geometry.translate(xoff=50_000)
    far["region_id"] = [900, 901, 902]
    if far_target is not None:
        regions["target_activity"] = far_target(regions["target_activity"])
    pd.concat([regions, far]).to_file(tmp_path / "regions.gpkg", layer="regions")
    job = load_job(city["job"])
    job.regions = job.regions.model_copy(update={"path": tmp_path / "regions.gpkg", "layer": "regions"})
    job.output.dir, job.train.epochs = tmp_path / "o", 2
    return job


def test_regions_without_data_get_no_cluster_colour_or_prediction_and_the_run_counts_them(city, tmp_path):
    """Their known target values are left out of the probe; report.md, run.json and the log say how many."""
    job = _job_with_regions_far_from_the_data(city, tmp_path)
    outputs, failure = _run_events(job)
    assert failure is None, failure
    layer = gpd.read_file(outputs["embeddings"], layer="embeddings").set_index("region_id")
    far = layer.index >= 900
    emb = layer[[c for c in layer.columns if c.startswith("emb_")]].to_numpy()
    assert (emb[far] == 0).all() and emb[~far].any(axis=1).all()
    for column in ("cluster", "color", "pca_1", "rgb_r", "pred_target_activity"):
        assert layer[column][far].isna().all() and layer[column][~far].notna().all(), column
    assert layer["target_activity"][far].notna().all()  # known there, yet left out
    run = json.loads(outputs["summary"].read_text())
    assert run["regions_without_data"] == 3
    assert run["prediction"]["n_known"] == 60
    assert run["prediction"]["n_without_data"] == run["prediction"]["n_known_without_data"] == 3
    np.testing.assert_allclose(sum(run["mean_modality_weights"].values()), 1.0, atol=1e-5)  # of the 60 only
    report = outputs["report"].read_text()
    assert "- regions: 63 (3 without data in any modality: an all-zero embedding, no cluster" in report
    said = (
        "3 region(s) without data (an all-zero embedding) get no prediction (NULL); 3 of them had a known value, "
        "left out of the model and its scores."
    )
    assert said in report


def test_a_target_known_on_too_few_regions_with_data_stops_the_run_before_training(city, tmp_path):
    """11 values, 3 of them on regions without data: 8 count, fewer than the 10 that 5 folds need."""
    from mtgrr.errors import InputError

    def eight_known(values):
        return values.where(values.index < 8)

    job = _job_with_regions_far_from_the_data(city, tmp_path, far_target=eight_known)
    job.train.epochs = 50
    _, (err, events) = _run_events(job)
    assert isinstance(err, InputError)
    assert err.problem.startswith(
        "only 8 regions with data have a numeric value (3 more have one but no data in any modality"
    )
    assert not [e for e in events if e["event"] == "progress" and e["stage"] == "train"]
