"""Every MTGRR algorithm through processing.run, against the real engine and real QGIS."""

from __future__ import annotations

import datetime
import math
import re
import time
from pathlib import Path

import numpy as np
import processing
import pytest
from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsGraduatedSymbolRenderer,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QImage
from recording import RecordingFeedback

ALGORITHMS = {"learn", "embed", "predict", "cluster", "grid", "export_map"}


def layer(path: str) -> QgsVectorLayer:
    loaded = QgsVectorLayer(path, "out", "ogr")
    assert loaded.isValid(), path
    return loaded


def values(path: str, field: str) -> list:
    return [f[field] for f in layer(path).getFeatures()]


def test_provider_lists_every_algorithm_with_help(provider):
    assert provider.name() == "MTGRR"
    assert {a.name() for a in provider.algorithms()} == ALGORITHMS
    for algorithm in provider.algorithms():
        assert algorithm.id() == f"mtgrr:{algorithm.name()}"
        assert len(algorithm.shortHelpString()) > 80, algorithm.id()
    learn = QgsApplication.processingRegistry().algorithmById("mtgrr:learn")
    flags = {p.name(): p.flags() for p in learn.parameterDefinitions()}
    for name in ("EPOCHS", "EMBEDDING_DIM", "SEED", "DEVICE", "CLUSTERS", "GRID_CELL_SIZE", "OD_PROFILE"):
        assert flags[name] & QgsProcessingParameterDefinition.FlagAdvanced, name
    for name in ("POI", "TRIPS", "LANDUSE", "ROADS", "RASTER", "STREET_VIEW", "TARGET"):
        assert flags[name] & QgsProcessingParameterDefinition.FlagOptional, name
    poi_field = learn.parameterDefinition("POI_CATEGORY")
    assert poi_field.parentLayerParameterName() == "POI"


def test_plugin_registers_and_removes_the_provider(qgis_iface, provider, reregister_provider):
    from mtgrr_qgis.plugin.main import MtgrrPlugin

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("mtgrr")
    if existing is not None:  # the session provider fixture; the plugin must add its own
        registry.removeProvider(existing)
    plugin = MtgrrPlugin(qgis_iface)
    plugin.initProcessing()
    assert registry.algorithmById("mtgrr:export_map") is not None
    plugin.unload()
    assert registry.providerById("mtgrr") is None
    reregister_provider()  # for the tests that follow


def test_learn_writes_embeddings_and_model(learned):
    out = layer(learned["OUTPUT"])
    assert out.featureCount() == 60
    names = out.fields().names()
    emb = [n for n in names if n.startswith("emb_")]
    assert emb and len(emb) % 8 == 0  # the engine's embedding is one or more blocks of EMBEDDING_DIM
    assert {"region_id", "color", "cluster", "pred_target_activity", "weight_poi", "weight_roads"} <= set(
        names
    )
    assert Path(learned["MODEL"]).stat().st_size > 1000
    assert Path(learned["REPORT"]).read_text(encoding="utf-8").strip()
    assert (Path(learned["RUN_FOLDER"]) / "job.toml").is_file()
    # the style travels with the file: opened anywhere (nothing was loaded into a project here), it is the map
    assert isinstance(out.renderer(), QgsGraduatedSymbolRenderer)
    assert out.renderer().classAttribute() == "pred_target_activity"


def test_embed_with_the_same_modalities_reproduces_the_embedding(learned, tmp_path):
    parameters = {
        **{k: v for k, v in learned["PARAMETERS"].items() if k not in ("EPOCHS", "EMBEDDING_DIM", "MODEL")},
        "MODEL": learned["MODEL"],
        "OUTPUT": str(tmp_path / "embedded.gpkg"),
    }
    embedded = processing.run("mtgrr:embed", parameters)["OUTPUT"]

    def matrix(path):
        features = sorted(layer(path).getFeatures(), key=lambda f: f["region_id"])
        return np.array([[f[n] for n in f.fields().names() if n.startswith("emb_")] for f in features])

    assert matrix(embedded).shape == matrix(learned["OUTPUT"]).shape == (60, matrix(embedded).shape[1])
    np.testing.assert_allclose(matrix(embedded), matrix(learned["OUTPUT"]), atol=1e-4)


def test_embed_refuses_a_model_of_other_modalities(learned, city, tmp_path):
    parameters = {
        "MODEL": learned["MODEL"],
        "REGIONS": f"{city}|layername=regions",
        "REGION_ID": "region_id",
        "POI": f"{city}|layername=poi",
        "POI_CATEGORY": "category",
        "DEVICE": 1,
        "OUTPUT": str(tmp_path / "embedded.gpkg"),
    }
    with pytest.raises(QgsProcessingException, match="lacks the model's modalities: missing roads"):
        processing.run("mtgrr:embed", parameters)
    assert not (tmp_path / "embedded.gpkg").exists()
    assert not (tmp_path / "embedded_run").exists(), "a failed run leaves no run folder"


def test_learn_names_the_layer_of_a_missing_field(provider, city, tmp_path, learn_params):
    parameters = learn_params(city, tmp_path, POI_CATEGORY="")
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run("mtgrr:learn", parameters, feedback=feedback)
    assert any("(POI): choose the category field" in e for e in feedback.errors), feedback.errors


