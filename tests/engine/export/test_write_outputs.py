from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pyogrio
import pytest
from mtgrr.errors import Cancelled
from mtgrr.events import Reporter
from mtgrr.export import write_outputs

from .conftest import grid_dataset


def test_layer_schema_geometry_and_values(grid_ds, embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    pred = np.linspace(0, 100, 25)
    extra = pd.DataFrame({"label": np.arange(25.0)}, index=pd.Index(grid_ds.region_ids, name="region_id"))
    files = write_outputs(
        grid_ds,
        emb,
        weights,
        names,
        tmp_path,
        formats=("gpkg", "csv", "parquet"),
        clusters=2,
        predictions={"crime": pred},
        extra_columns=extra.iloc[::-1],
    )
    gdf = pyogrio.read_dataframe(files["gpkg"], layer="embeddings")
    expected = (
        ["region_id"]
        + [f"emb_{j:03d}" for j in range(8)]
        + [f"weight_{m}" for m in names]
        + ["pca_1", "pca_2", "pca_3", "rgb_r", "rgb_g", "rgb_b", "color", "cluster", "pred_crime", "label"]
    )
    assert [c for c in gdf.columns if c != "geometry"] == expected
    assert gdf.crs.to_epsg() == 32618
    np.testing.assert_array_equal(gdf["region_id"], grid_ds.region_ids)
    # geometry follows region_ids although ds.regions is stored in reverse order
    src = grid_ds.regions.loc[grid_ds.region_ids].geometry.to_numpy()
    assert all(a.equals(b) for a, b in zip(gdf.geometry, src, strict=True))
    np.testing.assert_allclose(gdf[[f"emb_{j:03d}" for j in range(8)]], emb, rtol=1e-6)
    np.testing.assert_allclose(gdf["label"], np.arange(25.0))
    np.testing.assert_allclose(gdf["pred_crime"], pred)
    for c in "rgb":
        assert gdf[f"rgb_{c}"].min() == 0 and gdf[f"rgb_{c}"].max() == 255
    assert (
        gdf["color"] == [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in gdf[["rgb_r", "rgb_g", "rgb_b"]].to_numpy()]
    ).all()
    # the two embedding groups (left two columns of the grid vs the rest) are the two clusters
    left = (np.arange(25) % 5) < 2
    assert len(set(gdf["cluster"][left])) == 1 and len(set(gdf["cluster"][~left])) == 1
    assert gdf["cluster"][left].iloc[0] != gdf["cluster"][~left].iloc[0]
    assert gdf["cluster"][~left].iloc[0] == 0  # numbered by size: the 15 regions before the 10
    assert np.sign(gdf["pca_1"][left]).nunique() == 1
    csv = pd.read_csv(files["csv"])
    parquet = pd.read_parquet(files["parquet"])
    assert list(csv.columns) == expected == list(parquet.columns)
    np.testing.assert_allclose(parquet["pca_1"], gdf["pca_1"])
    assert {f"map_{k}" for k in ("rgb", "cluster", "weights", "pred_crime")} <= set(files)
    assert all(p.exists() and p.stat().st_size > 0 for p in files.values())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_styles_in_gpkg_and_beside_it(grid_ds, embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    files = write_outputs(
        grid_ds,
        emb,
        weights,
        names,
        tmp_path,
        clusters=3,
        predictions={"crime": np.arange(25.0)},
        maps_png=False,
    )
    assert not any(k.startswith("map_") for k in files)
    sizes = pyogrio.read_dataframe(files["gpkg"], layer="embeddings")["cluster"].value_counts().sort_index()
    assert list(sizes.index) == [0, 1, 2] and sizes.is_monotonic_decreasing  # numbered by size, 0 the largest
    with sqlite3.connect(files["gpkg"]) as db:
        rows = db.execute(
            'SELECT f_table_name, f_geometry_column, "styleName", "useAsDefault", "styleQML" FROM layer_styles'
        ).fetchall()
        kind = db.execute("SELECT data_type FROM gpkg_contents WHERE table_name='layer_styles'").fetchone()
    assert kind == ("attributes",)
    styles = {name: (table, geom, default, qml) for table, geom, name, default, qml in rows}
    assert set(styles) == {"rgb", "cluster", "pred_crime", *(f"weight_{m}" for m in names)}
    assert [n for n, s in styles.items() if s[2]] == ["rgb"]
    assert all(s[0] == "embeddings" and s[1] == "geom" for s in styles.values())
    assert files["qml_rgb"].read_text(encoding="utf-8") == styles["rgb"][3]

    rgb = ET.fromstring(files["qml_rgb"].read_text(encoding="utf-8"))
    assert rgb.find("renderer-v2").get("type") == "singleSymbol"
    fill = rgb.find(".//Option[@name='fillColor']")
    assert fill.find("Option[@name='field']").get("value") == "color"

    cat = ET.fromstring(files["qml_cluster"].read_text(encoding="utf-8")).find("renderer-v2")
    assert cat.get("type") == "categorizedSymbol" and cat.get("attr") == "cluster"
    assert [c.get("value") for c in cat.iter("category")] == ["0", "1", "2"]
    assert len(cat.find("symbols")) == 3

    grad = ET.fromstring(files["qml_pred_crime"].read_text(encoding="utf-8")).find("renderer-v2")
    assert grad.get("type") == "graduatedSymbol" and grad.get("attr") == "pred_crime"
    ranges = list(grad.iter("range"))
    bounds = [(float(r.get("lower")), float(r.get("upper"))) for r in ranges]
    assert len(bounds) == 5 and bounds[0][0] == 0.0 and bounds[-1][1] == 24.0
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))  # contiguous classes
    assert ranges[0].get("label").startswith("0.00")
    colors = [s.find("layer/prop[@k='color']").get("v") for s in grad.find("symbols")]
    assert colors[0] == "68,1,84,255" and colors[-1] == "253,231,37,255"  # viridis ends


