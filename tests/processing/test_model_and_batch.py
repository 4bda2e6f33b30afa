"""The MTGRR algorithms in the graphical modeler (a QgsProcessingModelAlgorithm built, saved as
.model3, reloaded and run) and in the batch dialog (its table filled and run), as a user would."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterExtent,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsVectorLayer,
)

MODEL_PARAMETER = QgsProcessingModelChildParameterSource.fromModelParameter
STATIC = QgsProcessingModelChildParameterSource.fromStaticValue
CHILD_OUTPUT = QgsProcessingModelChildParameterSource.fromChildOutput


def child(model: QgsProcessingModelAlgorithm, algorithm: str, child_id: str, sources: dict, outputs=()):
    """Add ``algorithm`` as step ``child_id``, its other inputs at their defaults as the modeler's
    dialog sets them; ``outputs`` are its output names made model outputs."""
    step = QgsProcessingModelChildAlgorithm(algorithm)
    assert step.algorithm() is not None, algorithm  # the id resolves in the registry
    step.setChildId(child_id)
    step.setDescription(child_id)
    for definition in step.algorithm().parameterDefinitions():
        name = definition.name()
        if name in sources:
            step.addParameterSources(name, [sources[name]])
        elif not definition.isDestination() and definition.defaultValue() is not None:
            step.addParameterSources(name, [STATIC(definition.defaultValue())])
    assert set(sources) <= set(step.parameterSources()), sources
    model_outputs = {}
    for name in outputs:
        output = QgsProcessingModelOutput(f"{child_id}_{name}", f"{child_id} {name}")
        output.setChildId(child_id)
        output.setChildOutputName(name)
        model_outputs[output.name()] = output
    step.setModelOutputs(model_outputs)
    assert model.addChildAlgorithm(step) == child_id
    return step


def add_parameter(model: QgsProcessingModelAlgorithm, definition) -> None:
    model.addModelParameter(definition, QgsProcessingModelParameter(definition.name()))


def saved_and_reloaded(model: QgsProcessingModelAlgorithm, folder: Path) -> QgsProcessingModelAlgorithm:
    """The model as the modeler saves it (.model3) and opens it again."""
    model.updateDestinationParameters()
    ok, issues = model.validate()
    assert ok, issues
    path = str(folder / "model.model3")
    assert model.toFile(path)
    reloaded = QgsProcessingModelAlgorithm()
    assert reloaded.fromFile(path)
    assert set(reloaded.childAlgorithms()) == set(model.childAlgorithms())
    return reloaded


def features(path: str) -> list:
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    return list(layer.getFeatures())


def test_model_grid_feeds_a_native_algorithm(provider, tmp_path):
    model = QgsProcessingModelAlgorithm("MTGRR grid centroids", "mtgrr tests")
    add_parameter(model, QgsProcessingParameterExtent("EXTENT", "Extent"))
    add_parameter(
        model, QgsProcessingParameterNumber("SIZE", "Cell size", QgsProcessingParameterNumber.Double)
    )
    child(
        model,
        "mtgrr:grid",
        "grid",
        {"EXTENT": MODEL_PARAMETER("EXTENT"), "SHAPE": STATIC(1), "SIZE": MODEL_PARAMETER("SIZE")},
        outputs=["OUTPUT"],
    )
    child(model, "native:centroids", "centroids", {"INPUT": CHILD_OUTPUT("grid", "OUTPUT")}, ["OUTPUT"])
    model = saved_and_reloaded(model, tmp_path)
    assert model.dependsOnChildAlgorithms("centroids") == {"grid"}

    results = processing.run(
        model,
        {
            "EXTENT": "583000,584000,4507000,4507500 [EPSG:32618]",
            "SIZE": 250,
            "grid:grid_OUTPUT": str(tmp_path / "grid.gpkg"),
            "centroids:centroids_OUTPUT": str(tmp_path / "centroids.gpkg"),
        },
    )
    cells = features(results["grid:grid_OUTPUT"])
    points = features(results["centroids:centroids_OUTPUT"])
    assert len(cells) == len(points) == (1000 // 250) * (500 // 250)  # square cells tile the extent
    assert {c["id"] for c in cells} == {p["id"] for p in points}
    for point in points:
        x, y = point.geometry().asPoint().x(), point.geometry().asPoint().y()
        assert 583000 < x < 584000 and 4507000 < y < 4507500
        assert (x - 583000) % 250 == pytest.approx(125)  # each centroid is the middle of its cell


def test_model_clusters_then_maps_the_clusters(learned, tmp_path):
    model = QgsProcessingModelAlgorithm("MTGRR cluster map", "mtgrr tests")
    add_parameter(model, QgsProcessingParameterVectorLayer("EMBEDDINGS", "Embeddings"))
    add_parameter(
        model, QgsProcessingParameterNumber("K", "Clusters", QgsProcessingParameterNumber.Integer, 3)
    )
    child(
        model,
        "mtgrr:cluster",
        "cluster",
        {"INPUT": MODEL_PARAMETER("EMBEDDINGS"), "K": MODEL_PARAMETER("K")},
        outputs=["OUTPUT"],
    )
    child(
        model,
        "mtgrr:export_map",
        "map",
        {
            "INPUT": CHILD_OUTPUT("cluster", "OUTPUT"),
            "FIELD": STATIC("cluster"),
            "METHOD": STATIC(2),  # equal interval: one class per cluster id
            "CLASSES": MODEL_PARAMETER("K"),
            "RAMP": STATIC("Spectral"),
            "TITLE": STATIC("Clusters from a model"),
        },
        outputs=["PNG"],
    )
    model = saved_and_reloaded(model, tmp_path)

    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    parameters = {
        "EMBEDDINGS": learned["OUTPUT"],
        "K": 4,
        "cluster:cluster_OUTPUT": str(tmp_path / "clusters.gpkg"),
        "map:map_PNG": str(tmp_path / "clusters.png"),
    }
    results, ok = model.run(parameters, context, feedback)
    assert ok, results
    clusters = [f["cluster"] for f in features(results["cluster:cluster_OUTPUT"])]
    assert len(clusters) == 60 and set(clusters) == {0, 1, 2, 3}
    png = Path(results["map:map_PNG"])
    assert png == tmp_path / "clusters.png" and png.stat().st_size > 10_000
    assert png.read_bytes().startswith(b"\x89PNG")


def run_batch(algorithm_id: str, rows: list[dict]) -> None:
    """Fill the batch dialog's own table with ``rows`` (every value through the batch widget of its
    parameter, outputs through the output cells) and press Run."""
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from processing.tools import dataobjects
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    dialog = BatchAlgorithmDialog(algorithm)
    panel = dialog.mainWidget()
    panel.checkLoadLayersOnCompletion.setChecked(False)
    panel.addRow(len(rows) - 1)
    assert panel.batchRowCount() == len(rows)
    context = dataobjects.createContext()
    destinations = {d.name() for d in algorithm.destinationParameterDefinitions()}
    for row, values in enumerate(rows):
        for name, value in values.items():
            column = panel.parameter_to_column[name]
            if name in destinations:
                panel.tblParameters.cellWidget(row + 1, column).setValue(value)
            else:
                panel.wrappers[row][column].setParameterValue(value, context)
    for row, values in enumerate(rows):
        parameters, ok = panel.parametersForRow(row, warnOnInvalid=True)
        assert ok, values
        assert all(parameters[k] == v for k, v in values.items() if k not in destinations)
    dialog.runAlgorithm()
    dialog.close()


def test_batch_dialog_runs_cluster_over_two_layers(qgis_iface, learned, embeddings_with_target, tmp_path):
    rows = [(learned["OUTPUT"], 2), (embeddings_with_target, 5)]
    run_batch(
        "mtgrr:cluster",
        [
            {"INPUT": layer, "K": k, "OUTPUT": str(tmp_path / f"clusters_{row}.gpkg")}
            for row, (layer, k) in enumerate(rows)
        ],
    )
    for row, (_layer, k) in enumerate(rows):
        clusters = [f["cluster"] for f in features(str(tmp_path / f"clusters_{row}.gpkg"))]
        assert len(clusters) == 60 and set(clusters) == set(range(k))


def test_batch_dialog_exports_two_maps(qgis_iface, learned, embeddings_with_target, tmp_path):
    rows = [(learned["OUTPUT"], "cluster"), (embeddings_with_target, "target_activity")]
    run_batch(
        "mtgrr:export_map",
        [
            {"INPUT": layer, "FIELD": field, "CLASSES": 3, "PNG": str(tmp_path / f"{field}.png")}
            for layer, field in rows
        ],
    )
    sizes = [(tmp_path / f"{field}.png").stat().st_size for _layer, field in rows]
    assert min(sizes) > 10_000
