"""Job building: validation messages, the TOML writer, layer export; checked by the real engine schema."""

from __future__ import annotations

import json

import pytest
import tomllib
from mtgrr_qgis.plugin import jobs
from qgis.core import QgsFeature, QgsFeatureRequest, QgsGeometry, QgsVectorLayer


def full_choices(layers, **overrides) -> jobs.Choices:
    values = dict(
        regions=layers["regions"],
        region_id_field="region_id",
        poi=layers["poi"],
        poi_category_field="category",
        trips=layers["trips"],
        pickup_x="pickup_x",
        pickup_y="pickup_y",
        dropoff_x="dropoff_x",
        dropoff_y="dropoff_y",
        landuse=layers["landuse"],
        landuse_class_field="class",
        roads=layers["roads"],
        roads_class_field="class",
        raster=layers["raster"],
        street_view=layers["street_view"],
        image_field="image",
        target_field="income",
        clusters=4,
        epochs=7,
        embedding_dim=16,
        seed=3,
        device="cpu",
    )
    values.update(overrides)
    return jobs.Choices(**values)


def engine_job(c: jobs.Choices, run_dir, engine_load_job) -> dict:
    """The job the plugin writes for ``c``, as the real engine reads it (after the plugin's own check passed)."""
    assert jobs.validate(c) == []
    done = engine_load_job(jobs.write_job(c, run_dir))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_full_job_is_valid_for_the_engine(city_layers, city, tmp_path, engine_load_job):
    job = engine_job(full_choices(city_layers, time_field="pickup_time"), tmp_path / "run", engine_load_job)
    # file-based layers are used in place: nothing exported
    assert not (tmp_path / "run" / "inputs.gpkg").exists()
    assert job["regions"]["path"] == str(city["gpkg"]) and job["regions"]["layer"] == "regions"
    assert job["poi"]["category_field"] == "category"
    assert job["mobility"]["pickup_x"] == "pickup_x" and job["mobility"]["crs"] == "EPSG:32618"
    assert job["mobility"]["time_field"] == "pickup_time"  # hourly profiles from the trips' times
    assert job["remote_sensing"]["raster"] == str(city["raster"])
    assert job["street_view"]["image_root"] == str(city["folder"])
    assert job["train"] == {**job["train"], "epochs": 7, "seed": 3, "device": "cpu"}
    assert job["model"]["embedding_dim"] == 16
    assert job["output"]["target_field"] == "income" and job["output"]["clusters"] == 4
    assert job["output"]["dir"] == str(tmp_path / "run")


def test_selection_and_memory_layers_are_exported(city_layers, tmp_path, engine_load_job):
    regions = city_layers["regions"]
    regions.selectByIds(sorted(regions.allFeatureIds())[:9])
    memory = city_layers["poi"].materialize(QgsFeatureRequest())  # a scratch (memory) layer
    c = full_choices(city_layers, poi=memory, selected_only=True, trips=None, street_view=None)
    assert jobs.validate(c) == []
    path = jobs.write_job(c, tmp_path / "run")
    assert engine_load_job(path).returncode == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    gpkg = str(tmp_path / "run" / "inputs.gpkg")
    assert data["regions"] == {"path": gpkg, "layer": "regions", "id_field": "region_id"}
    assert data["poi"]["path"] == gpkg
    exported = QgsVectorLayer(f"{gpkg}|layername=regions", "r", "ogr")
    assert exported.featureCount() == 9
    assert QgsVectorLayer(f"{gpkg}|layername=poi", "p", "ogr").featureCount() == memory.featureCount()
    assert data["landuse"]["path"] != gpkg  # no selection there: read in place


def test_od_table_and_grid(city_layers, tmp_path, engine_load_job):
    c = jobs.Choices(
        grid_cell_size=150.0,
        poi=city_layers["poi"],
        poi_category_field="category",
        trips=city_layers["od"],
        trips_mode=jobs.TRIPS_OD,
        origin_field="origin_id",
        destination_field="destination_id",
        count_field="trips",
        od_profile=True,
    )
    job = engine_job(c, tmp_path / "grid", engine_load_job)
    assert job["regions"]["grid"] == {"shape": "hexagon", "cell_size": 150.0}
    assert job["mobility"]["od"]["origin_field"] == "origin_id"
    assert job["mobility"]["od"]["count_field"] == "trips"
    assert job["mobility"]["od_profile"] is True


