"""The main job, stage by stage: ingest → features → graphs → model → train → export.

Each function here only sequences the stages; the work lives in the stage packages.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import numpy as np

from .data import RegionDataset
from .errors import InputError, not_numbers
from .events import SILENT, Reporter
from .job import Job


def build_dataset(
    job: Job,
    reporter: Reporter = SILENT,
    cache_dir: Path | None = None,
    timings: dict[str, float] | None = None,
) -> RegionDataset:
    """Read every input of ``job`` into one aligned :class:`RegionDataset` with its graphs.

    ``timings`` (optional) receives the seconds spent per stage, for benchmarks.
    """
    timings = {} if timings is None else timings
    from .features import (
        landuse_features,
        mobility_features,
        poi_features,
        road_features,
        street_view_features,
        table_features,
    )
    from .features.remote_sensing import remote_sensing_features
    from .graphs import build_graphs
    from .ingest import load_regions

    builders = {
        "poi": poi_features,
        "mobility": mobility_features,
        "landuse": landuse_features,
        "roads": road_features,
        "remote_sensing": lambda spec, ds, rep: remote_sensing_features(spec, ds, rep, cache_dir=cache_dir),
        "street_view": lambda spec, ds, rep: street_view_features(spec, ds, rep, cache_dir),
    }
    reporter.progress("ingest", 0)
    started = time.perf_counter()
    ds = load_regions(job, reporter)
    timings["regions"] = time.perf_counter() - started
    names = job.modalities()
    for i, name in enumerate(names):
        spec = getattr(job, name)
        table = getattr(spec, "table", None)  # the one place precomputed tables are dispatched
        started = time.perf_counter()
        if table is not None:
            table_features(name, table, ds, reporter)
        else:
            builders[name](spec, ds, reporter)
        timings[name] = time.perf_counter() - started
        feats = ds.modalities.get(name)
        if feats is not None and not np.asarray(feats.present).any():  # the model would learn from zeros only
            raise InputError(
                "no region has any data of this modality (nothing of it lies in a region, or every count is 0).",
                where=_source(name, spec),
                fix="check that the layer covers the regions and carries the right CRS (the file's own, or crs in "
                "its job section), or leave this modality out of the job.",
            )
        reporter.log(f"{name}: features ready in {timings[name]:.1f} s")
        reporter.progress("ingest", 100 * (i + 1) / (len(names) + 1))
    started = time.perf_counter()
    build_graphs(ds, job.graphs, reporter)
    timings["graphs"] = time.perf_counter() - started
    reporter.progress("ingest", 100)
    for key, n in sorted(ds.report.items()):
        reporter.log(f"fallback {key}: {n}", level="warning")
    return ds


def _source(name: str, spec) -> str:
    """The file behind a modality, worded as its reader names it in its own errors."""
    if getattr(spec, "table", None) is not None:
        return f"{name}.table ({spec.table.path.name})"
    if getattr(spec, "od", None) is not None:
        return f"{name}.od ({spec.od.path.name})"
    if getattr(spec, "raster", None) is not None:
        return f"{name} raster {spec.raster.name}"
    return f"{name} layer {spec.layer or spec.path.name!r} in {spec.path.name}"


def default_cache_dir() -> Path:
    """Image embeddings are cached per user, outside the outputs (which must stay all-or-nothing)."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mtgrr"


