from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.events import Reporter
from mtgrr.features import mobility_features
from mtgrr.job import MobilitySpec, ODSpec

# (pickup, dropoff, hour): A->B twice, B->A, A->A, D->outside (dropped)
TRIPS = [
    ((100, 100), (1500, 500), "2016-05-01 08:15:00"),
    ((300, 700), (1900, 100), "2016-05-01 09:40:00"),
    ((1200, 200), (600, 600), "2016-05-02 08:05:00"),
    ((500, 500), (700, 800), "bad time"),
    ((1500, 1500), (9000, 9000), "2016-05-02 10:00:00"),
]


def _csv(tmp_path, to_lonlat):
    p = np.array([t[0] for t in TRIPS])
    d = np.array([t[1] for t in TRIPS])
    plon, plat = to_lonlat(p)
    dlon, dlat = to_lonlat(d)
    df = pd.DataFrame({"plon": plon, "plat": plat, "dlon": dlon, "dlat": dlat, "t": [t[2] for t in TRIPS]})
    df.to_csv(tmp_path / "trips.csv", index=False)
    return tmp_path / "trips.csv"


def _edges(g):
    return {(int(a), int(b)): float(w) for a, b, w in zip(*g.edge_index, g.edge_weight, strict=True)}


def test_trips_from_coordinates(ds, to_lonlat, tmp_path):
    spec = MobilitySpec(
        path=_csv(tmp_path, to_lonlat),
        pickup_x="plon",
        pickup_y="plat",
        dropoff_x="dlon",
        dropoff_y="dlat",
        crs="EPSG:4326",
        time_field="t",
    )
    m = mobility_features(spec, ds)
    g = ds.graphs["mobility"]
    assert g.directed
    assert _edges(g) == pytest.approx({(0, 1): np.log1p(2), (1, 0): np.log1p(1)})
    c = {k: i for i, k in enumerate(m.columns)}
    np.testing.assert_allclose(m.values[:, c["mob_out_log1p"]], np.log1p([2, 1, 0, 0]), rtol=1e-6)
    np.testing.assert_allclose(m.values[:, c["mob_in_log1p"]], np.log1p([1, 2, 0, 0]), rtol=1e-6)
    np.testing.assert_allclose(m.values[:, c["mob_self_log1p"]], np.log1p([1, 0, 0, 0]), rtol=1e-6)
    np.testing.assert_array_equal(m.present, [True, True, False, False])
    np.testing.assert_array_equal(m.support, [4, 3, 0, 0])  # trips leaving + entering + within
    assert ds.report["mobility: trips with an end outside every region dropped"] == 1
    assert ds.report["mobility: trips without a valid time (left out of hourly profiles)"] == 1
    out = ds.profiles["hourly_out"]
    assert out.shape == (4, 24) and out[0, 8] == 1 and out[0, 9] == 1 and out[1, 8] == 1 and out.sum() == 3
    assert ds.profiles["hourly_in"][1, 8] == 1 and ds.profiles["hourly_in"][1, 9] == 1
    assert m.values[0, c["mob_out_h08"]] == pytest.approx(0.5)
    assert len(m.columns) == 3 + 48


def test_trips_as_lines(ds, line, tmp_path):
    lines = [line(t[0], (800, 800), t[1]) for t in TRIPS]
    gpd.GeoDataFrame({"hour": [8, 9, 8, 25, 10]}, geometry=lines, crs="EPSG:32618").to_file(
        tmp_path / "t.gpkg"
    )
    mobility_features(MobilitySpec(path=tmp_path / "t.gpkg", time_field="hour"), ds)
    assert _edges(ds.graphs["mobility"]) == pytest.approx({(0, 1): np.log1p(2), (1, 0): np.log1p(1)})
    assert ds.profiles["hourly_out"][0, 9] == 1
    assert ds.report["mobility: trips without a valid time (left out of hourly profiles)"] == 1


