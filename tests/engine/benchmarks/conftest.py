"""The benchmark tests share one quick run (60-region synthetic city, 1 seed, a few epochs)."""

from __future__ import annotations

import pytest
from mtgrr.benchmarks import run_benchmark


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench_out")
    result = run_benchmark(
        datasets=("synthetic",), quick=True, out_dir=out, cache_dir=tmp_path_factory.mktemp("bench_cache")
    )
    return out, result