def test_toml_writer_escapes_strings(tmp_path, engine_load_job):
    tricky = 'a "quoted" path\\with\tbackslash\nand ünïcode'
    data = {
        "name": tricky,
        "n": 3,
        "x": 0.5,
        "flag": True,
        "list": [1, 2],
        "t": {"s": "x", "u": {"deep": "y"}},
    }
    assert tomllib.loads(jobs.to_toml(data)) == data
    # and through the engine: a regions path with quotes and spaces survives
    folder = tmp_path / 'we "ird" dir'
    folder.mkdir()
    job = {
        "name": tricky,
        "regions": {"path": str(folder / "r.gpkg"), "id_field": "id"},
        "poi": {"path": str(folder / "p.gpkg"), "category_field": "c"},  # a job needs a modality
    }
    (folder / "job.toml").write_text(jobs.to_toml(job), encoding="utf-8")
    done = engine_load_job(folder / "job.toml")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["regions"]["path"] == str(folder / "r.gpkg")


def test_grid_alone_needs_a_layer():
    problems = jobs.validate(jobs.Choices(grid_cell_size=200.0))
    assert any("at least one input layer" in p for p in problems)


def test_regions_alone_are_refused_before_the_run(city_layers):
    """The engine refuses a job without a modality; the dock says so before writing one."""
    problems = jobs.validate(jobs.Choices(regions=city_layers["regions"], region_id_field="region_id"))
    assert problems == [
        "Choose at least one input to learn from: points of interest, taxi trips, land use, roads, remote sensing "
        "or street view images."
    ]
    assert jobs.validate(full_choices(city_layers)) == []


def test_layer_without_crs_is_named(city_layers, no_crs_layer):
    c = full_choices(city_layers, poi=no_crs_layer, poi_category_field="category")
    problems = jobs.validate(c)
    assert len(problems) == 1
    assert "'points without crs' (POI)" in problems[0] and "coordinate reference system" in problems[0]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"poi": "roads"}, "'roads' (POI) has lines, but points are needed"),
        ({"roads_class_field": ""}, "'roads' (roads): choose the class field"),
        ({"landuse_class_field": "nope"}, "'landuse' (land use) has no field 'nope'. Its fields: "),
        ({"poi_category_field": "categry"}, "'poi' (POI) has no field 'categry'. Did you mean 'category'?"),
        ({"target_field": "missing"}, "'regions' (regions) has no field 'missing'"),
        ({"regions": "poi"}, "'poi' (regions) has points, but polygons are needed"),
        ({"clusters": 1}, "at least 2"),
    ],
)
def test_validation_messages_name_the_layer(city_layers, override, expected):
    values = {k: city_layers[v] if k in ("poi", "regions") else v for k, v in override.items()}
    problems = jobs.validate(full_choices(city_layers, **values))
    assert any(expected in p for p in problems), problems


def test_a_text_attribute_to_predict_is_reported(city_layers):
    regions = QgsVectorLayer(
        "Polygon?crs=EPSG:32618&field=region_id:integer&field=kind:string", "zones", "memory"
    )
    feature = QgsFeature(regions.fields())
    feature.setAttributes([1, "a"])
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"))
    regions.dataProvider().addFeature(feature)
    problems = jobs.validate(full_choices(city_layers, regions=regions, target_field="kind"))
    assert (
        "The attribute to predict 'kind' of layer 'zones' is not numeric: choose a numeric field." in problems
    )


def test_empty_layer_is_reported(city_layers):
    empty = QgsVectorLayer("Point?crs=EPSG:32618&field=category:string", "empty pois", "memory")
    problems = jobs.validate(full_choices(city_layers, poi=empty))
    assert problems == ["Layer 'empty pois' (POI) has no features."]


