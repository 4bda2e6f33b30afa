"""The job file: validation messages name the key and the fix; paths resolve; TOML round trip."""

import math
import re
from pathlib import Path
from typing import get_args, get_origin

import pytest
import tomllib
from mtgrr.errors import InputError
from mtgrr.job import (
    GraphOptions,
    Job,
    ModelOptions,
    TrainOptions,
    dump_job,
    load_job,
    parse_job,
    validation_problems,
)
from pydantic import BaseModel, ValidationError

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
    with pytest.raises(
        InputError,
        match=r'output.formats = \[\]: too few values: give at least 1 \(e.g. formats = \["gpkg"\]\)',
    ):
        parse_job({"regions": {"path": "r.gpkg"}, "output": {"formats": []}})


POI = {"path": "p.gpkg", "category_field": "c"}


def _problems(data) -> str:
    with pytest.raises(InputError) as err:
        parse_job({"regions": {"path": "r.gpkg"}, "poi": POI, **data}, source="job.toml")
    return str(err.value)


@pytest.mark.parametrize("seed", [-3, 2**32])
def test_a_seed_outside_numpys_range_is_refused_at_validation(seed):
    """numpy refuses it only when training starts, after the whole ingest, as an internal error."""
    assert f"train.seed = {seed}: must be from 0 to 4294967295" in _problems({"train": {"seed": seed}})
    assert parse_job({**MINIMAL, "train": {"seed": 2**32 - 1}}).train.seed == 2**32 - 1


@pytest.mark.parametrize(
    "data, key",
    [
        ({"regions": {"path": "r.gpkg", "id_field": ""}}, "regions.id_field"),
        ({"regions": {"path": "r.gpkg", "layer": ""}}, "regions.layer"),
        ({"street_view": {"path": "s.gpkg", "image_field": ""}}, "street_view.image_field"),
        (
            {"street_view": {"path": "s.csv", "feature_columns": ["f1"], "region_field": ""}},
            "street_view.region_field",
        ),
        ({"poi": {**POI, "x_field": "", "y_field": "y"}}, "poi.x_field"),
        (
            {
                "mobility": {
                    "path": "t.csv",
                    "pickup_x": "",
                    "pickup_y": "b",
                    "dropoff_x": "c",
                    "dropoff_y": "d",
                }
            },
            "mobility.pickup_x",
        ),
        ({"mobility": {"od": {"path": "od.csv", "destination_field": ""}}}, "mobility.od.destination_field"),
        ({"landuse": {"table": {"path": "t.csv", "columns": ["a", ""]}}}, "landuse.table.columns (item 2)"),
    ],
)
def test_an_empty_field_name_is_refused_at_validation(data, key):
    """An empty name matched no field and ended as 'internal error: KeyError' during ingest."""
    problems = _problems(data)
    assert f'{key} = "": an empty name: give the name of a' in problems


def test_an_empty_count_field_still_counts_one_trip_per_row():
    job = parse_job({**MINIMAL, "mobility": {"od": {"path": "od.csv", "count_field": ""}}})
    assert job.mobility.od.count_field == ""


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"train": {"device": "gpu"}}, 'train.device = "gpu": use one of "auto", "cpu", "cuda", "mps"'),
        (
            {"train": {"epochs": "three hundred"}},
            'train.epochs = "three hundred": a whole number is expected (e.g. epochs = 300, without quotes)',
        ),
        ({"train": {"epochs": 20.5}}, "train.epochs = 20.5: a whole number is expected (e.g. epochs = 300)"),
        ({"train": {"epochs": 0}}, "train.epochs = 0: must be at least 1"),
        ({"model": {"dropout": 1}}, "model.dropout = 1: must be at least 0 and less than 1"),
        ({"poi": "city.gpkg"}, 'poi = "city.gpkg": [poi] is a section (a table), not a value'),
        ({"regions": {"grid": 500}}, "regions.grid = 500: [regions.grid] is a section (a table)"),
        (
            {"output": {"formats": "csv"}},
            'output.formats = "csv": a list is expected, e.g. formats = ["csv"]',
        ),
        (
            {"output": {"formats": ["gpkg", "shp"]}},
            'output.formats (item 2) = "shp": use one of "gpkg", "csv"',
        ),
        (
            {"model": {"experts": {"pois": "gat"}}},
            'model.experts: unknown key "pois": use one of "poi", "mobility"',
        ),
        ({"model": {"experts": {"poi": "gcm"}}}, 'model.experts.poi = "gcm": use one of "flow", "gcn"'),
        (
            {"mobility": {"path": "t.gpkg", "od_profile": "maybe"}},
            'mobility.od_profile = "maybe": true or false',
        ),
        ({"crs": 32633}, 'crs = 32633: text in quotes is expected, e.g. crs = "32633"'),
        (
            {"landuse": {"path": "l.gpkg", "clas_field": "c"}},
            "landuse.clas_field: unknown key, did you mean 'class_field'?",
        ),
        ({"pois": {"path": "p.gpkg"}}, "pois: unknown section, did you mean [poi]?"),
        (
            {"mobility": {"path": "t.gpkg", "OD": {}}},
            "mobility.OD: unknown section, did you mean [mobility.od]?",
        ),
        # an empty list named no column and ended in an internal error (street view) or meant "all" (tables)
        (
            {"street_view": {"path": "s.gpkg", "feature_columns": []}},
            "street_view.feature_columns = []: too few values: give at least 1",
        ),
        (
            {"poi": {"table": {"path": "p.csv", "columns": []}}},
            "poi.table.columns = []: too few values: give at least 1",
        ),
    ],
)
def test_invalid_values_are_named_with_what_to_write_instead(data, expected):
    """The key, the value as written in TOML, and the fix; none of pydantic's wording, locations or class names."""
    problems = _problems(data)
    assert expected in problems
    for leak in ("Input should", "Spec", "[key]", ".1", "pydantic"):
        assert leak not in problems


