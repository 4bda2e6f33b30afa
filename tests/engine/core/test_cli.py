"""The CLI's contract with its callers: exit codes and JSON error events."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mtgrr.cli import build_parser


def _run(*args):
    return subprocess.run([sys.executable, "-m", "mtgrr", *args], capture_output=True, text=True, timeout=120)


def test_input_error_gives_exit_2_and_an_error_event(tmp_path):
    proc = _run("ingest", str(tmp_path / "missing.toml"), "--events")
    assert proc.returncode == 2
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[-1]["event"] == "error" and events[-1]["kind"] == "input"
    assert "job file not found" in events[-1]["message"]
    # the parts apart, for the plugin to name its own layer instead of the job key
    assert events[-1]["where"] == str(tmp_path / "missing.toml")
    assert events[-1]["problem"].startswith("job file not found")
    assert events[-1]["message"] == f"{events[-1]['where']}: {events[-1]['problem']} Fix: {events[-1]['fix']}"


def test_input_error_in_terminal_mode_goes_to_stderr(tmp_path):
    bad = tmp_path / "job.toml"
    bad.write_text('[regions]\npath = "r.gpkg"\n[poi]\npath = "p.gpkg"\n')
    proc = _run("ingest", str(bad))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "poi: 'category_field' is required" in proc.stderr
    # the fix on a line of its own, not run on after the last listed problem
    assert proc.stderr.endswith("\n  fix: correct the keys listed above.\n"), proc.stderr


def test_a_seed_outside_numpys_range_is_refused_before_any_work(tmp_path):
    """On the command line and in the job file alike: exit 2 naming the seed, never an internal error after ingest."""
    job = tmp_path / "job.toml"
    job.write_text(
        '[regions]\npath = "r.gpkg"\n[poi]\npath = "p.gpkg"\ncategory_field = "c"\n[train]\nseed = -3\n'
    )
    proc = _run("train", str(job), "--quiet")
    assert (
        proc.returncode == 2 and "train.seed = -3: must be from 0 to 4294967295" in proc.stderr
    ), proc.stderr
    for command in (["train", str(job)], ["synth", str(tmp_path / "city")], ["benchmark", "city"]):
        proc = _run(*command, "--seed", "-3")
        assert (
            proc.returncode == 2 and "--seed: must be from 0 to 4294967295, not -3" in proc.stderr
        ), proc.stderr
    proc = _run("train", str(job), "--seed", "three")
    assert proc.returncode == 2 and "--seed: a whole number is expected, not 'three'" in proc.stderr


def test_version():
    proc = _run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("mtgrr ")


def test_ingest_caches_image_embeddings_per_user_not_beside_the_job(tmp_path):
    """``mtgrr ingest`` writes only the dataset it names; image embeddings go to the user cache, as ``run`` does."""
    city = tmp_path / "city"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "mtgrr", *args], capture_output=True, text=True, timeout=600, env=env
        )

    assert run("synth", str(city), "--regions", "16", "--images", "12").returncode == 0
    proc = run("ingest", str(city / "job.toml"), "--out", str(tmp_path / "dataset"))
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "xdg" / "mtgrr").rglob("*.npy"))
    assert not (city / "mtgrr_output").exists()


def test_benchmark_options_belong_to_their_kind():
    """Each ``mtgrr benchmark`` kind takes only its own options: one meant for another kind is refused (exit 2)."""
    proc = _run("benchmark", "city", "--quick")
    assert proc.returncode == 2 and "unrecognized arguments: --quick" in proc.stderr
    assert "--nyc-dir" in _run("benchmark", "model", "--help").stdout
    assert "--nyc-dir" not in _run("benchmark", "train", "--help").stdout


def test_help_says_what_the_readme_says():
    """``--help`` agrees with the README's command lines: the alias, defaults, and one column per --target."""
    assert "'mtgrr run' is the same command" in " ".join(_run("run", "--help").stdout.split())
    assert "--target a --target b" in " ".join(_run("evaluate", "--help").stdout.split())
    assert "3 per region" in _run("synth", "--help").stdout
    proc = _run("evaluate", "emb.gpkg", "--target", "a", "b")  # README: one column per --target
    assert proc.returncode == 2 and "unrecognized arguments: b" in proc.stderr


