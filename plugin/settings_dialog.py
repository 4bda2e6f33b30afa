"""Engine settings: which Python runs the engine, a diagnostic report, and a one-click install."""

from __future__ import annotations

import subprocess
from pathlib import Path

from qgis.core import QgsApplication
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from . import engine
from .i18n import tr

MIN_ENGINE_PYTHON = (3, 11)
"""The engine's lowest Python (``tomllib``; engine/pyproject.toml's requires-python)."""


def python_version(python: Path) -> tuple[int, int] | None:
    """(major, minor) of an interpreter, or None when it cannot be run."""
    try:
        done = subprocess.run(
            [str(python), "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
            creationflags=engine._NO_WINDOW,
        )
        major, minor = (int(part) for part in done.stdout.split())
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return major, minor


class EngineSettingsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MTGRR engine settings"))
        self.install_task: engine.InstallEngineTask | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.python = QgsFileWidget()
        self.python.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        found = engine.find_engine()
        self.python.setFilePath(
            str(found) if found else engine.QgsSettings().value(engine.SETTINGS_KEY, "", type=str)
        )
        form.addRow(tr("Engine Python interpreter"), self.python)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.detect_button = QPushButton(tr("Detect"))
        self.check_button = QPushButton(tr("Check engine"))
        self.copy_button = QPushButton(tr("Copy report"))
        self.install_button = QPushButton(tr("Install engine"))
        for button in (self.detect_button, self.check_button, self.copy_button, self.install_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(
            tr("'Check engine' lists here the chosen Python's packages, its device and the free disk space.")
        )
        layout.addWidget(self.report)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

        self.detect_button.clicked.connect(self.detect)
        self.check_button.clicked.connect(self.check)
        self.copy_button.clicked.connect(self.copy_report)
        self.install_button.clicked.connect(self.start_install)
        self.resize(640, 420)

    def detect(self) -> Path | None:
        found = engine.find_engine()
        if found:
            self.python.setFilePath(str(found))
            self.status.setText(tr("Engine found: {}").format(found))
        else:
            self.status.setText(
                tr("No engine found in the settings, the plugin's .venv or a 'mtgrr' on PATH.")
            )
        return found

    def check(self) -> bool:
        """Run the diagnostic in the chosen interpreter and show its report (versions, device, disk)."""
        path = self.python.filePath()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok, report = engine.check_engine(Path(path) if path else None)
        finally:
            QApplication.restoreOverrideCursor()
        self.report.setPlainText(report)
        self.status.setText(
            tr("The engine works.") if ok else tr("The engine is not usable; see the report.")
        )
        return ok

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report.toPlainText())

    def start_install(self) -> engine.InstallEngineTask | None:
        """Create <plugin>/.venv and install the engine into it, in the background."""
        if self.install_task is not None:
            return None
        python = engine.base_python()
        if python is None:
            self.status.setText(tr("No Python interpreter was found to create the engine's environment."))
            return None
        version = python_version(python)
        if version is not None and version < MIN_ENGINE_PYTHON:  # pip would fail after minutes of downloads
            self.status.setText(
                tr(
                    "The engine needs Python 3.11 or later, but {} is Python {}. Create an environment with a newer "
                    "Python (python -m venv, then pip install -r engine/requirements.txt and pip install --no-deps "
                    "-e engine) and choose its interpreter above."
                ).format(python, "{}.{}".format(*version))
            )
            return None
        task = engine.InstallEngineTask(engine.install_commands(python))
        task.logLine.connect(self.report.appendPlainText)
        task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        task.finished_callback = self._install_finished
        self.install_task = task
        self.progress.setValue(0)
        self.progress.show()
        self.install_button.setEnabled(False)
        self.status.setText(tr("Installing the engine; this downloads PyTorch and can take several minutes…"))
        QgsApplication.taskManager().addTask(task)
        return task

    def _install_finished(self, task: engine.InstallEngineTask, ok: bool) -> None:
        self.install_task = None
        self.install_button.setEnabled(True)
        if ok:
            python = engine.venv_python(engine.PLUGIN_DIR / ".venv")
            self.python.setFilePath(str(python))
            engine.set_engine_python(str(python))
            self.status.setText(tr("The engine is installed."))
        elif task.isCanceled():
            self.status.setText(tr("Installation cancelled."))
        else:
            self.status.setText(tr("Installation failed: {}").format(task.error or ""))

    def accept(self) -> None:
        engine.set_engine_python(self.python.filePath())
        super().accept()
