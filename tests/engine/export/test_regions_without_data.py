"""Regions without data (an all-zero embedding, the model's rule for no data in any modality) get no cluster,
colour or prediction: NULL in every output, grey "No data" in the styles and maps."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pyogrio
import pytest
from mtgrr.events import Reporter
from mtgrr.export import output_table, write_outputs
from mtgrr.export.layer import clusters_by_size
from mtgrr.export.styles import NO_DATA_COLOR
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

EMPTY = [0, 7, 13, 24]


@pytest.fixture
def with_empty(embedding_inputs):
    """The two-group embeddings of ``embedding_inputs`` with four regions zeroed, as the model embeds a region
    with no data (their weights are 0 too)."""
    emb, weights, names = embedding_inputs
    emb, weights = emb.copy(), weights.copy()
    emb[EMPTY], weights[EMPTY] = 0.0, 0.0
    data = np.ones(len(emb), bool)
    data[EMPTY] = False
    return emb, weights, names, data


def test_only_regions_with_data_are_coloured_and_clustered(grid_ds, with_empty):
    """k=3: with the zero rows KMeans gave them a cluster of their own (or put them with built blocks); without
    them it splits the 21 regions with data as KMeans of those rows alone does."""
    emb, weights, names, data = with_empty
    log = []
    reporter = Reporter()
    reporter.log = lambda message, level="info": log.append((level, message))
    table = output_table(
        grid_ds, emb, weights, names, clusters=3, predictions={"crime": np.arange(25.0)}, reporter=reporter
    )
    assert table["cluster"][~data].isna().all() and table["cluster"][data].notna().all()
    alone = clusters_by_size(KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(emb[data]))
    np.testing.assert_array_equal(table["cluster"][data].to_numpy(dtype=int), alone)
    pcs = PCA(n_components=3, random_state=0).fit_transform(emb[data])
    np.testing.assert_allclose(table[["pca_1", "pca_2", "pca_3"]][data], pcs)
    for column in ("pca_1", "rgb_r", "color", "pred_crime"):
        assert table[column][~data].isna().all() and table[column][data].notna().all(), column
    for c in "rgb":  # the colours span the regions with data
        assert table[f"rgb_{c}"].min() == 0 and table[f"rgb_{c}"].max() == 255
    np.testing.assert_allclose(table["pred_crime"][data], np.arange(25.0)[data])
    assert (
        "warning",
        "4 region(s) without data (an all-zero embedding): no cluster, colour or prediction (NULL)",
    ) in log


def test_the_files_hold_null_and_the_cluster_style_a_grey_no_data_entry(grid_ds, with_empty, tmp_path):
    emb, weights, names, data = with_empty
    files = write_outputs(
        grid_ds,
        emb,
        weights,
        names,
        tmp_path,
        formats=("gpkg", "csv", "parquet"),
        clusters=3,
        predictions={"crime": np.arange(25.0)},
        maps_png=False,
    )
    nullable = ["cluster", "color", "pca_1", "rgb_r", "pred_crime"]
    with sqlite3.connect(files["gpkg"]) as db:
        rows = db.execute(
            f"SELECT region_id, {', '.join(f'typeof({c})' for c in nullable)} FROM embeddings"
        ).fetchall()
        declared = dict(db.execute("SELECT name, type FROM pragma_table_info('embeddings')").fetchall())
    empty_ids = set(grid_ds.region_ids[EMPTY].tolist())
    assert {r[0] for r in rows if set(r[1:]) == {"null"}} == empty_ids  # real NULLs, not NaN or ''
    assert all("null" not in r[1:] for r in rows if r[0] not in empty_ids)
    assert declared["cluster"] == "INTEGER" and declared["rgb_r"] == "INTEGER"
    csv = pd.read_csv(files["csv"])
    parquet = pd.read_parquet(files["parquet"])
    for frame in (csv, parquet):
        assert frame[nullable][~data].isna().all().all() and frame[nullable][data].notna().all().all()
    assert csv["cluster"].dropna().astype(int).tolist() == parquet["cluster"].dropna().tolist()

    cat = ET.fromstring(files["qml_cluster"].read_text(encoding="utf-8")).find("renderer-v2")
    categories = [(c.get("value"), c.get("label"), c.get("symbol")) for c in cat.iter("category")]
    assert categories == [
        ("0", "Cluster 0", "0"),
        ("1", "Cluster 1", "1"),
        ("2", "Cluster 2", "2"),
        ("", "No data", "3"),
    ]
    grey = ",".join(str(int(NO_DATA_COLOR[i : i + 2], 16)) for i in (1, 3, 5)) + ",255"
    assert cat.find("symbols/symbol[@name='3']/layer/prop[@k='color']").get("v") == grey
    rgb = ET.fromstring(files["qml_rgb"].read_text(encoding="utf-8"))
    assert rgb.find(".//symbol/layer/prop[@k='color']").get("v") == grey  # QGIS's fill where color is NULL


def test_a_layer_with_data_everywhere_has_no_no_data_entry(grid_ds, embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    files = write_outputs(grid_ds, emb, weights, names, tmp_path, clusters=3, maps_png=False)
    cat = ET.fromstring(files["qml_cluster"].read_text(encoding="utf-8")).find("renderer-v2")
    assert [c.get("value") for c in cat.iter("category")] == ["0", "1", "2"]
    assert pyogrio.read_dataframe(files["gpkg"], layer="embeddings")["cluster"].notna().all()


def test_clusters_are_capped_by_the_regions_with_data(grid_ds, with_empty):
    emb, weights, names, data = with_empty
    log = []
    reporter = Reporter()
    reporter.log = lambda message, level="info": log.append(message)
    table = output_table(grid_ds, emb, weights, names, clusters=30, reporter=reporter)
    assert table["cluster"].nunique() == 20  # 21 regions with data, at most N-1
    assert "30 clusters asked for 21 regions with data: using 20 (at most N-1)" in log


def test_no_region_with_data_is_refused(grid_ds, embedding_inputs):
    emb, weights, names = embedding_inputs
    with pytest.raises(ValueError, match="no region has data"):
        output_table(grid_ds, np.zeros_like(emb), np.zeros_like(weights), names)


def test_maps_draw_regions_without_data_grey_with_a_no_data_entry(grid_ds, with_empty, monkeypatch, tmp_path):
    from matplotlib.colors import to_hex
    from mtgrr.export import maps

    emb, weights, names, data = with_empty
    closed = []
    monkeypatch.setattr(maps.plt, "close", closed.append)  # keep the figures to look at them
    files = write_outputs(
        grid_ds, emb, weights, names, tmp_path, clusters=3, predictions={"crime": np.arange(25.0)}
    )
    figures = {fig.axes[0].get_title(): fig for fig in closed}
    for title in (
        "Embedding (3 principal components as RGB)",
        "KMeans clusters of the embedding (k=3)",
        "Predicted crime (quantiles)",
    ):
        ax = figures[title].axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[-1] == "No data", (title, legend)
        fills = {to_hex(c) for collection in ax.collections for c in collection.get_facecolor()}
        assert NO_DATA_COLOR in fills, title
    assert {"map_rgb", "map_cluster", "map_pred_crime"} <= set(files)
