"""Per-modality feature extraction: each function adds its modality to a RegionDataset."""

from __future__ import annotations

from .landuse import landuse_features
from .mobility import mobility_features
from .poi import poi_features
from .roads import road_features
from .street_view import street_view_features
from .tables import table_features

__all__ = [
    "landuse_features",
    "mobility_features",
    "poi_features",
    "road_features",
    "street_view_features",
    "table_features",
]
