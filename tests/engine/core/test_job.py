"""The job file: validation messages name the key and the fix; paths resolve; TOML round trip."""

import math
import re
from pathlib import Path

import pytest
import tomllib
from mtgrr.errors import InputError
from mtgrr.job import ModelOptions, TrainOptions, dump_job, load_job, parse_job

MINIMAL = {"regions": {"grid": {"cell_size": 500}}}


def test_minimal_job_has_defaults():
    job = parse_job(MINIMAL)
    assert job.regions.grid.shape == "hexagon"
    assert job.modalities() == []
    assert job.model.fusion == "spatial"


def test_relative_paths_resolve_against_job_folder(tmp_path):
    (tmp_path / "job.toml").write_text(
        '[regions]\npath = "data/city.gpkg"\nlayer = "regions"\n[poi]\npath = "data/city.gpkg"\ncategory_field = "c"\n'
    )
    job = load_job(tmp_path / "job.toml")
    assert job.regions.path == tmp_path / "data" / "city.gpkg"
    assert job.poi.path == tmp_path / "data" / "city.gpkg"
    assert job.modalities() == ["poi"]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"regions": {}}, "regions: give either 'path'"),
        ({**MINIMAL, "poi": {"path": "p.gpkg"}}, "poi: 'category_field' is required"),
        (
            {**MINIMAL, "poi": {"path": "p.gpkg", "category_field": "c", "catgory": 1}},
            "poi.catgory: unknown key",
        ),
        ({**MINIMAL, "mobility": {"path": "t.csv", "pickup_x": "a"}}, "give all of pickup_x"),
        ({**MINIMAL, "mobility": {"path": "t.csv", "od": {"path": "od.csv"}}}, "give exactly one of"),
        ({**MINIMAL, "mobility": {"path": "t.csv", "x_field": "x", "y_field": "y"}}, "not x_field / y_field"),
        ({**MINIMAL, "model": {"fusion": "average"}}, "model.fusion"),
        ({**MINIMAL, "train": {"epochs": 0}}, "train.epochs"),
        ({"regions": {"grid": {"cell_size": -5}}}, "regions.grid.cell_size"),
        ({**MINIMAL, "street_view": {"path": "s.gpkg"}}, "give either 'image_field'"),
        ({**MINIMAL, "remote_sensing": {}}, "give either 'raster'"),
        (
            {**MINIMAL, "remote_sensing": {"table": {"path": "rs.csv"}, "nodata": 0}},
            "remote_sensing: 'nodata' (0) is a raster pixel value, and a precomputed 'table' has no pixels",
        ),
        ({**MINIMAL, "crs": "EPSG:4326"}, "crs: crs 'EPSG:4326' is not metric (its unit is the degree)"),
        ({**MINIMAL, "crs": "EPSG:2263"}, "is not metric (its unit is the US survey foot)"),
        ({**MINIMAL, "crs": "EPSG:99999"}, "crs: unknown CRS 'EPSG:99999'"),
    ],
)
def test_invalid_jobs_name_the_key(data, expected):
    with pytest.raises(InputError) as err:
        parse_job(data, source="job.toml")
    assert expected in str(err.value)
    assert "job.toml" in str(err.value)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(InputError, match="job file not found"):
        load_job(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[regions\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_job(bad)


def test_dump_job_round_trips(tmp_path):
    job = parse_job(
        {
            "name": 'quote " and \\ backslash',
            "regions": {"path": "r.gpkg", "id_field": "id"},
            "mobility": {"od": {"path": "od.csv", "count_field": "n"}},
            "remote_sensing": {"raster": "x.tif", "bands": [1, 3]},
            "output": {"formats": ["gpkg", "csv"], "target_field": "y"},
        },
        tmp_path,
    )
    path = tmp_path / "again.toml"
    path.write_text(dump_job(job))
    again = load_job(path)
    assert again == job


@pytest.mark.parametrize("toml_value", ["0", "-9999.5", "nan"])
def test_raster_nodata_reads_from_toml_and_round_trips(tmp_path, toml_value):
    """TOML's bare nan is a float, and it is how a job says 'only NaN pixels are nodata': it must survive dump_job."""
    path = tmp_path / "job.toml"
    path.write_text(
        f'[regions.grid]\ncell_size = 500\n[remote_sensing]\nraster = "x.tif"\nnodata = {toml_value}\n'
    )
    nodata = load_job(path).remote_sensing.nodata
    path.write_text(dump_job(load_job(path)))
    again = load_job(path).remote_sensing.nodata
    expected = float(toml_value)
    assert isinstance(nodata, float) and isinstance(again, float)
    assert (math.isnan(nodata) and math.isnan(again)) if math.isnan(expected) else nodata == again == expected


def test_the_readme_job_example_is_a_valid_job_with_the_engine_defaults():
    """The README's complete job file parses, and its [model] and [train] values are the defaults."""
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The job file") :]
    text = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    job = parse_job(tomllib.loads(text))
    assert job.model == ModelOptions() and job.train == TrainOptions()
    assert job.modalities() == ["poi", "mobility", "landuse", "roads", "remote_sensing", "street_view"]


def test_identical_experts_and_chosen_experts_are_exclusive():
    with pytest.raises(InputError, match="identical_experts"):
        parse_job({**MINIMAL, "model": {"identical_experts": True, "experts": {"poi": "gat"}}})
    job = parse_job({**MINIMAL, "model": {"experts": {"poi": "gat"}}})
    assert job.model.experts == {"poi": "gat"}
    with pytest.raises(InputError, match="experts"):
        parse_job({**MINIMAL, "model": {"experts": {"street_view": "gcn"}}})


def test_at_least_one_output_format():
    with pytest.raises(InputError, match="output.formats: List should have at least 1 item"):
        parse_job({"regions": {"path": "r.gpkg"}, "output": {"formats": []}})
