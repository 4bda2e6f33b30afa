"""MTGRR: multi-modal urban region representations (engine, no Qt).

Entry points, which the ``mtgrr`` command line calls too (import them from their modules: this package imports
nothing, so that ``import mtgrr`` stays light)::

    mtgrr.job       load_job(path), parse_job(dict, base_dir) -> Job; ModelOptions, TrainOptions
    mtgrr.pipeline  build_dataset(job) -> RegionDataset; run_job(job, ds=None) -> paths written (train, predict,
                    export); default_cache_dir(), where image embeddings are cached between runs
    mtgrr.data      RegionDataset; RegionDataset.load(folder) reads the dataset `mtgrr ingest` wrote
    mtgrr.train     train_model(ds, ModelOptions(), TrainOptions()) -> TrainResult (.embeddings: ds.region_ids rows)
    mtgrr.evaluate  evaluate([embeddings], targets, regression_columns) -> probe scores per method and target
                    (coordinates=planar_coordinates(ds.regions.geometry, ds.regions.crs): held-out blocks too)
    mtgrr.export    write_outputs(ds, embeddings, weights, modality_names, out_dir) -> paths written
    mtgrr.events    Reporter() shows progress and the log; the default, SILENT, shows warnings only

Ingest once, train many: ``mtgrr ingest job.toml`` writes ``mtgrr_output/dataset`` beside the job; then
``train_model(RegionDataset.load("mtgrr_output/dataset"), ...)`` as often as needed reads no input again.
"""

__version__ = "0.1.0"

MODALITIES = ("poi", "mobility", "landuse", "roads", "remote_sensing", "street_view")
"""Fixed modality names, in the order used everywhere (features, model, outputs)."""

AGGREGATED_MODALITIES = MODALITIES[:5]
"""Modalities summarised per region; street view is point-level."""
