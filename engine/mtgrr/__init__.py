"""MTGRR: multi-modal urban region representations (engine, no Qt)."""

__version__ = "0.1.0"

MODALITIES = ("poi", "mobility", "landuse", "roads", "remote_sensing", "street_view")
"""Fixed modality names, in the order used everywhere (features, model, outputs)."""

AGGREGATED_MODALITIES = MODALITIES[:5]
"""Modalities summarised per region; street view is point-level."""
