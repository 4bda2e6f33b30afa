from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from mtgrr.errors import InputError
from mtgrr.features import table_features
from mtgrr.job import TableSpec


def test_type_tolerant_ids_missing_and_unknown(ds_nogeom, tmp_path):
    pd.DataFrame(
        {"rid": ["1", "3", "4", "77"], "a": [1.0, 3.0, 4.0, 9.0], "name": ["x", "y", "z", "w"]}
    ).to_csv(tmp_path / "t.csv", index=False)
    m = table_features("poi", TableSpec(path=tmp_path / "t.csv", id_field="rid"), ds_nogeom)
    assert m.columns == ["a"]  # the text column is not a feature
    np.testing.assert_array_equal(m.values[:, 0], [1, 0, 3, 4])
    np.testing.assert_array_equal(m.present, [True, False, True, True])
    assert ds_nogeom.report == {
        "poi table: rows with unknown region ids ignored": 1,
        "poi table: regions missing": 1,
    }
    assert ds_nogeom.modalities["poi"] is m


def test_gpkg_table_with_listed_columns(ds_nogeom, tmp_path):
    import pyogrio

    df = pd.DataFrame({"region_id": [1, 2, 3, 4], "a": [1, 2, 3, 4], "b": [5, 6, 7, 8]})
    pyogrio.write_dataframe(df, tmp_path / "t.gpkg", layer="feat")
    m = table_features("landuse", TableSpec(path=tmp_path / "t.gpkg", layer="feat", columns=["b"]), ds_nogeom)
    np.testing.assert_array_equal(m.values[:, 0], [5, 6, 7, 8])


def test_nan_is_an_error(ds_nogeom, tmp_path):
    pd.DataFrame({"region_id": [1, 2, 3], "a": [1.0, np.nan, np.nan]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match=r"missing \(NaN\) values in 'a': 2.*fill or drop"):
        table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom)


def test_non_numeric_listed_column(ds_nogeom, tmp_path):
    pd.DataFrame({"region_id": [1, 2], "a": ["1", "lots"]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match=r"column 'a' is not numeric \(1 value\(s\), e.g. 'lots'\)"):
        table_features("poi", TableSpec(path=tmp_path / "t.csv", columns=["a"]), ds_nogeom)


def test_no_matching_id(ds_nogeom, tmp_path):
    pd.DataFrame({"region_id": ["x", "y"], "a": [1, 2]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match="no id in 'region_id' matches a region id"):
        table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom)


def test_missing_id_field(ds_nogeom, tmp_path):
    pd.DataFrame({"RegionID": [1], "a": [1]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(
        InputError, match="'region_id' not found; available: 'RegionID', 'a'. Did you mean 'RegionID'"
    ):
        table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom)


def test_a_stray_text_value_in_a_numeric_column_is_named(ds_nogeom, tmp_path):
    """Without 'columns', a mostly numeric column is a feature column: its one text value is an error, not a
    reason to drop the column silently; a text column (a name) is still left out."""
    pd.DataFrame(
        {"region_id": [1, 2, 3, 4], "f1": ["1", "2", "abc", "4"], "f2": [1, 2, 3, 4], "name": list("wxyz")}
    ).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match=r"column 'f1' is not numeric \(1 value\(s\), e.g. 'abc'\)"):
        table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom)
    pd.DataFrame({"region_id": [1, 2, 3, 4], "f2": [1, 2, 3, 4], "name": list("wxyz")}).to_csv(
        tmp_path / "t.csv", index=False
    )
    assert table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom).columns == ["f2"]


def test_date_columns_are_not_features(ds_nogeom, tmp_path):
    pd.DataFrame(
        {"region_id": [1, 2, 3, 4], "f": [1.0, 2.0, 3.0, 4.0], "updated": pd.to_datetime(["2024-01-01"] * 4)}
    ).to_parquet(tmp_path / "t.parquet")
    assert table_features("poi", TableSpec(path=tmp_path / "t.parquet"), ds_nogeom).columns == ["f"]


def test_an_infinite_value_is_an_error_naming_the_column(ds_nogeom, tmp_path):
    """It would otherwise surface at training as a NaN loss, pointing at the learning rate."""
    pd.DataFrame({"region_id": [1, 2, 3], "a": [1.0, np.inf, 2.0]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match=r"infinite values in 'a': 1\..*fill or drop"):
        table_features("poi", TableSpec(path=tmp_path / "t.csv"), ds_nogeom)
