"""`mtgrr evaluate` on flawed embeddings tables: an input error that names the column or id, never a
traceback nor a score that means nothing; and a report that says which command made it."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "mtgrr", "evaluate", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def table():
    rng = np.random.default_rng(0)
    signal = rng.normal(size=30)
    return pd.DataFrame(
        {"region_id": range(30), "emb_000": signal, "emb_001": rng.normal(size=30), "income": 3 * signal + 10}
    )


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (lambda t: t.assign(emb_001=t.emb_001.where(t.index != 4)), (), "1 region(s) have an empty, text or"),
        (
            lambda t: t.assign(emb_001=t.emb_001.astype(object).where(t.index != 4, "x1")),
            (),
            "'x1' in 'emb_001'",
        ),
        (
            lambda t: t,
            ("--target", "emb_001"),
            "'emb_001' is an embedding column",
        ),  # R² 1, predicted from itself
        (
            lambda t: pd.concat([t, t.iloc[[7]]]),
            (),
            "1 region id(s) occur in more than one row of the embeddings",
        ),
    ],
)
def test_a_flawed_embeddings_table_is_an_input_error(tmp_path, table, change, args, message):
    path = tmp_path / "emb.csv"
    change(table).to_csv(path, index=False)
    proc = _run(str(path), *(args or ("--target", "income")))
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr


def test_a_region_without_an_id_leaves_the_others_joined(tmp_path, table):
    """A missing id in the embeddings made every id a float ("3.0") that no target matched."""
    emb = tmp_path / "emb.csv"
    table.drop(columns="income").assign(region_id=table.region_id.where(table.index != 4)).to_csv(
        emb, index=False
    )
    targets = tmp_path / "targets.csv"
    table[["region_id", "income"]].to_csv(targets, index=False)
    proc = _run(str(emb), "--targets", str(targets), "--target", "income", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert "1 of 30 regions have no row in the targets table" in proc.stderr
    assert json.loads((tmp_path / "o" / "evaluation.json").read_text())["targets"]["income"]["n_used"] == 29


def test_the_report_names_its_command_and_a_rerun_gives_the_same_json(tmp_path, table):
    path = tmp_path / "emb.csv"
    table.to_csv(path, index=False)
    for out in ("a", "b"):
        proc = _run(str(path), "--target", "income", "--out", str(tmp_path / out))
        assert proc.returncode == 0, proc.stderr
    first, second = ((tmp_path / out / "evaluation.json").read_text() for out in ("a", "b"))
    assert first == second
    assert json.loads(first)["command"] == f"mtgrr evaluate {path} --target income"
    assert (
        f"- Command: `mtgrr evaluate {path} --target income`."
        in (tmp_path / "a" / "evaluation.md").read_text()
    )


def test_spatial_scores_held_out_blocks_of_a_geopackage_and_needs_its_geometry(tmp_path, table):
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(1)
    table = pd.concat([table, table.assign(region_id=table.region_id + 30)], ignore_index=True)  # 60 regions
    xy = rng.uniform(0, 5000, (60, 2))
    regions = gpd.GeoDataFrame(table, geometry=shapely.buffer(shapely.points(xy), 50), crs="EPSG:32618")
    path = tmp_path / "emb.gpkg"
    regions.to_file(path, layer="embeddings")
    proc = _run(str(path), "--target", "income", "--spatial", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "o" / "evaluation.json").read_text())
    assert result["command"] == f"mtgrr evaluate {path} --target income --spatial"
    assert len(result["methods"]["embedding"]["spatial_r2_runs"]["income"]) == 5
    assert result["methods"]["embedding"]["spatial"]["income"]["r2"][0] > 0.99  # income is 3 × emb_000 + 10
    assert (
        "## Spatial protocol (held-out blocks of regions)" in (tmp_path / "o" / "evaluation.md").read_text()
    )

    csv = tmp_path / "emb.csv"
    table.to_csv(csv, index=False)
    proc = _run(str(csv), "--target", "income", "--spatial")
    assert proc.returncode == 2
    assert "--spatial needs the regions' geometry, and a table has none" in proc.stderr
    assert "give the GeoPackage the run wrote" in proc.stderr
