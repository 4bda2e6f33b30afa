"""Evaluation of region embeddings under the paper and strict protocols (design/evaluation.md), and the strict
probe on held-out blocks of regions (our addition)."""

from .baselines import lagged_pca_features, pca_features, raw_features
from .protocols import clustering_scores, paper_protocol, strict_protocol, summarise
from .report import check_targets, evaluate, render_markdown, write_report
from .spatial import planar_coordinates

__all__ = [
    "check_targets",
    "clustering_scores",
    "evaluate",
    "lagged_pca_features",
    "paper_protocol",
    "pca_features",
    "planar_coordinates",
    "raw_features",
    "render_markdown",
    "strict_protocol",
    "summarise",
    "write_report",
]
