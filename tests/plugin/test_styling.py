"""Result maps: renderer types, fields and saved styles on an embeddings GeoPackage of the documented layout."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import pytest
from mtgrr_qgis.plugin import styling
from qgis.core import (
    NULL,
    QgsCategorizedSymbolRenderer,
    QgsClassificationJenks,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGraduatedSymbolRenderer,
    QgsProject,
    QgsRenderContext,
    QgsSingleSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas

MODALITIES = ("poi", "mobility", "roads")


def write_embeddings(city_layers, path):
    """What the engine writes: region_id, emb_*, weight_<modality>, pca/rgb, color, cluster, pred_<target>."""
    rng = random.Random(1)
    fields = ["region_id:integer"] + [f"emb_{k}:double" for k in range(4)]
    fields += [f"weight_{m}:double" for m in MODALITIES] + [f"pca_{k}:double" for k in (1, 2, 3)]
    fields += [
        "rgb_r:integer",
        "rgb_g:integer",
        "rgb_b:integer",
        "color:string",
        "cluster:integer",
        "pred_income:double",
    ]
    layer = QgsVectorLayer("Polygon?crs=EPSG:32618&" + "&".join(f"field={f}" for f in fields), "e", "memory")
    features = []
    for source in city_layers["regions"].getFeatures():
        weights = [rng.random() for _ in MODALITIES]
        rgb = [rng.randrange(256) for _ in range(3)]
        values = [
            source["region_id"],
            *(rng.gauss(0, 1) for _ in range(4)),
            *(w / sum(weights) for w in weights),
        ]
        values += (
            [rng.gauss(0, 1) for _ in range(3)] + rgb + ["#{:02x}{:02x}{:02x}".format(*rgb), rng.randrange(3)]
        )
        values.append(source["income"] + rng.gauss(0, 5))
        feature = QgsFeature(layer.fields())
        feature.setGeometry(source.geometry())
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "embeddings"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsCoordinateTransformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.WriterError.NoError
    return path


def render_canvas(canvas, wait_for):
    """Wait for a complete render before grabbing (a grab mid-render shows a scaled preview)."""
    done = []
    canvas.mapCanvasRefreshed.connect(lambda: done.append(True))
    canvas.refresh()
    wait_for(lambda: bool(done) and not canvas.isDrawing(), timeout=30)


def test_result_maps(city_layers, tmp_path, artifacts, wait_for):
    gpkg = write_embeddings(city_layers, tmp_path / "embeddings.gpkg")
    group, layers = styling.add_results({"embeddings": str(gpkg)}, "income", QgsProject.instance(), "run1")
    assert group.parent().name() == styling.RESULTS_GROUP and group.name() == "run1"
    names = [layer.name() for layer in layers]
    assert names == ["Predicted income", "Clusters", "Embedding colours"] + [
        f"Modality weight: {m}" for m in MODALITIES
    ]
    pred, clusters, colours, *weights = layers
    assert isinstance(pred.renderer(), QgsGraduatedSymbolRenderer)
    assert pred.renderer().classAttribute() == "pred_income"
    assert pred.renderer().classificationMethod().id() == "Quantile"
    ranges = pred.renderer().ranges()
    assert len(ranges) == 5 and ranges[0].lowerValue() < ranges[-1].upperValue()
    assert ranges[0].symbol().color() != ranges[-1].symbol().color()
    assert len(pred.renderer().legendSymbolItems()) == 5
    assert isinstance(clusters.renderer(), QgsCategorizedSymbolRenderer)
    assert clusters.renderer().classAttribute() == "cluster"
    assert sorted(int(c.value()) for c in clusters.renderer().categories()) == [0, 1, 2]
    assert isinstance(colours.renderer(), QgsSingleSymbolRenderer)
    prop = colours.renderer().symbol().symbolLayer(0).dataDefinedProperties().property(styling._FILL_COLOR)
    assert prop.isActive() and prop.field() == "color"
    for modality, layer in zip(MODALITIES, weights, strict=False):
        assert isinstance(layer.renderer(), QgsGraduatedSymbolRenderer)
        assert layer.renderer().classAttribute() == f"weight_{modality}"
        assert (tmp_path / f"weight_{modality}.qml").is_file()
    for layer in layers:
        assert layer.featureCount() == 25
    for qml in ("predictions_income.qml", "clusters.qml", "embedding_colours.qml"):
        assert "<renderer-v2" in (tmp_path / qml).read_text(encoding="utf-8")
    # a style file restores the renderer on a fresh layer
    fresh = QgsVectorLayer(f"{gpkg}|layername=embeddings", "fresh", "ogr")
    fresh.loadNamedStyle(str(tmp_path / "clusters.qml"))
    assert isinstance(fresh.renderer(), QgsCategorizedSymbolRenderer)

    canvas = QgsMapCanvas()
    canvas.resize(600, 600)
    canvas.show()  # the extent must be set once the map has its size, or the render is stretched
    wait_for(lambda: canvas.mapSettings().outputSize().width() > 500, timeout=10)
    for layer, shot in ((pred, "map_predictions.png"), (colours, "map_embedding_colours.png")):
        canvas.setDestinationCrs(layer.crs())
        canvas.setLayers([layer])
        canvas.setExtent(layer.extent())
        render_canvas(canvas, wait_for)
        image = canvas.grab()
        assert image.save(str(artifacts / shot))


def test_second_run_goes_into_the_same_group(city_layers, tmp_path):
    gpkg = write_embeddings(city_layers, tmp_path / "embeddings.gpkg")
    styling.add_results({"embeddings": str(gpkg)}, None, QgsProject.instance(), "a")
    group, layers = styling.add_results({"embeddings": str(gpkg)}, None, QgsProject.instance(), "b")
    root = QgsProject.instance().layerTreeRoot()
    top = [g for g in root.children() if g.name() == styling.RESULTS_GROUP]
    assert len(top) == 1 and [g.name() for g in top[0].children()] == ["b", "a"]
    assert layers[0].name() == "Clusters"  # no target: no prediction map


def _counts_layer(values: list, kind: str = "integer") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Polygon?crs=EPSG:32618&field=n:{kind}", "counts", "memory")
    features = []
    for value in values:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([value])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def _drawn(layer: QgsVectorLayer) -> dict:
    """The fill colour each value (None for NULL) is drawn with, None where it is not drawn."""
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    colours = {}
    for feature in layer.getFeatures():
        symbols = renderer.symbolsForFeature(feature, context)
        colours[None if feature["n"] == NULL else feature["n"]] = (
            symbols[0].color().name() if symbols else None
        )
    renderer.stopRender(context)
    return colours


def _restyled(layer: QgsVectorLayer) -> dict:
    """``_drawn`` of a copy of ``layer`` styled from the .qml that ``layer`` saves."""
    qml = str(Path(tempfile.mkdtemp()) / "style.qml")
    assert layer.saveNamedStyle(qml)[1]
    copy = _counts_layer([f["n"] for f in layer.getFeatures()])
    assert copy.loadNamedStyle(qml)[1]
    return _drawn(copy)


def test_classes_come_from_the_regions_with_a_value(city_layers):
    """A GeoPackage integer field with NULLs: QGIS 3.22 reads them as 0; the breaks must not."""
    layer = _counts_layer([NULL] * 40 + list(range(1, 81)))  # a third unknown
    assert styling.graduated(layer, "n", classes=4) == 4
    rules = layer.renderer().rootRule().children()[:-1]
    assert len(rules) == 4
    assert rules[0].filterExpression().startswith('"n" >= 1.0 AND')  # no "0 - 0" class
    assert rules[-1].filterExpression().endswith('"n" <= 80.0')
    quartiles = [20.75, 40.5, 60.25]  # of 1..80; with the NULLs read as 0 they would be 7, 34, 60
    uppers = [float(r.filterExpression().rsplit("<=", 1)[1]) for r in rules]
    assert all(abs(u - q) <= 1 for u, q in zip(uppers, quartiles, strict=False)), uppers


def test_regions_without_a_value_are_drawn_grey_as_no_data(city_layers):
    """QGIS 3.22's graduated renderer draws no NULL region (a hole in the map) and the legend is silent."""
    layer = _counts_layer([NULL] * 3 + list(range(1, 81)))
    styling.graduated(layer, "n", classes=4)
    labels = [item.label() for item in layer.renderer().legendSymbolItems()]
    assert labels == ["1.00 – 20.75", "20.75 – 40.50", "40.50 – 60.25", "60.25 – 80.00", "No data"]
    drawn = _drawn(layer)
    assert drawn[None] == styling.NO_DATA_COLOR and all(drawn[v] for v in range(1, 81))
    assert drawn[1] != drawn[80] and styling.NO_DATA_COLOR not in {drawn[v] for v in range(1, 81)}
    complete = _counts_layer(list(range(1, 81)))  # nothing missing: a plain graduated renderer, no "No data"
    styling.graduated(complete, "n", classes=4)
    assert isinstance(complete.renderer(), QgsGraduatedSymbolRenderer)
    assert [r.label() for r in complete.renderer().ranges()][-1] == "60.25 – 80.00"
    assert _restyled(layer)[None] == styling.NO_DATA_COLOR  # the saved style keeps the grey class