@pytest.mark.parametrize("prefixes", [("out_h", "in_h"), ("pickups_", "dropoffs_")])
def test_od_table_with_hourly_flows_reaches_the_engine(
    city_layers, hourly_table, tmp_path, engine_python, prefixes
):
    """A scratch hourly-flows table is exported with the job and ingested by the real engine,
    with the engine's field names and with the layer's own (the prefixes)."""
    import subprocess

    c = full_choices(
        city_layers,
        trips=city_layers["od"],
        trips_mode=jobs.TRIPS_OD,
        origin_field="origin_id",
        destination_field="destination_id",
        count_field="trips",
        hourly=hourly_table(25, prefixes=prefixes),
        hourly_id_field="region_id",
        hourly_out_prefix=prefixes[0],
        hourly_in_prefix=prefixes[1],
        poi=None,
        landuse=None,
        roads=None,
        raster=None,
        street_view=None,
    )
    assert jobs.validate(c) == []
    path = jobs.write_job(c, tmp_path / "run")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["mobility"]["hourly"] == {
        "path": str(tmp_path / "run" / "inputs.gpkg"),
        "layer": "hourly",
        "id_field": "region_id",
        "out_prefix": prefixes[0],
        "in_prefix": prefixes[1],
    }
    done = subprocess.run(
        [str(engine_python), "-m", "mtgrr", "ingest", str(path), "--out", str(tmp_path / "ds")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    code = (
        "import sys, json; from mtgrr.data import RegionDataset; ds = RegionDataset.load(sys.argv[1]); "
        "m = ds.modalities['mobility']; ids = [int(r) for r in ds.region_ids]; "
        "print(json.dumps({'out7': float(m.values[ids.index(7), m.columns.index('mob_out_h07')]), "
        "'in8': float(m.values[ids.index(7), m.columns.index('mob_in_h08')]), "
        "'total': float(ds.profiles['hourly_out'].sum())}))"
    )
    read = subprocess.run(
        [str(engine_python), "-c", code, str(tmp_path / "ds")], capture_output=True, text=True, timeout=120
    )
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == {"out7": 1.0, "in8": 1.0, "total": 5.0 * 25}


def test_hourly_flows_validation(city_layers, hourly_table, tmp_path):
    od = dict(
        trips=city_layers["od"],
        trips_mode=jobs.TRIPS_OD,
        origin_field="origin_id",
        destination_field="destination_id",
        count_field="trips",
    )
    problems = jobs.validate(full_choices(city_layers, hourly=hourly_table(3), hourly_id_field="region_id"))
    assert problems == [
        "Layer 'hourly flows' (hourly flows) goes with an origin-destination table: set the taxi trips to one "
        "(Trips are: OD flows; TRIPS_MODE 2 in Processing), or clear the hourly flows."
    ]
    problems = jobs.validate(full_choices(city_layers, **od, hourly=hourly_table(3, skip="in_h05")))
    assert any("'hourly flows' (hourly flows): choose the region id field" in p for p in problems), problems
    assert any("lacks 1 of the 48 fields it needs, e.g. 'in_h05'" in p for p in problems), problems
    own = hourly_table(3, prefixes=("dep_", "arr_"))
    ok = dict(od, hourly=own, hourly_id_field="region_id")
    problems = jobs.validate(full_choices(city_layers, **ok))
    assert problems == [
        "Layer 'hourly flows' (hourly flows) lacks 48 of the 48 fields it needs, e.g. 'out_h00': out_h00..out_h23 "
        "(trips leaving) and in_h00..in_h23 (trips entering); set the hourly prefixes (Hourly prefix, leaving / "
        "entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing) to the names the layer uses. "
        "The layer seems to use 'dep_' (leaving) and 'arr_' (entering)."
    ]
    unknown = dict(ok, hourly=hourly_table(3, prefixes=("a_", "b_")))
    problems = jobs.validate(full_choices(city_layers, **unknown))
    assert len(problems) == 1 and problems[0].endswith("to the names the layer uses."), problems  # no guess
    spaced = full_choices(city_layers, **ok, hourly_out_prefix=" dep_", hourly_in_prefix="arr_ ")
    assert jobs.validate(spaced) == []
    hourly = jobs.prepare_job(spaced, tmp_path)["mobility"]["hourly"]
    assert (hourly["out_prefix"], hourly["in_prefix"]) == ("dep_", "arr_")
    for out_prefix, in_prefix in (("", "arr_"), ("  ", "arr_"), ("arr_", "arr_")):
        problems = jobs.validate(
            full_choices(city_layers, **ok, hourly_out_prefix=out_prefix, hourly_in_prefix=in_prefix)
        )
        assert problems == [
            "Layer 'hourly flows' (hourly flows): give two different field prefixes, one for the trips leaving "
            "and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / "
            "HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23."
        ]


@pytest.mark.parametrize(
    "prefixes, expected",
    [
        (("out_h", "in_h", "dep_", "arr_"), ("out_h", "in_h")),  # the engine's names win
        (("pickups_", "dropoffs_"), ("pickups_", "dropoffs_")),
        (("arrivals", "departures"), ("departures", "arrivals")),  # order of the words, not of the fields
        (("tripsOut", "tripsIn"), ("tripsOut", "tripsIn")),
        (("leaving_", "entering_"), ("leaving_", "entering_")),  # "leaving" holds "in", not the word
        (("dep_", "arr_"), ("dep_", "arr_")),
        (("o_", "d_"), ("o_", "d_")),
        (("inflow_", "outflow_"), ("outflow_", "inflow_")),
        (("PU", "DO"), ("PU", "DO")),
        (("trips_out_", "trips_in_"), ("trips_out_", "trips_in_")),
        (("in_out_", "in_"), None),  # a prefix with both directions' words is left alone
        (("a_", "b_"), None),  # nothing tells them apart
        (("out_", "in_", "total_"), None),  # three complete prefixes
        (("out_h",), None),
    ],
)
def test_hourly_prefixes_guessed_from_the_fields(prefixes, expected):
    names = ["region_id", "in_h07", "total"] + [f"{p}{h:02d}" for p in prefixes for h in range(24)]
    assert jobs.guess_hourly_prefixes(names) == expected
    if expected is not None:  # a prefix counts only with all 24 hours
        assert jobs.guess_hourly_prefixes([n for n in names if n != f"{expected[0]}13"]) is None


def test_a_crs_set_in_qgis_reaches_the_engine(city_layers, city, tmp_path, engine_load_job):
    """A CRS set in Layer Properties > Source is not the file's: the engine, which reads files, must get it
    too (the vector layer is exported; the raster gets a VRT over its file that declares it)."""
    from osgeo import gdal
    from qgis.core import QgsCoordinateReferenceSystem

    other = QgsCoordinateReferenceSystem("EPSG:32617")
    city_layers["poi"].setCrs(other)
    city_layers["raster"].setCrs(other)
    job = engine_job(full_choices(city_layers, time_field="pickup_time"), tmp_path / "run", engine_load_job)
    assert job["poi"]["path"] == str(tmp_path / "run" / "inputs.gpkg")
    exported = QgsVectorLayer(f"{job['poi']['path']}|layername={job['poi']['layer']}", "poi", "ogr")
    assert exported.crs().authid() == "EPSG:32617" and exported.featureCount() == 120
    assert job["roads"]["path"] == str(city["gpkg"])  # a layer with its file's CRS is still read in place
    vrt = gdal.Open(job["remote_sensing"]["raster"])
    assert (
        job["remote_sensing"]["raster"].endswith(".vrt")
        and vrt.GetSpatialRef().GetAuthorityCode(None) == "32617"
    )
    assert vrt.RasterCount == 3 and vrt.GetFileList()[1] == str(city["raster"])


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            {
                "where": "poi layer 'poi' in inputs.gpkg",
                "problem": "none of the 120 POIs falls inside a region.",
                "fix": "check the layer's CRS: the file's own, or crs in the poi section of the job if the file has none.",
            },
            "Layer 'poi' (POI): none of the 120 POIs falls inside a region. Fix: check the layer's CRS in Layer "
            "Properties > Source: it must be the CRS its coordinates are in.",
        ),
        (
            {
                "where": "mobility.hourly (hourly.csv)",
                "problem": "3 ids match no region.",
                "fix": "use the regions' ids.",
            },
            "Layer 'hourly' (hourly flows): 3 ids match no region. Fix: use the regions' ids.",
        ),
        (
            {"where": "output.target_field 'income'", "problem": "all values are missing."},
            "The attribute to predict 'income' of layer 'regions': all values are missing.",
        ),
        (
            {"where": "mobility layer 'trips' in city.gpkg", "problem": "no trip starts in a region."},
            "Layer 'trips' (taxi trips): no trip starts in a region.",
        ),
        ({"where": "benchmark --seeds", "problem": "use 1 or more seeds."}, None),  # nothing the user chose
        ({"where": "street_view layer 'sv' in a.gpkg"}, None),  # no problem text: the engine's message stands
    ],
)
def test_engine_errors_name_the_qgis_layer(city_layers, hourly_table, parts, expected):
    c = full_choices(city_layers, hourly=hourly_table(25, name="hourly"), hourly_id_field="region_id")
    assert jobs.qgis_error(jobs.error_subjects(c), parts) == expected


