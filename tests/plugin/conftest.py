"""Plugin-test fixtures: the plugin importable as ``mtgrr_qgis`` and a small real city on disk.

Test layers are written with QGIS's own GDAL (QgsVectorFileWriter, osgeo.gdal): loading
rasterio/pyogrio wheels into the QGIS process would mix two GDAL builds.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsLineString,
    QgsPointXY,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime
from qgis.PyQt.QtGui import QColor, QImage

REPO = Path(__file__).resolve().parents[2]
ENGINE_PYTHON = REPO / ".venv" / "bin" / "python"
ARTIFACTS = REPO / "artifacts"
CRS = "EPSG:32618"
X0, Y0, CELL, N = 583000.0, 4507000.0, 200.0, 5

# Importable as the installed plugin folder name (the engine owns the name ``mtgrr``).
_PLUGINS = Path(tempfile.mkdtemp(prefix="mtgrr_qgis_plugins_"))
(_PLUGINS / "mtgrr_qgis").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_PLUGINS))


@pytest.fixture(scope="session")
def plugins_dir():
    """Folder holding the ``mtgrr_qgis`` symlink (also usable as QGIS_PLUGINPATH)."""
    yield _PLUGINS
    shutil.rmtree(_PLUGINS, ignore_errors=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def isolated_settings(monkeypatch):
    """Point the engine setting at the repository's venv (restored after the test)."""
    from mtgrr_qgis.plugin import engine
    from qgis.core import QgsSettings

    settings = QgsSettings()
    old = settings.value(engine.SETTINGS_KEY, "", type=str)
    settings.setValue(engine.SETTINGS_KEY, str(ENGINE_PYTHON))
    yield settings
    settings.setValue(engine.SETTINGS_KEY, old)