def test_an_unknown_section_lists_the_sections_and_an_unknown_key_its_sections_keys():
    problems = _problems({"weather": {"rain": 1}, "train": {"epoc": 3, "zzz": 1}})
    assert "weather: unknown section. The job file takes 'name', 'crs', [regions], [poi]," in problems
    assert "[train], [output]." in problems
    assert "train.epoc: unknown key, did you mean 'epochs'?" in problems
    assert "train.zzz: unknown key. [train] takes 'epochs', 'lr'," in problems


def test_validation_problems_speak_job_file_terms_for_one_section_too():
    """Other code (a model file's saved graph settings) shows a section's error in the job file's words."""
    with pytest.raises(ValidationError) as err:
        GraphOptions.model_validate({"knn": 0, "svi_nn": 3})
    assert validation_problems(err.value) == [
        "knn = 0: must be at least 1",
        "svi_nn: unknown key, did you mean 'svi_knn'?",
    ]


def test_assignments_to_a_loaded_job_are_validated(tmp_path):
    """A job changed in Python is checked as its file is, and a refused value leaves the section as it was."""
    job = parse_job({"regions": {"path": "r.gpkg"}, "poi": POI}, tmp_path)
    for key, value, expected in [
        (
            "epochs",
            "twenty",
            'epochs = "twenty": a whole number is expected (e.g. epochs = 300, without quotes)',
        ),
        ("epochs", 0, "epochs = 0: must be at least 1"),
        ("device", "gpu", 'device = "gpu": use one of "auto", "cpu", "cuda", "mps"'),
        ("seed", -1, "seed = -1: must be from 0 to 4294967295"),
        ("epochs", "20", 'epochs = "20": a whole number is expected (e.g. epochs = 300, without quotes)'),
    ]:
        with pytest.raises(ValidationError) as err:
            setattr(job.train, key, value)
        assert validation_problems(err.value) == [expected]
    assert job.train == TrainOptions()
    with pytest.raises(ValidationError, match="'category_field' is required"):
        job.poi.category_field = None  # refused by the section's own rule, after the field's type passed
    assert job.poi.category_field == "c"
    job.train.epochs, job.output.dir = 20, tmp_path / "out"
    assert job.train.epochs == 20 and job.output.dir == tmp_path / "out"


def test_a_job_file_without_a_modality_is_refused_before_any_reading(tmp_path):
    """Otherwise the regions are read first and the run fails with where = "dataset"."""
    path = tmp_path / "job.toml"
    path.write_text('[regions]\npath = "missing.gpkg"\n')
    with pytest.raises(InputError) as err:
        load_job(path)
    assert err.value.where == str(path)
    assert "no modality to learn from" in err.value.problem
    assert "[poi], [mobility], [landuse], [roads], [remote_sensing] or [street_view]" in err.value.fix


JOB_TEXT = '[regions]\npath = "r.gpkg"\n[poi]\npath = "p.gpkg"\ncategory_field = "café"\n'


