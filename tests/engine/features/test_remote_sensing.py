"""Zonal raster statistics on a small synthetic GeoTIFF whose per-quadrant values are known."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from affine import Affine
from mtgrr.data import RegionDataset
from mtgrr.errors import InputError
from mtgrr.features import remote_sensing as rs
from mtgrr.features.remote_sensing import remote_sensing_features
from mtgrr.job import RemoteSensingSpec
from shapely.geometry import box

CRS = "EPSG:32618"
X0, Y0 = 500_000.0, 4_500_100.0  # top-left corner, 1 m pixels, 100 x 100
NODATA = -9999.0
TRANSFORM = Affine(1, 0, X0, 0, -1, Y0)
NE_VALUES = np.arange(2500, dtype=np.float32).reshape(50, 50)  # band 1, north-east: distinct values


def _write(path, data, crs=CRS, transform=TRANSFORM, nodata=NODATA):
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype="float32", crs=crs, transform=transform, nodata=nodata,
    ) as dst:  # fmt: skip
        dst.write(data)
    return path


@pytest.fixture
def raster(tmp_path):
    """Band 1: NW=1, NE=0..2499, SW=nodata, SE=4. Band 2: 10 everywhere, SE a 0/10 checkerboard."""
    data = np.zeros((2, 100, 100), dtype=np.float32)
    data[0, :50, :50] = 1
    data[0, :50, 50:] = NE_VALUES
    data[0, 50:, :50] = NODATA
    data[0, 50:, 50:] = 4
    data[1] = 10
    data[1, 50:, 50:] = 10 * (np.indices((50, 50)).sum(axis=0) % 2)
    return _write(tmp_path / "rs.tif", data)


def _quadrants(crs=CRS, inset=0.0):
    """NW, NE, SW, SE quadrant squares (ids 11..14), optionally shrunk by ``inset`` metres."""
    boxes = [
        box(X0, Y0 - 50, X0 + 50, Y0),
        box(X0 + 50, Y0 - 50, X0 + 100, Y0),
        box(X0, Y0 - 100, X0 + 50, Y0 - 50),
        box(X0 + 50, Y0 - 100, X0 + 100, Y0 - 50),
    ]
    boxes = [b.buffer(-inset, join_style="mitre") for b in boxes]
    gdf = gpd.GeoDataFrame({"region_id": [11, 12, 13, 14]}, geometry=boxes, crs=CRS).set_index("region_id")
    return gdf.to_crs(crs)


def _dataset(regions) -> RegionDataset:
    return RegionDataset(region_ids=regions.index.to_numpy(), regions=regions, crs=regions.crs.to_string())


def _run(raster, regions=None, **spec) -> RegionDataset:
    ds = _dataset(_quadrants() if regions is None else regions)
    remote_sensing_features(RemoteSensingSpec(raster=raster, **spec), ds)
    return ds


def _col(ds, name):
    mod = ds.modalities["remote_sensing"]
    return mod.values[:, mod.columns.index(name)]


def test_columns_and_exact_quadrant_statistics(raster):
    ds = _run(raster, percentiles=[10, 50, 92.5])
    mod = ds.modalities["remote_sensing"]
    stats = ["mean", "std", "p10", "p50", "p92_5", "texture"]
    assert mod.columns == [f"rs_b{b}_{s}" for b in (1, 2) for s in stats]
    assert mod.values.shape == (4, 12) and mod.values.dtype == np.float32
    np.testing.assert_allclose(_col(ds, "rs_b1_mean")[[0, 1, 3]], [1, NE_VALUES.mean(), 4], rtol=1e-6)
    np.testing.assert_allclose(_col(ds, "rs_b1_std")[[0, 1, 3]], [0, NE_VALUES.std(), 0], atol=1e-5)
    for q in (10, 50, 92.5):
        name = f"rs_b1_p{q:g}".replace(".", "_")
        assert _col(ds, name)[0] == 1 and _col(ds, name)[3] == 4
        assert _col(ds, name)[1] == pytest.approx(np.percentile(NE_VALUES, q), abs=1e-4)
    np.testing.assert_allclose(_col(ds, "rs_b2_mean"), [10, 10, 0, 5], rtol=1e-6)  # SW is absent
    np.testing.assert_allclose(_col(ds, "rs_b2_std")[[0, 1, 3]], [0, 0, 5], atol=1e-5)


def test_texture_is_high_on_the_checkerboard_and_zero_on_uniform_ground(raster):
    ds = _run(raster)
    tex = _col(ds, "rs_b2_texture")
    assert tex[0] == 0  # band 2 is 10 in NW and in everything it touches
    assert 0 < tex[1] < 0.1  # NE only touches the checkerboard along its bottom row
    assert tex[3] > 9.5  # every checkerboard pixel differs by 10 from its neighbours (bar the edges)
    assert _col(ds, "rs_b1_texture")[1] > _col(ds, "rs_b1_texture")[0]  # the ramp vs a constant


def test_texture_ignores_nodata_neighbours():
    band = np.array([[1, 1, np.nan], [1, 3, np.nan], [np.nan, np.nan, np.nan]], dtype=np.float32)
    tex = rs.texture(band)
    assert tex[1, 1] == pytest.approx(2.0)  # neighbours 1 (up) and 1 (left); NaN ones skipped
    assert tex[0, 0] == 0 and np.isnan(tex[2, 2]) and np.isnan(tex[0, 2])


def test_region_without_valid_pixels_is_absent_and_counted(raster):
    ds = _run(raster)
    mod = ds.modalities["remote_sensing"]
    assert mod.present.tolist() == [True, True, False, True]
    assert not mod.values[2].any()
    assert ds.report["remote_sensing_regions_without_pixels"] == 1


def test_region_outside_the_raster_is_absent(raster):
    far = gpd.GeoDataFrame({"region_id": [15]}, geometry=[box(X0 + 500, Y0 - 50, X0 + 550, Y0)], crs=CRS)
    regions = pd.concat([_quadrants(), far.set_index("region_id")])  # 400 m east of the raster
    ds = _run(raster, regions=regions)
    assert ds.modalities["remote_sensing"].present.tolist() == [True, True, False, True, False]
    assert ds.report["remote_sensing_regions_without_pixels"] == 2


def test_band_selection_gives_the_same_values_as_the_full_run(raster):
    full = _run(raster)
    only2 = _run(raster, bands=[2])
    mod = only2.modalities["remote_sensing"]
    assert mod.columns == ["rs_b2_mean", "rs_b2_std", "rs_b2_p10", "rs_b2_p50", "rs_b2_p90", "rs_b2_texture"]
    assert mod.present.all()  # band 1's nodata quadrant no longer matters
    np.testing.assert_allclose(mod.values[[0, 1, 3]], full.modalities["remote_sensing"].values[[0, 1, 3], 6:])


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:32617"])
def test_regions_in_another_crs_are_reprojected_to_the_raster(raster, crs):
    ds = _run(raster, regions=_quadrants(crs, inset=2.0))  # inset: reprojected edges curve slightly
    assert ds.crs != CRS
    np.testing.assert_allclose(_col(ds, "rs_b1_mean")[[0, 3]], [1, 4], rtol=1e-6)
    np.testing.assert_allclose(_col(ds, "rs_b2_mean")[[0, 1, 3]], [10, 10, 5], rtol=0.02)


def test_large_raster_is_averaged_down_and_counted(raster, monkeypatch):
    monkeypatch.setattr(rs, "MAX_PIXELS", 2_500)  # 100 x 100 -> 50 x 50
    ds = _run(raster, bands=[1])
    np.testing.assert_allclose(_col(ds, "rs_b1_mean")[[0, 3]], [1, 4], rtol=1e-6)
    assert _col(ds, "rs_b1_mean")[1] == pytest.approx(NE_VALUES.mean(), rel=1e-3)
    assert ds.report["remote_sensing_raster_downsampled"] == 1


def test_chips_are_centred_and_zero_padded():
    rgb = np.arange(10 * 12 * 3, dtype=np.uint8).reshape(10, 12, 3)
    chips = rs._chips(rgb, np.array([[5, 6], [0, 0]]), 4)
    assert chips.shape == (2, 4, 4, 3)
    np.testing.assert_array_equal(chips[0], rgb[3:7, 4:8])
    np.testing.assert_array_equal(chips[1, 2:, 2:], rgb[:2, :2])
    assert not chips[1, :2].any() and not chips[1, :, :2].any()


def test_to_uint8_stretches_and_blacks_out_nodata():
    band = np.array([[0, 50, 100], [np.nan, 25, 75]], dtype=np.float32)
    out = rs._to_uint8(band)
    assert out.dtype == np.uint8 and out[1, 0] == 0
    assert out[0, 0] == 1 and out[0, 2] == 255 and out[0, 0] < out[1, 1] < out[0, 1] < out[1, 2] < out[0, 2]


def test_cnn_chip_features_are_added_for_present_regions(raster):
    ds = _run(raster, cnn=True, chip_size=16)
    mod = ds.modalities["remote_sensing"]
    cnn = [c for c in mod.columns if c.startswith("rs_cnn_")]
    assert cnn == ["rs_cnn_000", "rs_cnn_001", "rs_cnn_002"]  # PCA capped by the 3 present regions
    values = mod.values[:, [mod.columns.index(c) for c in cnn]]
    assert not values[2].any()
    assert np.linalg.norm(values[[0, 1, 3]], axis=1).min() > 0  # three different chips


# ---- errors ------------------------------------------------------------------------------------
def _error(raster, regions="default", **spec) -> str:
    ds = _dataset(_quadrants())
    if regions is None:
        ds.regions = None
    with pytest.raises(InputError) as err:
        remote_sensing_features(RemoteSensingSpec(raster=raster, **spec), ds)
    return str(err.value)


def test_error_missing_raster(tmp_path):
    msg = _error(tmp_path / "nope.tif")
    assert "nope.tif" in msg and "not found" in msg


def test_error_unreadable_raster(tmp_path):
    path = tmp_path / "bad.tif"
    path.write_text("not a raster")
    msg = _error(path)
    assert "cannot read raster" in msg and "bad.tif" in msg


def test_error_raster_without_crs(tmp_path):
    path = _write(tmp_path / "nocrs.tif", np.ones((1, 10, 10), np.float32), crs=None)
    msg = _error(path)
    assert "has no CRS" in msg and "Fix: assign one" in msg


def test_error_rotated_raster(tmp_path):
    path = _write(
        tmp_path / "rot.tif", np.ones((1, 10, 10), np.float32), transform=Affine(1, 0.2, X0, 0.1, -1, Y0)
    )
    assert "not north-up" in _error(path)


def test_error_raster_does_not_overlap_regions(tmp_path):
    far = Affine(1, 0, X0 + 10_000, 0, -1, Y0)
    msg = _error(_write(tmp_path / "far.tif", np.ones((1, 10, 10), np.float32), transform=far))
    assert "does not overlap" in msg and "510000" in msg and "500000" in msg and "32618" in msg


def test_error_regions_without_geometry(raster):
    msg = _error(raster, regions=None)
    assert "no geometry" in msg and "remote_sensing.table" in msg


@pytest.mark.parametrize("bands", [[3], [0]])
def test_error_band_out_of_range_names_band_and_count(raster, bands):
    msg = _error(raster, bands=bands)
    assert (
        f"band {bands[0]} does not exist" in msg and "has 2 band(s)" in msg and "remote_sensing.bands" in msg
    )


def test_error_repeated_band(raster):
    assert "repeat" in _error(raster, bands=[1, 1])


def test_error_percentile_out_of_range(raster):
    msg = _error(raster, percentiles=[10, 150])
    assert "percentile 150" in msg and "remote_sensing.percentiles" in msg
