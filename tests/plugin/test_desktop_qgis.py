"""The plugin inside the real QGIS desktop application (under Xvfb), not pytest-qgis's stub interface.

One QGIS session per module: QGIS loads the plugin from QGIS_PLUGINPATH into a throwaway profile, and a
``--code`` script checks the toolbar action, the dock docked in the main window and the Processing
provider, then runs the engine through the dock on the small city (QgsTaskManager, styling on the main
thread), takes screenshots, writes what it found as JSON and quits through File > Exit.

QGIS 3.22 desktop needs an X display: with QT_QPA_PLATFORM=offscreen (which ``make test`` exports for
pytest-qgis) it refuses to start without DISPLAY and crashes in QgsClipboard under xvfb-run, so the
subprocess gets the variable removed.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

QGIS = shutil.which("qgis")
XVFB_RUN = shutil.which("xvfb-run")
SCREEN = (1440, 900)
TIMEOUT_S = 300  # start, the checks, a 2-epoch engine run on 25 regions, exit: about 20 s on an idle machine
WATCHDOG_S = TIMEOUT_S - 60  # the script reports where it was stuck and quits before the test kills QGIS


def _desktop_session(config_path: str) -> None:
    """Runs inside QGIS desktop: its source, plus a call, is the ``--code`` script. Self-contained, as
    QGIS's Python has no pytest; each step is chained through the event loop so QGIS stays live."""
    import json
    import traceback
    from pathlib import Path

    import qgis.utils
    from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsVectorLayer
    from qgis.gui import QgsDockWidget
    from qgis.PyQt.QtCore import QRect, Qt, QTimer
    from qgis.PyQt.QtWidgets import (
        QDockWidget,
        QMessageBox,
        QScrollArea,
        QStyle,
        QStyleOptionComboBox,
        QTabWidget,
        QTextEdit,
        QToolBar,
    )

    try:
        from qgis.PyQt.QtGui import QAction  # Qt 6
    except ImportError:
        from qgis.PyQt.QtWidgets import QAction

    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    iface = qgis.utils.iface
    window = iface.mainWindow()
    report: dict = {"steps": [], "dialogs": []}
    keep = []  # Python references for the callbacks connected below

    def write_report() -> None:
        Path(config["report_path"]).write_text(json.dumps(report, indent=1), encoding="utf-8")

    def close_dialogs() -> None:
        """Record and close a modal dialog in front (a Python error, a prompt): it would stall the session."""
        modal = QgsApplication.activeModalWidget()
        if modal is not None:
            texts = [modal.text()] if isinstance(modal, QMessageBox) else []
            texts += [view.toPlainText() for view in modal.findChildren(QTextEdit)]
            report["dialogs"].append(f"{modal.windowTitle()}: {' '.join(texts)}")
            modal.reject()

    def finish() -> None:
        """Collect the Python errors QGIS logged, write the report and quit through File > Exit."""
        if "finished" in report:  # the watchdog and the last step may both get here
            return
        report["finished"] = report["steps"][-1] if report["steps"] else None
        log = window.findChild(QDockWidget, "MessageLog")
        tabs = log.findChild(QTabWidget) if log is not None else None
        report["message_log"] = {
            tabs.tabText(i): tabs.widget(i).toPlainText() for i in range(tabs.count() if tabs else 0)
        }
        close_dialogs()
        write_report()
        QgsProject.instance().setDirty(False)  # the loaded city is no reason for a "save project?" prompt
        QTimer.singleShot(0, iface.actionExit().trigger)
        QTimer.singleShot(30_000, exit_blocked)

    def exit_blocked() -> None:
        """Still running 30 s after File > Exit: record the dialog in the way, if any, and quit (the test fails)."""
        close_dialogs()
        report["exit_blocked"] = True
        write_report()
        QgsApplication.exit(3)

    def watchdog() -> None:
        report["timed_out"] = True
        finish()

    def guarded(step):
        """A step whose exception is reported (and ends the session) instead of leaving QGIS open."""

        def run(*args):
            report["steps"].append(step.__name__)
            try:
                step(*args)
            except Exception:
                report["exception"] = traceback.format_exc()
                finish()

        keep.append(run)
        return run

    def shoot(path: str) -> None:
        QgsApplication.processEvents()
        report.setdefault("screenshots", {})[Path(path).name] = window.grab().save(path)

    @guarded
    def check_plugin() -> None:
        window.setGeometry(QRect(0, 0, *config["screen"]))
        plugin = qgis.utils.plugins.get("mtgrr_qgis")
        report["plugin"] = {
            "loaded": plugin is not None,
            "active": "mtgrr_qgis" in qgis.utils.active_plugins,
            "class": type(plugin).__name__,
        }
        action = window.findChild(QAction, "mtgrrLearnAction")
        report["action"] = None
        if action is not None:
            report["action"] = {
                "text": action.text(),
                "has_icon": not action.icon().isNull(),
                "toolbars": [t.objectName() for t in window.findChildren(QToolBar) if action in t.actions()],
                "menus": [
                    entry.menu().title()
                    for entry in iface.pluginMenu().actions()
                    if entry.menu() is not None and action in entry.menu().actions()
                ],
                "is_plugin_action": action is getattr(plugin, "action", None),
            }
        provider = QgsApplication.processingRegistry().providerById("mtgrr")
        report["provider"] = (
            {"name": provider.name(), "algorithms": sorted(a.id() for a in provider.algorithms())}
            if provider is not None
            else None
        )
        if action is None:
            finish()
            return
        action.trigger()
        QTimer.singleShot(1000, check_dock)  # laid out and painted

    def cut_items(combo) -> list:
        """The items wider than the room the closed combo draws its text in (as test_dock's _text_room)."""
        option = QStyleOptionComboBox()
        option.initFrom(combo)
        field = QStyle.SubControl.SC_ComboBoxEditField
        room = (
            combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, field, combo).width() - 2
        )
        texts = [combo.itemText(i) for i in range(combo.count())]
        return [(t, room) for t in texts if combo.fontMetrics().horizontalAdvance(t) > room]

    @guarded
    def check_dock() -> None:
        docks = [d for d in window.findChildren(QgsDockWidget) if d.objectName() == "MtgrrDock"]
        report["docks"] = len(docks)
        if docks:
            dock = docks[0]
            scroll = dock.findChild(QScrollArea)
            report["dock"] = {
                "title": dock.windowTitle(),
                "visible": dock.isVisible(),
                "floating": dock.isFloating(),
                "right_area": window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea,
                "inside_window": window.rect().contains(dock.geometry()),
                "horizontal_scrollbar": scroll.horizontalScrollBar().isVisible() if scroll else None,
                "engine_banner": dock.engine_banner.isVisibleTo(dock),
                "is_plugin_dock": dock is qgis.utils.plugins["mtgrr_qgis"].dock,
                "trips_modes_cut": cut_items(dock.trips_mode),
            }
        shoot(config["screenshot"])
        if config.get("city") and docks:
            QTimer.singleShot(0, lambda: run_engine(docks[0]))
        else:
            finish()

    @guarded
    def run_engine(dock) -> None:
        city = config["city"]
        project = QgsProject.instance()
        layers = {}
        for name in ("regions", "poi", "trips", "landuse", "roads"):
            layers[name] = QgsVectorLayer(f"{city['gpkg']}|layername={name}", name, "ogr")
        layers["raster"] = QgsRasterLayer(city["raster"], "imagery")
        project.addMapLayers(list(layers.values()))
        report["regions"] = layers["regions"].featureCount()
        iface.mapCanvas().setExtent(layers["regions"].extent())
        for name, layer in layers.items():
            getattr(dock, f"{name}_combo").setLayer(layer)
        dock.target_combo.setField("income")
        dock.clusters.setValue(3)
        dock.epochs.setValue(2)
        dock.embedding_dim.setValue(8)
        dock.device.setCurrentIndex(dock.device.findData("cpu"))
        dock.output_dir.setFilePath(config["run_dir"])
        dock.run_finished.connect(run_finished)
        dock.run_button.click()
        report["run_started"] = dock.task is not None
        report["problems"] = dock.last_problems
        if dock.task is None:
            finish()

    @guarded
    def run_finished(task) -> None:
        dock = qgis.utils.plugins["mtgrr_qgis"].dock
        root = QgsProject.instance().layerTreeRoot()
        group = root.findGroup(config["results_group"])
        runs = group.children() if group is not None else []
        report["run"] = {
            "error": task.error,
            "log_tail": list(task.log)[-20:],
            "stage": dock.stage_label.text(),
            "progress": dock.progress.value(),
            "result_layers": [layer.name() for layer in dock.result_layers],
            "group_is_first": bool(root.children()) and root.children()[0] is group,
            "run_groups": [node.name() for node in runs],
            "run_name": dock.run_dir.name if dock.run_dir is not None else None,
            "group_layers": [
                {
                    "name": node.name(),
                    "checked": node.itemVisibilityChecked(),
                    "valid": node.layer().isValid(),
                    "features": node.layer().featureCount(),
                    "renderer": node.layer().renderer().type(),
                }
                for node in (runs[0].findLayers() if runs else [])
            ],
        }
        canvas = iface.mapCanvas()
        canvas.mapCanvasRefreshed.connect(guarded(after_run_rendered))
        canvas.refresh()

    @guarded
    def after_run_rendered() -> None:
        if "after_run_screenshot" not in report:  # the canvas may refresh again before Exit
            report["after_run_screenshot"] = True
            # what the user sees after the run: the new maps shown in the Layers panel, the plugin's message
            view = iface.layerTreeView()
            group = QgsProject.instance().layerTreeRoot().findGroup(config["results_group"])
            item = iface.messageBar().currentItem()
            report["seen"] = {
                "expanded": [view.isExpanded(view.node2index(node)) for node in (group, group.children()[0])],
                "active_layer": iface.activeLayer().name() if iface.activeLayer() else None,
                "message": item.text() if item is not None else None,
            }
            shoot(config["after_run_screenshot"])
            finish()

    dialog_watch = QTimer()
    dialog_watch.timeout.connect(close_dialogs)
    dialog_watch.start(1000)
    keep.append(dialog_watch)
    QTimer.singleShot(0, check_plugin)
    QTimer.singleShot(config["watchdog_s"] * 1000, watchdog)


