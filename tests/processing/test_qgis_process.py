"""The provider from the command line: ``qgis_process`` loads the plugin from a fresh profile and
runs the main algorithms, including a batch of two learning runs over two cities."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_plugin_is_loaded_with_its_algorithms(qgis_process_env):
    binary = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    plugins = subprocess.run(
        [binary, "plugins"], capture_output=True, text=True, timeout=300, env=qgis_process_env
    ).stdout
    assert "* mtgrr_qgis" in plugins  # '*' = loaded, with a Processing provider
    listing = subprocess.run(
        [binary, "list"], capture_output=True, text=True, timeout=300, env=qgis_process_env
    ).stdout
    for name in ("learn", "embed", "predict", "cluster", "grid", "export_map"):
        assert f"mtgrr:{name}" in listing


def test_the_plugin_zip_installs_and_loads(tmp_path):
    """`make zip` gives what Plugins > Install from ZIP takes: one mtgrr_qgis/ folder with the plugin, its
    translations and the engine's sources, without tests; unpacked into a plugins folder, QGIS loads it."""
    import zipfile

    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        pytest.skip("make zip packs the committed files: a git checkout is needed")
    done = subprocess.run(
        ["make", "-C", str(root), "zip", f"DIST={tmp_path}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "mtgrr_qgis.zip") as archive:
        names = archive.namelist()
        assert {n.split("/")[0] for n in names} == {"mtgrr_qgis"}
        for needed in (
            "metadata.txt",
            "__init__.py",
            "plugin/main.py",
            "i18n/mtgrr_fr.qm",
            "engine/pyproject.toml",
        ):
            assert f"mtgrr_qgis/{needed}" in names
        assert not [n for n in names if n.split("/")[1] in ("tests", ".ci", "Makefile", "artifacts", ".venv")]
        archive.extractall(tmp_path / "plugins")
    profile = tmp_path / "profile"
    (profile / "profiles" / "default" / "QGIS").mkdir(parents=True)
    (profile / "profiles" / "default" / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nmtgrr_qgis=true\n")
    env = {
        **os.environ,
        "QGIS_PLUGINPATH": str(tmp_path / "plugins"),
        "QGIS_CUSTOM_CONFIG_PATH": str(profile),
        "QT_QPA_PLATFORM": "offscreen",
    }
    binary = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    listing = subprocess.run([binary, "list"], capture_output=True, text=True, timeout=300, env=env).stdout
    assert "mtgrr:learn" in listing and "mtgrr:export_map" in listing


def test_batch_learn_then_cluster_and_map(engine_python, city, tmp_path, qgis_process, learn_params):
    from_seed_1 = tmp_path / "city_b"
    done = subprocess.run(
        [
            str(engine_python),
            "-m",
            "mtgrr",
            "synth",
            str(from_seed_1),
            "--regions",
            "60",
            "--images",
            "0",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    outputs = []
    # a batch, one run per input; the second with paths relative to the shell's folder, as typed by hand
    for name, gpkg, cwd in (("a", city, None), ("b", Path("city_b") / "city.gpkg", tmp_path)):
        parameters = learn_params(gpkg, Path(name) if cwd else tmp_path / name)
        code, answer, log = qgis_process("mtgrr:learn", parameters, cwd=cwd)
        assert code == 0, log
        results = answer["results"]
        assert Path(results["MODEL"]).is_absolute() and Path(results["OUTPUT"]).is_absolute()
        assert Path(results["MODEL"]).is_file() and Path(results["OUTPUT"]).is_file()
        outputs.append(results["OUTPUT"])
    assert Path(outputs[1]) == (tmp_path / "b" / "embeddings.gpkg").resolve()

    learn_only = ("EPOCHS", "EMBEDDING_DIM", "MODEL")
    embed = {
        k: v
        for k, v in learn_params(Path("city_b") / "city.gpkg", Path("again")).items()
        if k not in learn_only
    }
    code, answer, log = qgis_process("mtgrr:embed", {"MODEL": "b/model.pt", **embed}, cwd=tmp_path)
    assert code == 0, log
    assert Path(answer["results"]["OUTPUT"]) == (tmp_path / "again" / "embeddings.gpkg").resolve()
    assert (tmp_path / "again" / "embeddings.gpkg").is_file()

    code, answer, log = qgis_process(
        "mtgrr:cluster", {"INPUT": outputs[1], "K": 3, "OUTPUT": str(tmp_path / "clusters.gpkg")}
    )
    assert code == 0, log
    code, answer, log = qgis_process(
        "mtgrr:export_map",
        {
            "INPUT": answer["results"]["OUTPUT"],
            "FIELD": "pca_1",
            "METHOD": 2,
            "CLASSES": 4,
            "RAMP": "Magma",
            "PNG": str(tmp_path / "pca.png"),
        },
    )
    assert code == 0, log
    assert (tmp_path / "pca.png").stat().st_size > 10_000

    code, answer, log = qgis_process(
        "mtgrr:cluster", {"INPUT": outputs[0], "K": 500, "OUTPUT": str(tmp_path / "bad.gpkg")}
    )
    assert code != 0
    assert "cannot make 500 clusters from 60 regions" in log