def test_evaluate_names_an_id_mismatch_between_the_tables(tmp_path):
    """Targets keyed by other ids than the embeddings: said as such, not as too few labels."""
    rows = range(20)
    emb = tmp_path / "emb.csv"
    emb.write_text("region_id,emb_000,emb_001\n" + "".join(f"r{i},{i},{i % 3}\n" for i in rows))
    targets = tmp_path / "targets.csv"
    targets.write_text("region_id,income\n" + "".join(f"{i},{2 * i}\n" for i in rows))
    proc = _run("evaluate", str(emb), "--targets", str(targets), "--target", "income")
    assert proc.returncode == 2
    assert "no region id of the targets table matches" in proc.stderr and "'r0'" in proc.stderr


def test_evaluate_suggests_a_target_among_the_fields_not_the_embedding_columns(tmp_path):
    emb = tmp_path / "emb.csv"
    emb.write_text(
        "region_id,emb_000,emb_001,target_activity\n" + "".join(f"{i},{i},{i % 3},{i}\n" for i in range(20))
    )
    proc = _run("evaluate", str(emb), "--target", "target_activty")
    assert proc.returncode == 2
    assert "Did you mean 'target_activity'?" in proc.stderr and "emb_000" not in proc.stderr


def test_evaluate_joins_the_targets_by_region_id_not_by_row(tmp_path):
    """A targets table in another row order, lacking one region, scores as the aligned one; repeated ids are refused."""
    import numpy as np

    rng = np.random.default_rng(0)
    n = 40
    signal = rng.normal(size=n)
    emb = tmp_path / "emb.csv"
    emb.write_text(
        "region_id,emb_000,emb_001\n" + "".join(f"r{i},{signal[i]},{rng.normal()}\n" for i in range(n))
    )
    rows = [f"r{i},{3 * signal[i] + 0.1 * rng.normal()}\n" for i in range(n) if i != 5]
    scores = {}
    for name, order in (("aligned", rows), ("reversed", rows[::-1])):
        table = tmp_path / f"{name}.csv"
        table.write_text("region_id,income\n" + "".join(order))
        proc = _run(
            "evaluate", str(emb), "--targets", str(table), "--target", "income", "--out", str(tmp_path / name)
        )
        assert proc.returncode == 0, proc.stderr
        assert "1 of 40 regions have no row in the targets table" in proc.stderr
        result = json.loads((tmp_path / name / "evaluation.json").read_text())
        scores[name] = result["methods"]
    assert scores["aligned"] == scores["reversed"]
    [method] = scores["aligned"].values()
    assert method["strict"]["income"]["r2"][0] > 0.9  # the signal column was read for the right region
    table = tmp_path / "repeated.csv"
    table.write_text("region_id,income\n" + "".join(rows) + rows[0])
    proc = _run("evaluate", str(emb), "--targets", str(table), "--target", "income")
    assert proc.returncode == 2 and "1 region id(s) occur in more than one row" in proc.stderr