def test_engine_errors_on_a_grid_and_typed_trip_coordinates(city_layers, hourly_table):
    grid = jobs.Choices(grid_cell_size=250.0, poi=city_layers["poi"], poi_category_field="category")
    assert jobs.qgis_error(
        jobs.error_subjects(grid), {"where": "regions.grid", "problem": "too many cells."}
    ) == ("The hexagon grid (250 m cells): too many cells.")
    table = hourly_table(3, name="trip table")  # no geometry: its coordinates' CRS is chosen in the dock
    typed = jobs.Choices(trips=table, coordinates_crs="EPSG:32618")
    message = jobs.qgis_error(
        jobs.error_subjects(typed),
        {
            "where": "mobility layer 'trips' in inputs.gpkg",
            "problem": "the coordinates look like longitude/latitude.",
            "fix": 'set crs to the projected CRS the coordinates are in (e.g. "EPSG:32618").',
        },
    )
    assert message.endswith("Fix: choose the CRS the pickup and dropoff coordinates are in.")
    od = jobs.Choices(trips=table, trips_mode=jobs.TRIPS_OD)
    no_data = {
        "where": "mobility.od (od.csv)",
        "problem": "no region has any data of this modality.",
        "fix": "check that the layer covers the regions and carries the right CRS (the file's own, or crs in its job "
        "section), or leave this modality out of the job.",
    }
    assert jobs.qgis_error(jobs.error_subjects(od), no_data).endswith(
        "or leave this modality out of the job."
    )


