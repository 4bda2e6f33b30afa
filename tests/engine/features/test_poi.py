from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.features import poi_features
from mtgrr.job import PoiSpec

XY = [(100, 100), (200, 300), (900, 900), (1500, 1500), (5000, 5000)]
CATS = ["Cafe", "Cafe", "shop", "shop", "shop"]


def _check_counts(ds):
    m = ds.modalities["poi"]
    col = {c: i for i, c in enumerate(m.columns)}
    assert m.columns == [
        "poi_count_cafe",
        "poi_count_shop",
        "poi_share_cafe",
        "poi_share_shop",
        "poi_total_log1p",
    ]
    np.testing.assert_array_equal(m.values[:, col["poi_count_cafe"]], [2, 0, 0, 0])
    np.testing.assert_array_equal(m.values[:, col["poi_count_shop"]], [1, 0, 0, 1])
    np.testing.assert_allclose(m.values[:, col["poi_share_cafe"]], [2 / 3, 0, 0, 0], rtol=1e-6)
    np.testing.assert_allclose(m.values[:, col["poi_total_log1p"]], np.log1p([3, 0, 0, 1]), rtol=1e-6)
    np.testing.assert_array_equal(m.present, [True, False, False, True])
    np.testing.assert_array_equal(m.support, [3, 0, 0, 1])  # POIs behind each row
    assert ds.report["poi: points outside every region"] == 1


def test_poi_counts_gpkg(ds, pts, tmp_path):
    pts(XY, category=CATS).to_file(tmp_path / "city.gpkg", layer="poi")
    poi_features(PoiSpec(path=tmp_path / "city.gpkg", layer="poi", category_field="category"), ds)
    _check_counts(ds)


def test_poi_reprojected_from_lonlat_geojson(ds, pts, tmp_path):
    pts(XY, crs="EPSG:4326", category=CATS).to_file(tmp_path / "poi.geojson")
    poi_features(PoiSpec(path=tmp_path / "poi.geojson", category_field="category"), ds)
    _check_counts(ds)


def test_poi_csv_lonlat(ds, to_lonlat, tmp_path):
    lon, lat = to_lonlat(XY)
    pd.DataFrame({"lon": lon, "lat": lat, "kind": CATS}).to_csv(tmp_path / "poi.csv", index=False)
    spec = PoiSpec(
        path=tmp_path / "poi.csv", x_field="lon", y_field="lat", crs="EPSG:4326", category_field="kind"
    )
    poi_features(spec, ds)
    _check_counts(ds)


def test_poi_shapefile_and_missing_category(ds, pts, tmp_path):
    cats = ["Cafe", None, "shop", "shop", "shop"]
    pts(XY, category=cats).to_file(tmp_path / "poi.shp")
    poi_features(PoiSpec(path=tmp_path / "poi.shp", category_field="category"), ds)
    m = ds.modalities["poi"]
    assert m.values[0, m.columns.index("poi_count_cafe")] == 1
    assert ds.report["poi: rows with missing values dropped (category)"] == 1


def test_poi_csv_without_crs(ds, to_lonlat, tmp_path):
    lon, lat = to_lonlat(XY)
    pd.DataFrame({"lon": lon, "lat": lat, "kind": CATS}).to_csv(tmp_path / "poi.csv", index=False)
    with pytest.raises(InputError, match=r"no CRS.*crs = \"EPSG:\.\.\.\""):
        poi_features(
            PoiSpec(path=tmp_path / "poi.csv", x_field="lon", y_field="lat", category_field="kind"), ds
        )


def test_poi_missing_field_suggests(ds, pts, tmp_path):
    pts(XY, category=CATS).to_file(tmp_path / "city.gpkg", layer="poi")
    with pytest.raises(
        InputError, match=r"'categroy' not found; available: 'category'\. Did you mean 'category'\?"
    ):
        poi_features(PoiSpec(path=tmp_path / "city.gpkg", category_field="categroy"), ds)


@pytest.mark.parametrize(
    ("field", "n", "warned"),
    [
        ("poi_id", 120, True),  # one category a point: an id
        ("category", 120, False),
        ("poi_id", 40, False),  # under 50 categories: a small layer may have one a point
        ("fine", 200, False),  # 60 categories of 200 points: a fine taxonomy, not an id
    ],
)
def test_an_id_as_categories_is_warned_of_with_the_text_fields_to_use(ds, pts, tmp_path, field, n, warned):
    import io

    from mtgrr.events import Reporter

    rng = np.random.default_rng(0)
    xy = rng.uniform(10, 1990, size=(n, 2))
    layer = pts(
        xy,
        poi_id=np.arange(n),
        name=[f"shop {i}" for i in range(n)],  # text, but an id-like one: not offered
        category=rng.choice(["cafe", "shop", "school"], n),
        fine=[f"kind {i % 60}" for i in range(n)],
        country=["fi"] * n,  # one value: no category
    )
    layer.to_file(tmp_path / "poi.gpkg", layer="poi")
    out = io.StringIO()
    spec = PoiSpec(path=tmp_path / "poi.gpkg", layer="poi", category_field=field)
    feats = poi_features(spec, ds, Reporter(stream=out, quiet=True))
    warnings = [line for line in out.getvalue().splitlines() if line.startswith("[warning]")]
    if not warned:
        assert warnings == []
        return
    assert warnings == [
        f"[warning] poi layer 'poi' in poi.gpkg: category_field 'poi_id' has {n} distinct values for {n} points "
        f"({len(feats.columns)} feature columns, fewer than 2 points per category): it looks like an id or a "
        "name, not a category. Choose a field that groups the points into fewer categories, such as "
        "'category' (3 values), 'fine' (60 values)."
    ]
    assert len(feats.columns) == 2 * n + 1


