"""The dock running the real engine: result maps added, or nothing at all after a cancel."""

from __future__ import annotations

import json
import subprocess

import pytest
from mtgrr_qgis.plugin import styling
from mtgrr_qgis.plugin.dock import MtgrrDock
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsGraduatedSymbolRenderer,
    QgsProject,
    QgsSingleSymbolRenderer,
)


@pytest.fixture(scope="module")
def engine_runs(engine_python):
    done = subprocess.run(
        [str(engine_python), "-m", "mtgrr", "run", "--help"], capture_output=True, timeout=120
    )
    if done.returncode != 0:
        pytest.skip("engine run not available")


def configured_dock(qgis_iface, city_layers, out_dir, epochs: int) -> MtgrrDock:
    dock = MtgrrDock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.trips_combo.setLayer(city_layers["trips"])
    dock.landuse_combo.setLayer(city_layers["landuse"])
    dock.roads_combo.setLayer(city_layers["roads"])
    dock.raster_combo.setLayer(city_layers["raster"])
    dock.target_combo.setField("income")
    dock.clusters.setValue(3)
    dock.epochs.setValue(epochs)
    dock.embedding_dim.setValue(8)
    dock.device.setCurrentIndex(dock.device.findData("cpu"))
    dock.output_dir.setFilePath(str(out_dir))
    return dock


def run_to_end(dock: MtgrrDock, wait_for, timeout: float = 600):
    """Click Run and wait until the dock has handled the finished engine task; returns the task."""
    finished = []
    dock.run_finished.connect(finished.append)
    task = dock.run()
    assert task is not None, dock.last_problems
    wait_for(lambda: bool(finished), timeout=timeout)
    return task


@pytest.mark.slow
def test_run_adds_styled_results(
    engine_runs, qgis_iface, city_layers, isolated_settings, tmp_path, wait_for, artifacts
):
    dock = configured_dock(qgis_iface, city_layers, tmp_path, epochs=5)
    task = run_to_end(dock, wait_for)
    assert task.error is None, "\n".join(task.log)
    layers = dock.result_layers
    names = [layer.name() for layer in layers]
    assert names[:3] == ["Predicted income", "Clusters", "Embedding colours"]
    assert any(n.startswith("Modality weight: ") for n in names)
    assert isinstance(layers[0].renderer(), QgsGraduatedSymbolRenderer)
    assert layers[0].renderer().classAttribute() == "pred_income"
    assert isinstance(layers[1].renderer(), QgsCategorizedSymbolRenderer)
    assert isinstance(layers[2].renderer(), QgsSingleSymbolRenderer)
    for layer in layers:
        assert layer.featureCount() == 25
        assert "color" in layer.fields().names() and "region_id" in layer.fields().names()
    root = QgsProject.instance().layerTreeRoot()
    assert root.findGroup(styling.RESULTS_GROUP) is not None
    assert dock.progress.value() == 100
    assert task.warnings == [] and dock.stage_label.text() == "Done."
    dock.resize(400, 1500)
    dock.show()
    trips_box = dock.od_widget.parentWidget()
    wait_for(lambda: trips_box.height() == trips_box.sizeHint().height(), timeout=5)  # laid out
    assert dock.widget().widget().grab().save(str(artifacts / "dock_after_run.png"))  # the whole form


