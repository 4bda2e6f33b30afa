"""Remote sensing on awkward real-world rasters: undeclared nodata, alpha bands, partial cover,
progress over several bands, chips from a raster in degrees."""

from __future__ import annotations

import io
import json
import warnings

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from mtgrr.data import RegionDataset
from mtgrr.events import Reporter
from mtgrr.features import image_encoder
from mtgrr.features.remote_sensing import remote_sensing_features
from mtgrr.job import RemoteSensingSpec
from shapely.geometry import box

CRS = "EPSG:32618"
X0, Y0 = 500_000.0, 4_500_100.0  # top-left corner, 1 m pixels, 100 x 100
TRANSFORM = Affine(1, 0, X0, 0, -1, Y0)


def _write(path, data, nodata=None, crs=CRS, transform=TRANSFORM, **profile):
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=data.dtype, crs=crs, transform=transform, nodata=nodata, **profile,
    ) as dst:  # fmt: skip
        dst.write(data)
    return path


def _regions(*boxes) -> gpd.GeoDataFrame:
    ids = np.arange(1, len(boxes) + 1)
    return gpd.GeoDataFrame({"region_id": ids}, geometry=list(boxes), crs=CRS).set_index("region_id")


NORTH, SOUTH = box(X0, Y0 - 50, X0 + 100, Y0), box(X0, Y0 - 100, X0 + 100, Y0 - 50)


def _run(raster, regions, **spec):
    """(dataset, JSON events) of one run."""
    ds = RegionDataset(region_ids=regions.index.to_numpy(), regions=regions, crs=regions.crs.to_string())
    stream = io.StringIO()
    remote_sensing_features(
        RemoteSensingSpec(raster=raster, **spec), ds, Reporter(json_events=True, stream=stream)
    )
    return ds, [json.loads(line) for line in stream.getvalue().splitlines()]


def _warnings(events) -> list[str]:
    return [e["message"] for e in events if e["event"] == "log" and e["level"] == "warning"]


def test_progress_is_one_monotone_pass_over_all_bands(tmp_path):
    raster = _write(tmp_path / "four.tif", np.ones((4, 100, 100), np.float32))
    _, events = _run(raster, _regions(NORTH, SOUTH))
    percents = [e["percent"] for e in events if e["event"] == "progress" and e["stage"] == "remote_sensing"]
    assert percents[-1] == 100 and percents[0] < 25
    assert percents == sorted(percents)  # the bar does not restart for each band


def test_undeclared_float_minimum_is_nodata_and_warned(tmp_path):
    data = np.full((1, 100, 100), 0.5, np.float32)
    data[0, 50:] = np.finfo(np.float32).min  # -3.4e38, as some tools write it, nodata not declared
    data[0, 40:50, :10] = -np.inf
    raster = _write(tmp_path / "sentinel.tif", data)
    ds, events = _run(raster, _regions(NORTH, SOUTH))
    mod = ds.modalities["remote_sensing"]
    assert mod.present.tolist() == [True, False]
    assert mod.values[0, mod.columns.index("rs_b1_mean")] == pytest.approx(0.5)
    assert np.isfinite(mod.values).all()
    assert any(
        "sentinel.tif' band 1: 5100 pixels" in m and "gdal_edit.py -a_nodata" in m for m in _warnings(events)
    )


def test_undeclared_zero_nodata_is_warned_with_the_fix(tmp_path):
    data = np.full((2, 100, 100), 700, np.uint16)
    data[:, :, :5] = 0  # a black collar left by warping, 5 % of the pixels
    _, events = _run(_write(tmp_path / "collar.tif", data), _regions(NORTH, SOUTH))
    collar = [m for m in _warnings(events) if "collar.tif' band" in m]
    assert (
        len(collar) == 2
        and "5.0 % of the pixels are 0" in collar[0]
        and "gdal_edit.py -a_nodata 0" in collar[0]
    )
    _, events = _run(_write(tmp_path / "declared.tif", data, nodata=0), _regions(NORTH, SOUTH))
    assert not any("declares no nodata" in m for m in _warnings(events))
    lake = np.full((2, 100, 100), 700, np.uint16)
    lake[:, 40:60, 40:60] = 0  # 4 % of dark water inside the image: data, not a collar
    _, events = _run(_write(tmp_path / "lake.tif", lake), _regions(NORTH, SOUTH))
    assert not any("declares no nodata" in m for m in _warnings(events))


