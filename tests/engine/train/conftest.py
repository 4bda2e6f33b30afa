"""Training tests reuse the model tests' synthetic datasets (loaded from that conftest by path)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_mtgrr_model_test_data", Path(__file__).resolve().parents[1] / "model" / "conftest.py"
)
_model_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_model_conftest)

make_dataset = _model_conftest.make_dataset
dataset_factory = _model_conftest.dataset_factory
fast_options = _model_conftest.fast_options
_one_thread = _model_conftest._one_thread