def test_demo_writes_every_output_it_names(tmp_path):
    """``mtgrr demo`` (what ``make demo`` runs), on a small city: each output it reports exists and is whole."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mtgrr",
            "demo",
            "--out",
            str(tmp_path / "demo"),
            "--regions",
            "40",
            "--epochs",
            "2",
            "--events",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    outputs = events[-1]["outputs"]
    assert events[-1]["event"] == "result"
    assert {"embeddings", "map_weights", "map_pred_target_activity", "report", "evaluation_md"} <= set(
        outputs
    )
    for path in outputs.values():
        assert Path(path).is_file() and Path(path).stat().st_size > 0, path
    for png in (p for p in outputs.values() if p.endswith(".png")):
        assert Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    evaluation = Path(outputs["evaluation_md"]).read_text(encoding="utf-8")
    assert "target_activity" in evaluation and "MTGRR (this run)" in evaluation
    import geopandas as gpd

    embedded = gpd.read_file(outputs["embeddings"], layer="embeddings")
    assert len(embedded) == 40 and embedded.geometry.notna().all()


def test_evaluate_needs_something_to_evaluate_and_joins_ids_by_value(tmp_path):
    """No --target nor --classes: refused, and an earlier evaluation.md stays. Ids 3 and 3.0 are one id (a
    targets column with an empty id reads as floats)."""
    emb = tmp_path / "emb.csv"
    emb.write_text("region_id,emb_000,emb_001\n" + "".join(f"{i},{i},{i % 3}\n" for i in range(20)))
    (tmp_path / "evaluation.md").write_text("earlier")
    proc = _run("evaluate", str(emb))
    assert proc.returncode == 2 and "nothing to evaluate" in proc.stderr
    assert (tmp_path / "evaluation.md").read_text() == "earlier"
    targets = tmp_path / "targets.csv"
    targets.write_text("region_id,income\n" + "".join(f"{i},{2 * i}\n" for i in range(20)) + ",7\n")
    proc = _run(
        "evaluate", str(emb), "--targets", str(targets), "--target", "income", "--out", str(tmp_path / "o")
    )
    assert proc.returncode == 0, proc.stderr
    assert "have no row in the targets table" not in proc.stderr  # every region found its row
    (tmp_path / "no_ids.csv").write_text("region_id,income\n,1\n,2\n")
    proc = _run("evaluate", str(emb), "--targets", str(tmp_path / "no_ids.csv"), "--target", "income")
    assert proc.returncode == 2 and "no row of the targets table has a value in 'region_id'" in proc.stderr
    proc = _run("evaluate", str(emb), "--targets", str(tmp_path / "nope.csv"), "--target", "income")
    assert proc.returncode == 2 and "a relative path starts at the current folder" in proc.stderr


def test_a_failed_ingest_save_leaves_no_partial_dataset(tmp_path):
    """The dataset's files appear together or not at all (here its regions.gpkg cannot be written)."""
    city, out = tmp_path / "city", tmp_path / "dataset"
    assert _run("synth", str(city), "--regions", "16", "--images", "0").returncode == 0
    (out / "regions.gpkg").mkdir(parents=True)
    proc = _run("ingest", str(city / "job.toml"), "--out", str(out), "--quiet")
    # an input error (exit 2) that names the folder in the way, as 'mtgrr train' says it; not an internal error
    assert proc.returncode == 2 and "a folder has the name of an output file (regions.gpkg)" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["regions.gpkg"]  # no arrays without regions, no staging folder


def test_events_and_quiet_are_taken_before_or_after_the_command(tmp_path):
    missing = str(tmp_path / "missing.toml")
    for args in (
        ("--events", "ingest", missing),
        ("ingest", "--events", missing),
        ("--quiet", "ingest", "--events", missing),
    ):
        proc = _run(*args)
        assert proc.returncode == 2, args
        assert json.loads(proc.stdout.splitlines()[-1])["kind"] == "input", args
    # a subcommand that is not given the flag keeps what the top level set
    args = build_parser().parse_args(["--events", "benchmark", "ingest"])
    assert args.events and not args.quiet
    args = build_parser().parse_args(["benchmark", "--quiet", "ingest"])
    assert args.quiet and not args.events


def test_benchmark_ingest_counts_must_be_positive():
    proc = _run("benchmark", "ingest", "--pois", "0")
    assert proc.returncode == 2 and "--pois: must be at least 1" in proc.stderr


def test_an_output_folder_that_is_a_file_is_refused_before_any_work(tmp_path):
    """'ingest' and 'evaluate' ended as 'internal error: FileExistsError' (ingest after the whole ingest), where
    'train' says what is wrong: the same message now, before the inputs are read."""
    report = tmp_path / "report.md"
    report.write_text("mine")
    job = tmp_path / "job.toml"
    job.write_text('[regions]\npath = "r.gpkg"\n[poi]\npath = "p.gpkg"\ncategory_field = "c"\n')
    emb = tmp_path / "emb.csv"
    emb.write_text(
        "region_id,emb_000,emb_001,income\n" + "".join(f"{i},{i},{i % 3},{i}\n" for i in range(20))
    )
    for command, option in (
        (["ingest", str(job)], "--out, or output.dir in the job"),
        (["evaluate", str(emb), "--target", "income"], "--out"),
    ):
        proc = _run(*command, "--out", str(report))
        assert proc.returncode == 2, proc.stderr
        assert f"{report}: the output folder is a file, or lies inside one." in proc.stderr
        assert f"fix: give a folder path ({option})." in proc.stderr
    assert report.read_text() == "mine"


def test_option_values_are_explained_and_device_names_take_any_case(capsys):
    """argparse said 'invalid _at_least_one value', naming a function of this module."""
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["train", "job.toml", "--epochs", "twenty"])
    assert stop.value.code == 2
    assert "--epochs: a whole number of at least 1 is expected, not 'twenty'" in capsys.readouterr().err
    assert build_parser().parse_args(["train", "job.toml", "--device", "CPU"]).device == "cpu"
    for kind in ("train", "model"):
        assert build_parser().parse_args(["benchmark", kind, "--device", "Cuda"]).device == "cuda"