def test_date_time_fields_give_their_hour(ds, line, tmp_path):
    """A GeoPackage DATETIME field (as QGIS writes one) is read as date-times, not as nanoseconds since 1970."""
    lines = [line(t[0], (800, 800), t[1]) for t in TRIPS]
    times = pd.to_datetime(
        ["2016-05-01 08:15", "2016-05-01 09:40", "2016-05-02 08:05", None, "2016-05-02 10:00"]
    )
    gpd.GeoDataFrame({"started": times}, geometry=lines, crs="EPSG:32618").to_file(tmp_path / "t.gpkg")
    mobility_features(MobilitySpec(path=tmp_path / "t.gpkg", time_field="started"), ds)
    out = ds.profiles["hourly_out"]
    assert out[0, 8] == 1 and out[0, 9] == 1 and out[1, 8] == 1 and out.sum() == 3
    assert ds.report["mobility: trips without a valid time (left out of hourly profiles)"] == 1


def test_all_trips_outside_names_the_crs(ds, to_lonlat, tmp_path):
    # longitude/latitude declared as UTM metres: the classic CRS mistake
    spec = MobilitySpec(
        path=_csv(tmp_path, to_lonlat),
        pickup_x="plon",
        pickup_y="plat",
        dropoff_x="dlon",
        dropoff_y="dlat",
        crs="EPSG:32618",
    )
    with pytest.raises(
        InputError, match=r"all 5 trips fall outside the regions\. Trips were read in EPSG:32618"
    ):
        mobility_features(spec, ds)


def test_lonlat_columns_swapped_or_projected(ds, to_lonlat, tmp_path):
    df = pd.DataFrame({"x": [580100.0], "y": [4510100.0], "x2": [580200.0], "y2": [4510200.0]})
    df.to_csv(tmp_path / "p.csv", index=False)
    spec = MobilitySpec(
        path=tmp_path / "p.csv", pickup_x="x", pickup_y="y", dropoff_x="x2", dropoff_y="y2", crs="EPSG:4326"
    )
    with pytest.raises(InputError, match="exceed ±180/±90 but the CRS is geographic"):
        mobility_features(spec, ds)


def test_od_table_without_geometry(ds_nogeom, tmp_path):
    pd.DataFrame({"o": ["1", "1", "2", "4"], "d": [2, 1, 1, 4], "n": [5, 3, 2, 7]}).to_csv(
        tmp_path / "od.csv", index=False
    )
    spec = MobilitySpec(
        od=ODSpec(path=tmp_path / "od.csv", origin_field="o", destination_field="d", count_field="n")
    )
    m = mobility_features(spec, ds_nogeom)
    assert _edges(ds_nogeom.graphs["mobility"]) == pytest.approx({(0, 1): np.log1p(5), (1, 0): np.log1p(2)})
    trips = np.expm1(m.values)  # out (self excluded) + self = every trip once
    np.testing.assert_allclose(trips[:, 0].sum() + trips[:, 2].sum(), 5 + 3 + 2 + 7, rtol=1e-5)
    np.testing.assert_allclose(trips[:, 2], [3, 0, 0, 7], rtol=1e-5)
    np.testing.assert_array_equal(m.present, [True, True, False, True])
    np.testing.assert_allclose(m.support, [5 + 2 + 3, 2 + 5, 0, 7])


def test_od_unknown_ids(ds_nogeom, tmp_path):
    pd.DataFrame({"origin_id": [1, 7, 8], "destination_id": [2, 1, 9], "trips": [1, 1, 1]}).to_csv(
        tmp_path / "od.csv", index=False
    )
    with pytest.raises(InputError, match=r"3 id\(s\) are not region ids, e\.g\. 7, 8, 9"):
        mobility_features(MobilitySpec(od=ODSpec(path=tmp_path / "od.csv")), ds_nogeom)


