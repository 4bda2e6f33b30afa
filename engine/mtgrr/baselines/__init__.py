"""Published region-embedding methods, re-implemented ("-style") from their papers' descriptions
(HAFusion-style and one of the two MVURE-style rows after their authors' public code).

Each learns without labels from the same dataset the MTGRR model reads (attribute modalities and
the taxi OD graph), full batch, seeded, with early stopping on the training loss only.
"""

from .common import BaselineOptions, BaselineResult
from .hafusion import train_hafusion
from .hrep import train_hrep
from .mvure import train_mvure
from .mvure_code import train_mvure_code

BASELINES = {
    "MVURE-style": train_mvure,
    "MVURE-style (after its code)": train_mvure_code,
    "HREP-style": train_hrep,
    "HAFusion-style": train_hafusion,
}
"""Display name → trainer ``(ds, BaselineOptions, reporter) -> BaselineResult``."""

__all__ = [
    "BASELINES",
    "BaselineOptions",
    "BaselineResult",
    "train_hafusion",
    "train_hrep",
    "train_mvure",
    "train_mvure_code",
]
