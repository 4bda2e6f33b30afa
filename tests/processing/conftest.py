"""Processing-test fixtures: the plugin importable as ``mtgrr_qgis``, the MTGRR provider registered
in the test QGIS, a small synthetic city and a short training run shared by the tests.

The synthetic city is written by the engine's own ``mtgrr synth`` in its interpreter (a
subprocess), so no second GDAL build is loaded into the QGIS process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsVectorLayer

REPO = Path(__file__).resolve().parents[2]
ENGINE_PYTHON = REPO / ".venv" / "bin" / "python"
ARTIFACTS = REPO / "artifacts"
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")

_PLUGINS = Path(tempfile.mkdtemp(prefix="mtgrr_processing_plugins_"))
(_PLUGINS / "mtgrr_qgis").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_PLUGINS))
_QGIS_PLUGINS = Path(QgsApplication.pkgDataPath()) / "python" / "plugins"  # QGIS's "processing"
if str(_QGIS_PLUGINS) not in sys.path:
    sys.path.append(str(_QGIS_PLUGINS))


def _engine_ready() -> bool:
    if not ENGINE_PYTHON.is_file():
        return False
    done = subprocess.run([str(ENGINE_PYTHON), "-c", "import mtgrr"], capture_output=True, timeout=120)
    return done.returncode == 0


@pytest.fixture(scope="session")
def engine_python() -> Path:
    if not _engine_ready():
        pytest.skip(f"engine not installed in {ENGINE_PYTHON}")
    return ENGINE_PYTHON


_PROVIDERS: list = []


def register_provider():
    """Add a fresh MTGRR provider to the registry (which then owns it) unless one is there."""
    from mtgrr_qgis.plugin.processing.provider import MtgrrProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("mtgrr") is None:
        _PROVIDERS.append(MtgrrProvider())  # a Python reference keeps its algorithms alive
        assert registry.addProvider(_PROVIDERS[-1])
    return registry.providerById("mtgrr")


@pytest.fixture(scope="module", autouse=True)
def _provider_per_module(qgis_processing):
    """The MTGRR provider registered for each test module here and removed after it, so the plugin
    tests that follow can register their own."""
    register_provider()
    yield
    registry = QgsApplication.processingRegistry()
    if registry.providerById("mtgrr") is not None:
        registry.removeProvider(registry.providerById("mtgrr"))


@pytest.fixture
def provider():
    """The MTGRR provider in the processing registry of the test QGIS."""
    return register_provider()


@pytest.fixture(scope="session")
def reregister_provider():
    return register_provider


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def synth(engine_python: Path, folder: Path, seed: int = 0) -> Path:
    """A 60-region synthetic city (no street views); returns its GeoPackage."""
    done = subprocess.run(
        [str(engine_python), "-m", "mtgrr", "synth", str(folder), "--regions", "60", "--images", "0"]
        + (["--seed", str(seed)] if seed else []),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder / "city.gpkg"


@pytest.fixture(scope="session")
def city(engine_python, tmp_path_factory) -> Path:
    return synth(engine_python, tmp_path_factory.mktemp("city"))


def learn_parameters(gpkg: Path, out: Path, **extra) -> dict:
    """A quick ``mtgrr:learn`` run: regions, POI and roads, 2 epochs, 8 dimensions, CPU."""
    return {
        "REGIONS": f"{gpkg}|layername=regions",
        "REGION_ID": "region_id",
        "POI": f"{gpkg}|layername=poi",
        "POI_CATEGORY": "category",
        "ROADS": f"{gpkg}|layername=roads",
        "ROADS_CLASS": "class",
        "EPOCHS": 2,
        "EMBEDDING_DIM": 8,
        "CLUSTERS": 3,
        "DEVICE": 1,
        "OUTPUT": str(out / "embeddings.gpkg"),
        "MODEL": str(out / "model.pt"),
        **extra,
    }


@pytest.fixture(scope="session")
def learn_params():
    return learn_parameters


@pytest.fixture(scope="session")
def learned(qgis_processing, city, tmp_path_factory) -> dict:
    """One short training run through processing.run, shared by the tests (its results dict)."""
    import processing

    register_provider()  # session fixtures are set up before the per-module registration
    out = tmp_path_factory.mktemp("learned")
    results = processing.run("mtgrr:learn", learn_parameters(city, out, TARGET="target_activity"))
    results["PARAMETERS"] = learn_parameters(city, out, TARGET="target_activity")
    return results


@pytest.fixture(scope="session")
def embeddings_with_target(learned, city, tmp_path_factory) -> str:
    """The learned embeddings joined with the regions' target_activity (a third left unknown)."""
    import processing

    out = tmp_path_factory.mktemp("joined")
    joined = processing.run(
        "native:joinattributestable",
        {
            "INPUT": learned["OUTPUT"],
            "FIELD": "region_id",
            "INPUT_2": f"{city}|layername=regions",
            "FIELD_2": "region_id",
            "FIELDS_TO_COPY": ["target_activity"],
            "OUTPUT": str(out / "joined.gpkg"),
        },
    )["OUTPUT"]
    layer = QgsVectorLayer(joined, "joined", "ogr")
    index = layer.fields().indexOf("target_activity")
    assert layer.startEditing()
    for feature in layer.getFeatures():
        if feature["region_id"] % 3 == 0:
            layer.changeAttributeValue(feature.id(), index, None)
    assert layer.commitChanges()
    return joined


@pytest.fixture(scope="session")
def qgis_process_env(tmp_path_factory) -> dict:
    """Environment for ``qgis_process``: a fresh profile with the plugin enabled, found through
    QGIS_PLUGINPATH (the folder holding the mtgrr_qgis symlink)."""
    if QGIS_PROCESS is None:
        pytest.skip("qgis_process is not installed")
    profile = tmp_path_factory.mktemp("qgis_profile")
    ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\nmtgrr_qgis=true\n", encoding="utf-8")
    return {
        **os.environ,
        "QGIS_PLUGINPATH": str(_PLUGINS),
        "QGIS_CUSTOM_CONFIG_PATH": str(profile),
        "QT_QPA_PLATFORM": "offscreen",
    }


@pytest.fixture(scope="session")
def qgis_process(qgis_process_env):
    """Run ``qgis_process --json run ALG -- KEY=VALUE...`` (in ``cwd``); returns (exit code, JSON or None, output)."""

    def run(algorithm: str, parameters: dict, timeout: float = 600, cwd: Path | None = None):
        argv = [QGIS_PROCESS, "--json", "run", algorithm, "--"]
        argv += [f"{key}={value}" for key, value in parameters.items()]
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, env=qgis_process_env, cwd=cwd
        )
        start = done.stdout.find("{")
        try:
            answer = json.loads(done.stdout[start:]) if start >= 0 else None
        except ValueError:
            answer = None
        return done.returncode, answer, done.stdout + done.stderr

    return run
