"""Command line: ``mtgrr <command>``. Every command shares the error/cancel/events handling."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__
from .errors import Cancelled, InputError
from .events import Reporter


def _cmd_synth(args, reporter: Reporter) -> int:
    from .synth import generate_city

    paths = generate_city(
        args.out_dir,
        n_regions=args.regions,
        seed=args.seed,
        n_images=args.images,
        overwrite=args.overwrite,
        reporter=reporter,
        trips_per_region=args.trips_per_region,
    )
    reporter.result(paths)
    return 0


def _cmd_ingest(args, reporter: Reporter) -> int:
    from .export.atomic import check_output_folder
    from .job import load_job
    from .pipeline import build_dataset, default_cache_dir

    job = load_job(args.job)
    out = Path(args.out or job.output.dir / "dataset")
    check_output_folder(out, "give a folder path (--out, or output.dir in the job).")
    ds = build_dataset(job, reporter, cache_dir=default_cache_dir())
    _save_dataset(ds, out, reporter)
    reporter.result({"dataset": out}, regions=ds.num_regions, report=ds.report)
    return 0


def _save_dataset(ds, out: Path, reporter: Reporter) -> None:
    """Save into a staging folder, then rename the files into place together: a failed or cancelled save
    leaves an earlier dataset whole (never new arrays beside old regions), and none of a new one."""
    from .pipeline import move_into_place, staging_prefix

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=staging_prefix(), dir=out) as staging:
        ds.save(staging)
        reporter.check_cancelled()
        move_into_place(Path(staging), out)
    if ds.regions is None:  # an earlier dataset's regions would be read with this one
        (out / "regions.gpkg").unlink(missing_ok=True)


def _job_with_overrides(args):
    from .job import load_job

    job = load_job(args.job)
    if getattr(args, "out", None):
        job.output.dir = args.out.resolve()
    for key in ("epochs", "seed", "device"):
        value = getattr(args, key, None)
        if value is not None:
            setattr(job.train, key, value)
    return job


def _cmd_train(args, reporter: Reporter) -> int:
    from .pipeline import run_job

    job = _job_with_overrides(args)
    outputs = run_job(job, reporter)
    reporter.result(outputs)
    return 0


def _cmd_embed(args, reporter: Reporter) -> int:
    from .pipeline import run_job

    job = _job_with_overrides(args)
    outputs = run_job(job, reporter, model_path=args.model.resolve())
    reporter.result(outputs)
    return 0


def _read_cli_table(path: Path, layer: str | None, what: str, layer_option: str):
    """``read_table`` with fixes in command-line terms (the job-file wording of the readers does not apply)."""
    from .ingest import read_table

    try:
        return read_table(path, layer, f"{what} {path}")
    except InputError as err:
        if err.problem.startswith("file not found"):
            fix = "check the path (a relative path starts at the current folder)."
        elif err.problem.startswith("layer "):
            fix = f"give {layer_option} one of the layers listed."
        else:
            fix = err.fix
        raise InputError(err.problem, where=err.where, fix=fix) from None


def _targets_by_region(emb, targets, id_field: str, path: Path, reporter: Reporter):
    """The targets table's rows in the embeddings' region order, matched on ``id_field`` by value as ingest
    matches ids ("12", 12 and 12.0 are one id); rows without an id are left out, and a repeated id is refused."""
    import pandas as pd

    from .ingest.layers import id_keys

    targets = targets[targets[id_field].notna()]
    if targets.empty:
        raise InputError(
            f"no row of the targets table has a value in {id_field!r}.",
            where=str(path),
            fix="fill the region ids, or set --id-field to the column that holds them.",
        )
    # keyed apart from the regions without an id, whose NaN would turn every id into a float ("12.0")
    has_id = emb[id_field].notna().to_numpy()
    ids = pd.Series(None, index=range(len(emb)), dtype=object)
    ids[has_id] = id_keys(emb[id_field].to_numpy()[has_id])
    target_ids = pd.Series(id_keys(targets[id_field].to_numpy()), index=targets.index)
    matched = int(ids.isin(set(target_ids)).sum())
    if matched == 0:
        raise InputError(
            f"no region id of the targets table matches one of the embeddings (e.g. {ids.iloc[0]!r} in the "
            f"embeddings, {target_ids.iloc[0]!r} in the targets).",
            where=str(path),
            fix=f"check that --id-field ({id_field!r}) holds the same region ids in both tables.",
        )
    _refuse_repeated_ids(
        target_ids,
        "the targets table",
        path,
        "give one row per region (aggregate the rows first), or check --id-field.",
    )
    if matched < len(ids):
        reporter.log(
            f"{len(ids) - matched} of {len(ids)} regions have no row in the targets table.", "warning"
        )
    return targets.set_index(target_ids).reindex(ids)


def _refuse_repeated_ids(ids, table: str, path: Path, fix: str) -> None:
    """A region on two rows would count twice in every fold."""
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise InputError(
            f"{repeated.nunique()} region id(s) occur in more than one row of {table} (e.g. {repeated.iloc[0]!r}).",
            where=str(path),
            fix=fix,
        )


def _embedding_matrix(emb, columns: list[str], path: Path):
    """The emb_* columns as floats; a text or missing value is refused by column (the probes need every value)."""
    import numpy as np
    import pandas as pd

    X = emb[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(X)
    if bad.any():
        col = int(bad.any(axis=0).argmax())
        raise InputError(
            f"{int(bad.any(axis=1).sum())} region(s) have an empty, text or infinite embedding value "
            f"(e.g. {emb[columns[col]].iloc[int(bad[:, col].argmax())]!r} in {columns[col]!r}).",
            where=str(path),
            fix="embed those regions again ('mtgrr embed'), or remove their rows.",
        )
    return X


def _region_coordinates(path: Path, layer: str | None):
    """One point per region of the embeddings layer (:func:`planar_coordinates`), for the spatially blocked folds."""
    import pyogrio

    from .evaluate.spatial import planar_coordinates

    where = str(path)
    fix = "give the GeoPackage the run wrote (it holds the regions' polygons), or leave out --spatial."
    if Path(path).suffix.lower() in (".csv", ".parquet"):
        raise InputError("--spatial needs the regions' geometry, and a table has none.", where=where, fix=fix)
    frame = pyogrio.read_dataframe(path, layer=layer, columns=[])
    if "geometry" not in frame:
        raise InputError(
            "--spatial needs the regions' geometry, and this layer has none.", where=where, fix=fix
        )
    try:
        return planar_coordinates(frame.geometry, frame.crs)
    except ValueError as err:
        raise InputError(
            f"{err}.", where=where, fix="give every region a polygon, or leave out --spatial."
        ) from None


def _embeddings_layer(path: Path, layer: str | None) -> str | None:
    """The layer to read: --layer, else the embeddings layer 'mtgrr train' writes where the file has it (its
    GeoPackage also holds QGIS's layer_styles table, and reading without a layer name warns), else the file's
    first layer, which the readers take. None for a table, or a file the reader will say it cannot open."""
    import pyogrio

    from .export.layer import EMBEDDINGS_LAYER
    from .ingest.layers import is_text_table

    if layer is not None or is_text_table(path) or path.suffix.lower() == ".parquet":
        return layer
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception:  # noqa: BLE001 - GDAL raises several types; the reader explains them with a fix
        return None
    return EMBEDDINGS_LAYER if EMBEDDINGS_LAYER in names else next(iter(names), None)


def _evaluate_command(args) -> str:
    """The command that gives this report's figures (--out, --events and --quiet change none), for the report."""
    import shlex

    words = ["mtgrr", "evaluate", str(args.embeddings)]
    options = [("--layer", args.layer), ("--targets", args.targets), ("--targets-layer", args.targets_layer)]
    options += [("--id-field", args.id_field if args.targets else None)]
    options += [("--target", t) for t in args.target or ()] + [("--classes", c) for c in args.classes or ()]
    options += [("--by", args.by)]
    words += [w for flag, value in options if value is not None for w in (flag, str(value))]
    words += ["--spatial"] if args.spatial else []
    return shlex.join(words)


def _cmd_evaluate(args, reporter: Reporter) -> int:
    import pandas as pd

    from .evaluate import evaluate, write_report
    from .export.atomic import check_output_folder
    from .export.layer import regions_with_data
    from .ingest.layers import suggest

    if not args.target and not args.classes:  # a report with nothing in it would replace an earlier one
        raise InputError(
            "nothing to evaluate.",
            where="mtgrr evaluate",
            fix="name at least one --target (a numeric column) or --classes (a class column).",
        )
    if args.out:
        check_output_folder(args.out, "give a folder path (--out).")
    layer = _embeddings_layer(args.embeddings, args.layer)
    emb = _read_cli_table(args.embeddings, layer, "embeddings", "--layer")
    columns = [c for c in emb.columns if c.startswith("emb_")]
    if not columns:
        raise InputError(
            "no embedding columns (emb_000, emb_001, ...).",
            where=str(args.embeddings),
            fix="give the embeddings layer written by 'mtgrr train'.",
        )
    X = _embedding_matrix(emb, columns, args.embeddings)
    named = [*(args.target or ()), *(args.classes or ()), *([args.by] if args.by else [])]
    inside = [c for c in named if c in columns]
    if inside:  # the probe would predict the embedding from itself (R² 1)
        raise InputError(
            f"{inside[0]!r} is an embedding column, not a target.",
            where="mtgrr evaluate",
            fix="name a field of the regions (--target, --classes, --by), not one of emb_000, emb_001, ...",
        )
    if args.id_field in emb.columns:
        _refuse_repeated_ids(
            emb[args.id_field].dropna(),
            f"the embeddings ({args.id_field!r})",
            args.embeddings,
            "give one row per region, as 'mtgrr train' writes them.",
        )
    if args.targets:
        targets = _read_cli_table(args.targets, args.targets_layer, "targets", "--targets-layer")
        id_field = args.id_field
        for name, table in (("embeddings", emb), ("targets", targets)):
            if id_field not in table.columns:
                fields = [str(c) for c in table.columns if not str(c).startswith("emb_")]
                raise InputError(
                    f"no id field {id_field!r} in the {name} table; {suggest(id_field, fields)}",
                    where=str(args.targets if name == "targets" else args.embeddings),
                    fix="set --id-field to the region id column of both tables.",
                )
        targets = _targets_by_region(emb, targets, id_field, args.targets, reporter)
    else:
        targets = emb
    targets = pd.DataFrame(targets).reset_index(drop=True)
    coordinates = _region_coordinates(args.embeddings, layer) if args.spatial else None
    data = regions_with_data(X)  # left out as 'mtgrr train' leaves them out of its prediction
    if not data.all():
        X, targets = X[data], targets[data].reset_index(drop=True)
        coordinates = None if coordinates is None else coordinates[data]
        reporter.log(
            f"{int((~data).sum())} region(s) without data (an all-zero embedding: no cluster, colour or prediction "
            "in the output) are left out of the evaluation",
            "warning",
        )
    result = evaluate(
        [X],
        targets,
        regression_columns=args.target or (),
        class_columns=args.classes or (),
        group_column=args.by,
        coordinates=coordinates,
        reporter=reporter,
    )
    result["command"] = _evaluate_command(args)
    result["regions_without_data"] = int((~data).sum())
    written = write_report(
        result, args.out or Path(args.embeddings).parent, title=f"Evaluation of {args.embeddings}"
    )
    reporter.result(written)
    return 0


def _cmd_demo(args, reporter: Reporter) -> int:
    from .demo import run_demo

    outputs = run_demo(args.out.resolve(), reporter, regions=args.regions, epochs=args.epochs)
    reporter.result(outputs)
    return 0


def _cmd_benchmark(args, reporter: Reporter) -> int:
    from .benchmark import CITY_SEED, ingest_benchmark, train_benchmark

    if args.what == "train":
        train_benchmark(
            regions=args.regions,
            images=args.images,
            epochs=args.epochs,
            seed=args.seed,
            workdir=args.workdir,
            reporter=reporter,
            device=args.device,
            dataset=args.dataset,
        )
    elif args.what == "city":
        from .synth.regimes import city_benchmark

        seed = CITY_SEED if args.seed is None else args.seed
        city_benchmark(args.regions, seed, args.workdir, reporter)
    elif args.what == "ingest":
        ingest_benchmark(
            regions=args.regions,
            pois=args.pois,
            trips=args.trips,
            roads=args.roads,
            workdir=args.workdir,
            reporter=reporter,
        )
    else:
        from .benchmarks import run_benchmark
        from .benchmarks.datasets import CitySettings

        settings = {"n_regions": args.city_regions, "trips_per_region": args.city_trips_per_region}
        given = {k: v for k, v in settings.items() if v is not None}
        run_benchmark(
            datasets=[d.strip() for d in args.datasets.split(",") if d.strip()],
            seeds=args.seeds,
            out_dir=args.out,
            quick=args.quick,
            reporter=reporter,
            nyc_dir=args.nyc_dir,
            methods=[m.strip() for m in args.methods.split(",") if m.strip()] if args.methods else None,
            device=args.device,
            city=CitySettings(**given) if given else None,
        )
    return 0


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:  # argparse would say "invalid _at_least_one value"
        raise argparse.ArgumentTypeError(f"a whole number of at least 1 is expected, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seed(text: str) -> int:
    """A seed numpy, torch and scikit-learn all take: 0 to mtgrr.job.MAX_SEED, repeated here because importing
    the job module would load pydantic for every command."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number is expected, not {text!r}") from None
    if not 0 <= value <= 2**32 - 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to {2**32 - 1}, not {value}")
    return value


def _add_output_flags(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--events", action="store_true", default=default, help="print JSON-lines events on stdout (for QGIS)"
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        default=default,
        help="no progress bar and no [info] lines: only warnings, errors and the files written",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mtgrr", description="MTGRR urban region representations.")
    parser.add_argument("--version", action="version", version=f"mtgrr {__version__}")
    # --events and --quiet are taken before the command's name, after it, or between `benchmark` and its kind.
    # Below the top level they default to SUPPRESS, so that a subcommand that is not given one leaves the value
    # an outer level set instead of resetting it to False.
    _add_output_flags(parser, default=False)
    common = argparse.ArgumentParser(add_help=False)
    _add_output_flags(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("synth", parents=[common], help="write the synthetic city (all six modalities)")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--regions", type=int, default=400, help="number of regions (400; up to 100000)")
    p.add_argument("--seed", type=_seed, default=0, help="the same seed gives the same city (0)")
    p.add_argument(
        "--images", type=int, default=None, help="number of street-view images (3 per region, at most 10,000)"
    )
    p.add_argument(
        "--trips-per-region",
        type=int,
        default=None,
        help="recorded taxi trips per region where coverage is full (40: sparse flows, most pairs one trip)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    p.set_defaults(func=_cmd_synth)

    p = sub.add_parser("ingest", parents=[common], help="read a job's inputs into features and graphs")
    p.add_argument("job", type=Path, help="job file (TOML)")
    p.add_argument("--out", type=Path, help="dataset folder (default: <output.dir>/dataset)")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser(
        "train",
        aliases=["run"],
        parents=[common],
        help="ingest, train, predict and export (the main job)",
        description="Ingest, train, predict and export (the main job). 'mtgrr run' is the same command.",
    )
    p.add_argument("job", type=Path, help="job file (TOML)")
    p.add_argument("--out", type=Path, help="output folder (overrides output.dir)")
    p.add_argument("--epochs", type=_at_least_one, help="overrides train.epochs")
    p.add_argument("--seed", type=_seed, help="overrides train.seed")
    p.add_argument(
        "--device", type=str.lower, choices=["auto", "cpu", "cuda", "mps"], help="overrides train.device"
    )
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("embed", parents=[common], help="embed a job's regions with a saved model")
    p.add_argument("model", type=Path, help="model.pt written by 'mtgrr train'")
    p.add_argument("job", type=Path, help="job file with the same modalities as the model's")
    p.add_argument("--out", type=Path, help="output folder (overrides output.dir)")
    p.set_defaults(func=_cmd_embed)

    p = sub.add_parser("evaluate", parents=[common], help="regression and clustering scores of an embedding")
    p.add_argument("embeddings", type=Path, help="embeddings layer/table (GeoPackage, CSV, Parquet)")
    p.add_argument("--layer", help="layer name in a multi-layer file")
    p.add_argument("--targets", type=Path, help="table with the targets (default: the embeddings table)")
    p.add_argument("--targets-layer", help="layer of the targets file")
    p.add_argument(
        "--id-field", default="region_id", help="region id column joining the two tables (region_id)"
    )
    p.add_argument(
        "--target", action="append", help="numeric column to predict (once per column: --target a --target b)"
    )
    p.add_argument(
        "--classes",
        action="append",
        help="class column to compare clusters with (once per column, like --target)",
    )
    p.add_argument(
        "--by", help="also score the regression targets within each group of this column (e.g. district)"
    )
    p.add_argument(
        "--spatial",
        action="store_true",
        help="also score the targets on spatially blocked folds (compact blocks of regions held out; "
        "needs the regions' geometry)",
    )
    p.add_argument("--out", type=Path, help="report folder (default: beside the embeddings)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("demo", parents=[common], help="synthetic city → train → evaluate → styled maps")
    p.add_argument(
        "--out", type=Path, default=Path("out/demo"), help="writes city/ and result/ here (out/demo)"
    )
    p.add_argument("--regions", type=int, default=400, help="regions of the synthetic city (400)")
    p.add_argument("--epochs", type=_at_least_one, default=None, help="overrides the demo job's epochs")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "benchmark",
        parents=[common],
        help="print speed and memory figures, or models against ablations and baselines",
    )
    kinds = p.add_subparsers(dest="what", required=True)

    def workdir(b, what):
        b.add_argument("--workdir", type=Path, default=None, help=what)

    b = kinds.add_parser("ingest", parents=[common], help="ingestion speed and memory")
    b.add_argument("--regions", type=_at_least_one, default=10_000, help="number of regions (10,000)")
    b.add_argument("--pois", type=_at_least_one, default=1_000_000, help="number of POIs (1,000,000)")
    b.add_argument("--trips", type=_at_least_one, default=1_000_000, help="number of trips (1,000,000)")
    b.add_argument("--roads", type=_at_least_one, default=100_000, help="number of road segments (100,000)")
    workdir(b, "where to write the generated inputs (default: a scratch folder, emptied afterwards)")

    b = kinds.add_parser("train", parents=[common], help="training speed and memory")
    b.add_argument("--regions", type=int, default=None, help="regions of the synthetic city (10,000)")
    b.add_argument("--seed", type=_seed, default=None, help="the synthetic city's seed (5)")
    b.add_argument("--images", type=int, default=0, help="street-view images in the city (0)")
    b.add_argument("--epochs", type=int, default=5, help="epochs to time (5; at least 2)")
    b.add_argument(
        "--dataset",
        type=Path,
        default=None,
        help="time a dataset `mtgrr ingest` saved in this folder instead of a synthetic city",
    )
    b.add_argument(
        "--device",
        type=str.lower,
        choices=["cpu", "cuda", "mps", "auto"],
        default="cpu",
        help="where to time training (cpu)",
    )
    workdir(b, "scratch folder for the synthetic city (emptied afterwards)")

    b = kinds.add_parser(
        "model", parents=[common], help="models against ablations and baselines (README tables)"
    )
    b.add_argument(
        "--datasets",
        default="nyc180,synthetic",
        help="comma-separated datasets (nyc180, synthetic, synthetic:SEED for another synthetic city)",
    )
    b.add_argument("--seeds", type=int, default=5, help="training seeds (5)")
    b.add_argument("--out", type=Path, default=Path("out/benchmark"), help="report folder (out/benchmark)")
    b.add_argument("--quick", action="store_true", help="1 seed, 5 epochs, tiny city (smoke test)")
    b.add_argument(
        "--methods",
        default=None,
        help='comma-separated method names to train (default: all), e.g. "MVURE-style,HREP-style"',
    )
    b.add_argument("--city-regions", type=int, default=None, help="regions of each synthetic city (400)")
    b.add_argument(
        "--city-trips-per-region",
        type=int,
        default=None,
        help="recorded taxi trips per covered region of each synthetic city (40: sparse flows)",
    )
    b.add_argument(
        "--nyc-dir",
        type=Path,
        default=Path("../shared/data/nyc180"),
        help="NYC-180 folder (default: ../shared/data/nyc180 from the current folder)",
    )
    b.add_argument(
        "--device",
        type=str.lower,
        choices=["cpu", "cuda", "mps", "auto"],
        default="auto",
        help="where MTGRR's rows train (the baselines train on the CPU)",
    )

    b = kinds.add_parser("city", parents=[common], help="what each modality explains per synthetic district")
    b.add_argument("--regions", type=int, default=1_500, help="number of regions (1,500)")
    b.add_argument("--seed", type=_seed, default=None, help="the city's seed (5)")
    workdir(b, "scratch folder for the city (emptied afterwards)")
    for b in kinds.choices.values():
        b.set_defaults(func=_cmd_benchmark)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    reporter = Reporter(json_events=args.events, quiet=args.quiet)
    reporter.install_signal_handlers()
    try:
        return args.func(args, reporter)
    except InputError as err:
        reporter.error(str(err), kind="input", **err.parts())
        return 2
    except Cancelled:
        reporter.error("cancelled: no output was written", kind="cancelled")
        return 130
    except Exception as err:  # a bug: keep the traceback for the log panel / terminal
        reporter.log(traceback.format_exc(), level="error")
        reporter.error(f"internal error: {type(err).__name__}: {err}", kind="internal")
        return 1


if __name__ == "__main__":
    sys.exit(main())