def test_engine_error_names_the_qgis_layer(
    engine_runs, qgis_iface, city_layers, isolated_settings, tmp_path, wait_for, artifacts
):
    """The POI layer's CRS, set in QGIS to the wrong UTM zone, puts every POI outside the regions: the
    engine stops, and the dock names the layer the user chose (not the job key it wrote) and the QGIS fix."""
    city_layers["poi"].setCrs(QgsCoordinateReferenceSystem("EPSG:32617"))
    dock = MtgrrDock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.device.setCurrentIndex(dock.device.findData("cpu"))
    dock.output_dir.setFilePath(str(tmp_path))
    task = run_to_end(dock, wait_for, timeout=300)
    assert task.error_kind == "input" and task.error.startswith(
        "poi layer 'poi' in inputs.gpkg: none of the 120 POIs"
    )
    [message] = dock.last_problems
    assert message.startswith("Layer 'poi' (POI): none of the 120 POIs falls inside a region"), message
    assert message.endswith(
        "Fix: check the layer's CRS in Layer Properties > Source: it must be the CRS its coordinates are in."
    )
    assert dock.problems_label.isVisibleTo(dock) and dock.stage_label.text() == "Failed."
    assert not any(tmp_path.iterdir())  # the failed run's folder is gone
    dock.resize(400, 900)
    dock.show()
    trips_box = dock.od_widget.parentWidget()
    wait_for(lambda: trips_box.height() == trips_box.sizeHint().height(), timeout=5)  # laid out
    dock.widget().ensureWidgetVisible(dock.problems_label)
    assert dock.widget().grab().save(str(artifacts / "dock_engine_error.png"))


@pytest.mark.slow
def test_cancel_leaves_nothing(engine_runs, qgis_iface, city_layers, isolated_settings, tmp_path, wait_for):
    before = set(QgsProject.instance().mapLayers())
    dock = configured_dock(qgis_iface, city_layers, tmp_path, epochs=100000)
    finished = []
    dock.run_finished.connect(finished.append)
    task = dock.run()
    assert task is not None, dock.last_problems
    wait_for(lambda: any('"progress"' in line for line in task.log), timeout=300)
    dock.cancel()
    wait_for(lambda: bool(finished), timeout=60)
    assert task.isCanceled() and task.returncode in (130, 143)
    assert set(QgsProject.instance().mapLayers()) == before
    assert QgsProject.instance().layerTreeRoot().findGroup(styling.RESULTS_GROUP) is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_run_with_warnings_says_so_when_it_ends(
    engine_runs, qgis_iface, city_layers, isolated_settings, tmp_path, wait_for
):
    """Warnings are easy to miss in the log: the status line and the message bar count them."""
    from qgis.core import Qgis, QgsFeature, QgsVectorLayer

    regions = city_layers["regions"]
    overlapping = QgsVectorLayer(
        f"Polygon?crs={regions.crs().authid()}&field=region_id:integer", "overlapping", "memory"
    )
    features = []
    for feature in regions.getFeatures():
        copy = QgsFeature(overlapping.fields())
        copy.setGeometry(feature.geometry())
        copy.setAttributes([feature["region_id"]])
        features.append(copy)
    extra = QgsFeature(overlapping.fields())
    extra.setGeometry(features[0].geometry())  # a second region on top of the first
    extra.setAttributes([999])
    assert overlapping.dataProvider().addFeatures([*features, extra])[0]
    QgsProject.instance().addMapLayer(overlapping)
    dock = MtgrrDock(qgis_iface)
    dock.regions_combo.setLayer(overlapping)
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.epochs.setValue(2)
    dock.embedding_dim.setValue(8)
    dock.clusters.setValue(3)
    dock.device.setCurrentIndex(dock.device.findData("cpu"))
    dock.output_dir.setFilePath(str(tmp_path))
    task = run_to_end(dock, wait_for)
    assert task.error is None, "\n".join(task.log)
    assert any("overlap" in w for w in task.warnings), task.warnings
    events = [json.loads(line) for line in task.log if line.startswith("{")]
    assert task.warnings == [e["message"] for e in events if e.get("level") == "warning"]
    assert dock.stage_label.text() == f"Done, with {len(task.warnings)} warnings (see the Log)."
    # pushed once the task has returned, after QGIS's own "Task complete"
    wait_for(lambda: qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning), timeout=5)
    [message] = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert f"Warnings: {len(task.warnings)} (first: {task.warnings[0]})" in message