def _decimals(label: str) -> list[int]:
    """The decimals of each number of a legend label ("83.60 – 84.04": [2, 2])."""
    return [len(number.partition(".")[2]) for number in re.findall(r"\d[\d,]*(?:\.\d+)?", label)]


def test_class_labels_share_one_number_of_decimals(city_layers):
    """Natural breaks fall on data values: trimmed, their labels mixed "83.6 – 84.04" and "100.9 – 106.59". Every
    label now has the legend's one number of decimals, kept by the saved style, and the renderer's classification
    relabels so (a new number of classes in Layer Properties)."""
    values = [83.6, 84.04, 94.78, 100.9, 106.59, 113.61]
    layer = _counts_layer(values * 3, "double")
    assert styling.graduated(layer, "n", classes=5, method=QgsClassificationJenks()) == 5
    labels = [r.label() for r in layer.renderer().ranges()]
    assert labels[0] == "83.60 – 84.04" and labels[3] == "100.90 – 106.59", labels
    assert {d for label in labels for d in _decimals(label)} == {2}
    method = layer.renderer().classificationMethod()
    assert [method.labelForRange(r.lowerValue(), r.upperValue()) for r in layer.renderer().ranges()] == labels
    copy = _counts_layer(values, "double")
    qml = str(Path(tempfile.mkdtemp()) / "style.qml")
    assert layer.saveNamedStyle(qml)[1] and copy.loadNamedStyle(qml)[1]
    assert [r.label() for r in copy.renderer().ranges()] == labels
    # a spread of 300 gives 0 decimals, which would read "100 – 100": one more tells the bounds apart
    close = _counts_layer([0.0, 100.2, 100.4, 300.0] * 3, "double")
    styling.graduated(close, "n", classes=4, method=QgsClassificationJenks())
    labels = [r.label() for r in close.renderer().ranges()]
    uppers = [label.split(" – ")[1] for label in labels]
    assert len(set(uppers)) == len(uppers), labels
    assert {d for label in labels for d in _decimals(label)} == {1}, labels


