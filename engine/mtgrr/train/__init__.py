"""Self-supervised training of MTGRR, its contrastive losses, and model files."""

from .io import embed_dataset, load_model, save_model
from .losses import augment, contrastive_loss, info_nce, point_nce
from .trainer import TrainResult, resolve_device, train_model

__all__ = [
    "TrainResult",
    "augment",
    "contrastive_loss",
    "embed_dataset",
    "info_nce",
    "load_model",
    "point_nce",
    "resolve_device",
    "save_model",
    "train_model",
]
