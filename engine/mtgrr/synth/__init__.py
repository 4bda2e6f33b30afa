"""Synthetic city generator (``mtgrr synth``): all six modalities plus ground-truth targets."""

from .city import generate_city

__all__ = ["generate_city"]