def test_learn_error_names_the_qgis_layer_and_the_fix(provider, city, tmp_path, learn_params):
    """A CRS set in QGIS (here a UTM zone on longitude/latitude points) is what the engine reads; its
    error names the layer the user chose, not the job key the plugin wrote."""
    poi = QgsVectorLayer(f"{city}|layername=poi", "shops", "ogr")
    assert poi.crs().authid() == "EPSG:4326"
    poi.setCrs(QgsCoordinateReferenceSystem("EPSG:32632"))
    parameters = learn_params(city, tmp_path, POI=poi, ROADS=None)
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("mtgrr:learn", parameters)
    assert re.match(
        r"Layer 'shops' \(POI\): none of the \d+ POIs falls inside a region", str(raised.value)
    ), raised.value
    assert str(raised.value).endswith(
        "Fix: check the layer's CRS in Layer Properties > Source: it must be the CRS its coordinates are in."
    )
    assert not (tmp_path / "embeddings_run").exists()


def test_a_shapefile_output_says_its_field_names_are_cut(provider, city, tmp_path, learn_params):
    feedback = RecordingFeedback()
    parameters = learn_params(city, tmp_path, OUTPUT=str(tmp_path / "embeddings.shp"))
    out = processing.run("mtgrr:learn", parameters, feedback=feedback)["OUTPUT"]
    assert "weight_roa" in layer(out).fields().names()  # what the warning is about
    assert any(
        "A Shapefile keeps 10 characters" in w and "weight_roads → weight_roa" in w for w in feedback.warnings
    )


class CancelInTraining(QgsProcessingFeedback):
    """Presses cancel once the engine reports its training stage."""

    def pushInfo(self, info):  # noqa: N802
        super().pushInfo(info)
        if info.startswith("Stage: training"):
            self.cancel()


def test_cancel_stops_the_engine(provider, city, tmp_path, learn_params):
    parameters = learn_params(city, tmp_path, EPOCHS=100000)
    started = time.monotonic()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("mtgrr:learn", parameters, feedback=CancelInTraining())
    assert time.monotonic() - started < 120
    assert not (tmp_path / "embeddings.gpkg").exists()
    assert not (tmp_path / "model.pt").exists()
    assert not (tmp_path / "embeddings_run").exists()


def test_predict_fills_unknown_values_with_honest_metrics(embeddings_with_target, tmp_path):
    results = processing.run(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "pred.gpkg")},
    )
    known = [v for v in values(embeddings_with_target, "target_activity") if isinstance(v, float)]  # not NULL
    assert results["N_KNOWN"] == len(known) == 40
    assert results["R2"] <= 1.0 and 0 < results["MAE"] <= results["RMSE"]
    predictions = values(results["OUTPUT"], "pred_target_activity")
    assert len(predictions) == 60 and all(math.isfinite(p) for p in predictions)
    assert np.std(predictions) > 0
    # The metrics are the ones of the written out-of-fold predictions on the known regions.
    rows = [(f["target_activity"], f["pred_target_activity"]) for f in layer(results["OUTPUT"]).getFeatures()]
    y, p = np.array([r for r in rows if isinstance(r[0], float)], dtype=float).T
    assert results["MAE"] == pytest.approx(np.mean(np.abs(y - p)))
    assert results["RMSE"] == pytest.approx(np.sqrt(np.mean((y - p) ** 2)))


def test_predict_with_spatial_folds_holds_out_blocks_in_metres(embeddings_with_target, tmp_path):
    feedback = RecordingFeedback()
    params = {"FIELD": "target_activity", "SPATIAL_CV": True, "FOLDS": 3}  # 12 blocks of the 40 known regions
    blocked = processing.run(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, **params, "OUTPUT": str(tmp_path / "b.gpkg")},
        feedback=feedback,
    )
    scattered = processing.run(
        "mtgrr:predict",
        {
            "INPUT": embeddings_with_target,
            "FIELD": "target_activity",
            "FOLDS": 3,
            "OUTPUT": str(tmp_path / "s.gpkg"),
        },
    )
    assert blocked["N_KNOWN"] == 40 and blocked["R2"] != pytest.approx(scattered["R2"])
    assert any(
        line.startswith(
            "Out-of-fold, blocks of neighbouring regions held out, on 40 regions with a value: R² "
        )
        for line in feedback.infos
    )
    rows = [(f["target_activity"], f["pred_target_activity"]) for f in layer(blocked["OUTPUT"]).getFeatures()]
    y, p = np.array([r for r in rows if isinstance(r[0], float)], dtype=float).T
    assert blocked["MAE"] == pytest.approx(np.mean(np.abs(y - p)))  # the written out-of-block predictions
    # Longitudes and latitudes are placed in metres (their UTM zone): the same blocks, the same scores.
    lonlat = processing.run(
        "native:reprojectlayer",
        {"INPUT": embeddings_with_target, "TARGET_CRS": "EPSG:4326", "OUTPUT": str(tmp_path / "ll.gpkg")},
    )["OUTPUT"]
    again = processing.run("mtgrr:predict", {"INPUT": lonlat, **params, "OUTPUT": str(tmp_path / "b2.gpkg")})
    assert again["R2"] == pytest.approx(blocked["R2"], abs=1e-9)
    table = processing.run(
        "native:dropgeometries", {"INPUT": embeddings_with_target, "OUTPUT": str(tmp_path / "t.gpkg")}
    )["OUTPUT"]
    with pytest.raises(QgsProcessingException, match="has no geometry, and spatial cross-validation places"):
        processing.run("mtgrr:predict", {"INPUT": table, **params, "OUTPUT": str(tmp_path / "x.gpkg")})


