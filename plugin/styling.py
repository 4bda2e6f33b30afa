"""Style the engine's embeddings layer and add the result maps to the project.

The engine writes one layer ("embeddings") with, per region: ``cluster``, ``color`` ('#rrggbb'),
``weight_<modality>`` and, when a target was chosen, ``pred_<target>``. Each map below is that
layer loaded once more with its own renderer, saved as a .qml beside the GeoPackage so the styles
survive outside this project. Shared by the dock and the Processing provider.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    NULL,
    QgsCategorizedSymbolRenderer,
    QgsClassificationMethod,
    QgsClassificationQuantile,
    QgsExpression,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsLayerTreeGroup,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsProperty,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsStyle,
    QgsSymbol,
    QgsSymbolLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from . import jobs
from .i18n import tr

RESULTS_GROUP = "MTGRR results"
EMBEDDINGS_LAYER = "embeddings"
NO_DATA_COLOR = "#c8c8c8"
"""Regions without a value: a neutral grey, outside every ramp and palette used here."""
DARK = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #bcbd22 #17becf".split()
LIGHT = "#aec7e8 #ffbb78 #98df8a #ff9896 #c5b0d5 #c49c94 #f7b6d2 #dbdb8d #9edae5".split()
CATEGORY_COLORS = DARK + LIGHT
"""Matplotlib's tab10, then tab20's light shades, both without their greys (a cluster drawn #c7c7c7 could not be
told from "No data"): the colours of the engine's own cluster maps, all distinct. The light shades come after the
dark ones (not paired with them as in tab20), so the first nine categories never get two shades of one hue."""

# QGIS 3.22 has QgsSymbolLayer.Property.PropertyFillColor; 3.36+ renamed it Property.FillColor.
_FILL_COLOR = getattr(QgsSymbolLayer.Property, "FillColor", None) or QgsSymbolLayer.Property.PropertyFillColor
_STROKE_COLOR = (
    getattr(QgsSymbolLayer.Property, "StrokeColor", None) or QgsSymbolLayer.Property.PropertyStrokeColor
)


def _ramp(name: str) -> QgsGradientColorRamp:
    ramp = QgsStyle.defaultStyle().colorRamp(name)
    if ramp is None:  # a profile without the default ramps: viridis end points
        ramp = QgsGradientColorRamp(QColor("#440154"), QColor("#fde725"))
    return ramp


def _symbol(layer: QgsVectorLayer) -> QgsSymbol:
    """A region is a filled polygon; a point or line layer (centroids, outlines) gets a marker or a line, which a
    fill symbol would leave invisible."""
    kind = layer.geometryType()
    if kind == jobs.POINT:
        return QgsMarkerSymbol.createSimple({"name": "circle", "size": "2.4", "outline_color": "#5a5a5a"})
    if kind == jobs.LINE:
        return QgsLineSymbol.createSimple({"line_width": "0.6"})
    return QgsFillSymbol.createSimple({"outline_color": "#5a5a5a", "outline_width": "0.1"})


def _field(layer: QgsVectorLayer, name: str) -> str | None:
    """``name`` as the layer has it: whole, or cut to 10 characters by a Shapefile; None when absent."""
    names = layer.fields().names()
    for candidate in (name, name[:10]):
        if candidate in names:
            return candidate
    return None


def _precision(values: list[float], breaks: list[float]) -> int:
    """Decimals of the legend labels, one number for every label (trailing zeros kept, so that the bounds line up
    and "83.6 – 84.04" does not read as two precisions): as the engine's own styles (0 for a spread of 100 or more,
    2 from 1, else 4), more where two class bounds would otherwise read the same."""
    spread = max(values) - min(values)
    decimals = 0 if spread >= 100 else 2 if spread >= 1 else 4
    while decimals < 10 and len({round(b, decimals) for b in breaks}) < len(set(breaks)):
        decimals += 1
    return decimals


def _no_data_symbol(layer: QgsVectorLayer) -> QgsSymbol:
    symbol = _symbol(layer)
    symbol.setColor(QColor(NO_DATA_COLOR))
    return symbol


def _with_no_data(layer: QgsVectorLayer, renderer: QgsGraduatedSymbolRenderer) -> QgsRuleBasedRenderer:
    """The classes as rules plus an ELSE rule that draws the regions without a value grey, listed as "No data":
    QGIS 3.22's graduated renderer leaves them out of the map and the legend. The rules are written here because
    ``convertFromRenderer`` rounds the class bounds to 6 decimals."""
    root = QgsRuleBasedRenderer.Rule(None)
    column = QgsExpression.quotedColumnRef(renderer.classAttribute())
    for i, class_range in enumerate(renderer.ranges()):
        above = ">=" if i == 0 else ">"
        condition = (
            f"{column} {above} {class_range.lowerValue()!r} AND {column} <= {class_range.upperValue()!r}"
        )
        root.appendChild(
            QgsRuleBasedRenderer.Rule(class_range.symbol().clone(), 0, 0, condition, class_range.label())
        )
    root.appendChild(QgsRuleBasedRenderer.Rule(_no_data_symbol(layer), 0, 0, "", tr("No data"), "", True))
    return QgsRuleBasedRenderer(root)


def graduated(
    layer: QgsVectorLayer,
    field: str,
    classes: int = 5,
    ramp: str = "Viridis",
    method: QgsClassificationMethod | None = None,
) -> int:
    """Classes of ``field`` (quantiles unless ``method``) coloured with ``ramp``; the legend lists the ranges.
    Returns how many classes were made: 0 when the field has no value (or is missing).

    The breaks come from the regions with a value: QGIS 3.22's own ``updateClasses`` reads a NULL of a numeric
    field as 0, which shifts every quantile and gives empty "0 - 0" classes. Where some regions have no value, the
    renderer is rule-based (see ``_with_no_data``) so that they are drawn grey and the legend says "No data".
    """
    field = _field(layer, field)
    if field is None:  # nothing to classify: the layer keeps its style
        return 0
    renderer = QgsGraduatedSymbolRenderer(field)
    renderer.setSourceSymbol(_symbol(layer))
    method = method or QgsClassificationQuantile()
    method.setLabelFormat("%1 – %2")
    method.setLabelTrimTrailingZeroes(False)  # also when QGIS relabels: one number of decimals (_precision)
    index = layer.fields().indexOf(field)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([index])
    cells = [f[index] for f in layer.getFeatures(request)]
    values = [float(v) for v in cells if v is not None and v != NULL]
    # never more classes than distinct values, and no class that repeats the previous one's upper bound ("0 - 0")
    ranges = method.classes(values, min(classes, len(set(values)))) if values else []
    ranges = [r for i, r in enumerate(ranges) if i == 0 or r.upperBound() > ranges[i - 1].upperBound()]
    if ranges:
        method.setLabelPrecision(
            _precision(values, [ranges[0].lowerBound()] + [r.upperBound() for r in ranges])
        )
    renderer.setClassificationMethod(method)
    for class_range in ranges:
        label = method.labelForRange(class_range.lowerBound(), class_range.upperBound())
        renderer.addClassRange(
            QgsRendererRange(class_range.lowerBound(), class_range.upperBound(), _symbol(layer), label)
        )
    renderer.updateColorRamp(_ramp(ramp))
    layer.setRenderer(_with_no_data(layer, renderer) if ranges and len(values) < len(cells) else renderer)
    return len(ranges)


def categorized(layer: QgsVectorLayer, field: str = "cluster", label: str = "", ramp: str = "") -> int:
    """One colour per distinct value, labelled ``label`` (with {} for the value; default "Cluster {}"), in the
    order of the values: ``CATEGORY_COLORS``, or ``ramp`` (a QGIS colour ramp) spread over them, which is also the
    fallback past 18 values. Regions without a value are drawn grey, listed as "No data" when there are any.
    Returns the number of categories."""
    field = _field(layer, field)
    if field is None:
        return 0
    index = layer.fields().indexOf(field)
    unique = layer.uniqueValues(index)
    values = sorted(v for v in unique if v not in (None, NULL, ""))
    if ramp or len(values) > len(CATEGORY_COLORS):
        color_ramp = _ramp(ramp or "Spectral")
        colors = [color_ramp.color(i / max(1, len(values) - 1)) for i in range(len(values))]
    else:
        colors = [QColor(c) for c in CATEGORY_COLORS]
    categories = []
    for value, color in zip(values, colors):
        symbol = _symbol(layer)
        symbol.setColor(color)
        categories.append(QgsRendererCategory(value, symbol, (label or tr("Cluster {}")).format(value)))
    # NULL or "": QGIS's "all other values" category, "" (NULL would match nothing)
    if len(values) < len(unique):
        categories.append(QgsRendererCategory("", _no_data_symbol(layer), tr("No data")))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, categories))
    return len(values)


def colour_field(layer: QgsVectorLayer, field: str = "color") -> None:
    """Fill each region with the '#rrggbb' colour the engine derived from its embedding; a region without one
    (without data: NULL) gets the symbol's own colour, which QGIS falls back to, the no-data grey."""
    field = _field(layer, field)
    if field is None:
        return
    symbol = _no_data_symbol(layer)
    prop = _STROKE_COLOR if layer.geometryType() == jobs.LINE else _FILL_COLOR
    symbol.symbolLayer(0).setDataDefinedProperty(prop, QgsProperty.fromField(field))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def _load(path: str, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={EMBEDDINGS_LAYER}", name, "ogr")
    if not layer.isValid():
        raise OSError(tr("The result layer '{}' in {} cannot be read.").format(EMBEDDINGS_LAYER, path))
    return layer


def _save_style(layer: QgsVectorLayer, path: Path) -> Path:
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise OSError(tr("The style {} could not be saved: {}").format(path, message))
    return path


def field_title(field: str) -> str | None:
    """The readable name of a field MTGRR writes ("pred_income" → "Predicted income", "weight_poi" → "Modality
    weight: poi"), for the dock's maps and the exported legends alike; None for any other field."""
    if field.startswith("pred_") and len(field) > len("pred_"):
        return tr("Predicted {}").format(field[len("pred_") :])
    if field.startswith("weight_") and len(field) > len("weight_"):
        return tr("Modality weight: {}").format(field[len("weight_") :])
    return None


def result_layers(embeddings: str, target_field: str | None = None) -> list[QgsVectorLayer]:
    """The styled maps of one run (not yet in a project), each with its .qml written beside the file.

    Order: predictions (when ``target_field``), clusters, embedding colours, then one map per
    ``weight_<modality>`` field.
    """
    folder = Path(embeddings).parent
    probe = _load(embeddings, EMBEDDINGS_LAYER)
    names = probe.fields().names()
    layers = []
    if target_field:
        pred = f"pred_{target_field}"
        if pred not in names:
            raise OSError(tr("The result layer has no field '{}'.").format(pred))
        layer = _load(embeddings, field_title(pred))
        graduated(layer, pred)
        _save_style(layer, folder / f"predictions_{target_field}.qml")
        layers.append(layer)
    if "cluster" in names:
        layer = _load(embeddings, tr("Clusters"))
        categorized(layer, "cluster")
        _save_style(layer, folder / "clusters.qml")
        layers.append(layer)
    if "color" in names:
        layer = _load(embeddings, tr("Embedding colours"))
        colour_field(layer, "color")
        _save_style(layer, folder / "embedding_colours.qml")
        layers.append(layer)
    for name in names:
        if name.startswith("weight_"):
            modality = name[len("weight_") :]
            layer = _load(embeddings, field_title(name))
            graduated(layer, name, ramp="Magma")
            _save_style(layer, folder / f"weight_{modality}.qml")
            layers.append(layer)
    return layers


def add_results(
    outputs: dict, target_field: str | None = None, project: QgsProject | None = None, run_name: str = ""
) -> tuple[QgsLayerTreeGroup, list[QgsVectorLayer]]:
    """Add one run's maps to the project inside the "MTGRR results" group (main thread only)."""
    project = project or QgsProject.instance()
    layers = result_layers(outputs["embeddings"], target_field)
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP) or root.insertGroup(0, RESULTS_GROUP)
    if run_name:
        group = group.insertGroup(0, run_name)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    for node in group.findLayers()[1:]:  # show only the first map; the others stay one click away
        node.setItemVisibilityChecked(False)
    return group, layers
