"""The MTGRR model: modality experts, dual-level street-view GNN, spatially-aware fusion."""

from .experts import DEFAULT_EXPERTS, EXPERT_GRAPHS, EXPERTS, Expert
from .fusion import Fusion
from .inputs import ModelInputs, build_inputs, dataset_modalities
from .network import MTGRR, OUTPUTS, ModelOutput
from .preprocess import FeatureScaler
from .reconstruction import Reconstruction
from .street_view import StreetViewGNN

__all__ = [
    "DEFAULT_EXPERTS",
    "EXPERT_GRAPHS",
    "EXPERTS",
    "MTGRR",
    "OUTPUTS",
    "Expert",
    "FeatureScaler",
    "Fusion",
    "ModelInputs",
    "ModelOutput",
    "Reconstruction",
    "StreetViewGNN",
    "build_inputs",
    "dataset_modalities",
]