@pytest.mark.parametrize(
    "name, content, expected, fix",
    [
        # a model file where the job goes: mtgrr embed JOB.toml MODEL.pt, the arguments swapped
        (
            "model.pt",
            b"PK\x03\x04\x00\x00\x80\x9f",
            "this is a model file, not a job file",
            "mtgrr embed MODEL.pt JOB.toml",
        ),
        (
            "imagery.tif",
            b"II*\x00\x08\x00\x00\x00\xff",
            "this is a raster, not a job file",
            "job's TOML file",
        ),
        ("job", b"\x00\x01\x02\xff", "this is a binary file, not a job file", "job's TOML file"),
        (
            "job.toml",
            JOB_TEXT.encode("latin-1"),
            "not a UTF-8 text file: byte 0xe9 on line 5",
            "UTF-8 encoding",
        ),
        ("job.toml", JOB_TEXT.encode("utf-16"), "the file is UTF-16 text", "UTF-8 encoding"),
    ],
)
def test_a_job_file_that_is_not_utf8_text_says_what_it_is(tmp_path, name, content, expected, fix):
    """These ended as 'internal error: UnicodeDecodeError'."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_job(path)
    assert err.value.where == str(path)
    assert err.value.problem.startswith(expected) and fix in err.value.fix


def test_a_job_file_with_a_byte_order_mark_is_read(tmp_path):
    """Windows Notepad starts a UTF-8 file with a BOM: it read as 'Invalid statement (at line 1, column 1)'."""
    path = tmp_path / "job.toml"
    path.write_bytes(JOB_TEXT.encode("utf-8-sig"))
    assert load_job(path).poi.category_field == "café"


def test_a_folder_given_as_the_job_file_names_the_job_file_in_it(tmp_path):
    with pytest.raises(InputError, match="this is a folder, not a job file") as err:
        load_job(tmp_path)
    assert err.value.fix == "give the path of a .toml job file."
    (tmp_path / "other.toml").write_text(JOB_TEXT, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_job(tmp_path)
    assert err.value.fix == f"give one of its job files: {tmp_path / 'other.toml'}."
    (tmp_path / "job.toml").write_text(JOB_TEXT, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_job(tmp_path)
    assert err.value.fix == f"give the job file in it: {tmp_path / 'job.toml'}."


def _sections(model: type[BaseModel] = Job):
    """Every section model of the job file, the top level included."""
    yield model
    for field in model.model_fields.values():
        for kind in (field.annotation, *get_args(field.annotation)):
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from _sections(kind)


def _leaf_types(annotation) -> set:
    """The types an annotation is built of: int from list[Annotated[int, BeforeValidator(...)]] | None."""
    args = get_args(annotation)
    return {annotation} if not args else set().union(*map(_leaf_types, args))


NUMBER_KEYS = sorted(
    {
        (section, name, any(get_origin(a) is list for a in (field.annotation, *get_args(field.annotation))))
        for section in _sections()
        for name, field in section.model_fields.items()
        if _leaf_types(field.annotation) & {int, float, bool}
    },
    key=lambda key: (key[0].__name__, key[1]),
)


def test_every_number_and_boolean_key_is_found():
    """The walk below reaches the keys it should (a miss would make the next test pass on nothing)."""
    found = {f"{section.__name__}.{name}" for section, name, _ in NUMBER_KEYS}
    assert {
        "TrainOptions.epochs",
        "TrainOptions.lr",
        "OutputSpec.clusters",
        "RemoteSensingSpec.nodata",
    } <= found
    assert {"RemoteSensingSpec.bands", "ModelOptions.identical_experts", "MobilitySpec.od_profile"} <= found


@pytest.mark.parametrize(
    "section, key, is_list", NUMBER_KEYS, ids=[f"{s.__name__}.{k}" for s, k, _ in NUMBER_KEYS]
)
def test_a_quoted_number_or_boolean_is_refused_for_every_key(section, key, is_list):
    """TOML has types: epochs = "20" or identical_experts = "no" is most likely a mistake, and was taken (as 20,
    as false) without a word."""
    with pytest.raises(ValidationError) as err:
        section.model_validate({key: ["1"] if is_list else "1"})
    mine = [p for p in validation_problems(err.value) if p.startswith(key)]
    assert mine and "without quotes" in mine[0], validation_problems(err.value)


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            {"train": {"epochs": "20"}},
            'train.epochs = "20": a whole number is expected (e.g. epochs = 300, without',
        ),
        (
            {"train": {"lr": "1e-3"}},
            'train.lr = "1e-3": a number is expected (e.g. lr = 0.001, without quotes)',
        ),
        (
            {"output": {"clusters": "8"}},
            'output.clusters = "8": a whole number is expected (e.g. clusters = 8,',
        ),
        (
            {"model": {"identical_experts": "no"}},
            'model.identical_experts = "no": true or false is expected (e.g. identical_experts = false, without',
        ),
        (
            {"remote_sensing": {"raster": "x.tif", "nodata": "0"}},
            'nodata = "0": a number is expected (without',
        ),
        ({"train": {"epochs": True}}, "train.epochs = true: a whole number is expected (e.g. epochs = 300)"),
        (
            {"remote_sensing": {"raster": "x.tif", "cnn": 1}},
            "remote_sensing.cnn = 1: true or false is expected",
        ),
    ],
)
def test_numbers_and_booleans_keep_their_toml_type(data, expected):
    assert expected in _problems(data)


def test_a_number_key_still_takes_an_integer_and_python_values(tmp_path):
    """lr = 1 is a number; a job built in Python (the plugin, the tests) passes as before."""
    path = tmp_path / "job.toml"
    path.write_text(JOB_TEXT + "[train]\nlr = 1\nepochs = 20\n[model]\ntemperature = 1\n", encoding="utf-8")
    job = load_job(path)
    assert job.train.lr == 1.0 and isinstance(job.train.lr, float) and job.train.epochs == 20
    assert ModelOptions(embedding_dim=8, dropout=0, identical_experts=True).dropout == 0.0
    import numpy as np

    numpy_made = TrainOptions(
        epochs=np.int64(3), seed=np.int32(2), lr=np.float32(0.5)
    )  # e.g. a seed drawn by numpy
    assert (numpy_made.epochs, numpy_made.seed, numpy_made.lr) == (3, 2, 0.5)
    job.train.epochs = 5
    assert job.train.epochs == 5