def test_od_profile_adds_trips_to_and_from_each_region(ds_nogeom, tmp_path, monkeypatch):
    pd.DataFrame({"o": [1, 1, 2, 4, 4], "d": [2, 1, 1, 4, 2], "n": [5, 3, 2, 7, 4]}).to_csv(
        tmp_path / "od.csv", index=False
    )
    od = ODSpec(path=tmp_path / "od.csv", origin_field="o", destination_field="d", count_field="n")
    m = mobility_features(MobilitySpec(od=od, od_profile=True), ds_nogeom)
    ids = [str(r) for r in ds_nogeom.region_ids]
    assert m.columns[3:] == [f"od_out_{r}" for r in ids] + [f"od_in_{r}" for r in ids]
    profile = m.values[:, 3:]
    out_rows, in_rows = profile[:, :4], profile[:, 4:]
    # trip counts, not log1p; self-trips stay in mob_self_log1p only
    np.testing.assert_allclose(out_rows, [[0, 5, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0], [0, 4, 0, 0]])
    np.testing.assert_allclose(in_rows, out_rows.T)
    from mtgrr.evaluate import raw_features

    assert raw_features(ds_nogeom).shape == (4, 3 + 8)  # the OD block is not added a second time

    monkeypatch.setattr("mtgrr.features.mobility.OD_PROFILE_MAX_REGIONS", 3)
    with pytest.raises(InputError, match=r"2 columns per region and there are 4 regions") as err:
        mobility_features(MobilitySpec(od=od, od_profile=True), ds_nogeom)
    assert "od_profile = false" in err.value.fix


def test_od_profile_warns_when_most_region_pairs_carry_a_single_trip(ds_nogeom, tmp_path):
    def warnings_for(counts):
        pd.DataFrame({"o": [1, 2, 3, 4], "d": [2, 3, 4, 1], "n": counts}).to_csv(
            tmp_path / "od.csv", index=False
        )
        od = ODSpec(path=tmp_path / "od.csv", origin_field="o", destination_field="d", count_field="n")
        stream = io.StringIO()
        mobility_features(
            MobilitySpec(od=od, od_profile=True), ds_nogeom, Reporter(stream=stream, quiet=True)
        )
        return [line for line in stream.getvalue().splitlines() if line.startswith("[warning]")]

    (warning,) = warnings_for([1, 1, 1, 9])
    assert "75% of the 4 region pairs with trips carry a single trip" in warning
    assert "od_profile = false" in warning
    assert warnings_for([1, 1, 9, 9]) == []  # half the pairs: not "most"


def test_od_profile_needs_flows_not_a_precomputed_table(tmp_path):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="'od_profile' needs trips or an OD table"):
        MobilitySpec(table={"path": tmp_path / "m.csv"}, od_profile=True)


def _hourly_csv(tmp_path, rows):
    """rows: region id → (out counts per hour, in counts per hour)."""
    table = {"rid": list(rows)}
    for side in ("out", "in"):
        for h in range(24):
            table[f"{side}_h{h:02d}"] = [counts[0 if side == "out" else 1][h] for counts in rows.values()]
    pd.DataFrame(table).to_csv(tmp_path / "hourly.csv", index=False)
    return tmp_path / "hourly.csv"


def test_od_table_with_hourly_flows(ds_nogeom, tmp_path):
    pd.DataFrame({"origin_id": [1, 2], "destination_id": [2, 1], "trips": [5, 2]}).to_csv(
        tmp_path / "od.csv", index=False
    )
    morning, evening = np.zeros(24), np.zeros(24)
    morning[8], evening[18], evening[19] = 4, 1, 3
    # region 2 morning departures, evening arrivals; 3 has no row; 99 is not a region
    path = _hourly_csv(tmp_path, {1: (evening, morning), 2: (morning, evening), 99: (morning, morning)})
    spec = MobilitySpec(od=ODSpec(path=tmp_path / "od.csv"), hourly={"path": path, "id_field": "rid"})
    m = mobility_features(spec, ds_nogeom)
    out_cols = [m.columns.index(f"mob_out_h{h:02d}") for h in range(24)]
    in_cols = [m.columns.index(f"mob_in_h{h:02d}") for h in range(24)]
    row = {int(r): i for i, r in enumerate(ds_nogeom.region_ids)}
    np.testing.assert_allclose(m.values[row[2], out_cols], morning / 4)  # shares, not counts
    np.testing.assert_allclose(m.values[row[2], in_cols], evening / 4)
    np.testing.assert_allclose(m.values[row[1], out_cols][[18, 19]], [0.25, 0.75])
    assert not m.values[row[3], out_cols + in_cols].any()  # no row: no hourly profile
    np.testing.assert_allclose(ds_nogeom.profiles["hourly_out"][row[1]], evening)
    assert ds_nogeom.report["mobility hourly table: regions missing"] == ds_nogeom.num_regions - 2
    assert ds_nogeom.report["mobility hourly table: rows with unknown region ids ignored"] == 1


