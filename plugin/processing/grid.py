"""``grid``: hexagon or square regions over an extent, with QGIS's own grid algorithm (no engine)."""

from __future__ import annotations

import math

import processing
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)

from ..i18n import tr
from . import common

SHAPES = {0: 4, 1: 2}
"""Our shape choice (hexagon, square) → native:creategrid's TYPE (4 hexagon, 2 rectangle)."""
HEXAGON = 0
MAX_CELLS = 1_000_000
"""More cells than this is a cell size typed in the wrong unit, not a region grid."""


class GridAlgorithm(common.MtgrrAlgorithm):
    GROUP_ID = "regions"

    def name(self) -> str:
        return "grid"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Create region grid")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Covers an extent with hexagon or square cells to use as regions when no administrative "
            "regions exist. The cell size is the distance between neighbouring cell centres along x "
            "(the side of a square), in the units of the chosen CRS: choose a projected CRS in metres. "
            "Hexagons overhang the extent's edges so that every point of it lies in a cell. "
            "The 'id' field is the region id."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterExtent("EXTENT", tr("Extent")))
        self.addParameter(
            QgsProcessingParameterEnum(
                "SHAPE", tr("Cell shape"), [tr("hexagon"), tr("square")], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "SIZE", tr("Cell size (CRS units)"), common.DOUBLE, 500.0, minValue=0.0
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs("CRS", tr("Grid CRS (default: the extent's)"), optional=True)
        )
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", tr("Region grid"), common.POLYGON))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        crs = self.parameterAsCrs(parameters, "CRS", context)
        if not crs.isValid():
            crs = self.parameterAsExtentCrs(parameters, "EXTENT", context)
        if not crs.isValid():
            raise QgsProcessingException(tr("The extent has no CRS: choose the grid CRS."))
        extent = self.parameterAsExtent(parameters, "EXTENT", context, crs)
        size = self.parameterAsDouble(parameters, "SIZE", context)
        if not size > 0:
            raise QgsProcessingException(tr("The cell size must be above 0 (it is {}).").format(size))
        units = (
            tr(" The CRS {} counts in degrees: choose a projected CRS (metres) as the Grid CRS.").format(
                crs.authid()
            )
            if crs.isGeographic()
            else ""
        )
        # a cell wider or taller than the extent gives a grid of one or two regions (training needs four)
        if extent.isEmpty() or extent.width() <= size or extent.height() <= size:
            raise QgsProcessingException(
                tr(
                    "The extent ({:.6g} × {:.6g}) must be larger than one cell ({:.6g}): choose a smaller SIZE."
                ).format(extent.width(), extent.height(), size)
                + units
            )
        shape = self.parameterAsEnum(parameters, "SHAPE", context)
        if shape == HEXAGON:  # the grown extent, and a hexagon's area of √3/2 · size²
            cells = math.ceil(
                (extent.width() + 2 * size) * (extent.height() + 2 * size) / (0.866 * size * size)
            )
        else:
            cells = math.ceil(extent.width() / size) * math.ceil(extent.height() / size)
        if cells > MAX_CELLS:
            raise QgsProcessingException(
                tr(
                    "A cell size of {:.6g} over this extent gives about {} cells (at most {}): choose a larger SIZE."
                ).format(size, f"{cells:,}", f"{MAX_CELLS:,}")
                + units
            )
        if crs.isGeographic():
            feedback.pushWarning(
                tr(
                    "CRS {} is in degrees: the cell size {} is read as degrees. Prefer a projected CRS."
                ).format(crs.authid(), size)
            )
        # native:creategrid's hexagons leave the extent's edges partly bare (about 5 % of a 2 x 1.5 km
        # extent at 250 m): grow the grid by a cell on each side, then keep the cells that overlap the
        # extent (tested against a hair-narrower extent, so that cells only touching its edge go)
        grown = extent.buffered(size) if shape == HEXAGON else extent
        grid = processing.run(
            "native:creategrid",
            {
                "TYPE": SHAPES[shape],
                "EXTENT": grown,
                "HSPACING": size,
                "VSPACING": size,
                "HOVERLAY": 0,
                "VOVERLAY": 0,
                "CRS": crs,
                "OUTPUT": parameters["OUTPUT"] if shape != HEXAGON else "TEMPORARY_OUTPUT",
            },
            context=context,
            feedback=feedback,
            is_child_algorithm=True,
        )["OUTPUT"]
        if shape == HEXAGON:
            processing.run(  # (the extraction would log that the scratch grid has no spatial index)
                "native:createspatialindex", {"INPUT": grid}, context=context, is_child_algorithm=True
            )
            grid = processing.run(
                "native:extractbyextent",
                {
                    "INPUT": grid,
                    "EXTENT": extent.buffered(-size * 1e-6),
                    "CLIP": False,
                    "OUTPUT": parameters["OUTPUT"],
                },
                context=context,
                feedback=feedback,
                is_child_algorithm=True,
            )["OUTPUT"]
        return {"OUTPUT": grid}
