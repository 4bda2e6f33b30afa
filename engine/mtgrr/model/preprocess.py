"""Feature preprocessing saved with the model: column vocabulary + standardisation statistics.

Columns are standardised on their own scale, with no log transform: region attributes that users
predict (visits, crimes, calls) are mostly counts that grow linearly with the activity the inputs
count, and a ``log1p`` squeezes exactly the large values a linear probe then needs (measured on
NYC-180 and the development city: README, "The model as built"). Heavy tails are handled by clipping
the standardised values to ±``CLIP``, so one outlier region cannot dominate a GNN layer.
Statistics come from the regions where the modality is present only, and absent rows stay exactly
zero. They are fitted once on the training dataset and reused unchanged when another dataset is
embedded with the same model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLIP = 5.0


@dataclass
class FeatureScaler:
    """Per-column transform of one modality (or of the street-view point features)."""

    columns: list[str]
    mean: np.ndarray  # (F,) float32
    std: np.ndarray  # (F,) float32

    @classmethod
    def fit(cls, values: np.ndarray, columns: list[str], present: np.ndarray | None = None) -> FeatureScaler:
        x = np.asarray(values, dtype=np.float64)
        rows = x if present is None else x[np.asarray(present, dtype=bool)]
        if rows.shape[0] == 0:
            rows = np.zeros((1, x.shape[1]))
        std = rows.std(axis=0)
        return cls(
            list(columns),
            rows.mean(axis=0).astype(np.float32),
            np.where(std > 1e-8, std, 1.0).astype(np.float32),
        )

    def transform(self, values: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        """Standardised float32 features; rows where ``present`` is False are zeros."""
        x = np.asarray(values, dtype=np.float64)
        z = np.clip((x - self.mean) / self.std, -CLIP, CLIP).astype(np.float32)
        if present is not None:
            z[~np.asarray(present, dtype=bool)] = 0.0
        return z

    def align(self, values: np.ndarray, columns: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
        """Reorder ``values`` to this vocabulary: missing columns become zeros, extra ones are dropped.

        Returns the aligned array and the lists of missing and dropped column names (for a log line).
        """
        pos = {c: i for i, c in enumerate(columns)}
        out = np.zeros((values.shape[0], len(self.columns)), dtype=np.float32)
        src = np.array([pos.get(c, -1) for c in self.columns], dtype=np.int64)
        have = src >= 0
        out[:, have] = np.asarray(values, dtype=np.float32)[:, src[have]]
        missing = [c for c, h in zip(self.columns, have, strict=True) if not h]
        vocab = set(self.columns)
        dropped = [c for c in columns if c not in vocab]
        return out, missing, dropped

    def to_dict(self) -> dict:
        return {
            "columns": list(self.columns),
            "mean": [float(v) for v in self.mean],
            "std": [float(v) for v in self.std],
        }

    @classmethod
    def from_dict(cls, d: dict) -> FeatureScaler:
        return cls(
            list(d["columns"]),
            np.asarray(d["mean"], dtype=np.float32),
            np.asarray(d["std"], dtype=np.float32),
        )


def region_support(ds, modality: str) -> np.ndarray | None:
    """Raw evidence behind each region's row of ``modality`` (see ``ModalityFeatures.support``);
    for street view, the number of images in the region. None where the source does not say."""
    if modality == "street_view":
        return np.bincount(ds.points.region_index, minlength=ds.num_regions).astype(np.float64)
    return ds.modalities[modality].support


def support_scale(support: np.ndarray | None) -> float | None:
    """The typical support of a modality: its median over the regions that have some (fitted on
    the training dataset and saved, like the standardisation statistics)."""
    if support is None:
        return None
    s = np.asarray(support, dtype=np.float64)
    s = s[s > 0]
    return float(np.median(s)) if s.size else None


def evidence(support: np.ndarray | None, scale: float | None, n: int) -> np.ndarray:
    """Relative precision s / typical s: 1 at the modality's typical support, 0 without data, 10
    with ten times the data; 1 everywhere when the support or its scale is unknown (neutral).

    Features built from s counted items (POIs, trips, images, mapped area) have a sampling
    variance ∝ 1/s, so their precision is ∝ s: the fusion weighs modalities as inverse-variance
    weighting would (α_im ∝ q_im · exp(b_m)). An earlier saturating s / (s + typical s) separated the
    data-rich from the data-poor regions too little (engine/docs/development.md).
    """
    if support is None or scale is None:
        return np.ones(n, dtype=np.float32)
    return (np.asarray(support, dtype=np.float64) / scale).astype(np.float32)