def test_without_geometry_writes_an_attribute_table(embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    ds = grid_dataset(geometry=False)
    log = []
    reporter = Reporter()
    reporter.log = lambda message, level="info": log.append(message)
    files = write_outputs(ds, emb, weights, names, tmp_path, clusters=30, reporter=reporter)
    assert set(files) == {"gpkg"}
    info = pyogrio.read_info(files["gpkg"], layer="embeddings")
    assert info["geometry_type"] is None and info["features"] == 25
    table = pyogrio.read_dataframe(files["gpkg"], layer="embeddings")
    assert table["cluster"].nunique() == 24  # capped at N-1
    assert any("N-1" in m for m in log) and any("no PNG maps" in m for m in log)


def test_failure_mid_write_leaves_nothing(grid_ds, embedding_inputs, tmp_path, monkeypatch):
    import mtgrr.export.maps as maps

    emb, weights, names = embedding_inputs

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(maps, "plot_categories", broken)  # after the GeoPackage, QML and RGB map
    with pytest.raises(RuntimeError, match="disk full"):
        write_outputs(grid_ds, emb, weights, names, tmp_path, formats=("gpkg", "csv"))
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_nothing(grid_ds, embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    reporter = Reporter(quiet=True)
    reporter.cancelled = True
    with pytest.raises(Cancelled):
        write_outputs(grid_ds, emb, weights, names, tmp_path, reporter=reporter)
    assert list(tmp_path.iterdir()) == []


def test_bad_shapes_are_refused(grid_ds, embedding_inputs, tmp_path):
    emb, weights, names = embedding_inputs
    with pytest.raises(ValueError, match="modality_weights"):
        write_outputs(grid_ds, emb, weights[:, :2], names, tmp_path)
    with pytest.raises(ValueError, match="embeddings"):
        write_outputs(grid_ds, emb[:10], None, [], tmp_path)
    with pytest.raises(ValueError, match="formats"):
        write_outputs(grid_ds, emb, None, [], tmp_path, formats=("shp",))


def test_every_map_has_a_title_and_a_north_arrow(grid_ds, monkeypatch, tmp_path):
    """The single maps and the weights' small multiples alike (what the README promises of the PNG maps)."""
    import geopandas as gpd
    from mtgrr.export import maps

    closed = []
    monkeypatch.setattr(maps.plt, "close", closed.append)  # keep the figures to look at them
    gdf = gpd.GeoDataFrame(
        {"a": np.linspace(0, 1, 25), "b": np.linspace(1, 0, 25), "color": ["#336699"] * 25},
        geometry=grid_ds.regions.geometry.to_numpy(),
        crs=grid_ds.crs,
    )
    titles = ["Predicted a", "Clusters", "Embedding colours", "Modality weights"]
    maps.plot_map(gdf, "a", tmp_path / "a.png", titles[0])
    maps.plot_categories(gdf.assign(k=np.arange(25) % 3), "k", tmp_path / "k.png", titles[1])
    maps.plot_colors(gdf, "color", tmp_path / "rgb.png", titles[2])
    maps.plot_small_multiples(gdf, ["a", "b"], tmp_path / "weights.png", titles[3])
    assert len(closed) == 4
    for fig, title in zip(closed, titles, strict=True):
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        shown = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
        assert "N" in texts and title in shown, (title, shown)


def test_more_clusters_than_regions_is_a_warning(grid_ds, embedding_inputs, tmp_path):
    import io
    import json

    emb, weights, names = embedding_inputs
    log = io.StringIO()
    write_outputs(
        grid_ds, emb, weights, names, tmp_path, clusters=100, maps_png=False, reporter=Reporter(True, log)
    )
    events = [json.loads(line) for line in log.getvalue().splitlines()]
    assert any(e.get("level") == "warning" and "using 24" in e["message"] for e in events)


def test_clusters_are_numbered_by_size_ties_in_kmeans_order():
    from mtgrr.export.layer import clusters_by_size

    np.testing.assert_array_equal(
        clusters_by_size(np.array([2, 2, 2, 0, 1, 1, 3, 3])), [0, 0, 0, 3, 1, 1, 2, 2]
    )
