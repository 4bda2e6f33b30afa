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
from mtgrr.errors import InputError
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


@pytest.mark.parametrize("job_nodata", [None, -1.0])
def test_undeclared_float_minimum_is_nodata_and_warned(tmp_path, job_nodata):
    """Also with the job's nodata, read through a vrt:// view: the warning still names the file."""
    data = np.full((1, 100, 100), 0.5, np.float32)
    data[0, 50:] = np.finfo(np.float32).min  # -3.4e38, as some tools write it, nodata not declared
    data[0, 40:50, :10] = -np.inf
    raster = _write(tmp_path / "sentinel.tif", data)
    ds, events = _run(raster, _regions(NORTH, SOUTH), nodata=job_nodata)
    mod = ds.modalities["remote_sensing"]
    assert mod.present.tolist() == [True, False]
    assert mod.values[0, mod.columns.index("rs_b1_mean")] == pytest.approx(0.5)
    assert np.isfinite(mod.values).all()
    assert any(
        f"raster '{raster}' band 1: 5100 pixels" in m and "gdal_edit.py -a_nodata" in m
        for m in _warnings(events)
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
    # the job's nodata takes the alpha band's place (GDAL's rule): said, as the south half then counts as data
    ds, events = _run(raster, _regions(NORTH, SOUTH), percentiles=[], nodata=1)
    assert ds.modalities["remote_sensing"].present.tolist() == [True, True]
    assert any("nodata = 1 replaces its alpha band's masking" in m for m in _warnings(events))


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


def _collar_raster(tmp_path, nodata=None):
    """Two uint16 bands, 1..50 by pair of columns (so that 2 x 2 averages are whole), with 0 in the 20 west columns
    (a warping collar) and, in band 2 only, in columns 20..39 of the south half: nodata the file does not declare."""
    data = np.tile(np.repeat(np.arange(1, 51, dtype=np.uint16), 2), (2, 100, 1))
    data[:, :, :20] = 0
    data[1, 50:, 20:40] = 0
    return data, _write(tmp_path / "collar.tif", data, nodata=nodata)


def _means_of_halves(data, band, valid):
    """Per half (north, south), the mean of band ``band``'s pixels where ``valid``."""
    return [
        float(data[band - 1, rows][valid(data[band - 1, rows])].mean())
        for rows in (slice(0, 50), slice(50, 100))
    ]


def test_job_nodata_is_ignored_in_means_support_and_chips(tmp_path, monkeypatch):
    data, raster = _collar_raster(tmp_path)
    regions = _regions(NORTH, SOUTH)
    chips = []
    monkeypatch.setattr(
        image_encoder, "encode_arrays", lambda a: chips.append(a) or np.random.rand(len(a), 1280)
    )
    plain, events = _run(raster, regions, percentiles=[], cnn=True, chip_size=64)
    assert any("nodata = 0 under [remote_sensing]" in m for m in _warnings(events))
    keyed, events = _run(raster, regions, percentiles=[], cnn=True, chip_size=64, nodata=0)
    assert not any("declares no nodata" in m for m in _warnings(events))
    for ds, valid, support in (
        (plain, lambda v: v == v, [1.0, 1.0]),  # the zeros count as data
        (keyed, lambda v: v != 0, [0.8, 0.6]),  # north: columns 20..99; south: band 2's columns 40..99
    ):
        mod = ds.modalities["remote_sensing"]
        for band in (1, 2):
            got = mod.values[:, mod.columns.index(f"rs_b{band}_mean")]
            np.testing.assert_allclose(got, _means_of_halves(data, band, valid), rtol=1e-6)
        np.testing.assert_allclose(mod.support, support, atol=1e-6)
    # the chips' first columns are the raster's columns 18 and 19, in the collar: the lowest data colour, or black
    # as nodata; column 20 is data in both runs (band 1, the red channel)
    collar = [chip[:, 32, :2] for chip in chips]
    assert (collar[0] > 0).all() and (collar[1] == 0).all() and (chips[1][:, 32, 2, 0] > 0).all()


def test_job_nodata_holds_when_a_large_raster_is_read_averaged_down(tmp_path, monkeypatch):
    """GDAL's averaging skips the job's nodata as a declared one: 2 x 2 blocks of valid pixels keep the mean."""
    from mtgrr.features import remote_sensing

    data, raster = _collar_raster(tmp_path)
    monkeypatch.setattr(remote_sensing, "MAX_PIXELS", 50 * 50)
    ds, _ = _run(raster, _regions(NORTH, SOUTH), percentiles=[], nodata=0)
    mod = ds.modalities["remote_sensing"]
    assert ds.report["remote_sensing_raster_downsampled"] == 1
    np.testing.assert_allclose(
        mod.values[:, mod.columns.index("rs_b1_mean")], _means_of_halves(data, 1, lambda v: v != 0), rtol=1e-6
    )
    np.testing.assert_allclose(mod.support, [0.8, 0.6], atol=1e-6)


@pytest.mark.parametrize(
    "dtype, nodata, ignored",
    [
        ("uint8", 255.0, 255),  # the real nodata, while the file declares 0 (dark water here)
        ("uint8", float("nan"), None),  # nan: no whole-number pixel is nodata, the declared 0 is data
        ("float32", -1.0, -1),
        ("float32", float("nan"), None),
    ],
)
def test_job_nodata_overrides_the_declared_value(tmp_path, dtype, nodata, ignored):
    data = np.full((1, 100, 100), 10, dtype)
    data[0, :, :30] = 0  # declared nodata, but data
    data[0, :, 90:] = 255 if dtype == "uint8" else -1
    raster = _write(tmp_path / "declared.tif", data, nodata=0)
    ds, events = _run(raster, _regions(NORTH, SOUTH), percentiles=[], nodata=nodata)
    mod = ds.modalities["remote_sensing"]
    valid = data[0, :50] != ignored
    np.testing.assert_allclose(
        mod.values[0, mod.columns.index("rs_b1_mean")], data[0, :50][valid].astype(float).mean(), rtol=1e-6
    )
    np.testing.assert_allclose(mod.support, [valid.mean()] * 2, atol=1e-6)
    assert not any("declares no nodata" in m for m in _warnings(events))


def test_job_nodata_on_a_raster_with_a_mask_band_is_refused(tmp_path):
    """GDAL reads the mask before any nodata: the key would be ignored without a word."""
    data = np.full((1, 100, 100), 7, np.uint8)
    data[0, 90:] = 0
    raster = _write(tmp_path / "masked.tif", data)
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(raster, "r+") as dst:
        mask = np.full((100, 100), 255, np.uint8)
        mask[:10] = 0
        dst.write_mask(mask)
    with pytest.raises(InputError, match="has a mask .* nodata = 0 would be ignored") as err:
        _run(raster, _regions(NORTH, SOUTH), percentiles=[], nodata=0)
    assert err.value.where == "remote_sensing.nodata" and "-mask none" in err.value.fix


@pytest.mark.parametrize("nodata", [70000.0, -1.0, 0.5])
def test_job_nodata_that_no_pixel_can_hold_is_refused(tmp_path, nodata):
    _, raster = _collar_raster(tmp_path)
    with pytest.raises(InputError) as err:
        _run(raster, _regions(NORTH, SOUTH), nodata=nodata)
    assert f"nodata {nodata:g} cannot occur in raster" in str(err.value) and "uint16" in str(err.value)
    assert err.value.where == "remote_sensing.nodata"