def test_evaluate_lists_the_fields_for_an_id_field_not_found(tmp_path):
    emb = tmp_path / "emb.csv"
    emb.write_text("region_id,emb_000,emb_001\n" + "".join(f"{i},{i},{i % 3}\n" for i in range(20)))
    targets = tmp_path / "targets.csv"
    targets.write_text("region_id,income\n" + "".join(f"{i},{2 * i}\n" for i in range(20)))
    proc = _run(
        "evaluate", str(emb), "--targets", str(targets), "--target", "income", "--id-field", "regionid"
    )
    assert proc.returncode == 2
    assert (
        "no id field 'regionid' in the embeddings table; available: 'region_id'. Did you mean 'region_id'?"
        in (proc.stderr)
    )


def test_evaluate_reads_the_embeddings_layer_of_a_geopackage_by_default(tmp_path):
    """The run's GeoPackage holds QGIS's layer_styles table too: without --layer, the embeddings layer is read
    (not the file's first layer) and pyogrio's 'More than one layer found' warning is not shown."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    rng = np.random.default_rng(0)
    n = 64
    signal = rng.normal(size=n)
    gpkg = tmp_path / "embeddings.gpkg"
    pd.DataFrame({"note": ["mine"]}).pipe(gpd.GeoDataFrame).to_file(gpkg, layer="notes", driver="GPKG")
    squares = [
        shapely.box(i % 8 * 100, i // 8 * 100, i % 8 * 100 + 100, i // 8 * 100 + 100) for i in range(n)
    ]
    table = {"region_id": range(n), "emb_000": signal, "emb_001": rng.normal(size=n), "income": 3 * signal}
    gpd.GeoDataFrame(table, geometry=squares, crs="EPSG:32633").to_file(
        gpkg, layer="embeddings", driver="GPKG"
    )
    proc = _run("evaluate", str(gpkg), "--target", "income", "--spatial", "--out", str(tmp_path / "eval"))
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and "More than one layer" not in proc.stderr, proc.stderr
    result = json.loads((tmp_path / "eval" / "evaluation.json").read_text())
    [method] = result["methods"].values()
    assert method["strict"]["income"]["r2"][0] > 0.9  # read from the embeddings layer


def test_quiet_is_described_as_it_behaves():
    """--quiet hides [info] lines too (Reporter(quiet=True), as the library's default): the help said only
    'no progress bar'."""
    text = " ".join(_run("train", "--help").stdout.split())
    assert "--quiet no progress bar and no [info] lines: only warnings, errors and the files written" in text


def test_evaluate_leaves_out_the_regions_without_data_as_train_does(tmp_path):
    """An all-zero embedding row (a region with no data in any modality) gets no prediction in 'mtgrr train';
    'mtgrr evaluate', which its report recommends, scored it all the same and gave other figures."""
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.normal(0, 0.3, 60)
    X[[4, 20, 33]] = 0.0  # regions without data, whose targets are known
    header = "region_id,emb_000,emb_001,emb_002,y\n"
    rows = [f"{i},{a},{b},{c},{t}\n" for i, ((a, b, c), t) in enumerate(zip(X, y, strict=True))]
    (tmp_path / "with").mkdir()
    (tmp_path / "with" / "emb.csv").write_text(header + "".join(rows))
    (tmp_path / "without").mkdir()
    keep = [r for i, r in enumerate(rows) if i not in (4, 20, 33)]
    (tmp_path / "without" / "emb.csv").write_text(header + "".join(keep))
    r2 = {}
    for name in ("with", "without"):
        proc = _run("evaluate", str(tmp_path / name / "emb.csv"), "--target", "y")
        assert proc.returncode == 0, proc.stderr
        result = json.loads((tmp_path / name / "evaluation.json").read_text())
        r2[name] = next(iter(result["methods"].values()))["strict"]["y"]["r2"]
    assert r2["with"] == r2["without"]
    assert (
        "3 region(s) without data (an all-zero embedding"
        in _run("evaluate", str(tmp_path / "with" / "emb.csv"), "--target", "y").stderr
    )
    assert (
        "3 region(s) without data (an all-zero embedding) left out"
        in (tmp_path / "with" / "evaluation.md").read_text()
    )