def test_predict_rejects_a_text_field(embeddings_with_target, tmp_path):
    with pytest.raises(QgsProcessingException, match="'color' .* is not numeric"):
        processing.run(
            "mtgrr:predict",
            {"INPUT": embeddings_with_target, "FIELD": "color", "OUTPUT": str(tmp_path / "p.gpkg")},
        )


def test_predict_needs_embeddings(provider, city, tmp_path):
    with pytest.raises(QgsProcessingException, match="no emb_\\* fields"):
        processing.run(
            "mtgrr:predict",
            {
                "INPUT": f"{city}|layername=regions",
                "FIELD": "target_activity",
                "OUTPUT": str(tmp_path / "p.gpkg"),
            },
        )


def test_cluster_output_is_loaded_categorized(learned, qgis_new_project, tmp_path):
    results = processing.runAndLoadResults(
        "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 4, "OUTPUT": str(tmp_path / "clusters.gpkg")}
    )
    clusters = values(results["OUTPUT"], "cluster")
    assert len(clusters) == 60 and set(clusters) == {0, 1, 2, 3}
    sizes = [clusters.count(c) for c in range(4)]
    assert sizes == sorted(sizes, reverse=True), sizes  # numbered by size, 0 the largest
    feedback = RecordingFeedback()
    again = processing.run(
        "mtgrr:cluster",
        {"INPUT": learned["OUTPUT"], "K": 4, "OUTPUT": str(tmp_path / "again.gpkg")},
        feedback=feedback,
    )
    assert values(again["OUTPUT"], "cluster") == clusters  # the same seed, the same numbers
    assert "Regions per cluster: " + ", ".join(f"{c}: {n}" for c, n in enumerate(sizes)) in feedback.infos
    from sklearn.metrics import silhouette_score

    layer = QgsVectorLayer(learned["OUTPUT"], "embeddings", "ogr")
    emb = [n for n in layer.fields().names() if n.startswith("emb_")]
    X = [[f[n] for n in emb] for f in layer.getFeatures()]
    expected = silhouette_score(X, clusters)  # the score of the clusters written (renumbering keeps it)
    assert again["SILHOUETTE"] == pytest.approx(expected, abs=1e-9)
    assert f"Silhouette score: {expected:.3f} (-1 to 1; compare it across k)" in feedback.infos
    loaded = [
        lyr
        for lyr in QgsProject.instance().mapLayers().values()
        if lyr.source().startswith(results["OUTPUT"])
    ]
    assert len(loaded) == 1
    renderer = loaded[0].renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "cluster"
    assert len(renderer.categories()) == 4


def test_predict_output_is_loaded_graduated(embeddings_with_target, qgis_new_project, tmp_path):
    results = processing.runAndLoadResults(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "pred.gpkg")},
    )
    loaded = [
        lyr
        for lyr in QgsProject.instance().mapLayers().values()
        if lyr.source().startswith(results["OUTPUT"])
    ]
    renderer = loaded[0].renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer)
    assert renderer.classAttribute() == "pred_target_activity"


def test_cluster_rejects_more_clusters_than_regions(learned, tmp_path):
    with pytest.raises(QgsProcessingException, match="cannot make 100 clusters from 60 regions"):
        processing.run(
            "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 100, "OUTPUT": str(tmp_path / "c.gpkg")}
        )


def test_cluster_refuses_to_overwrite_an_embedding_field(learned, tmp_path):
    out = tmp_path / "c.gpkg"
    with pytest.raises(
        QgsProcessingException, match="'emb_000' would overwrite one of the embedding's own fields"
    ):
        processing.run(
            "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 3, "FIELD_NAME": "emb_000", "OUTPUT": str(out)}
        )
    assert not out.exists()


def test_grid_refuses_a_cell_size_in_the_wrong_unit(provider, tmp_path):
    out = tmp_path / "grid.gpkg"
    with pytest.raises(
        QgsProcessingException, match=r"about 3,4\d\d,\d\d\d cells"
    ):  # hexagons of 1 m over 2 × 1.5 km
        processing.run(
            "mtgrr:grid",
            {"EXTENT": "583000,585000,4507000,4508500 [EPSG:32618]", "SIZE": 1, "OUTPUT": str(out)},
        )
    with pytest.raises(QgsProcessingException, match="counts in degrees"):
        processing.run("mtgrr:grid", {"EXTENT": "13,14,52,53 [EPSG:4326]", "SIZE": 500, "OUTPUT": str(out)})
    assert not out.exists()