def region_attribute(ds: RegionDataset, field_name: str, where: str) -> np.ndarray:
    """A numeric attribute of the regions layer (NaN where empty), e.g. the target to predict."""
    import pandas as pd

    if ds.regions is None:
        raise InputError(
            f"the regions are a table of ids without geometry, whose other fields are not read: the target "
            f"{field_name!r} cannot be taken from them.",
            where=where,
            fix="give the regions as a layer with geometry, or leave the target empty and score the embedding "
            "with 'mtgrr evaluate --targets TABLE --target FIELD'.",
        )
    columns = [c for c in ds.regions.columns if c != "geometry"]
    if field_name not in columns:
        raise InputError(
            f"the regions layer has no field {field_name!r}"
            + (f" (fields: {', '.join(columns)})." if columns else " (it has no attributes)."),
            where=where,
            fix="name a numeric field of the regions layer, or leave the target empty.",
        )
    raw = ds.regions[field_name].reindex(pd.Index(ds.region_ids))
    values = pd.to_numeric(raw, errors="coerce")
    bad = raw.notna() & values.isna()
    if bad.any():
        problem, fix = not_numbers(f"field {field_name!r}", list(raw[bad]), int(raw.notna().sum()))
        raise InputError(problem, where=where, fix=fix)
    return values.to_numpy(dtype=float)


def region_attributes(ds: RegionDataset, reporter: Reporter = SILENT):
    """The regions layer's own fields, carried into the output layer (so that users can predict or
    map them next to the embedding); fields whose names the output uses are left out, with a log."""
    from .export.layer import OUTPUT_PREFIXES

    if ds.regions is None:
        return None
    table = ds.regions.drop(columns="geometry")
    # GeoPackage field names ignore case, and "fid" is its own feature id column
    clash = [
        c
        for c in table.columns
        if str(c).lower() in ("region_id", "color", "cluster", "fid")
        or str(c).lower().startswith(OUTPUT_PREFIXES)
    ]
    if clash:
        reporter.log(
            f"region fields not copied to the output (names the output uses, in any case, or the GeoPackage's "
            f"fid): {', '.join(map(str, clash))}",
            "warning",
        )
    return table.drop(columns=clash)


def _only_modalities(job: Job, used: list[str], reporter: Reporter, model_path: Path) -> Job:
    """The job without the modalities a saved model does not read, so that embedding does not ingest them (street-view
    images would be encoded for nothing) and the report lists what was used."""
    from .train.io import require_modalities

    require_modalities(used, job.modalities(), "job", model_path)
    extra = [m for m in job.modalities() if m not in used]
    if not extra:
        return job
    reporter.log(f"modalities not used by this model, not read: {', '.join(extra)}.", "warning")
    return job.model_copy(update={m: None for m in extra})


def _model_graphs(job: Job, model, reporter: Reporter, model_path: Path) -> Job:
    """The job with the graph settings the saved model was trained with (:func:`saved_graph_options`). Model
    files without them keep the job's."""
    from .train.io import graph_settings_warning, saved_graph_options

    graphs = saved_graph_options(model, model_path)
    if graphs is None or graphs == job.graphs:
        return job
    reporter.log(graph_settings_warning(graphs, job.graphs.model_dump(), "the job's"), "warning")
    return job.model_copy(update={"graphs": graphs})


STAGING_PREFIX = ".mtgrr-staging-"


def staging_prefix() -> str:
    """The staging folder's name up to tempfile's random part: this process's id and host."""
    return f"{STAGING_PREFIX}{os.getpid()}-{socket.gethostname()}-"


def _remove_orphaned_staging(out_dir: Path) -> None:
    """Remove staging folders whose run was killed (SIGKILL leaves no chance to clean up): made on this host (a
    process id means nothing on another machine writing to a shared folder) by a process no longer running.
    POSIX only: elsewhere asking whether a process runs is not this simple."""
    if os.name != "posix":
        return
    for folder in out_dir.glob(f"{STAGING_PREFIX}*-*-*"):
        pid, _, rest = folder.name[len(STAGING_PREFIX) :].partition("-")
        host = rest.rpartition("-")[0]  # tempfile's random part has no "-"
        if not pid.isdigit() or host != socket.gethostname():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # running, under another user
            pass


