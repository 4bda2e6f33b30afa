from __future__ import annotations

import mtgrr.features.image_encoder as image_encoder
import numpy as np
import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.features import street_view_features
from mtgrr.job import StreetViewSpec

XY = [(100, 100), (1500, 200), (5000, 5000), (600, 1600)]


def test_feature_columns(ds, pts, tmp_path):
    pts(XY, f1=[1.0, 2.0, 3.0, 4.0], f2=[0.5, 0.5, 0.5, 0.5]).to_file(tmp_path / "svi.gpkg")
    p = street_view_features(StreetViewSpec(path=tmp_path / "svi.gpkg", feature_columns=["f1", "f2"]), ds)
    np.testing.assert_array_equal(p.values[:, 0], [1, 2, 4])
    np.testing.assert_array_equal(p.region_index, [0, 1, 2])
    np.testing.assert_array_equal(p.point_ids, [0, 1, 3])
    np.testing.assert_allclose(p.xy[:, 0] - p.xy[:, 0].min(), [0, 1400, 500])
    assert ds.points is p and p.columns == ["f1", "f2"]
    assert ds.report["street_view: images outside every region dropped"] == 1


def test_images_through_encoder(ds, pts, tmp_path, monkeypatch):
    seen = {}

    def fake_encode(paths, cache_dir, reporter):
        seen["paths"] = paths
        ok = np.array([p.name != "broken.jpg" for p in paths])
        return np.arange(len(paths) * 3, dtype=np.float32).reshape(-1, 3), ok

    monkeypatch.setattr(image_encoder, "encode_images", fake_encode)
    for name in ("photos/a.jpg", "photos/broken.jpg", "abs/c.jpg"):  # only existing files reach the encoder
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"...")
    pts(XY, img=["a.jpg", "broken.jpg", "out.jpg", str(tmp_path / "abs" / "c.jpg")]).to_file(
        tmp_path / "svi.gpkg"
    )
    spec = StreetViewSpec(path=tmp_path / "svi.gpkg", image_field="img", image_root=tmp_path / "photos")
    p = street_view_features(spec, ds)
    assert [str(x) for x in seen["paths"]] == [
        str(tmp_path / "photos" / "a.jpg"),
        str(tmp_path / "photos" / "broken.jpg"),
        str(tmp_path / "abs" / "c.jpg"),
    ]
    assert p.columns == ["img_000", "img_001", "img_002"]
    np.testing.assert_array_equal(p.values, [[0, 1, 2], [6, 7, 8]])
    np.testing.assert_array_equal(p.region_index, [0, 2])
    assert ds.report["street_view: unreadable images dropped"] == 1


def test_region_field_without_geometry(ds_nogeom, tmp_path):
    pd.DataFrame({"rid": ["2", "2", "4"], "f": [1, 2, 3]}).to_csv(tmp_path / "svi.csv", index=False)
    spec = StreetViewSpec(path=tmp_path / "svi.csv", region_field="rid", feature_columns=["f"])
    p = street_view_features(spec, ds_nogeom)
    np.testing.assert_array_equal(p.region_index, [1, 1, 3])
    assert p.xy is None


def test_region_field_unknown_ids(ds_nogeom, tmp_path):
    pd.DataFrame({"rid": [2, 99], "f": [1, 2]}).to_csv(tmp_path / "svi.csv", index=False)
    spec = StreetViewSpec(path=tmp_path / "svi.csv", region_field="rid", feature_columns=["f"])
    with pytest.raises(InputError, match="not region ids, e.g. 99"):
        street_view_features(spec, ds_nogeom)
