"""Legend labels of the engine's graduated styles: the rule the plugin's maps follow too (plugin/styling.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
from mtgrr.export.styles import graduated_qml


def _classes(values: np.ndarray, k: int = 5) -> tuple[list[str], ET.Element]:
    renderer = ET.fromstring(graduated_qml(values, "pred_x", k=k)).find("renderer-v2")
    return [r.get("label") for r in renderer.iter("range")], renderer.find("classificationMethod/labelFormat")


def _decimals(labels: list[str]) -> set[int]:
    return {len(n.partition(".")[2]) for label in labels for n in re.findall(r"[\d,]+(?:\.\d+)?", label)}


def test_labels_share_one_number_of_decimals_and_qgis_keeps_it():
    """One number of decimals in every label, trailing zeros kept ("83.60", not "83.6"), and the stored label
    format says so, as QGIS writes the plugin's styles."""
    labels, label_format = _classes(np.linspace(83.6, 113.61, 60))
    assert _decimals(labels) == {2} and labels[0].startswith("83.60 – ")
    assert label_format.get("trimtrailingzeroes") == "0" and label_format.get("labelprecision") == "2"


def test_bounds_that_would_read_the_same_get_more_decimals():
    """A spread of 300 gives 0 decimals, which would label the middle classes "100 – 100": more tell them apart."""
    values = np.concatenate([[0.0, 300.0], np.linspace(100.2, 100.4, 98)])
    labels, label_format = _classes(values, k=4)
    bounds = [label.split(" – ") for label in labels]
    uppers = [upper for _lower, upper in bounds]
    assert len(set(uppers)) == len(uppers) == 4, labels  # each class's upper bound reads apart
    [decimals] = _decimals(labels)
    assert decimals >= 1 and label_format.get("labelprecision") == str(decimals)
