"""Result maps: renderer types, fields and saved styles on an embeddings GeoPackage of the documented layout."""

from __future__ import annotations

import random

from mtgrr_qgis.plugin import styling
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGraduatedSymbolRenderer,
    QgsProject,
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


def test_classes_come_from_the_regions_with_a_value(city_layers):
    """A GeoPackage integer field with NULLs: QGIS 3.22 reads them as 0; the breaks must not."""
    from qgis.core import NULL, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:32618&field=n:integer", "counts", "memory")
    values = [NULL] * 40 + list(range(1, 81))  # a third unknown
    features = []
    for value in values:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([value])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    styling.graduated(layer, "n", classes=4)
    ranges = layer.renderer().ranges()
    assert len(ranges) == 4
    assert ranges[0].lowerValue() == 1 and ranges[-1].upperValue() == 80  # no "0 - 0" class
    quartiles = [20.75, 40.5, 60.25]  # of 1..80; with the NULLs read as 0 they would be 7, 34, 60
    assert all(abs(r.upperValue() - q) <= 1 for r, q in zip(ranges, quartiles, strict=False)), [
        r.upperValue() for r in ranges
    ]