def test_one_field_for_two_roles_is_refused(city_layers):
    c = jobs.Choices(
        regions=city_layers["regions"],
        region_id_field="region_id",
        trips=city_layers["od"],
        trips_mode=jobs.TRIPS_OD,
        origin_field="origin_id",
        destination_field="origin_id",
    )
    assert jobs.validate(c) == [
        "Layer 'od' (OD table): the field 'origin_id' is chosen as origin and destination: "
        "choose a different field for each."
    ]


def test_a_sublayer_of_one_geometry_type_is_exported(city, tmp_path):
    """QGIS opens a mixed layer's points as '|geometrytype=Point': the engine, reading the file, would get the
    polygons too and refuse them, so the chosen features are exported."""
    from osgeo import ogr, osr

    path = tmp_path / "mixed.gpkg"
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    mixed = source.CreateLayer("poi", srs, ogr.wkbUnknown)
    mixed.CreateField(ogr.FieldDefn("category", ogr.OFTString))
    for wkt in (
        "POINT (583100 4507100)",
        "POINT (583300 4507300)",
        "POLYGON ((583000 4507000, 583050 4507000, 583050 4507050, 583000 4507000))",
    ):
        feature = ogr.Feature(mixed.GetLayerDefn())
        feature.SetField("category", "shop")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        mixed.CreateFeature(feature)
    source = None
    points = QgsVectorLayer(f"{path}|layername=poi|geometrytype=Point", "shops", "ogr")
    assert points.isValid() and points.featureCount() == 2
    (tmp_path / "run").mkdir()
    keys = jobs.layer_source(points, tmp_path / "run" / "inputs.gpkg", "poi", selected_only=False)
    assert keys["path"] == str(tmp_path / "run" / "inputs.gpkg")
    exported = QgsVectorLayer(f"{keys['path']}|layername={keys['layer']}", "e", "ogr")
    assert exported.featureCount() == 2
    whole = QgsVectorLayer(f"{path}|layername=poi", "all", "ogr")
    assert jobs.layer_source(whole, tmp_path / "run" / "inputs.gpkg", "poi2", selected_only=False)[
        "path"
    ] == str(path)