def test_hourly_flows_errors(ds_nogeom, tmp_path):
    from pydantic import ValidationError

    pd.DataFrame({"origin_id": [1], "destination_id": [2], "trips": [5]}).to_csv(
        tmp_path / "od.csv", index=False
    )
    od = ODSpec(path=tmp_path / "od.csv")
    counts = np.ones(24)
    counts[7] = -1
    path = _hourly_csv(tmp_path, {1: (counts, np.ones(24))})
    with pytest.raises(
        InputError, match=r"1 hourly count\(s\) are negative or infinite, e\.g\. 'out_h07' of region 1"
    ):
        mobility_features(MobilitySpec(od=od, hourly={"path": path, "id_field": "rid"}), ds_nogeom)
    with pytest.raises(InputError, match=r"24 of the 24 hourly columns of trips leaving.*'depart_00'") as err:
        mobility_features(
            MobilitySpec(od=od, hourly={"path": path, "id_field": "rid", "out_prefix": "depart_"}), ds_nogeom
        )
    assert "hourly.csv" in err.value.where and "out_prefix" in err.value.fix
    counts[7] = np.inf
    path = _hourly_csv(tmp_path, {1: (np.ones(24), counts), 99: (-counts, -counts)})
    # 99 is not a region: its negative counts are ignored with the row
    with pytest.raises(
        InputError, match=r"1 hourly count\(s\) are negative or infinite, e\.g\. 'in_h07' of region 1"
    ):
        mobility_features(MobilitySpec(od=od, hourly={"path": path, "id_field": "rid"}), ds_nogeom)
    twice = _hourly_csv(tmp_path, {1: (np.ones(24), np.ones(24))})
    pd.concat([pd.read_csv(twice)] * 2).to_csv(twice, index=False)
    with pytest.raises(InputError, match=r"1 region id\(s\) appear more than once, e\.g\. 1"):
        mobility_features(MobilitySpec(od=od, hourly={"path": twice, "id_field": "rid"}), ds_nogeom)
    blank = pd.read_csv(twice).iloc[:1].assign(rid=np.nan)
    blank.to_csv(twice, index=False)
    with pytest.raises(InputError, match=r"1 row\(s\) have no region id"):
        mobility_features(MobilitySpec(od=od, hourly={"path": twice, "id_field": "rid"}), ds_nogeom)
    with pytest.raises(InputError, match="field 'region_id' not found"):
        mobility_features(MobilitySpec(od=od, hourly={"path": path}), ds_nogeom)
    elsewhere = _hourly_csv(tmp_path, {98: (counts, counts), 99: (counts, counts)})
    with pytest.raises(InputError, match="no id in 'rid' matches a region id"):
        mobility_features(MobilitySpec(od=od, hourly={"path": elsewhere, "id_field": "rid"}), ds_nogeom)
    for source in ({"path": tmp_path / "trips.gpkg"}, {"table": {"path": tmp_path / "m.csv"}}):
        with pytest.raises(ValidationError, match="'hourly' goes with an OD table"):
            MobilitySpec(**source, hourly={"path": path})
    with pytest.raises(ValidationError, match="an OD table has no trip times"):
        MobilitySpec(od=od, time_field="pickup_time")
    for prefixes in ({"out_prefix": "h", "in_prefix": "h"}, {"in_prefix": ""}):
        with pytest.raises(ValidationError, match="two different, non-empty column prefixes"):
            MobilitySpec(od=od, hourly={"path": path, **prefixes})
