"""Save, load and apply trained models without pickle.

A model file is ``torch.save`` of a dict holding only tensors, ints, floats, strings, lists and
dicts (format tag, config, feature vocabulary with standardisation statistics, state dict), so it
loads with ``torch.load(path, weights_only=True)``. Files are written under a temporary name and
renamed, so an interrupted save never leaves a half-written model.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch

from ..data import RegionDataset
from ..errors import InputError
from ..events import SILENT, Reporter
from ..model.inputs import dataset_modalities
from ..model.network import MTGRR
from ..model.preprocess import FeatureScaler
from .trainer import TrainResult

FORMAT = "mtgrr-model"
VERSION = 2  # 2: linear feature scaling and linear reconstruction heads


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
    except Exception as err:  # not a torch file, or one holding arbitrary objects
        raise InputError(f"not an MTGRR model file ({err}).", where=str(path)) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InputError(
            "not an MTGRR model file.", where=str(path), fix="give a file written by save_model."
        )
    if payload.get("version") != VERSION:
        raise InputError(
            f"model file version {payload.get('version')} is not supported (this engine reads version {VERSION}).",
            where=str(path),
            fix="train the model again with this engine (mtgrr train); version 1 scaled features differently.",
        )
    scalers = {m: FeatureScaler.from_dict(d) for m, d in payload["vocabulary"].items()}
    model = MTGRR(payload["config"], scalers)
    model.load_state_dict(payload["state_dict"])
    return model.eval()


def embed_dataset(
    model_path: str | Path, ds: RegionDataset, reporter: Reporter = SILENT
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Embed ``ds`` with a saved model: (embeddings (N, D), fusion weights (N, M), modality names).

    Feature columns are aligned to the saved vocabulary (missing columns are zeros, extra ones are
    dropped, both logged); the dataset must provide every modality the model was trained on.
    """
    model = load_model(model_path)
    need = model.modalities
    have = dataset_modalities(ds)
    missing = [m for m in need if m not in have]
    if missing:
        relation = "has none of" if not set(need) & set(have) else "lacks"
        raise InputError(
            f"the dataset {relation} the model's modalities: missing {', '.join(missing)} "
            f"(model trained on {', '.join(need)}; dataset has {', '.join(have)}).",
            where=str(model_path),
            fix="give the same modalities as the training job, or train a new model on this dataset.",
        )
    if model.config["positional_encoding"] == "fourier" and ds.centroids is None:
        raise InputError(
            "the model was trained with region geometry (positions) but this dataset has none.",
            where=str(model_path),
            fix="give region polygons, or train a model on this dataset.",
        )
    for m in need:
        cols = ds.points.columns if m == "street_view" else ds.modalities[m].columns
        values = ds.points.values if m == "street_view" else ds.modalities[m].values
        _, absent, dropped = model.scalers[m].align(values[:0], cols)
        if absent or dropped:
            reporter.log(
                f"{m}: {len(absent)} feature column(s) of the model missing (set to 0), {len(dropped)} extra dropped.",
                "warning",
            )
    extra = [m for m in have if m not in need]
    if extra:
        reporter.log(f"modalities not used by this model: {', '.join(extra)}.", "warning")
    embeddings, weights = model.embed(model.inputs(ds, "cpu"))
    return embeddings, weights, list(need)
