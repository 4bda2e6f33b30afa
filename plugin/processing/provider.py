"""The "MTGRR" Processing provider (id ``mtgrr``): every algorithm of the plugin, for the toolbox,
batch mode, the graphical modeler and ``qgis_process``."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import common
from .analyse import ClusterAlgorithm, PredictAlgorithm
from .export_map import ExportMapAlgorithm
from .grid import GridAlgorithm
from .learn import EmbedAlgorithm, LearnAlgorithm


class MtgrrProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "mtgrr"

    def name(self) -> str:
        return "MTGRR"

    def longName(self) -> str:  # noqa: N802 - QGIS API
        return "MTGRR region representations"

    def icon(self) -> QIcon:
        return QIcon(str(common.ICON))

    def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API
        for algorithm in (
            LearnAlgorithm,
            EmbedAlgorithm,
            PredictAlgorithm,
            ClusterAlgorithm,
            GridAlgorithm,
            ExportMapAlgorithm,
        ):
            self.addAlgorithm(algorithm())
