"""Text and Parquet tables as users save them by mistake (empty, Excel's Latin-1 or ';' CSV, a broken Parquet):
an InputError naming the file, the value and the fix, never a pandas or pyarrow traceback."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.ingest import read_layer, read_table
from mtgrr.job import LayerSpec

CITY = "x,y,category\n580100.5,4510100.25,café\n580900.0,4510700.75,école\n"
"""Two points in UTM 18N (EPSG:32618), with accented categories."""


def _points(path, **spec):
    spec = LayerSpec(path=path, **{"x_field": "x", "y_field": "y", "crs": "EPSG:32618"} | spec)
    return read_layer(spec, "poi layer", geometry="place", fields=["category"], target_crs=None)


@pytest.mark.parametrize("name", ["t.csv", "t.tsv", "t.txt"])
def test_an_empty_text_table_is_named(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(InputError) as raised:
        read_table(tmp_path / name, None, "landuse.table", ["region_id"])
    assert raised.value.problem == f"{name} is empty (0 bytes): it has no header line of field names."
    assert raised.value.where == "landuse.table" and "first line names its fields" in raised.value.fix
    with pytest.raises(InputError, match=r"is empty \(0 bytes\)"):
        _points(tmp_path / name)


def test_a_latin1_csv_names_the_byte_line_and_offset(tmp_path):
    (tmp_path / "poi.csv").write_bytes(CITY.encode("latin-1"))
    with pytest.raises(InputError) as raised:
        _points(tmp_path / "poi.csv")
    # the é of "café" (0xe9 in Latin-1) follows the 13 bytes of line 1 and the 23 of "580100.5,4510100.25,caf"
    assert raised.value.problem == (
        "poi.csv is not UTF-8 text: byte 0xe9 at line 2 (byte offset 36) cannot be read."
    )
    assert raised.value.fix.startswith("save the table as UTF-8")


def test_a_utf16_csv_is_named_as_such(tmp_path):
    (tmp_path / "poi.csv").write_bytes(CITY.encode("utf-16"))
    with pytest.raises(InputError, match=r"is not UTF-8 text \(it is UTF-16, Excel's 'Unicode Text'\)"):
        _points(tmp_path / "poi.csv")


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_a_utf8_csv_with_a_bom_is_read_whatever_its_separator(tmp_path, sep):
    (tmp_path / "poi.csv").write_bytes(CITY.replace(",", sep).encode("utf-8-sig"))
    gdf = _points(tmp_path / "poi.csv")
    assert list(gdf["category"]) == ["café", "école"]
    assert list(gdf.geometry.x) == [580100.5, 580900.0] and list(gdf.geometry.y) == [4510100.25, 4510700.75]


def test_the_separator_is_the_one_the_header_holds(tmp_path):
    """';' is read (Excel's CSV where ',' is the decimal separator); a ',' in a quoted name does not count; the
    usual separator wins when the header holds it too, and a header of one field is a one-column table."""
    (tmp_path / "a.csv").write_text('region_id;"trips, all";note\n1;5;a|b\n2;7;c\n', encoding="utf-8")
    df = read_table(tmp_path / "a.csv", None, "t")
    assert df.to_dict("list") == {"region_id": [1, 2], "trips, all": [5, 7], "note": ["a|b", "c"]}
    (tmp_path / "b.csv").write_text("region_id,a;b\n1,2\n", encoding="utf-8")
    assert list(read_table(tmp_path / "b.csv", None, "t").columns) == ["region_id", "a;b"]
    (tmp_path / "c.tsv").write_text("region_id\tn,m\n1\t2\n", encoding="utf-8")
    assert list(read_table(tmp_path / "c.tsv", None, "t").columns) == ["region_id", "n,m"]
    (tmp_path / "d.csv").write_text("region_id\n1\n2\n", encoding="utf-8")
    assert read_table(tmp_path / "d.csv", None, "t")["region_id"].tolist() == [1, 2]


def test_a_line_with_more_fields_than_the_header_is_named(tmp_path):
    (tmp_path / "t.csv").write_text("region_id;n\n1;2\n3;4;5;6\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_table(tmp_path / "t.csv", None, "t")
    assert raised.value.problem.startswith("t.csv cannot be read as a table separated by ';' (")
    assert raised.value.problem.endswith("Expected 2 fields in line 3, saw 4).")


def test_a_header_with_two_other_separators_is_settled_by_its_rows_or_refused(tmp_path):
    (tmp_path / "a.csv").write_text("id;a|b;c\n1;2;3\n4;5;6\n", encoding="utf-8")
    assert list(read_table(tmp_path / "a.csv", None, "t").columns) == ["id", "a|b", "c"]
    (tmp_path / "b.csv").write_text("a;b|c\n1;2\n3|4\n", encoding="utf-8")  # no separator splits all lines
    with pytest.raises(InputError, match=r"cannot tell which separator b.csv uses: .* holds ';' and '\|'"):
        read_table(tmp_path / "b.csv", None, "t")


def test_decimal_commas_are_read_as_numbers_where_the_separator_is_not_a_comma(tmp_path):
    """Excel writes ';' where the decimal separator is a comma: such a column is read as numbers (as QGIS's
    'Decimal separator is comma'). In a ',' file "1,234" is a quoted thousand as well: a column there stays as
    written, so a valid table whose unused columns hold such text reads as before."""
    (tmp_path / "lu.csv").write_text(
        "region_id;green;n;note\n1;0,25;3;a\n2;;4;1,5 km\n3;0.5;1;c\n", encoding="utf-8"
    )
    df = read_table(tmp_path / "lu.csv", None, "landuse.table")
    assert df["green"].tolist()[::2] == [0.25, 0.5] and pd.isna(df["green"][1])
    assert df["note"].tolist() == ["a", "1,5 km", "c"]  # not every value a number: text
    (tmp_path / "pop.csv").write_text('id,population,x\n1,"1,234",5\n2,"12,500",6\n', encoding="utf-8")
    df = read_table(tmp_path / "pop.csv", None, "t")
    assert df["population"].tolist() == ["1,234", "12,500"] and df["x"].tolist() == [5, 6]


def test_a_first_row_longer_than_the_header_is_refused_not_shifted(tmp_path):
    """pandas takes the first field of longer rows as an index and shifts every column (id = 12, x = the name...)
    without a word when the first data row has an unquoted separator in a value."""
    (tmp_path / "t.csv").write_text("id,nom,x,y\n1,12, Rue X,2.3,48.8\n2,Paris,2.4,48.9\n", encoding="utf-8")
    with pytest.raises(InputError, match="t.csv cannot be read as a table separated by ','"):
        read_table(tmp_path / "t.csv", None, "t")


def test_a_header_holding_two_separators_takes_the_one_that_splits_every_line(tmp_path):
    (tmp_path / "t.csv").write_text(
        "id;nom, prenom;x\n1;Curie, Marie;2\n2;Weil, Simone;3\n", encoding="utf-8"
    )
    assert list(read_table(tmp_path / "t.csv", None, "t").columns) == ["id", "nom, prenom", "x"]


def test_a_decimal_comma_among_other_text_is_named_in_the_coordinate_error(tmp_path):
    """A column that is not all numbers ('unknown') is left to the numeric check, which still names the comma."""
    (tmp_path / "poi.csv").write_text(
        "x;y;category\n580100,5;4510100;a\nunknown;4510700;b\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        _points(tmp_path / "poi.csv")
    assert raised.value.problem == (
        "coordinate column 'x' has 1 number(s) written with a decimal comma or a thousands separator, e.g. "
        "'580100,5', which are read as text (2 non-numeric values in all)."
    )
    assert raised.value.fix.startswith("write the numbers with a decimal point and no thousands separator")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "Parquet file size is 0 bytes"), (b"region_id,a\n1,2\n", "Parquet magic bytes not found")],
)
def test_a_broken_parquet_file_is_named(tmp_path, content, reason):
    (tmp_path / "t.parquet").write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_table(tmp_path / "t.parquet", None, "landuse.table", ["region_id"])
    assert raised.value.problem.startswith(f"cannot open t.parquet as a Parquet file ({reason}")
    assert raised.value.where == "landuse.table" and "valid Parquet file" in raised.value.fix
    pd.DataFrame({"region_id": [1, 2]}).to_parquet(tmp_path / "t.parquet")  # a valid one still reads
    assert read_table(tmp_path / "t.parquet", None, "t")["region_id"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"", "t.csv is empty (0 bytes)"),
        ("t.csv", "region_id,emb_000\n1,café\n".encode("latin-1"), "t.csv is not UTF-8 text: byte 0xe9"),
        ("t.parquet", b"not parquet", "cannot open t.parquet as a Parquet file"),
    ],
)
def test_the_command_line_exits_2_without_a_traceback(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "mtgrr", "evaluate", str(tmp_path / name), "--target", "x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_swapped_lonlat_columns_are_named_when_points_fall_outside_every_region(ds, to_lonlat, tmp_path):
    """Latitude in the 'lon' column, longitude in 'lat': in New York both stay within ±90, so the points are
    read, land in the Atlantic and fall outside every region. Exchanged, they fall on the regions: the fix says
    so. Points that are simply elsewhere keep the CRS fix."""
    from mtgrr.features import poi_features
    from mtgrr.job import PoiSpec

    lon, lat = to_lonlat([(500, 500), (1500, 1500)])
    spec = PoiSpec(
        path=tmp_path / "poi.csv", x_field="lon", y_field="lat", crs="EPSG:4326", category_field="kind"
    )
    pd.DataFrame({"lon": lat, "lat": lon, "kind": ["a", "b"]}).to_csv(tmp_path / "poi.csv", index=False)
    with pytest.raises(InputError) as raised:
        poi_features(spec, ds)
    assert "With x and y exchanged, they would fall within the regions' extent." in raised.value.problem
    assert raised.value.fix.startswith("x_field ('lon') and y_field ('lat') may be swapped: exchange them")
    pd.DataFrame({"lon": lon + 1, "lat": lat, "kind": ["a", "b"]}).to_csv(tmp_path / "poi.csv", index=False)
    with pytest.raises(InputError) as raised:
        poi_features(spec, ds)
    assert "exchanged" not in raised.value.problem and raised.value.fix.startswith("check the layer's CRS")
