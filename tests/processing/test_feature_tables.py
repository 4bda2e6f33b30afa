"""Precomputed per-region tables as modalities: the real NYC-180 benchmark (regions, POI, land-use and
remote-sensing tables, an OD table) learned through ``mtgrr:learn`` as a QGIS user would give it."""

from __future__ import annotations

import re
from pathlib import Path

import processing
import pytest
import tomllib
from qgis.core import QgsProcessingException, QgsVectorLayer
from recording import RecordingFeedback

NYC180 = Path(__file__).resolve().parents[3] / "shared" / "data" / "nyc180"


@pytest.fixture(scope="module")
def nyc180() -> Path:
    """Read in place from ../shared (never copied into the repository)."""
    if not (NYC180 / "regions.gpkg").exists():
        pytest.skip(f"NYC-180 data not found at {NYC180} (../shared/data/nyc180 beside the checkout)")
    return NYC180


def nyc180_parameters(data: Path, out: Path, **extra) -> dict:
    return {
        "REGIONS": str(data / "regions.gpkg"),
        "REGION_ID": "region_id",
        "POI": str(data / "poi_counts.csv"),
        "POI_CATEGORY": "region_id",
        "LANDUSE": str(data / "landuse_counts.csv"),
        "LANDUSE_CLASS": "region_id",
        "TRIPS": str(data / "taxi_od.csv"),
        "TRIPS_MODE": 2,
        "ORIGIN": "origin_id",
        "DESTINATION": "destination_id",
        "TRIP_COUNT": "trips",
        "REMOTE_SENSING_TABLE": str(data / "remote_sensing_features.csv"),
        "REMOTE_SENSING_ID": "region_id",
        "EPOCHS": 3,
        "EMBEDDING_DIM": 8,
        "CLUSTERS": 3,
        "DEVICE": 1,
        "OUTPUT": str(out / "nyc180.gpkg"),
        "MODEL": str(out / "nyc180.pt"),
        **extra,
    }


def test_nyc180_tables_are_learned_through_processing(nyc180, tmp_path):
    results = processing.run("mtgrr:learn", nyc180_parameters(nyc180, tmp_path))
    job = tomllib.loads((Path(results["RUN_FOLDER"]) / "job.toml").read_text())
    assert job["poi"] == {"table": {"path": str(nyc180 / "poi_counts.csv"), "id_field": "region_id"}}
    assert job["landuse"]["table"]["id_field"] == "region_id"
    assert job["remote_sensing"]["table"]["path"] == str(nyc180 / "remote_sensing_features.csv")
    layer = QgsVectorLayer(results["OUTPUT"], "embeddings", "ogr")
    assert layer.featureCount() == 180
    names = layer.fields().names()
    weights = [f"weight_{m}" for m in ("poi", "mobility", "landuse", "remote_sensing")]
    assert set(weights) <= set(names), names
    for feature in layer.getFeatures():  # the tables' rows reached their regions: every modality has a weight
        assert abs(sum(feature[w] for w in weights) - 1) < 1e-4
        assert all(feature[w] > 0 for w in weights)


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"POI_CATEGORY": "zone"}, r"'poi_counts' \(POI\) has no field 'zone'"),
        (
            {"REGIONS": None, "REGION_ID": None, "GRID_CELL_SIZE": 1000},
            r"'poi_counts' \(POI\) is a table of per-region features: .* not a generated grid",
        ),
        ({"RASTER": "raster"}, "Remote sensing: give a raster or a table of per-region features, not both"),
        ({"TIME_FIELD": "trips"}, r"'taxi_od' \(OD table\) has no trip times: clear the pickup time field"),
    ],
)
def test_a_table_needs_its_region_id_field_and_a_regions_layer(nyc180, tmp_path, extra, problem):
    if extra.get("RASTER"):
        extra["RASTER"] = _write_raster(tmp_path / "r.tif")
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run("mtgrr:learn", nyc180_parameters(nyc180, tmp_path, **extra), feedback=feedback)
    assert any(re.search(problem, e) for e in feedback.errors), feedback.errors
    assert not (tmp_path / "nyc180_run").exists()  # refused before a run folder was made


def test_the_log_follows_training_and_shows_engine_warnings_apart(nyc180, tmp_path):
    """Training reports its epoch and loss each tenth of the way (the loss's course stays in the log), and an engine
    warning reaches the log as a warning."""
    feedback = RecordingFeedback()
    parameters = nyc180_parameters(nyc180, tmp_path, EPOCHS=20, TRIPS=None, REMOTE_SENSING_TABLE=None)
    learned = processing.run("mtgrr:learn", parameters, feedback=feedback)
    epochs = [i for i in feedback.infos if i.startswith("training (epoch")]
    assert 8 <= len(epochs) <= 11, feedback.infos  # one a tenth, not one an epoch
    feedback = RecordingFeedback()
    embed = {
        k: parameters[k] for k in ("REGIONS", "REGION_ID", "POI", "POI_CATEGORY", "LANDUSE", "LANDUSE_CLASS")
    }
    embed.update(
        MODEL=learned["MODEL"],
        REMOTE_SENSING_TABLE=str(nyc180 / "remote_sensing_features.csv"),
        REMOTE_SENSING_ID="region_id",
        OUTPUT=str(tmp_path / "again.gpkg"),
    )
    processing.run("mtgrr:embed", embed, feedback=feedback)
    assert any(
        "modalities not used by this model, not read: remote_sensing" in w for w in feedback.warnings
    ), feedback.warnings


def _write_raster(path: Path) -> str:
    from osgeo import gdal, osr

    data = gdal.GetDriverByName("GTiff").Create(str(path), 4, 4, 1)
    data.SetGeoTransform((-74.02, 0.03, 0, 40.88, 0, -0.045))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    data.SetProjection(srs.ExportToWkt())
    data.GetRasterBand(1).Fill(1)
    data = None
    return str(path)
