"""Targets are recoverable from the written files, by a different modality in each district.

Every driver below is recomputed from the files alone (spatial joins, overlays, pixels), the way
a user or the ingestion stage would, never from the generator's internals.
"""

from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
import rasterio
from mtgrr.synth.city import TARGETS
from mtgrr.synth.geometry import contiguity
from PIL import Image
from rasterio import features


def _z(x):
    x = np.asarray(x, dtype=float)
    return (x - x.mean()) / x.std()


@pytest.fixture(scope="module")
def drivers(city):
    """Per-region observable quantities computed from the city's files."""
    path = city["city"]
    regions = gpd.read_file(path, layer="regions")
    n = len(regions)
    ids = regions[["region_id", "geometry"]]

    trips = gpd.read_file(path, layer="trips")
    pick = gpd.GeoDataFrame(geometry=gpd.points_from_xy(trips.pickup_x, trips.pickup_y), crs=regions.crs)
    drop = gpd.GeoDataFrame(geometry=gpd.points_from_xy(trips.dropoff_x, trips.dropoff_y), crs=regions.crs)
    origin = pick.sjoin(ids, predicate="within").region_id.groupby(level=0).first()
    dest = drop.sjoin(ids, predicate="within").region_id.groupby(level=0).first()
    out_flow, in_flow = (np.bincount(r, minlength=n) for r in (origin, dest))
    od = pd.concat([origin.rename("o"), dest.rename("d")], axis=1).dropna().astype(int)
    pull = _z(np.log1p(in_flow))
    destination_pull = pd.Series(pull[od.d]).groupby(od.o.to_numpy()).mean().reindex(range(n))
    destination_pull = destination_pull.fillna(pull[od.d].mean())  # no trips: the mean trip's

    poi = gpd.read_file(path, layer="poi").to_crs(regions.crs).sjoin(ids, predicate="within")
    food = np.bincount(poi.region_id[poi.category.isin(["restaurant", "cafe", "bar", "shop"])], minlength=n)
    food_share = food / (np.bincount(poi.region_id, minlength=n) + 1)

    landuse = gpd.read_file(path, layer="landuse")
    parts = gpd.overlay(ids, landuse, how="intersection")
    parts["area"] = parts.area
    shares = parts.pivot_table(index="region_id", columns="class", values="area", aggfunc="sum")
    shares = shares.reindex(range(n)).fillna(0).div(regions.area.to_numpy(), axis=0)

    with rasterio.open(city["imagery"]) as src:
        pixels = src.read().astype(float)
        zone = features.rasterize(
            zip(regions.geometry, regions.region_id, strict=True), src.shape, transform=src.transform, fill=-1
        )
    inside = zone >= 0
    count = np.bincount(zone[inside], minlength=n)
    red, nir = (np.bincount(zone[inside], pixels[b][inside], n) / count for b in (0, 3))

    sv = gpd.read_file(path, layer="street_view").sjoin(ids, predicate="within")
    folder = city["job"].parent
    bright = np.array([np.asarray(Image.open(folder / p), dtype=float).mean() for p in sv.image_path])
    svi_bright = pd.Series(bright).groupby(sv.region_id.to_numpy()).mean().reindex(range(n)).to_numpy()

    queen = libpysal.weights.Queen.from_dataframe(regions, use_index=False, silence_warnings=True)

    def around(values):
        values = np.asarray(values, dtype=float)
        return np.array([values[queen.neighbors[i]].mean() for i in range(n)])

    commerce = _z(shares["commercial"]) + _z(food_share)
    return regions, {
        "trips": np.log1p(out_flow + in_flow),
        "landuse_poi": commerce,
        "imagery": nir - red,
        "svi_bright": svi_bright,
        "destination_pull": destination_pull,
        "neighbour_commerce": around(commerce),
        "built_up_contrast": around(nir - red) - (nir - red),
    }


CONTEXT = {
    "A_mobility": "destination_pull",
    "B_landuse_poi": "neighbour_commerce",
    "C_appearance": "built_up_contrast",
}
LOCAL = {"A_mobility": "trips", "B_landuse_poi": "landuse_poi", "C_appearance": "imagery"}


def _corr(regions, values, target, district):
    values = np.asarray(values, dtype=float)
    sel = (regions.district == district).to_numpy() & np.isfinite(values)  # regions without images
    return np.corrcoef(values[sel], regions[target].to_numpy()[sel])[0, 1]


@pytest.mark.parametrize(
    ("district", "driver", "sign"),
    [("A_mobility", "trips", 1), ("B_landuse_poi", "landuse_poi", 1), ("C_appearance", "imagery", -1)],
)
def test_activity_is_driven_by_one_modality_per_district(drivers, district, driver, sign):
    regions, values = drivers
    own = sign * _corr(regions, values[driver], "target_activity", district)
    assert own > 0.85, f"{district}: target_activity vs its own driver {driver}: r={own:.2f}"
    for other in set(values) - {driver, "svi_bright", *CONTEXT.values()}:
        r = abs(_corr(regions, values[other], "target_activity", district))
        assert r < own - 0.3, f"{district}: {other} explains target_activity too well (r={r:.2f})"


def test_the_generators_neighbours_are_libpysal_queen_contiguity(city):
    """The context drivers above use libpysal; the generator its own STRtree query: the same pairs."""
    regions = gpd.read_file(city["city"], layer="regions")
    i, j = contiguity(regions.geometry.to_numpy())
    queen = libpysal.weights.Queen.from_dataframe(regions, use_index=False, silence_warnings=True)
    expected = {(a, b) for a, nbrs in queen.neighbors.items() for b in nbrs}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == expected and len(i) == len(expected)
    assert not queen.islands  # every region has neighbours, so no fallback is exercised


@pytest.mark.parametrize("district", list(CONTEXT))
def test_context_follows_what_the_district_modality_links_a_region_to(drivers, district):
    """Each district's ``target_context`` follows a relation of its modality (trips to their
    destinations, contiguity), recomputed with libpysal's queen weights, far better than the
    region's own value of that modality."""
    regions, values = drivers
    own = _corr(regions, values[CONTEXT[district]], "target_context", district)
    assert own > 0.85, f"{district}: target_context vs {CONTEXT[district]}: r={own:.2f}"
    local = abs(_corr(regions, values[LOCAL[district]], "target_context", district))
    assert (
        local < own - 0.25
    ), f"{district}: the region's own {LOCAL[district]} explains it too well (r={local:.2f})"
    for other in set(CONTEXT.values()) - {CONTEXT[district]}:
        r = abs(_corr(regions, values[other], "target_context", district))
        assert r < own - 0.3, f"{district}: {other} explains target_context too well (r={r:.2f})"


def test_crime_like_follows_street_view_in_district_c_only(drivers):
    regions, values = drivers
    assert _corr(regions, values["svi_bright"], "target_crime_like", "C_appearance") < -0.7
    for district in ("A_mobility", "B_landuse_poi"):
        assert abs(_corr(regions, values["svi_bright"], "target_crime_like", district)) < 0.4


def test_targets_do_not_reveal_the_district(drivers):
    """Each district's target has the same level and spread, so location alone predicts nothing."""
    regions, _ = drivers
    for target in TARGETS:
        stats = regions.groupby("district")[target].agg(["mean", "std"])
        assert stats["mean"].max() - stats["mean"].min() < 10, (target, stats)
        assert stats["std"].max() < 1.5 * stats["std"].min(), (target, stats)