def test_categories_get_distinct_colours_and_a_no_data_entry(city_layers):
    """Clusters get tab10's colours, the engine's own map colours, all distinct and none grey; a region without a
    cluster is grey."""
    layer = _counts_layer([NULL] + [i % 12 for i in range(48)])
    assert styling.categorized(layer, "n") == 12
    categories = layer.renderer().categories()
    assert [c.label() for c in categories] == [f"Cluster {i}" for i in range(12)] + ["No data"]
    colours = [c.symbol().color().name() for c in categories]
    assert colours[:9] == styling.DARK and colours[9:12] == styling.LIGHT[:3] and len(set(colours)) == 13
    assert "#7f7f7f" not in styling.CATEGORY_COLORS and "#c7c7c7" not in styling.CATEGORY_COLORS
    drawn = _drawn(layer)
    assert drawn[0] == "#1f77b4" and drawn[1] == "#ff7f0e" and drawn[None] == styling.NO_DATA_COLOR
    assert _restyled(layer) == drawn
    complete = _counts_layer(list(range(3)))
    styling.categorized(complete, "n", label="{}")
    assert [c.label() for c in complete.renderer().categories()] == ["0", "1", "2"]


def test_category_colours_are_the_engines(engine_python):
    """The dock's and export_map's cluster colours are the engine's cluster style and PNG colours, in order (the
    plugin cannot import the engine, so the two lists are kept apart and must not drift)."""
    import subprocess

    if not engine_python.is_file():
        pytest.skip(f"engine venv missing: {engine_python}")
    code = (
        "from matplotlib.colors import to_hex; from mtgrr.export.styles import CATEGORY_COLORS as C; "
        "print(' '.join(to_hex(C(i)) for i in range(C.N)))"
    )
    done = subprocess.run([str(engine_python), "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == styling.CATEGORY_COLORS


ENGINE_OUTPUT_WITHOUT_DATA = """
import sys
import numpy as np, geopandas as gpd
from shapely import box
from mtgrr.data import ModalityFeatures, RegionDataset
from mtgrr.export import write_outputs
from mtgrr.export.styles import NO_DATA_COLOR
ids = np.arange(16)
x0, y0 = 580000 + 100.0 * (ids % 4), 4500000 + 100.0 * (ids // 4)
regions = gpd.GeoDataFrame({"region_id": ids}, geometry=box(x0, y0, x0 + 100, y0 + 100), crs="EPSG:32618")
poi = ModalityFeatures("poi", np.ones((16, 1)), ["c"], np.ones(16, bool))
ds = RegionDataset(ids, regions.set_index("region_id"), "EPSG:32618", {"poi": poi})
emb = np.random.default_rng(0).normal(size=(16, 4))
emb[[2, 9]] = 0.0  # no data in any modality
write_outputs(ds, emb, None, [], sys.argv[1], clusters=3, predictions={"x": emb[:, 0]}, maps_png=False)
print(NO_DATA_COLOR)
"""


def _colours_at_centroids(layer: QgsVectorLayer) -> dict:
    """region_id → the colour QGIS renders at the region's centroid (data-defined colours included)."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(400, 400))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    colours = {}
    for feature in layer.getFeatures():
        pixel = settings.mapToPixel().transform(feature.geometry().centroid().asPoint())
        colours[feature["region_id"]] = QColor(image.pixel(int(pixel.x()), int(pixel.y()))).name()
    return colours


def test_regions_without_data_in_the_engine_s_output_are_grey_no_data(engine_python, tmp_path):
    """The engine writes NULL cluster, color and pred_ for an all-zero embedding: its own default (RGB) style and
    cluster style, and the dock's maps of that layer, draw those regions grey with a "No data" entry, not in a
    cluster's colour, QGIS's default blue or mid-grey 128."""
    import subprocess

    from qgis.PyQt.QtXml import QDomDocument

    if not engine_python.is_file():
        pytest.skip(f"engine venv missing: {engine_python}")
    done = subprocess.run(
        [str(engine_python), "-c", ENGINE_OUTPUT_WITHOUT_DATA, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == styling.NO_DATA_COLOR  # the engine's grey is the plugin's
    gpkg = str(tmp_path / "embeddings.gpkg")
    empty = {2, 9}

    default = QgsVectorLayer(f"{gpkg}|layername=embeddings", "default", "ogr")  # the GeoPackage's own style
    colours = {f["region_id"]: f["color"] for f in default.getFeatures()}
    assert {r for r, c in colours.items() if c == NULL} == empty
    drawn = _colours_at_centroids(default)
    assert {r for r, c in drawn.items() if c == styling.NO_DATA_COLOR} == empty
    assert all(drawn[r] == colours[r] for r in drawn if r not in empty)

    clusters = QgsVectorLayer(f"{gpkg}|layername=embeddings", "clusters", "ogr")
    qml = QDomDocument()  # loadNamedStyle would take the GeoPackage's default style instead of the file
    assert qml.setContent((tmp_path / "embeddings_cluster.qml").read_text(encoding="utf-8"))[0]
    assert clusters.importNamedStyle(qml)[0]
    assert [c.label() for c in clusters.renderer().categories()][-1] == "No data"
    drawn = _colours_at_centroids(clusters)
    assert {r for r, c in drawn.items() if c == styling.NO_DATA_COLOR} == empty

    for layer in styling.result_layers(gpkg, "x"):  # the dock's maps (plugin/styling.py)
        if layer.name() in ("Predicted x", "Clusters", "Embedding colours"):
            drawn = _colours_at_centroids(layer)
            assert {r for r, c in drawn.items() if c == styling.NO_DATA_COLOR} == empty, layer.name()
