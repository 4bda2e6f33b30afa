"""The MTGRR model: modality experts, dual-level street-view GNN, spatially-aware fusion."""

from .experts import DEFAULT_EXPERTS, EXPERT_GRAPHS, EXPERTS, Expert
from .fusion import Fusion
from .inputs import ModelInputs, build_inputs, dataset_modalities, laplacian_eigenvectors
from .network import MTGRR, ModelOutput
from .preprocess import FeatureScaler
from .street_view import StreetViewGNN

__all__ = [
    "DEFAULT_EXPERTS",
    "EXPERT_GRAPHS",
    "EXPERTS",
    "MTGRR",
    "Expert",
    "FeatureScaler",
    "Fusion",
    "ModelInputs",
    "ModelOutput",
    "StreetViewGNN",
    "build_inputs",
    "dataset_modalities",
    "laplacian_eigenvectors",
]
