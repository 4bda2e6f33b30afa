"""mtgrr:cluster and mtgrr:predict on a layer where some regions have an all-zero embedding (no data in any
modality): those get NULL, are left out of k-means, the silhouette and the ridge probe, and the log says so."""

from __future__ import annotations

import shutil

import numpy as np
import processing
import pytest
from qgis.core import NULL, QgsCategorizedSymbolRenderer, QgsVectorLayer
from recording import RecordingFeedback

EMPTY_IDS = {
    1,
    11,
    21,
    31,
    41,
    51,
}  # 21 and 51 have no target_activity (region_id % 3 == 0), the other 4 have one


@pytest.fixture(scope="module")
def with_empty(embeddings_with_target, tmp_path_factory) -> str:
    """The joined embeddings layer with six regions' emb_* set to 0, as the engine writes a region without data."""
    path = tmp_path_factory.mktemp("empty") / "empty.gpkg"
    shutil.copy(embeddings_with_target.split("|")[0], path)
    layer = QgsVectorLayer(str(path), "empty", "ogr")
    emb = [i for i, name in enumerate(layer.fields().names()) if name.startswith("emb_")]
    assert layer.startEditing()
    for feature in layer.getFeatures():
        if feature["region_id"] in EMPTY_IDS:
            layer.changeAttributeValues(feature.id(), {i: 0.0 for i in emb})
    assert layer.commitChanges()
    return str(path)


def _rows(path: str, *fields: str) -> list[tuple]:
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    return [
        tuple(None if f[n] == NULL else f[n] for n in ("region_id", *fields)) for f in layer.getFeatures()
    ]


def test_cluster_leaves_regions_without_data_unclustered(with_empty, tmp_path):
    from sklearn.metrics import silhouette_score

    feedback = RecordingFeedback()
    out = processing.run(
        "mtgrr:cluster", {"INPUT": with_empty, "K": 3, "OUTPUT": str(tmp_path / "c.gpkg")}, feedback=feedback
    )
    rows = _rows(out["OUTPUT"], "cluster")
    assert {r[0] for r in rows if r[1] is None} == EMPTY_IDS
    clustered = [r for r in rows if r[1] is not None]
    assert len(clustered) == 54 and {r[1] for r in clustered} == {0, 1, 2}
    assert (
        "6 of the 60 regions have an all-zero embedding (no data in any modality): left out, with no cluster (NULL)."
        in feedback.warnings
    )
    sizes = [sum(r[1] == c for r in clustered) for c in range(3)]
    assert "Regions per cluster: " + ", ".join(f"{c}: {n}" for c, n in enumerate(sizes)) in feedback.infos
    layer = QgsVectorLayer(with_empty, "in", "ogr")
    emb = [n for n in layer.fields().names() if n.startswith("emb_")]
    X = {f["region_id"]: [f[n] for n in emb] for f in layer.getFeatures()}
    expected = silhouette_score([X[r[0]] for r in clustered], [r[1] for r in clustered])
    assert out["SILHOUETTE"] == pytest.approx(expected, abs=1e-9)
    styled = QgsVectorLayer(out["OUTPUT"], "styled", "ogr")  # with the style stored in the file
    assert isinstance(styled.renderer(), QgsCategorizedSymbolRenderer)
    labels = [c.label() for c in styled.renderer().categories()]
    assert labels == ["Cluster 0", "Cluster 1", "Cluster 2", "No data"]


def test_predict_leaves_regions_without_data_unpredicted_and_unscored(with_empty, tmp_path):
    feedback = RecordingFeedback()
    out = processing.run(
        "mtgrr:predict",
        {"INPUT": with_empty, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "p.gpkg")},
        feedback=feedback,
    )
    rows = _rows(out["OUTPUT"], "target_activity", "pred_target_activity")
    assert {r[0] for r in rows if r[2] is None} == EMPTY_IDS
    scored = [(y, p) for region, y, p in rows if y is not None and region not in EMPTY_IDS]
    assert out["N_KNOWN"] == len(scored) == 36  # 40 known, 4 of them without data
    y, p = np.array(scored, dtype=float).T
    assert out["MAE"] == pytest.approx(np.mean(np.abs(y - p)))
    assert out["RMSE"] == pytest.approx(np.sqrt(np.mean((y - p) ** 2)))
    assert (
        "6 of the 60 regions have an all-zero embedding (no data in any modality): left out, with no prediction "
        "(NULL) and not trained or scored on." in feedback.warnings
    )
