"""How much each modality explains each synthetic target, district by district (``mtgrr benchmark city``).

This checks the generator's promise through the engine's own ingestion: within a district the
target follows one modality, while one linear model for the whole city explains much less, so a
fusion that weighs modalities by location has something to gain.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..evaluate.protocols import strict_protocol
from ..events import SILENT, Reporter
from .city import TARGETS

REGIME_MODALITIES = ("poi", "mobility", "landuse", "roads", "remote_sensing")
ALL = "all five"
MIN_SCOPE = 10
"""Fewer regions than this in a district give no score (NaN): a 5-fold probe needs a few per fold."""


def regime_table(ds, truth) -> dict[str, dict[str, dict[str, float]]]:
    """target → district (or ``whole city``) → modality (or ``all five``) → out-of-fold R² of a
    standardised RidgeCV on that modality's raw features (strict probe, fold seed 0); NaN for a
    district of fewer than :data:`MIN_SCOPE` regions. ``truth`` holds the district and the targets
    in region order (what :func:`~mtgrr.benchmarks.datasets.synthetic_dataset` returns with the data)."""
    blocks = {m: ds.modalities[m].values for m in REGIME_MODALITIES if m in ds.modalities}
    blocks[ALL] = np.hstack(list(blocks.values()))
    district = truth["district"].to_numpy()
    scopes = {d: district == d for d in sorted(set(district))}
    scopes["whole city"] = np.ones(len(district), dtype=bool)
    return {
        target: {
            scope: {
                m: strict_protocol(X[sel], truth[target].to_numpy(float)[sel], fold_seeds=(0,))["r2"]
                if sel.sum() >= MIN_SCOPE
                else float("nan")
                for m, X in blocks.items()
            }
            for scope, sel in scopes.items()
        }
        for target in TARGETS
    }


def city_benchmark(
    n_regions: int, seed: int, workdir: Path | None = None, reporter: Reporter = SILENT
) -> dict[str, dict[str, dict[str, float]]]:
    """Generate a city without images, ingest it through its job file, print the R² tables
    (Markdown, as in the README) and return them."""
    from ..benchmark import scratch
    from ..benchmarks.datasets import synthetic_dataset

    with scratch(workdir) as tmp:
        ds, truth = synthetic_dataset(tmp, n_regions=n_regions, seed=seed, n_images=0, reporter=reporter)
        table = regime_table(ds, truth)
    for target, rows in table.items():
        names = list(next(iter(rows.values())))
        lines = [f"| {target} (R²) | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for scope, scores in rows.items():
            count = len(truth) if scope == "whole city" else int((truth["district"] == scope).sum())
            lines.append(
                f"| {scope} ({count} regions) | " + " | ".join(f"{scores[m]:.2f}" for m in names) + " |"
            )
        print("\n".join(lines) + "\n")
    return table