def _output_folders(out_dir: Path) -> tuple[list[Path], Path]:
    """Create ``out_dir`` (and missing parents) and a staging folder inside it. Returns the folders created,
    deepest first, and the staging folder. A path that is a file, or a folder that cannot be written, is an
    input error naming it."""
    created = [p for p in (out_dir, *out_dir.parents) if not p.exists()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_orphaned_staging(out_dir)
        return created, Path(tempfile.mkdtemp(prefix=staging_prefix(), dir=out_dir))
    except (FileExistsError, NotADirectoryError):
        problem, fix = "the output folder is a file, or lies inside one.", "give a folder path"
    except PermissionError:
        problem, fix = "the output folder is not writable.", "give a folder you can write to"
    raise InputError(problem, where=str(out_dir), fix=f"{fix} (output.dir in the job, or --out).")


def move_into_place(staging: Path, out_dir: Path) -> None:
    """Rename the staged files into ``out_dir`` all together, or none: a failed rename puts back the files of an
    earlier run (never new embeddings beside an old model and report)."""
    from .export.atomic import AtomicOutputs

    try:
        with AtomicOutputs(out_dir) as atomic:
            for item in sorted(staging.iterdir()):
                os.replace(item, atomic.path(item.name))
            atomic.commit()
    except IsADirectoryError as err:
        raise InputError(
            f"a folder has the name of an output file ({Path(err.filename).name}); nothing was written.",
            where=str(out_dir),
            fix="move or rename that folder, or choose another output folder (output.dir in the job, or --out).",
        ) from None
    except PermissionError as err:  # e.g. a file another program holds open on Windows
        raise InputError(
            f"an output file cannot be replaced ({Path(err.filename or out_dir).name}: {err.strerror}); nothing "
            "was written.",
            where=str(out_dir),
            fix="close the program that has it open (QGIS: remove the layer from the project), or choose another "
            "output folder.",
        ) from None


def _regions_crs(job: Job) -> str | None:
    """The CRS the output layer is written in when the job leaves the metric CRS to the engine ("auto"): the
    regions file's own projected CRS, so that the result lies in the user's CRS. None: the dataset's (a grid, an
    explicit crs, a file without a CRS or with a geographic one)."""
    from pyproj import CRS

    from .ingest.layers import file_crs

    spec = job.regions
    if job.crs != "auto" or spec.grid is not None or spec.path is None:
        return None
    crs = file_crs(Path(spec.path), spec.layer)
    # a geographic CRS keeps the metric one: areas read in m², and a polygon across 180° would come back split
    return None if crs is None or CRS.from_user_input(crs).is_geographic else crs


STALE_SUFFIXES = (".png", ".qml", ".csv", ".parquet")
"""What a new run into the same folder removes of the previous run's files when it does not write them again (a map
of a field the new layer lacks would mislead); model files and anything not listed in its run.json are kept."""


def _stale_files(out_dir: Path, new: set[str]) -> list[Path]:
    try:
        previous = json.loads((out_dir / "run.json").read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [
        out_dir / n
        for n in previous
        if n not in new and Path(n).suffix in STALE_SUFFIXES and Path(n).name == n
    ]


def _held_out_blocks(
    ds: RegionDataset, embeddings, y, data: np.ndarray, seed: int, target: str, reporter: Reporter
) -> dict | None:
    """The prediction's metrics on spatially blocked folds (an area without known values predicted from
    the rest), where the regions have polygons and enough of them a value; else None. Training is done by
    then, so a dataset the blocks do not fit is logged, not an error."""
    from .evaluate.predict import predict_attribute
    from .evaluate.spatial import dataset_coordinates, regions_needed

    if ds.regions is None or (np.isfinite(y) & data).sum() < regions_needed():
        return None
    try:
        _, metrics = predict_attribute(
            embeddings, y, seed=seed, where=target, coordinates=dataset_coordinates(ds)
        )
    except InputError as err:
        reporter.log(f"{target}: no held-out blocks: {err.problem}", level="warning")
        return None
    return {k: metrics[k] for k in ("mae", "rmse", "r2")}


def _regions_with_inputs(ds: RegionDataset) -> np.ndarray:
    """The regions with data in some modality, known before training: the model embeds the others as all zeros,
    which the prediction leaves out (:func:`mtgrr.export.layer.regions_with_data`), so a target known on too few
    of the rest stops the run before training rather than after it."""
    from .model.inputs import dataset_modalities

    return np.any([ds.present(m) for m in dataset_modalities(ds)], axis=0)


def run_job(
    job: Job, reporter: Reporter = SILENT, model_path: Path | None = None, ds: RegionDataset | None = None
) -> dict[str, Path]:
    """Ingest (unless ``ds`` is given), train (or embed with ``model_path``), predict and export.

    Everything is written into a hidden staging folder inside ``output.dir`` and moved into place
    only when complete, so a cancel or an error leaves the output folder as it was.
    """
    from .evaluate.predict import check_attribute, predict_attribute
    from .export import write_outputs
    from .export.layer import regions_with_data
    from .train import embed_dataset, load_model, save_model, train_model

    model = load_model(model_path) if model_path is not None else None
    if model is not None and ds is None:
        job = _only_modalities(job, model.modalities, reporter, model_path)
        job = _model_graphs(job, model, reporter, model_path)
    out_dir = Path(job.output.dir)
    created, staging = _output_folders(out_dir)
    done = False
    try:
        if ds is None:
            ds = build_dataset(job, reporter, cache_dir=default_cache_dir())
        summary: dict = {"regions": ds.num_regions, "fallbacks": dict(ds.report), "seed": job.train.seed}
        target = job.output.target_field
        if target:  # checked before training: a typo must not cost a training run
            y = region_attribute(ds, target, "output.target_field")
            check_attribute(y, where=f"output.target_field {target!r}", with_data=_regions_with_inputs(ds))
        if model_path is None:
            # the stage shows while the model is set up (seconds on large graphs)
            reporter.progress("train", 0)
            result = train_model(ds, job.model, job.train, reporter)
            embeddings, weights, names = result.embeddings, result.modality_weights, result.modality_names
            if ds.graph_options is None:  # a dataset made by hand: the job's settings are the best record
                result.model.config["graphs"] = job.graphs.model_dump()
            save_model(result, staging / "model.pt")
            summary["training"] = {
                "epochs": result.epochs_run,
                "best_epoch": result.best_epoch,
                "final_loss": result.losses[-1],
                "seconds": round(result.seconds, 2),
                "device": result.device,
            }
        else:
            embeddings, weights, names = embed_dataset(model_path, ds, reporter, model=model)
            summary["model"] = str(model_path)
        data = regions_with_data(embeddings)
        summary["regions_without_data"] = int((~data).sum())
        predictions = {}
        if target:
            predictions[target], summary["prediction"] = predict_attribute(
                embeddings, y, seed=job.train.seed, where=f"output.target_field {target!r}"
            )
            blocks = _held_out_blocks(ds, embeddings, y, data, job.train.seed, target, reporter)
            if blocks is not None:
                summary["prediction"]["held_out_blocks"] = blocks
            reporter.log(
                f"{target}: out-of-fold R² {summary['prediction']['r2']:.3f} "
                + ("" if blocks is None else f"(held-out blocks of regions: {blocks['r2']:.3f}) ")
                + f"on {summary['prediction']['n_known']} regions with a known value"
            )
            if summary["regions_without_data"]:
                reporter.log(f"{target}: {_without_data(summary['prediction'])}", "warning")
        reporter.progress("export", 0)
        attributes = region_attributes(ds, reporter)
        written = write_outputs(
            ds,
            embeddings,
            weights,
            names,
            staging,
            formats=job.output.formats,
            clusters=job.output.clusters,
            seed=job.train.seed,
            predictions=predictions,
            extra_columns=attributes,
            crs=_regions_crs(job),
            reporter=reporter,
        )
        summary["mean_modality_weights"] = {  # over the regions with data: the others' weights are all 0
            m: float(w) for m, w in zip(names, weights[data].mean(axis=0), strict=False)
        }
        (staging / "report.md").write_text(render_run_report(job, summary, written), encoding="utf-8")
        summary["files"] = sorted([p.name for p in staging.iterdir()] + ["run.json"])
        (staging / "run.json").write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
        reporter.check_cancelled()
        stale = _stale_files(out_dir, set(summary["files"]))
        move_into_place(staging, out_dir)
        for path in stale:
            path.unlink(missing_ok=True)
        reporter.progress("export", 100)
        done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:  # a failed run leaves no folder it made
            for folder in created:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
    outputs = {("embeddings" if k == "gpkg" else k): out_dir / Path(p).name for k, p in written.items()}
    outputs.update(report=out_dir / "report.md", summary=out_dir / "run.json")
    if model_path is None:
        outputs["model"] = out_dir / "model.pt"
    return outputs


def _without_data(prediction: dict) -> str:
    """What the prediction did with the regions without data, for the log and report.md."""
    return (
        f"{prediction['n_without_data']} region(s) without data (an all-zero embedding) get no prediction (NULL); "
        f"{prediction['n_known_without_data']} of them had a known value, left out of the model and its scores."
    )


def render_run_report(job: Job, summary: dict, written: dict) -> str:
    empty = summary.get("regions_without_data", 0)
    lines = [
        f"# MTGRR run: {job.name}",
        "",
        f"- regions: {summary['regions']}"
        + (
            f" ({empty} without data in any modality: an all-zero embedding, no cluster, colour or prediction)"
            if empty
            else ""
        ),
        f"- seed: {summary['seed']}",
    ]
    lines.append(f"- modalities: {', '.join(job.modalities()) or 'none'}")
    if "training" in summary:
        t = summary["training"]
        lines.append(
            f"- training: {t['epochs']} epochs (embedding from epoch {t['best_epoch']}, chosen by training "
            f"loss only), final loss {t['final_loss']:.4f}, {t['seconds']} s on {t['device']}"
        )
    else:
        lines.append(f"- embedded with the saved model {summary['model']}")
    if summary["fallbacks"]:
        lines.append(
            "- documented fallbacks: " + ", ".join(f"{k}={v}" for k, v in summary["fallbacks"].items())
        )
    lines += ["", "## Mean fusion weight per modality", "", "| modality | mean weight |", "|---|---|"]
    lines += [f"| {m} | {w:.3f} |" for m, w in summary["mean_modality_weights"].items()]
    if "prediction" in summary:
        p = summary["prediction"]
        lines += [
            "",
            f"## Prediction of `{job.output.target_field}`",
            "",
            f"Out-of-fold (5-fold, RidgeCV on standardised embeddings) over {p['n_known']} regions with a "
            f"known value: MAE {p['mae']:.4g}, RMSE {p['rmse']:.4g}, R² {p['r2']:.3f}. One split of the regions "
            f"into folds (fold seed {job.train.seed}, the job's train.seed), so it varies with the split: "
            f"`mtgrr evaluate embeddings.gpkg --target {job.output.target_field}` gives the strict protocol's "
            "mean and spread over five splits.",
        ]
        if p.get("n_without_data"):
            lines += ["", _without_data(p)]
        if "held_out_blocks" in p:
            from .evaluate.spatial import BLOCKS_PER_FOLD

            b = p["held_out_blocks"]
            lines += [
                "",
                f"Held out as compact blocks of regions instead (the regions with a value cut into "
                f"{5 * BLOCKS_PER_FOLD} blocks by their location, dealt into 5 folds): "
                f"MAE {b['mae']:.4g}, RMSE {b['rmse']:.4g}, R² {b['r2']:.3f}. This is how well an "
                "area with no known value is predicted from the rest of the city; the figure above, from folds "
                "scattered over the city, is how well the gaps between known regions are filled (`mtgrr evaluate "
                "... --spatial` gives both over five splits).",
            ]
    lines += (
        ["", "## Files", ""]
        + [f"- `{Path(p).name}`" for p in written.values()]
        + ["- `model.pt`"] * ("training" in summary)
    )
    return "\n".join(lines) + "\n"