def test_an_alpha_band_masks_the_others_and_stays_a_band(tmp_path):
    """Transparent pixels are nodata in every band; the band itself is read too, as it is often near-infrared
    (a 4-band byte GeoTIFF written with GDAL's defaults marks its fourth band alpha, the synthetic city's too)."""
    from rasterio.enums import ColorInterp

    data = np.full((4, 100, 100), 200, np.uint8)
    data[:3, 50:] = 0
    data[3] = 255
    data[3, 50:] = 0  # transparent south half
    raster = _write(tmp_path / "rgba.tif", data, photometric="RGB", alpha="YES")
    with rasterio.open(raster) as src:
        assert src.colorinterp[3] == ColorInterp.alpha
    ds, _ = _run(raster, _regions(NORTH, SOUTH), percentiles=[])
    mod = ds.modalities["remote_sensing"]
    assert [c for c in mod.columns if c.endswith("_mean")] == [f"rs_b{b}_mean" for b in (1, 2, 3, 4)]
    assert mod.present.tolist() == [True, False]


def test_support_is_the_valid_share_and_uncovered_regions_are_warned(tmp_path):
    data = np.ones((1, 100, 100), np.float32)
    data[0, :, :25] = np.nan  # west quarter without data
    raster = _write(tmp_path / "part.tif", data)
    inside = box(X0 + 50, Y0 - 50, X0 + 100, Y0)
    half_off = box(X0 + 80, Y0 - 100, X0 + 130, Y0 - 50)  # 60 % beyond the raster
    on_nan = box(X0 + 5, Y0 - 50, X0 + 55, Y0)  # 40 % on the NaN quarter
    outside = box(X0 + 200, Y0 - 50, X0 + 250, Y0)
    ds, events = _run(raster, _regions(inside, half_off, on_nan, outside))
    mod = ds.modalities["remote_sensing"]
    np.testing.assert_allclose(mod.support, [1, 0.4, 0.6, 0], atol=1e-6)
    assert mod.present.tolist() == [True, True, True, False]
    msg = _warnings(events)[-1]
    assert "part.tif" in msg and "3 of 4 regions" in msg and "(1 of them less than half covered" in msg
    assert "1 regions without any" in msg and "ids 4" in msg


def test_chips_from_a_raster_in_degrees_are_centred_without_centroid_warnings(tmp_path, monkeypatch):
    """Centroids are taken in the regions' metric CRS: geopandas warns about centroids in degrees."""
    res = 1e-4
    lon0, lat0 = -75.0, 40.651  # the raster's top-left corner; columns count the hundredth of a degree
    data = np.tile(np.arange(100, dtype=np.float32), (3, 100, 1)) + 1
    raster = _write(
        tmp_path / "wgs.tif", data, crs="EPSG:4326", transform=Affine(res, 0, lon0, 0, -res, lat0)
    )
    regions = gpd.GeoDataFrame(
        {"region_id": [1, 2]},
        geometry=[
            box(lon0 + 0.001, lat0 - 0.004, lon0 + 0.003, lat0 - 0.002),
            box(lon0, lat0 - 0.01, lon0 + 0.01, lat0),
        ],
        crs="EPSG:4326",
    ).to_crs(CRS)
    chips = []
    monkeypatch.setattr(
        image_encoder, "encode_arrays", lambda a: chips.append(a) or np.random.rand(len(a), 1280)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _run(raster, regions.set_index("region_id"), cnn=True, chip_size=16, percentiles=[])
    rgb = chips[0]
    assert rgb.shape == (2, 16, 16, 3)
    # the centre pixels lie at columns 20 and 50: the stretch keeps their order and the gap between them
    assert rgb[0, 8, 8, 0] < rgb[1, 8, 8, 0] and rgb[0, 8, 7, 0] < rgb[0, 8, 8, 0] < rgb[0, 8, 9, 0]