@pytest.mark.parametrize("shape, sides", [(0, 6), (1, 4)])
def test_grid_covers_the_extent(provider, tmp_path, shape, sides):
    extent = "583000,585000,4507000,4508500 [EPSG:32618]"
    out = processing.run(
        "mtgrr:grid", {"EXTENT": extent, "SHAPE": shape, "SIZE": 250, "OUTPUT": str(tmp_path / "grid.gpkg")}
    )["OUTPUT"]
    grid = layer(out)
    assert grid.crs().authid() == "EPSG:32618"
    cells = list(grid.getFeatures())
    areas = [c.geometry().area() for c in cells]
    assert max(areas) == pytest.approx(min(areas))
    covered = QgsGeometry.unaryUnion([c.geometry() for c in cells])
    bare = QgsGeometry.fromRect(QgsRectangle(583000, 4507000, 585000, 4508500)).difference(covered)
    assert bare.isEmpty() or bare.area() < 1e-3  # every point of the extent lies in a cell
    inside = QgsGeometry.fromRect(QgsRectangle(583000, 4507000, 585000, 4508500))
    assert all(c.geometry().intersection(inside).area() > 1.0 for c in cells)  # and no cell lies outside it
    vertices = len(cells[0].geometry().asPolygon()[0]) - 1
    assert vertices == sides
    if sides == 4:
        assert areas[0] == pytest.approx(250 * 250)
    assert len({c["id"] for c in cells}) == len(cells)


def test_grid_rejects_a_zero_size(provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="above 0"):
        processing.run(
            "mtgrr:grid",
            {"EXTENT": "0,1000,0,1000 [EPSG:32618]", "SIZE": 0, "OUTPUT": str(tmp_path / "g.gpkg")},
        )


def _pixels(path: Path) -> np.ndarray:
    """The image's RGB values, rows × columns × 3 (QImage's RGB32 is stored B, G, R, A)."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull()
    pointer = image.constBits()
    pointer.setsize(image.sizeInBytes())
    pixels = np.frombuffer(pointer, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return pixels[:, : image.width(), 2::-1].astype(float)


def _share(pixels: np.ndarray, colour: str) -> float:
    """The share of the pixels that have ``colour`` ('#rrggbb')."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return float((np.abs(pixels - rgb).sum(axis=2) < 6).mean())


def _png_checks(path: Path) -> None:
    """Not blank, and the legend's area of the layout holds drawing (read from the template)."""
    from mtgrr_qgis.plugin.processing.export_map import load_layout

    pixels = _pixels(path)
    assert pixels.std() > 20
    project = QgsProject()
    layout = load_layout(project)
    legend = layout.itemById("legend")
    per_mm = pixels.shape[1] / 297.0
    x, y = legend.positionWithUnits().x(), legend.positionWithUnits().y()
    w, h = legend.sizeWithUnits().width(), legend.sizeWithUnits().height()
    box = pixels[int(y * per_mm) : int((y + h) * per_mm), int(x * per_mm) : int((x + w) * per_mm)]
    coloured = (np.abs(box - 255).sum(axis=2) > 60).mean()
    assert coloured > 0.02, coloured


def source_note(feedback: RecordingFeedback) -> str:
    notes = [i for i in feedback.infos if i.startswith("Source note: ")]
    assert len(notes) == 1, feedback.infos
    return notes[0].removeprefix("Source note: ")


@pytest.fixture
def exported_legends(monkeypatch) -> list[tuple[str, list[str]]]:
    """The heading and the entries of each exported map's legend, read from the layout's legend model as the
    exporter gets the layout."""
    from mtgrr_qgis.plugin.processing import export_map
    from qgis.core import QgsLayoutExporter
    from qgis.PyQt.QtCore import Qt

    legends = []

    class RecordingExporter(QgsLayoutExporter):
        def __init__(self, layout):
            super().__init__(layout)
            model = layout.itemById("legend").model()
            [node] = model.rootGroup().findLayers()
            heading = model.data(model.node2index(node), Qt.ItemDataRole.DisplayRole)
            legends.append(
                (heading, [n.data(Qt.ItemDataRole.DisplayRole) for n in model.layerLegendNodes(node)])
            )

    monkeypatch.setattr(export_map, "QgsLayoutExporter", RecordingExporter)
    return legends


def _decimals(label: str) -> set[int]:
    """The numbers of decimals in a legend entry ("83.60 – 84.04": {2})."""
    return {len(number.partition(".")[2]) for number in re.findall(r"\d[\d,]*(?:\.\d+)?", label)}


