"""Per-modality feature extraction: each function adds its modality to a RegionDataset."""

from __future__ import annotations

from .landuse import landuse_features
from .mobility import mobility_features
from .poi import poi_features
from .roads import road_features
from .street_view import street_view_features
from .tables import table_features

CATEGORY_PREFIXES = ("poi_count_", "poi_share_", "landuse_", "road_density_")
"""Prefixes of the columns built per category of a POI, land-use or road layer: a category another dataset lacks
is absent there (a count of 0), not unknown."""

__all__ = [
    "CATEGORY_PREFIXES",
    "landuse_features",
    "mobility_features",
    "poi_features",
    "road_features",
    "street_view_features",
    "table_features",
]