def _script(config: Path) -> str:
    return f"{textwrap.dedent(inspect.getsource(_desktop_session))}\n_desktop_session({str(config)!r})\n"


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def desktop(tmp_path_factory, plugins_dir, artifacts, engine_python, request):
    """Start ``xvfb-run qgis --code`` once with the plugin enabled in a fresh profile; the session's
    report (the ``--code`` script's JSON), exit code and output. The engine run is left out (and its
    test skipped) when the repository's engine environment is missing."""
    if QGIS is None or XVFB_RUN is None:
        pytest.skip("QGIS desktop (qgis) and xvfb-run are needed: `make qgis` installs them")
    from mtgrr_qgis.plugin import styling

    work = tmp_path_factory.mktemp("desktop_qgis")
    profile = work / "profile"
    ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(
        "[PythonPlugins]\nmtgrr_qgis=true\n"
        "[locale]\noverrideFlag=true\nuserLocale=en_US\n"  # the English strings asserted below
        f"[mtgrr]\nengine_python={engine_python}\n",
        encoding="utf-8",
    )
    config = {
        "report_path": str(work / "report.json"),
        "screen": list(SCREEN),
        "screenshot": str(artifacts / "desktop_qgis.png"),
        "after_run_screenshot": str(artifacts / "desktop_qgis_after_run.png"),
        "results_group": styling.RESULTS_GROUP,
        "run_dir": str(work / "runs"),
        "city": None,
        "watchdog_s": WATCHDOG_S,
    }
    if engine_python.is_file():
        city = request.getfixturevalue("city")
        config["city"] = {"gpkg": str(city["gpkg"]), "raster": str(city["raster"])}
    (work / "config.json").write_text(json.dumps(config), encoding="utf-8")
    script = work / "session.py"
    script.write_text(_script(work / "config.json"), encoding="utf-8")
    env = {**os.environ, "QGIS_PLUGINPATH": str(plugins_dir), "QGIS_CUSTOM_CONFIG_PATH": str(profile)}
    env.pop("QT_QPA_PLATFORM", None)
    # QGIS calls layers under the temporary folder "temporary" and asks before closing; the city and the
    # run are under pytest's /tmp folders, so give QGIS a temporary folder of its own.
    env["TMPDIR"] = str(work / "tmp")
    (work / "tmp").mkdir()
    argv = [XVFB_RUN, "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24"]
    argv += [QGIS, "--nologo", "--noversioncheck", "--code", str(script)]
    process = subprocess.Popen(
        argv,
        env=env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # xvfb-run, Xvfb and QGIS
        stdout, stderr = process.communicate()
        pytest.fail(f"QGIS desktop did not exit within {TIMEOUT_S} s:\n{_tail(stderr)}\n{_tail(stdout)}")
    output = f"exit code {process.returncode}\nstderr:\n{_tail(stderr)}\nstdout:\n{_tail(stdout)}"
    report_path = Path(config["report_path"])
    assert report_path.is_file(), f"the --code script wrote no report; {output}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return {"report": report, "returncode": process.returncode, "stderr": stderr, "output": output, **config}


def test_plugin_loads_with_its_action_and_processing_provider(desktop):
    report = desktop["report"]
    assert report.get("plugin") == {"loaded": True, "active": True, "class": "MtgrrPlugin"}, report
    action = report["action"]
    assert action is not None, "no QAction 'mtgrrLearnAction' in the main window"
    assert action["text"] == "Learn region representations" and action["has_icon"]
    assert action["toolbars"] == ["mPluginToolBar"] and action["is_plugin_action"]
    assert action["menus"] == ["&MTGRR region representations"]

    from mtgrr_qgis.plugin.processing.provider import MtgrrProvider

    expected = MtgrrProvider()
    expected.loadAlgorithms()
    assert report["provider"] == {
        "name": "MTGRR",
        "algorithms": sorted(a.id() for a in expected.algorithms()),
    }
    assert "mtgrr:learn" in report["provider"]["algorithms"]


def test_the_action_docks_the_dock_on_the_right(desktop):
    report = desktop["report"]
    assert report.get("docks") == 1, report
    dock = report["dock"]
    assert dock["title"] == "Learn region representations" and dock["is_plugin_dock"]
    assert dock["visible"] and not dock["floating"] and dock["right_area"] and dock["inside_window"], dock
    assert not dock["engine_banner"]  # the engine named in the profile's settings was found
    assert dock["horizontal_scrollbar"] is False, "the dock's content is wider than the dock"
    assert dock["trips_modes_cut"] == [], "cut at the width QGIS gives the dock"
    assert report["screenshots"]["desktop_qgis.png"]
    assert Path(desktop["screenshot"]).stat().st_size > 10_000


def test_the_dock_runs_the_engine_and_adds_styled_results(desktop):
    """The real QgsTaskManager runs the engine; its results are styled and grouped on the main thread."""
    report = desktop["report"]
    if desktop["city"] is None:
        pytest.skip("engine environment missing: no run through the dock")
    assert report.get("run_started"), report.get("problems") or report.get("exception")
    run = report.get("run")
    assert run is not None, f"the run did not finish; steps {report['steps']}, {report.get('exception')}"
    assert run["error"] is None, "\n".join(run["log_tail"])
    assert run["stage"] == "Done." or run["stage"].startswith("Done, with "), run["stage"]
    assert run["progress"] == 100 and run["group_is_first"]
    assert run["run_groups"] == [run["run_name"]]  # one subgroup, named after the run's folder
    layers = run["group_layers"]
    assert [layer["name"] for layer in layers] == run["result_layers"]
    assert [layer["name"] for layer in layers[:3]] == ["Predicted income", "Clusters", "Embedding colours"]
    assert any(layer["name"].startswith("Modality weight: ") for layer in layers[3:])
    assert [layer["renderer"] for layer in layers[:3]] == [
        "graduatedSymbol",
        "categorizedSymbol",
        "singleSymbol",
    ]
    assert [layer["checked"] for layer in layers] == [True] + [False] * (len(layers) - 1)
    for layer in layers:
        assert layer["valid"] and layer["features"] == report["regions"] > 0, layer
    assert report["screenshots"]["desktop_qgis_after_run.png"]
    # the results group and its run open (it stayed collapsed), the first map current (which opens them), and the
    # plugin's message on top of QGIS's "Task complete"
    seen = report["seen"]
    assert seen["expanded"] == [True, True] and seen["active_layer"] == layers[0]["name"], seen
    assert seen["message"].startswith("Region representations are ready."), seen


def test_qgis_exits_cleanly_without_python_errors(desktop):
    report = desktop["report"]
    assert "exception" not in report, report["exception"]
    assert "timed_out" not in report, f"stuck after step {report['finished']}"
    assert "exit_blocked" not in report, "File > Exit did not quit QGIS"
    assert report["dialogs"] == [], "QGIS showed dialogs (closed by the script)"
    assert desktop["returncode"] == 0, desktop["output"]
    log = report["message_log"]
    assert "Loaded MTGRR region representations" in log.get("Plugins", ""), log.get("Plugins")
    for tag in ("Python error", "Python warning"):
        assert "mtgrr" not in log.get(tag, "").lower(), log[tag]
    assert not [
        block for block in desktop["stderr"].split("Traceback")[1:] if "mtgrr" in block.lower()
    ], _tail(desktop["stderr"])