def test_layers_named_after_their_file_also_name_their_sublayer(city):
    """qgis_process names a layer opened by path after its file: three layers of one GeoPackage would all be
    'city' in the messages."""
    poi = QgsVectorLayer(f"{city['gpkg']}|layername=poi", "city", "ogr")
    assert jobs.layer_title(poi, "POI") == "'city — poi' (POI)"
    named = QgsVectorLayer(f"{city['gpkg']}|layername=poi", "shops", "ogr")  # a name the user gave
    assert jobs.layer_title(named, "POI") == "'shops' (POI)"


def test_the_geopackage_fid_is_not_a_region_id(city_layers):
    """QGIS lists a GeoPackage's fid among the fields; the engine, which reads the file's fields, has none such."""
    problems = jobs.validate(jobs.Choices(regions=city_layers["regions"], region_id_field="fid"))
    assert any("'fid' is the file's feature id" in p for p in problems), problems


def test_trip_times_go_with_trips_not_with_an_od_table(city_layers):
    c = full_choices(city_layers, time_field="started")
    assert jobs.validate(c) == [
        "Layer 'trips' (taxi trips) has no field 'started'. Its fields: "
        + ", ".join(city_layers["trips"].fields().names())
        + "."
    ]
    c = full_choices(
        city_layers,
        trips=city_layers["od"],
        trips_mode=jobs.TRIPS_OD,
        origin_field="origin_id",
        destination_field="destination_id",
        time_field="pickup_time",
    )
    assert jobs.validate(c) == [
        "Layer 'od' (OD table) has no trip times: clear the pickup time field (TIME_FIELD in Processing) and give "
        "hourly flows instead."
    ]


def test_nodata_set_in_qgis_reaches_the_engine(city, tmp_path):
    """A nodata value set in Layer Properties > Transparency, or the file's own switched off there, is what QGIS
    draws and what the engine must read: a VRT over the file declares it (the file is read as it is otherwise)."""
    from osgeo import gdal
    from qgis.core import QgsRasterLayer, QgsRasterRange

    tif = tmp_path / "with_nodata.tif"
    gdal.Translate(str(tif), str(city["raster"]), noData=0)
    layer = QgsRasterLayer(str(tif), "imagery")
    assert jobs.raster_source(layer, tmp_path) == tif  # nothing changed in QGIS
    layer.dataProvider().setUserNoDataValue(2, [QgsRasterRange(7, 7)])
    layer.dataProvider().setUseSourceNoDataValue(3, False)
    vrt = gdal.Open(str(jobs.raster_source(layer, tmp_path)))
    assert vrt.GetDriver().ShortName == "VRT" and vrt.GetFileList()[1] == str(tif)
    assert [vrt.GetRasterBand(b).GetNoDataValue() for b in (1, 2, 3)] == [0, 7, None]


def test_relative_image_paths_start_where_they_are_found(city_layers, city, tmp_path):
    """From the layer's own folder (as the engine reads the file); for paths relative to the project file (as QGIS's
    attachment widget stores them), from the project's folder; never from the run folder an export goes to."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    project = tmp_path / "project"
    (project / "photos").mkdir(parents=True)
    (project / "photos" / "a.jpg").write_bytes(b"an image")
    views = QgsVectorLayer(
        f"Point?crs={city_layers['regions'].crs().authid()}&field=image:string", "sv", "memory"
    )
    point = next(city_layers["street_view"].getFeatures()).geometry().asPoint()
    feature = QgsFeature(views.fields())
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(point)))
    feature.setAttributes(["photos\\a.jpg"])  # written on Windows
    assert views.dataProvider().addFeatures([feature])[0]
    assert jobs.image_root(views, "image", str(project)) == (project, "")
    assert jobs.image_root(city_layers["street_view"], "image", str(project)) == (city["folder"], "")
    (tmp_path / "run").mkdir()
    choices = full_choices(city_layers, street_view=views, project_folder=str(project))
    assert jobs.validate(choices) == []
    assert jobs.prepare_job(choices, tmp_path / "run")["street_view"]["image_root"] == str(project)
    # no file and no saved project, or a project elsewhere: asked before the run, not found after reading the inputs
    for folder in ("", str(tmp_path)):
        [problem] = jobs.validate(full_choices(city_layers, street_view=views, project_folder=folder))
        assert problem == (
            "Layer 'sv' (street view): none of its first relative image paths (e.g. 'photos/a.jpg') is found from "
            f"{folder or 'the run folder'}. Make the paths absolute, or save the QGIS project in the folder they "
            "start from."
        )