def test_export_map_pdf_and_png(embeddings_with_target, tmp_path, artifacts, exported_legends):
    predicted = processing.run(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "pred.gpkg")},
    )["OUTPUT"]
    feedback = RecordingFeedback()
    results = processing.run(
        "mtgrr:export_map",
        {
            "INPUT": predicted,
            "FIELD": "pred_target_activity",
            "METHOD": 1,
            "CLASSES": 5,
            "RAMP": "Viridis",
            "TITLE": "Predicted activity (synthetic city)",
            "PDF": str(tmp_path / "map.pdf"),
            "PNG": str(artifacts / "processing_map.png"),
        },
        feedback=feedback,
    )
    # The default note traces the map back: file, regions, CRS, classification, tool and date.
    assert source_note(feedback) == (
        f"Data: pred.gpkg · 60 regions, {layer(predicted).crs().authid()} · 5 classes: Natural breaks (Jenks) · "
        f"Made with MTGRR, {datetime.date.today().isoformat()}"
    )
    pdf = Path(results["PDF"]).read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page size in the PDF"
    width, height = (float(v) for v in boxes[0])
    assert width == pytest.approx(841.89, abs=1) and height == pytest.approx(595.28, abs=1)  # A4 landscape
    _png_checks(Path(results["PNG"]))
    # The legend is headed for a reader, not by the field name; its entries have one number of decimals, enough
    # to tell the bounds apart (Jenks breaks are data values: trimmed, they read "83.6 – 84.04").
    [(heading, entries)] = exported_legends  # one layout for both files
    assert heading == "Predicted target_activity"
    assert len(entries) == 5 and len({d for entry in entries for d in _decimals(entry)}) == 1, entries
    uppers = [entry.split(" – ")[1] for entry in entries]
    assert len(set(uppers)) == 5, entries


def test_export_map_legend_heading(learned, embeddings_with_target, tmp_path, exported_legends):
    """LEGEND_TITLE heads the legend; by default the field's alias, else a readable name of MTGRR's fields."""
    from mtgrr_qgis.plugin.processing.export_map import default_legend_title

    embeddings = layer(learned["OUTPUT"])
    names = embeddings.fields().names()
    modality = next(n for n in names if n.startswith("weight_"))[len("weight_") :]
    assert default_legend_title(embeddings, f"weight_{modality}") == f"Modality weight: {modality}"
    assert default_legend_title(embeddings, "pred_target_activity") == "Predicted target_activity"
    assert default_legend_title(embeddings, "cluster") == "Cluster"
    assert default_legend_title(embeddings, "region_id") == "region_id"  # a field of the user's own: as named
    assert default_legend_title(embeddings, "pred_") == "pred_"
    base = {"INPUT": embeddings_with_target, "FIELD": "target_activity", "PNG": str(tmp_path / "m.png")}
    processing.run("mtgrr:export_map", {**base, "LEGEND_TITLE": "Activity (jobs per km²)"})
    assert exported_legends[-1][0] == "Activity (jobs per km²)"
    assert exported_legends[-1][1][-1] == "No data"
    aliased = layer(embeddings_with_target)
    aliased.setFieldAlias(aliased.fields().indexOf("target_activity"), "Economic activity")
    processing.run("mtgrr:export_map", {**base, "INPUT": aliased})
    assert exported_legends[-1][0] == "Economic activity"
    processing.run("mtgrr:export_map", {**base, "INPUT": aliased, "LEGEND_TITLE": "  "})  # blank: the default
    assert exported_legends[-1][0] == "Economic activity"


def test_export_map_draws_regions_without_a_value_grey(embeddings_with_target, tmp_path):
    """A third of the regions have no target_activity: grey (styling.NO_DATA_COLOR) with a "No data" legend entry,
    not holes."""
    png = tmp_path / "known.png"
    processing.run(
        "mtgrr:export_map", {"INPUT": embeddings_with_target, "FIELD": "target_activity", "PNG": str(png)}
    )
    assert _share(_pixels(png), "#c8c8c8") > 0.03