def _wait_for(predicate, timeout: float = 120.0) -> None:
    """Spin the Qt event loop (task signals and finished() arrive through it) until ``predicate()``."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("condition not reached in time")
        QgsApplication.processEvents()
        time.sleep(0.02)


def _engine_load_job(path: Path) -> subprocess.CompletedProcess:
    """Validate a job file with the real engine's schema, in the engine's interpreter."""
    code = "import sys; from mtgrr.job import load_job; j = load_job(sys.argv[1]); print(j.model_dump_json())"
    return subprocess.run(
        [str(ENGINE_PYTHON), "-c", code, str(path)], capture_output=True, text=True, timeout=120
    )


def _write(layer: QgsVectorLayer, gpkg: Path, name: str) -> None:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (
        QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        if gpkg.exists()
        else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
    )
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(gpkg), QgsCoordinateTransformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error


def _memory(uri: str, rows: list[tuple[QgsGeometry | None, list]]) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, "tmp", "memory")
    features = []
    for geometry, attributes in rows:
        feature = QgsFeature(layer.fields())
        if geometry is not None:
            feature.setGeometry(geometry)
        feature.setAttributes(attributes)
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def make_city(folder: Path) -> dict[str, Path]:
    """A 5x5 grid city with every modality (GeoPackage layers, GeoTIFF, JPEG street views)."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    gpkg = folder / "city.gpkg"
    regions = []
    for i in range(N * N):
        x, y = X0 + (i % N) * CELL, Y0 + (i // N) * CELL
        geometry = QgsGeometry.fromRect(QgsRectangle(x, y, x + CELL, y + CELL))
        regions.append((geometry, [i, 1000.0 + 37.0 * (i % 7) + rng.random()]))
    _write(
        _memory(f"Polygon?crs={CRS}&field=region_id:integer&field=income:double", regions), gpkg, "regions"
    )

    def point():
        return QgsPointXY(X0 + rng.random() * N * CELL, Y0 + rng.random() * N * CELL)

    poi = [
        (QgsGeometry.fromPointXY(point()), [rng.choice(["food", "shop", "school", "park"])])
        for _ in range(120)
    ]
    _write(_memory(f"Point?crs={CRS}&field=category:string", poi), gpkg, "poi")
    trips = []
    for k in range(150):
        a, b = point(), point()
        started = QDateTime(
            QDate(2016, 5, 1 + k % 7), QTime(k % 24, 15)
        )  # a GeoPackage DATETIME, as QGIS writes it
        trips.append((QgsGeometry.fromPointXY(a), [a.x(), a.y(), b.x(), b.y(), started]))
    fields = "&".join(f"field={f}:double" for f in ("pickup_x", "pickup_y", "dropoff_x", "dropoff_y"))
    fields += "&field=pickup_time:datetime"
    _write(_memory(f"Point?crs={CRS}&{fields}", trips), gpkg, "trips")
    od = [(None, [rng.randrange(N * N), rng.randrange(N * N), rng.randint(1, 30)]) for _ in range(80)]
    _write(
        _memory("None?field=origin_id:integer&field=destination_id:integer&field=trips:integer", od),
        gpkg,
        "od",
    )
    landuse = []
    half = N * CELL / 2
    for k, cls in enumerate(["residential", "commercial", "industrial", "park"]):
        x, y = X0 + (k % 2) * half, Y0 + (k // 2) * half
        landuse.append((QgsGeometry.fromRect(QgsRectangle(x, y, x + half, y + half)), [cls]))
    _write(_memory(f"Polygon?crs={CRS}&field=class:string", landuse), gpkg, "landuse")
    roads = []
    for k in range(N + 1):
        cls = "primary" if k % 2 == 0 else "residential"
        horizontal = QgsLineString([X0, X0 + N * CELL], [Y0 + k * CELL, Y0 + k * CELL])
        vertical = QgsLineString([X0 + k * CELL, X0 + k * CELL], [Y0, Y0 + N * CELL])
        roads += [(QgsGeometry(horizontal), [cls]), (QgsGeometry(vertical), [cls])]
    _write(_memory(f"LineString?crs={CRS}&field=class:string", roads), gpkg, "roads")
    images = folder / "street_view"
    images.mkdir(exist_ok=True)
    views = []
    for k in range(40):
        image = QImage(32, 32, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv((k * 37) % 360, 200, 200))
        assert image.save(str(images / f"sv_{k:03d}.jpg"))
        views.append((QgsGeometry.fromPointXY(point()), [f"street_view/sv_{k:03d}.jpg"]))
    _write(_memory(f"Point?crs={CRS}&field=image:string", views), gpkg, "street_view")

    from osgeo import gdal, osr

    tif = folder / "imagery.tif"
    size = 50
    dataset = gdal.GetDriverByName("GTiff").Create(str(tif), size, size, 3, gdal.GDT_Byte)
    dataset.SetGeoTransform([X0, N * CELL / size, 0, Y0 + N * CELL, 0, -N * CELL / size])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    dataset.SetProjection(srs.ExportToWkt())
    for band in range(1, 4):
        data = bytes(rng.randrange(256) for _ in range(size * size))
        dataset.GetRasterBand(band).WriteRaster(0, 0, size, size, data)
    dataset = None
    return {"gpkg": gpkg, "raster": tif, "folder": folder}


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> dict[str, Path]:
    return make_city(tmp_path_factory.mktemp("city"))


@pytest.fixture
def city_layers(city, qgis_new_project):
    """Every city layer, loaded into a fresh project."""
    from qgis.core import QgsProject, QgsRasterLayer

    layers = {}
    for name in ("regions", "poi", "trips", "od", "landuse", "roads", "street_view"):
        layer = QgsVectorLayer(f"{city['gpkg']}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    layers["raster"] = QgsRasterLayer(str(city["raster"]), "imagery")
    assert layers["raster"].isValid()
    QgsProject.instance().addMapLayers(list(layers.values()))
    return layers


def _hourly_table(
    regions: int, name: str = "hourly flows", skip: str = "", prefixes=("out_h", "in_h")
) -> QgsVectorLayer:
    """A table (no geometry) of trips per hour: region i leaves at hour i % 24 and arrives at 8."""
    from mtgrr_qgis.plugin import jobs

    out_prefix, in_prefix = prefixes
    names = [n for n in jobs.hourly_fields(out_prefix, in_prefix) if n != skip]
    uri = "None?field=region_id:integer&" + "&".join(f"field={n}:integer" for n in names)
    layer = QgsVectorLayer(uri, name, "memory")
    features = []
    for i in range(regions):
        feature = QgsFeature(layer.fields())
        values = {n: 0 for n in names}
        values[f"{out_prefix}{i % 24:02d}"] = 5
        values[f"{in_prefix}08"] = 3
        feature.setAttributes([i, *(values[n] for n in names)])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


@pytest.fixture
def hourly_table():
    """Factory of scratch hourly-flow tables: hourly_table(regions, name=..., skip=field, prefixes=...)."""
    return _hourly_table


@pytest.fixture
def no_crs_layer() -> QgsVectorLayer:
    layer = _memory("Point?field=category:string", [(QgsGeometry.fromPointXY(QgsPointXY(1, 2)), ["food"])])
    layer.setName("points without crs")
    layer.setCrs(QgsCoordinateReferenceSystem())  # memory layers otherwise default to EPSG:4326
    assert not layer.crs().isValid()
    return layer


@pytest.fixture(scope="session")
def wait_for():
    return _wait_for


@pytest.fixture(scope="session")
def engine_load_job():
    if not ENGINE_PYTHON.is_file():
        pytest.skip(f"engine venv missing: {ENGINE_PYTHON}")
    return _engine_load_job


@pytest.fixture(scope="session")
def engine_python() -> Path:
    return ENGINE_PYTHON
