"""Save, load and apply trained models without pickle.

A model file is ``torch.save`` of a dict holding only tensors, ints, floats, bools, None, strings,
lists and dicts (format tag, config, feature vocabulary with standardisation statistics, state dict), so it
loads with ``torch.load(path, weights_only=True)``. Files are written under a temporary name and
renamed, so an interrupted save never leaves a half-written model.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from pydantic import ValidationError

from ..data import ModalityFeatures, RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..features import CATEGORY_PREFIXES
from ..features.mobility import OD_PROFILE_PREFIXES, has_od_profile, od_profile, region_set_digest
from ..graphs import build_graphs
from ..job import GraphOptions, validation_problems
from ..model.inputs import dataset_modalities
from ..model.network import MTGRR
from ..model.preprocess import FeatureScaler
from .trainer import TrainResult

FORMAT = "mtgrr-model"
VERSION = 4  # 2: linear feature scaling, linear reconstruction heads; 3: evidence prior, weighted concat;
# 4: evidence is the relative precision s / typical s (was s / (s + typical s))


def save_model(result_or_model: TrainResult | MTGRR, path: str | Path) -> Path:
    """Write the model (and its vocabulary/statistics) to ``path`` atomically."""
    model = result_or_model.model if isinstance(result_or_model, TrainResult) else result_or_model
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "config": model.config,
        "vocabulary": {m: s.to_dict() for m, s in model.scalers.items()},
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        torch.save(payload, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load_model(path: str | Path) -> MTGRR:
    """Rebuild a saved model (eval mode, CPU)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("model file not found.", where=str(path), fix="give the path of a saved .pt model.")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    # not a torch file, or one holding arbitrary objects (torch's advice to unpickle it is not passed on: unsafe)
    except Exception:
        raise InputError(
            "not an MTGRR model file: it cannot be read as a weights-only PyTorch file (another kind of file, one "
            "cut short or damaged in copying, or one holding other Python objects).",
            where=str(path),
            fix="give the model.pt that 'mtgrr train' wrote; files holding other Python objects are refused for safety.",
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InputError(
            "not an MTGRR model file.", where=str(path), fix="give a file written by save_model."
        )
    if payload.get("version") != VERSION:
        raise InputError(
            f"model file version {payload.get('version')} is not supported (this engine reads version {VERSION}).",
            where=str(path),
            fix="train the model again with this engine (mtgrr train); older versions fused and scaled differently.",
        )
    try:
        scalers = {m: FeatureScaler.from_dict(d) for m, d in payload["vocabulary"].items()}
        config = payload["config"]
        for m in config["modalities"]:
            scaler = scalers[m]
            if not len(scaler.columns) == len(scaler.mean) == len(scaler.std) == config["in_dims"][m]:
                raise ValueError(
                    f"the {m} vocabulary does not match the network's {config['in_dims'][m]} inputs"
                )
        model = MTGRR(config, scalers)
        model.load_state_dict(payload["state_dict"])
    # a file changed after saving (edited config or vocabulary, parameters left out) cannot be rebuilt
    except (KeyError, TypeError, ValueError, RuntimeError) as err:
        raise damaged_model(path, f"{type(err).__name__}: {err}") from None
    return model.eval()


def damaged_model(path, detail: str) -> InputError:
    """The error for a model file changed after saving, with what gave it away (cut to one short line)."""
    detail = " ".join(detail.split())
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    return InputError(
        f"the model file is damaged or was changed after training ({detail}).",
        where=str(path),
        fix="give the model.pt as 'mtgrr train' wrote it, or train the model again.",
    )


def saved_graph_options(model: MTGRR, model_path) -> GraphOptions | None:
    """The ``[graphs]`` settings the model was trained with (None in model files written before they were
    saved): its experts learnt on graphs of that density, and other settings change even the training regions'
    embedding."""
    saved = model.config.get("graphs")
    if saved is None:
        return None
    try:
        return GraphOptions.model_validate(saved)
    except ValidationError as err:
        raise damaged_model(
            model_path, f"its graph settings: {'; '.join(validation_problems(err))}"
        ) from None


def graph_settings_warning(model_options: GraphOptions, other: dict, whose: str) -> str:
    """The warning that the model's graph settings replace ``whose`` (the job's, the dataset's)."""

    def text(options: dict) -> str:
        return ", ".join(f"{k} = {v}" for k, v in options.items())

    return f"graphs: the model's settings are used ({text(model_options.model_dump())}), not {whose} ({text(other)})."


def _graphs_as_trained(model: MTGRR, ds: RegionDataset, model_path, reporter: Reporter) -> RegionDataset:
    """``ds`` with its graphs rebuilt with the model's settings where it records other ones (a dataset built from
    Python with another job's ``[graphs]``); the caller's dataset is left as it is."""
    options = saved_graph_options(model, model_path)
    if options is None or ds.graph_options is None or options.model_dump() == ds.graph_options:
        return ds
    reporter.log(graph_settings_warning(options, ds.graph_options, "the dataset's"), "warning")
    ds = replace(ds, graphs=dict(ds.graphs), report=dict(ds.report))
    build_graphs(ds, options, reporter)
    return ds


def _match_od_profile(model: MTGRR, ds: RegionDataset, reporter: Reporter) -> RegionDataset:
    """Give the model's OD-profile columns (trips to/from each *training* region) their meaning here.

    Same region set with a mobility graph: the profile is rebuilt from the dataset's own trips (the
    job need not ask for it). Other regions: the columns are set to their training means, i.e. 0
    after standardisation, so they add nothing rather than claim "no trips to region <id>".
    """
    digest = model.config.get("od_profile_regions")
    if not digest or "mobility" not in model.modalities or "mobility" not in ds.modalities:
        return ds
    mob = ds.modalities["mobility"]
    base = [i for i, c in enumerate(mob.columns) if not c.startswith(OD_PROFILE_PREFIXES)]
    values, columns = [mob.values[:, base]], [mob.columns[i] for i in base]
    if region_set_digest(ds.region_ids) == digest and "mobility" in ds.graphs:
        profile, names = od_profile(ds.graphs["mobility"], ds.region_ids)
        if not has_od_profile(mob):
            reporter.log(
                "mobility: OD profile built from the dataset's trips (the model was trained with it)."
            )
    else:
        scaler = model.scalers["mobility"]
        od = [i for i, c in enumerate(scaler.columns) if c.startswith(OD_PROFILE_PREFIXES)]
        profile = np.tile(scaler.mean[od], (ds.num_regions, 1))
        names = [scaler.columns[i] for i in od]
        reporter.log(
            f"mobility: the model's {len(od)} OD-profile columns are trips to and from its training "
            "regions and cannot be rebuilt here (other regions, or no trips): they are set to neutral "
            "(training mean).",
            "warning",
        )
    values.append(profile.astype(np.float32))
    feats = ModalityFeatures("mobility", np.hstack(values), columns + names, mob.present, mob.support)
    return replace(ds, modalities={**ds.modalities, "mobility": feats})


def _with_neutral_columns(
    ds: RegionDataset, m: str, names: list[str], scaler: FeatureScaler
) -> RegionDataset:
    """``ds`` with modality ``m``'s columns ``names`` added at their training mean (0 once standardised). A column
    that is not a category's (an hourly share, a raster band, a table column) is unknown in a dataset that lacks it:
    a raw 0 would claim e.g. "no trip at any hour" and shift every region alike."""
    mean = dict(zip(scaler.columns, scaler.mean, strict=True))
    fill = np.array([mean[c] for c in names], dtype=np.float32)
    if m == "street_view":
        p = ds.points
        values = np.hstack([p.values, np.tile(fill, (p.values.shape[0], 1))])
        return replace(ds, points=replace(p, values=values, columns=p.columns + names))
    mod = ds.modalities[m]
    feats = replace(
        mod, values=np.hstack([mod.values, np.tile(fill, (ds.num_regions, 1))]), columns=mod.columns + names
    )
    return replace(ds, modalities={**ds.modalities, m: feats})


def require_modalities(need: list[str], have: list[str], what: str, model_path) -> None:
    """A saved model embeds only data with every modality it was trained on (``what``: "dataset" or "job")."""
    missing = [m for m in need if m not in have]
    if missing:
        relation = "has none of" if not set(need) & set(have) else "lacks"
        raise InputError(
            f"the {what} {relation} the model's modalities: missing {', '.join(missing)} "
            f"(model trained on {', '.join(need)}; {what} has {', '.join(have) or 'none'}).",
            where=str(model_path),
            fix="give the same modalities as the training job, or train a new model on this dataset.",
        )


def _some(names: list[str], n: int = 5) -> str:
    """The first ``n`` names, then how many more."""
    if not names:
        return "none"
    more = f" and {len(names) - n} more" if len(names) > n else ""
    return ", ".join(map(str, names[:n])) + more


def embed_dataset(
    model_path: str | Path, ds: RegionDataset, reporter: Reporter = SILENT, model: MTGRR | None = None
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Embed ``ds`` with a saved model: (embeddings (N, D), fusion weights (N, M), modality names).

    Feature columns are aligned to the saved vocabulary (missing category columns are zeros, other missing
    columns neutral, :func:`_with_neutral_columns`; extra ones are dropped; all logged); the dataset must
    provide every modality the model was trained on. A model trained with ``od_profile`` gets its OD-profile
    columns rebuilt from the dataset's trips when the regions are the training ones, and neutral values otherwise
    (:func:`_match_od_profile`). Graphs built with other ``[graphs]`` settings than the model's are rebuilt with
    the model's, with a warning. ``model``: the model already loaded from ``model_path``, if the caller has it.
    """
    model = model or load_model(model_path)
    need = model.modalities
    have = dataset_modalities(ds)
    require_modalities(need, have, "dataset", model_path)
    if model.reads_positions and model.config["positional_encoding"] == "fourier" and ds.centroids is None:
        raise InputError(
            "the model was trained with region geometry (positions) but this dataset has none.",
            where=str(model_path),
            fix="give region polygons, or train a model on this dataset.",
        )
    ds = _graphs_as_trained(model, ds, model_path, reporter)
    ds = _match_od_profile(model, ds, reporter)
    for m in need:
        cols = ds.points.columns if m == "street_view" else ds.modalities[m].columns
        values = ds.points.values if m == "street_view" else ds.modalities[m].values
        _, absent, dropped = model.scalers[m].align(values[:0], cols)
        if len(absent) == len(model.scalers[m].columns):  # the model would read zeros only
            raise InputError(
                f"none of the model's {len(absent)} {m} feature columns is in this dataset (model: "
                f"{_some(absent)}; dataset: {_some(cols)}).",
                where=str(model_path),
                fix=f"give {m} as the training job did (the same kind of layer or table, with the same categories "
                "or columns), or train a new model on this dataset.",
            )
        neutral = [c for c in absent if not c.startswith(CATEGORY_PREFIXES)]
        if neutral:
            ds = _with_neutral_columns(ds, m, neutral, model.scalers[m])
        zero = [c for c in absent if c not in neutral]
        parts = []
        if zero:
            parts.append(
                f"{len(zero)} of the model's columns are not in this dataset and read as 0 (categories none of "
                f"which is here): {_some(zero)}"
            )
        if neutral:
            parts.append(
                f"{len(neutral)} of the model's columns are not in this dataset and are set to neutral (their "
                f"training mean; e.g. hourly shares without trip times, a raster band, a table column): "
                f"{_some(neutral)}"
            )
        if dropped:
            parts.append(f"{len(dropped)} column(s) the model does not know are left out: {_some(dropped)}")
        if parts:
            reporter.log(f"{m}: " + "; ".join(parts) + ".", "warning")
    extra = [m for m in have if m not in need]
    if extra:
        reporter.log(f"modalities not used by this model: {', '.join(extra)}.", "warning")
    embeddings, weights = model.embed(model.inputs(ds, "cpu"))
    return embeddings, weights, list(need)
