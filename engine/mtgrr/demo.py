"""``mtgrr demo``: the main job end to end on the built-in synthetic city.

Synthesise the city, train the full model, predict and map a target, then evaluate the embedding
against the city's ground truth next to the raw-feature baseline (strict protocol, one seed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .events import SILENT, Reporter


def run_demo(
    out: Path, reporter: Reporter = SILENT, regions: int = 400, epochs: int | None = None, seed: int = 0
) -> dict[str, Path]:
    from .evaluate import evaluate, raw_features, write_report
    from .evaluate.spatial import planar_coordinates, regions_needed
    from .job import load_job
    from .pipeline import build_dataset, default_cache_dir, run_job
    from .synth import generate_city
    from .synth.city import TARGETS

    city = generate_city(out / "city", n_regions=regions, seed=seed, overwrite=True, reporter=reporter)
    job = load_job(city["job"])
    job.output.dir = out / "result"
    job.train.seed = seed
    if epochs is not None:
        job.train.epochs = epochs
    ds = build_dataset(job, reporter, cache_dir=default_cache_dir())
    outputs = run_job(job, reporter, ds=ds)

    import geopandas as gpd

    embedded = gpd.read_file(outputs["embeddings"], layer="embeddings")
    emb = embedded[[c for c in embedded.columns if c.startswith("emb_")]].to_numpy(dtype=float)
    truth = ds.regions.reindex(embedded["region_id"].to_numpy()).reset_index()
    result = evaluate(
        {"MTGRR (this run)": [emb], "raw features": np.asarray(raw_features(ds), dtype=float)},
        truth,
        regression_columns=list(TARGETS),
        class_columns=["function"],
        fold_seeds=(seed,),
        group_column="district",
        coordinates=planar_coordinates(embedded.geometry, embedded.crs)
        if len(embedded) >= regions_needed()
        else None,
        reporter=reporter,
    )
    report = write_report(result, job.output.dir, title="Synthetic city: ground-truth evaluation (one seed)")
    for method, entry in result["methods"].items():
        blocks = entry.get("spatial", {})  # a city too small for the blocks has none
        scores = ", ".join(
            f"{t} R² {entry['strict'][t]['r2'][0]:.3f}"
            + (f" (held-out blocks {blocks[t]['r2'][0]:.3f})" if t in blocks else "")
            for t in TARGETS
        )
        reporter.log(f"{method}: {scores}")
    return {**outputs, **report}