def test_export_map_draws_the_clusters_as_categories(learned, tmp_path):
    """A zone map: one distinct colour per cluster (tab10, as the engine's own maps), not graduated classes of
    cluster numbers; any field can be mapped so, but not one with too many values."""
    clusters = processing.run(
        "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 4, "OUTPUT": str(tmp_path / "zones.gpkg")}
    )["OUTPUT"]
    feedback = RecordingFeedback()
    png = tmp_path / "zones.png"
    processing.run(
        "mtgrr:export_map",
        {"INPUT": clusters, "FIELD": "cluster", "METHOD": 3, "TITLE": "Functional zones", "PNG": str(png)},
        feedback=feedback,
    )
    assert " · 4 categories · " in source_note(feedback)
    pixels = _pixels(png)
    assert all(_share(pixels, colour) > 0.002 for colour in ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"))
    processing.run(
        "mtgrr:export_map",
        {"INPUT": clusters, "FIELD": "function", "METHOD": 3, "PNG": str(tmp_path / "f.png")},
    )  # a text field
    with pytest.raises(
        QgsProcessingException, match="'color' .* has 60 distinct values, too many categories"
    ):
        processing.run(
            "mtgrr:export_map",
            {"INPUT": clusters, "FIELD": "color", "METHOD": 3, "PNG": str(tmp_path / "c.png")},
        )


def test_a_legend_of_many_categories_takes_more_columns():
    from mtgrr_qgis.plugin import styling
    from mtgrr_qgis.plugin.processing.export_map import _fit_legend, load_layout
    from qgis.core import QgsFeature, QgsLayoutUtils, QgsLegendRenderer

    zones = QgsVectorLayer("Polygon?crs=EPSG:32618&field=zone:integer", "zone", "memory")
    features = []
    for value in range(30):
        feature = QgsFeature(zones.fields())
        feature.setAttributes([value])
        features.append(feature)
    assert zones.dataProvider().addFeatures(features)
    styling.categorized(zones, "zone", "{}")
    project = QgsProject()
    project.addMapLayer(zones)
    layout = load_layout(project)
    legend = layout.itemById("legend")
    legend.model().rootGroup().addLayer(zones)
    _fit_legend(legend)
    context = QgsLayoutUtils.createRenderContextForLayout(layout, None)
    size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
    assert legend.columnCount() > 1
    assert size.height() <= legend.sizeWithUnits().height() and size.width() <= legend.sizeWithUnits().width()


def test_export_map_explains_bad_parameters(embeddings_with_target, tmp_path):
    base = {"INPUT": embeddings_with_target, "FIELD": "target_activity", "PNG": str(tmp_path / "m.png")}
    with pytest.raises(QgsProcessingException, match="no colour ramp 'Nope'.*Viridis"):
        processing.run("mtgrr:export_map", {**base, "RAMP": "Nope"})
    with pytest.raises(QgsProcessingException, match="'color' .* is not numeric"):
        processing.run("mtgrr:export_map", {**base, "FIELD": "color"})
    with pytest.raises(QgsProcessingException, match="PDF file, a PNG file"):
        processing.run("mtgrr:export_map", {**base, "PNG": None})


def test_export_map_keeps_a_given_source_note_and_names_sublayers(embeddings_with_target, city, tmp_path):
    from mtgrr_qgis.plugin.processing.export_map import TEMPLATE, default_source_note

    feedback = RecordingFeedback()
    base = {"INPUT": embeddings_with_target, "FIELD": "target_activity", "PNG": str(tmp_path / "m.png")}
    processing.run("mtgrr:export_map", {**base, "SOURCE_NOTE": "Survey 2023, city of X"}, feedback=feedback)
    assert source_note(feedback) == "Survey 2023, city of X"
    regions = layer(f"{city}|layername=regions")
    note = default_source_note(regions, "Quantile", 4).splitlines()
    assert note[:3] == [
        "Data: city.gpkg (regions)",
        f"60 regions, {regions.crs().authid()}",
        "4 classes: Quantile",
    ]
    # The template's item ids, which the export looks items up by, are unchanged.
    ids = set(re.findall(r'<LayoutItem\b[^>]*?\sid="([a-z_]+)"', TEMPLATE.read_text(encoding="utf-8")))
    assert ids == {"title", "map", "legend", "scalebar", "north_arrow", "source"}


def test_learn_takes_hourly_flows_only_with_an_od_table(provider, city, tmp_path, learn_params):
    table = tmp_path / "hourly.csv"
    header = ["region_id"] + [f"{p}{h:02d}" for p in ("out_h", "in_h") for h in range(24)]
    table.write_text(",".join(header) + "\n" + ",".join(["0"] + ["1"] * 48) + "\n", encoding="utf-8")
    parameters = learn_params(city, tmp_path, HOURLY=str(table), HOURLY_ID="region_id")
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run("mtgrr:learn", parameters, feedback=feedback)
    assert any(
        "(hourly flows) goes with an origin-destination table" in e for e in feedback.errors
    ), feedback.errors


def test_hourly_flows_reach_the_job_with_an_od_table(provider, city, tmp_path, learn_params):
    """HOURLY / HOURLY_ID go into the job's [mobility.hourly] (learn; embed shares the parameters)."""
    import tomllib
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    od = tmp_path / "od.csv"
    od.write_text("origin_id,destination_id,trips\n0,1,5\n1,0,2\n", encoding="utf-8")
    table = tmp_path / "hourly.csv"
    header = ["zone"] + [f"{p}{h:02d}" for p in ("out_h", "in_h") for h in range(24)]
    table.write_text(",".join(header) + "\n" + ",".join(["0"] + ["1"] * 48) + "\n", encoding="utf-8")
    parameters = learn_params(
        city,
        tmp_path,
        TRIPS=str(od),
        TRIPS_MODE=2,
        ORIGIN="origin_id",
        DESTINATION="destination_id",
        TRIP_COUNT="trips",
        HOURLY=str(table),
        HOURLY_ID="zone",
    )
    learn = QgsApplication.processingRegistry().createAlgorithmById("mtgrr:learn")
    assert learn.prepareAlgorithm(parameters, QgsProcessingContext(), QgsProcessingFeedback())
    job = tomllib.loads((tmp_path / "embeddings_run" / "job.toml").read_text(encoding="utf-8"))
    assert job["mobility"]["od"]["path"] == str(od)
    assert job["mobility"]["hourly"] == {
        "path": str(table),
        "id_field": "zone",
        "out_prefix": "out_h",
        "in_prefix": "in_h",
    }
    header = ["zone"] + [f"{p}{h:02d}" for p in ("dep_", "arr_") for h in range(24)]
    table.write_text(",".join(header) + "\n" + ",".join(["0"] + ["1"] * 48) + "\n", encoding="utf-8")
    parameters.update(HOURLY_OUT_PREFIX="dep_", HOURLY_IN_PREFIX="arr_")
    assert learn.prepareAlgorithm(parameters, QgsProcessingContext(), QgsProcessingFeedback())
    job = tomllib.loads((tmp_path / "embeddings_run" / "job.toml").read_text(encoding="utf-8"))
    assert (job["mobility"]["hourly"]["out_prefix"], job["mobility"]["hourly"]["in_prefix"]) == (
        "dep_",
        "arr_",
    )
    embed = QgsApplication.processingRegistry().algorithmById("mtgrr:embed")
    for algorithm in (learn, embed):
        hourly = algorithm.parameterDefinition("HOURLY")
        assert hourly.flags() & QgsProcessingParameterDefinition.FlagOptional
        assert algorithm.parameterDefinition("HOURLY_ID").parentLayerParameterName() == "HOURLY"
        for name, default in (("HOURLY_OUT_PREFIX", "out_h"), ("HOURLY_IN_PREFIX", "in_h")):
            prefix = algorithm.parameterDefinition(name)
            assert prefix.defaultValue() == default
            assert prefix.flags() & QgsProcessingParameterDefinition.FlagAdvanced


def test_learn_refuses_a_table_inside_a_geopackage_and_makes_no_folder(
    provider, city, tmp_path, learn_params
):
    """'Save to GeoPackage…' gives an ogr: URI; the embeddings are a file of their own with a run folder beside it."""
    destination = f"ogr:dbname='{tmp_path / 'project.gpkg'}' table=\"embeddings\" (geom)"
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run(
            "mtgrr:learn", learn_params(city, tmp_path / "out", OUTPUT=destination), feedback=feedback
        )
    assert any(re.search("choose a file name .*not a table inside a GeoPackage", e) for e in feedback.errors)
    assert list(tmp_path.iterdir()) == [], "no folder made"


def test_learn_to_a_shapefile_with_a_target_is_styled_on_the_cut_name(provider, city, tmp_path, learn_params):
    parameters = learn_params(
        city,
        tmp_path,
        OUTPUT=str(tmp_path / "emb.shp"),
        TARGET="target_activity",
        MODEL=str(tmp_path / "model"),
    )
    results = processing.run("mtgrr:learn", parameters)
    out = layer(results["OUTPUT"])
    assert isinstance(
        out.renderer(), QgsGraduatedSymbolRenderer
    )  # its .qml, on the Shapefile's own field name
    assert out.renderer().classAttribute() == "pred_targe"
    assert results["MODEL"] == str(tmp_path / "model.pt") and Path(results["MODEL"]).is_file()


def test_learn_finds_an_unwritable_model_path_before_training(provider, city, tmp_path, learn_params):
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    started = time.monotonic()
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run(
            "mtgrr:learn",
            learn_params(city, tmp_path, MODEL=str(a_file / "model.pt"), EPOCHS=100000),
            feedback=feedback,
        )
    assert any("The trained model cannot be written" in e for e in feedback.errors), feedback.errors
    assert time.monotonic() - started < 60  # refused before any training


def test_cluster_refuses_to_overwrite_a_field_of_the_layer(learned, tmp_path):
    for name in ("region_id", "target_activity", "FID"):
        with pytest.raises(QgsProcessingException, match=f"already has a field '{name}'"):
            processing.run(
                "mtgrr:cluster",
                {"INPUT": learned["OUTPUT"], "K": 3, "FIELD_NAME": name, "OUTPUT": str(tmp_path / "c.gpkg")},
            )
    out = processing.run(
        "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 3, "OUTPUT": str(tmp_path / "c.gpkg")}
    )
    assert len(set(values(out["OUTPUT"], "cluster"))) == 3  # an earlier run's 'cluster' is replaced


def test_export_map_output_paths_and_degenerate_fields(embeddings_with_target, tmp_path):
    def export(**extra):
        parameters = {"INPUT": embeddings_with_target, "FIELD": "target_activity", "METHOD": 0, "CLASSES": 5}
        return processing.run("mtgrr:export_map", {**parameters, **extra})

    assert Path(export(PNG=str(tmp_path / "noext"))["PNG"]) == tmp_path / "noext.png"
    _png_checks(tmp_path / "noext.png")
    (tmp_path / "a_folder.png").mkdir()
    with pytest.raises(QgsProcessingException, match="is a folder: give a file name"):
        export(PDF=str(tmp_path / "m.pdf"), PNG=str(tmp_path / "a_folder.png"))
    assert not (tmp_path / "m.pdf").exists()  # refused before anything was written
    empty = processing.run(
        "native:fieldcalculator",
        {
            "INPUT": embeddings_with_target,
            "FIELD_NAME": "nothing",
            "FIELD_TYPE": 0,
            "FORMULA": "NULL",
            "OUTPUT": str(
                tmp_path / "nothing.gpkg"
            ),  # a file layer: its refused copy once crashed QGIS at exit
        },
    )["OUTPUT"]
    with pytest.raises(QgsProcessingException, match="'nothing' of layer .* has no value on any feature"):
        processing.run(
            "mtgrr:export_map", {"INPUT": empty, "FIELD": "nothing", "PNG": str(tmp_path / "n.png")}
        )
    constant = processing.run(
        "native:fieldcalculator",
        {
            "INPUT": embeddings_with_target,
            "FIELD_NAME": "five",
            "FIELD_TYPE": 0,
            "FORMULA": "5",
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    from mtgrr_qgis.plugin import styling

    styling.graduated(constant, "five", classes=5)
    assert len(constant.renderer().ranges()) == 1  # not five "5 - 5" classes


def test_point_layers_get_markers(city):
    from mtgrr_qgis.plugin import styling
    from qgis.core import QgsMarkerSymbol

    points = QgsVectorLayer(f"{city}|layername=poi", "poi", "ogr")
    styling.categorized(points, "category")
    assert all(isinstance(c.symbol(), QgsMarkerSymbol) for c in points.renderer().categories())


def test_a_long_map_title_shrinks_to_its_line():
    from mtgrr_qgis.plugin.processing.export_map import _fit_title, load_layout
    from qgis.core import QgsLayoutUtils

    project = QgsProject()  # kept alive, with its layout, while the label is used
    layout = load_layout(project)
    label = layout.itemById("title")
    original = label.font().pointSizeF()
    long_title = "Predicted economic activity of every urban region of the development city, after 300 epochs"
    _fit_title(label, long_title)
    assert 10 <= label.font().pointSizeF() < original
    assert QgsLayoutUtils.textWidthMM(label.font(), long_title) <= label.sizeWithUnits().width()
    other_project = QgsProject()
    other_layout = load_layout(other_project)  # both kept alive while their label is used
    fresh = other_layout.itemById("title")
    _fit_title(fresh, "Income")
    assert fresh.font().pointSizeF() == original  # a short title keeps the template's size


def test_silhouette_of_a_large_layer_with_a_tiny_cluster(tmp_path, engine_python):
    """Above 5,000 regions the silhouette is measured on a sample, which can miss a one-region cluster (an outlier):
    the clusters are still written, the score is left out with a warning (scikit-learn raised: an internal error)."""
    import json
    import subprocess

    import numpy as np
    import pandas as pd
    from mtgrr_qgis.plugin.processing import common

    n = 20_000
    X = np.random.default_rng(0).normal(size=(n, 4))
    sampled = {
        *np.random.default_rng(0).permutation(n)[:5000],
        *np.random.RandomState(0).permutation(n)[:5000],
    }
    outlier = min(set(range(n)) - sampled)  # in neither the runner's sample nor the one scikit-learn drew
    X[outlier] += 1000  # a cluster of its own
    table = pd.DataFrame(X, columns=[f"emb_{i:03d}" for i in range(4)])
    table.insert(0, "row", range(len(table)))
    table.to_csv(tmp_path / "t.csv", index=False)
    argv = [str(engine_python), *common.runner("cluster", str(tmp_path / "t.csv"), str(tmp_path / "o.csv"))]
    done = subprocess.run([*argv, "--k", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert any(e.get("level") == "warning" and "no silhouette score" in e["message"] for e in events), events
    assert json.loads((tmp_path / "o.json").read_text()) == {"silhouette": None}
    assert pd.read_csv(tmp_path / "o.csv")["value"].value_counts().sort_values().tolist() == [1, n - 1]


def test_export_map_takes_a_layout_template_of_the_user_s_own(embeddings_with_target, tmp_path):
    """A .qpt saved from the layout designer replaces the plugin's (here A4 portrait, without the north arrow);
    one that lacks an item the export fills in is refused naming it and how to give it that id."""
    from mtgrr_qgis.plugin.processing.export_map import TEMPLATE, load_layout
    from qgis.core import QgsLayoutSize, QgsReadWriteContext, QgsUnitTypes

    def template(name: str, drop: str) -> str:
        project = QgsProject()
        layout = load_layout(project, TEMPLATE)
        layout.removeLayoutItem(layout.itemById(drop))
        layout.pageCollection().page(0).setPageSize(QgsLayoutSize(210, 297, QgsUnitTypes.LayoutMillimeters))
        path = str(tmp_path / name)
        assert layout.saveAsTemplate(path, QgsReadWriteContext())
        return path

    base = {"INPUT": embeddings_with_target, "FIELD": "target_activity", "PNG": str(tmp_path / "m.png")}
    processing.run("mtgrr:export_map", {**base, "TEMPLATE": template("portrait.qpt", "north_arrow")})
    image = QImage(str(tmp_path / "m.png"))
    assert image.height() > 1.3 * image.width()  # the user's page, not the plugin's A4 landscape
    assert _pixels(tmp_path / "m.png").std() > 20  # a map drawn on it
    with pytest.raises(
        QgsProcessingException,
        match=r"has no item of these ids and kinds: legend \(legend\)\. Fix: in the layout designer",
    ):
        processing.run("mtgrr:export_map", {**base, "TEMPLATE": template("nolegend.qpt", "legend")})
    with pytest.raises(QgsProcessingException, match="does not exist"):
        processing.run("mtgrr:export_map", {**base, "TEMPLATE": str(tmp_path / "missing.qpt")})