def test_poi_all_outside_is_an_error(ds, pts, tmp_path):
    pts([(9000, 9000), (9500, 9000)], category=["a", "b"]).to_file(tmp_path / "poi.gpkg")
    with pytest.raises(InputError, match="none of the 2 POIs falls inside a region"):
        poi_features(PoiSpec(path=tmp_path / "poi.gpkg", category_field="category"), ds)


def test_poi_needs_region_geometry(ds_nogeom, pts, tmp_path):
    pts(XY, category=CATS).to_file(tmp_path / "poi.gpkg")
    with pytest.raises(InputError, match="regions have no geometry"):
        poi_features(PoiSpec(path=tmp_path / "poi.gpkg", category_field="category"), ds_nogeom)


def test_pois_mapped_as_areas_or_lines_count_at_a_point_on_them(ds, pts, rect, line, tmp_path):
    """OpenStreetMap maps many POIs as building outlines: each counts where a point on it lies (a polygon's
    centroid could fall outside an L-shaped outline), and the report counts them."""
    import geopandas as gpd
    import shapely

    points = pts(XY, category=CATS)
    l_shape = shapely.union(rect(0, 0, 400, 50), rect(0, 0, 50, 400))  # inside the first region only
    extra = gpd.GeoDataFrame(
        {"category": ["Cafe", "shop"]}, geometry=[l_shape, line((1100, 1100), (1200, 1200))], crs=points.crs
    )
    gpd.pd.concat([points, extra]).to_file(tmp_path / "mixed.gpkg", layer="poi")
    poi_features(PoiSpec(path=tmp_path / "mixed.gpkg", layer="poi", category_field="category"), ds)
    m = ds.modalities["poi"]
    col = {c: i for i, c in enumerate(m.columns)}
    np.testing.assert_array_equal(m.values[:, col["poi_count_cafe"]], [3, 0, 0, 0])
    np.testing.assert_array_equal(m.values[:, col["poi_count_shop"]], [1, 0, 0, 2])
    assert ds.report["poi: lines and areas taken at a point on them"] == 2


def test_multipoint_pois_follow_the_point_rules(ds, pts, tmp_path):
    """A one-part multipoint is a point (not counted as a line or area); several parts stay an error."""
    import geopandas as gpd
    import shapely

    base = pts(XY[:2], category=CATS[:2])
    one = shapely.MultiPoint([base.geometry.iloc[0]])
    gpd.GeoDataFrame({"category": ["Cafe"]}, geometry=[one], crs=base.crs).to_file(
        tmp_path / "m.gpkg", layer="poi"
    )
    poi_features(PoiSpec(path=tmp_path / "m.gpkg", layer="poi", category_field="category"), ds)
    assert "poi: lines and areas taken at a point on them" not in ds.report
    two = shapely.MultiPoint(list(base.geometry))
    gpd.GeoDataFrame({"category": ["Cafe"]}, geometry=[two], crs=base.crs).to_file(
        tmp_path / "m2.gpkg", layer="poi"
    )
    with pytest.raises(InputError, match="expected point geometries, found 1 MultiPoint"):
        poi_features(PoiSpec(path=tmp_path / "m2.gpkg", layer="poi", category_field="category"), ds)


def test_category_names_depend_on_the_value_alone():
    """A model's column must mean one category in every dataset: names read as "blank", "blank_2", ... (every
    non-Latin value) or numbered duplicates shifted with the categories a dataset happens to have."""
    from mtgrr.ingest.spatial import category_codes

    codes, names = category_codes(["餐厅", "商店", "学校", "医院", "Fast food", "fast-food", "Café"])
    assert names == ["café", "fast_food", "医院", "商店", "学校", "餐厅"]
    assert [names[c] for c in codes] == ["餐厅", "商店", "学校", "医院", "fast_food", "fast_food", "café"]
    codes, names = category_codes(["商店", "学校"])
    assert [names[c] for c in codes] == ["商店", "学校"]
