"""The model benchmark (``mtgrr benchmark model``): datasets, methods and the runner."""

from .datasets import BenchmarkData, load_benchmark_data, nyc180_dataset, synthetic_dataset
from .runner import ABLATIONS, LAGGED, VARIANTS, restrict, run_benchmark

__all__ = [
    "ABLATIONS",
    "BenchmarkData",
    "LAGGED",
    "load_benchmark_data",
    "nyc180_dataset",
    "restrict",
    "run_benchmark",
    "synthetic_dataset",
    "VARIANTS",
]
