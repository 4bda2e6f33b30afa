"""Plugin object: a toolbar button and menu entry that toggle the dock, plus the engine settings."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon

try:
    from qgis.PyQt.QtGui import QAction  # Qt 6 (QGIS 4)
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

from .i18n import install_translator, tr

ICON = str(Path(__file__).resolve().parents[1] / "resources" / "icon.svg")


class MtgrrPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.translator = None
        self.action: QAction | None = None
        self.settings_action: QAction | None = None
        self.dock = None
        self.menu = ""
        self.provider = None

    def initProcessing(self) -> None:  # noqa: N802 - QGIS API (qgis_process calls only this)
        """Register the "MTGRR" Processing provider (toolbox, batch, modeler, qgis_process)."""
        from qgis.core import QgsApplication

        from .processing.provider import MtgrrProvider

        self.provider = MtgrrProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 - QGIS API
        self.translator = install_translator()
        self.initProcessing()
        self.menu = tr("&MTGRR region representations")
        window = self.iface.mainWindow()
        self.action = QAction(QIcon(ICON), tr("Learn region representations"), window)
        self.action.setObjectName("mtgrrLearnAction")
        self.action.setCheckable(True)
        self.action.toggled.connect(self.toggle_dock)
        self.settings_action = QAction(tr("Engine settings…"), window)
        self.settings_action.setObjectName("mtgrrSettingsAction")
        self.settings_action.triggered.connect(self.open_settings)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(self.menu, self.action)
        self.iface.addPluginToMenu(self.menu, self.settings_action)

    def _ensure_dock(self):
        if self.dock is None:
            from .dock import MtgrrDock  # built on first use: its engine lookup runs a subprocess

            self.dock = MtgrrDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self._dock_visibility)
        return self.dock

    def _dock_visibility(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.setChecked(visible)

    def toggle_dock(self, show: bool) -> None:
        dock = self._ensure_dock() if show else self.dock
        if dock is not None:
            dock.setVisible(show)
            if show:
                dock.raise_()

    def open_settings(self) -> None:
        from .settings_dialog import EngineSettingsDialog

        EngineSettingsDialog(self.iface.mainWindow()).exec()
        if self.dock is not None:
            self.dock.refresh_engine()

    def unload(self) -> None:
        if self.provider is not None:
            from qgis.core import QgsApplication

            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.dock is not None:
            if self.dock.task is not None:
                self.dock.task.cancel()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for action in (self.action, self.settings_action):
            if action is not None:
                self.iface.removePluginMenu(self.menu, action)
                self.iface.removeToolBarIcon(action)
                action.deleteLater()
        self.action = self.settings_action = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
