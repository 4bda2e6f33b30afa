"""``export_map``: a choropleth of one numeric field, or a map of a field's categories, as PDF and/or PNG, through the print layout
resources/map_template.qpt (A4 landscape: title, map, legend, scale bar, north arrow, source note).

Layout items are found by id (title, map, legend, scalebar, source), so a template of the user's own
(``TEMPLATE``, made in QGIS's layout designer) works as long as it has items of those ids and kinds.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from qgis.core import (
    NULL,
    QgsClassificationEqualInterval,
    QgsClassificationJenks,
    QgsClassificationQuantile,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsPrintLayout,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsReadWriteContext,
    QgsStyle,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP
from qgis.PyQt.QtXml import QDomDocument

from .. import engine, jobs, styling
from ..i18n import tr
from . import common
from .common import advanced

TEMPLATE = engine.PLUGIN_DIR / "resources" / "map_template.qpt"
METHODS = [
    (QT_TRANSLATE_NOOP("@default", "Quantile"), QgsClassificationQuantile),
    (QT_TRANSLATE_NOOP("@default", "Natural breaks (Jenks)"), QgsClassificationJenks),
    (QT_TRANSLATE_NOOP("@default", "Equal interval"), QgsClassificationEqualInterval),
    (QT_TRANSLATE_NOOP("@default", "Categories (one colour per value)"), None),
]
"""Classifications of ``METHOD``; the last maps each value as a category (functional zones: the cluster field)."""
MOST_CATEGORIES = 40
"""More values than this make no readable legend (an id field chosen by mistake)."""
_SUCCESS = getattr(QgsLayoutExporter, "ExportResult", QgsLayoutExporter).Success


def default_legend_title(layer, field: str) -> str:
    """The legend's heading when the user gives none: the field's alias, else a readable name of a field MTGRR
    wrote ("pred_income" → "Predicted income"), else the field name. A reader of the map does not know the field
    names."""
    alias = layer.attributeAlias(layer.fields().indexOf(field))
    if alias:
        return alias
    if field == "cluster":
        return tr("Cluster")
    return styling.field_title(field) or field


def default_source_note(layer, method: str | None, classes: int) -> str:
    """The map's provenance when the user gives no note: data file (and sublayer), region count and
    CRS, the classification (``method`` None: categories), and the tool and date, so a printed map can be traced
    back. Short lines: the template's note box is narrow and justified."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    data = Path(parts["path"]).name if parts.get("path") else layer.name()
    sublayer = parts.get("layerName")
    if sublayer and sublayer != Path(data).stem:
        data = f"{data} ({sublayer})"
    return "\n".join(
        [
            tr("Data: {}").format(data),
            tr("{} regions, {}").format(
                layer.featureCount(), layer.crs().authid() or layer.crs().description()
            ),
            tr("{} classes: {}").format(classes, method) if method else tr("{} categories").format(classes),
            tr("Made with MTGRR, {}").format(datetime.date.today().isoformat()),
        ]
    )


FILLED_ITEMS = {
    "title": QgsLayoutItemLabel,
    "map": QgsLayoutItemMap,
    "legend": QgsLayoutItemLegend,
    "scalebar": QgsLayoutItemScaleBar,
    "source": QgsLayoutItemLabel,
}
"""The layout items the export fills in, by item id, and the kind each must be (a template's other items, such as
the plugin's north arrow or a logo, are exported as they are)."""


def load_layout(project: QgsProject, template: Path = TEMPLATE) -> QgsPrintLayout:
    """The print layout of ``template``, with every item the export fills in."""
    own = Path(template) == TEMPLATE
    fix = (
        tr("restore it from the plugin.")
        if own
        else tr(
            "in the layout designer, give items of these kinds these ids (Item Properties > Item ID), then save it "
            "again as a template; or leave the layout template empty for the plugin's own."
        )
    )
    document = QDomDocument()
    try:
        text = Path(template).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QgsProcessingException(
            tr("The layout template {} cannot be read ({}).").format(template, err)
        ) from None
    if not document.setContent(text):
        raise QgsProcessingException(
            tr(
                "The layout template {} is not valid XML: choose a .qpt file saved by QGIS's layout designer."
            ).format(template)
        )
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    wrong = [
        f"{item_id} ({kind.__name__.replace('QgsLayoutItem', '').lower()})"
        for item_id, kind in FILLED_ITEMS.items()
        if not isinstance(layout.itemById(item_id), kind)
    ]
    if not ok or wrong:
        raise QgsProcessingException(
            tr("The layout template {} has no item of these ids and kinds: {}. Fix: {}").format(
                template, ", ".join(wrong), fix
            )
        )
    return layout


def _fit_title(label, title: str) -> None:
    """Set the title, its font shrunk (down to 10 pt) until it fits the template's one-line title box; a longer
    title wraps there instead of being cut through its letters."""
    label.setText(title)
    font = label.font()
    width = label.sizeWithUnits().width()
    while font.pointSizeF() > 10 and QgsLayoutUtils.textWidthMM(font, title) > width:
        font.setPointSizeF(font.pointSizeF() - 1)
    label.setFont(font)


def _fit_legend(legend) -> None:
    """Spread the entries over more columns while they overflow the template's legend box (a zone map of many
    clusters would otherwise be cut at the box's foot). Measured by QgsLegendRenderer: the item's own
    ``adjustBoxSize`` does nothing before it has been drawn once."""
    context = QgsLayoutUtils.createRenderContextForLayout(legend.layout(), None)
    legend.setSplitLayer(True)  # the one layer's entries may go on in the next column
    for columns in range(1, 4):
        legend.setColumnCount(columns)
        renderer = QgsLegendRenderer(legend.model(), legend.legendSettings())
        if renderer.minimumSize(context).height() <= legend.sizeWithUnits().height():
            break


def _output_file(path: str, suffix: str) -> str:
    """``path`` with ``suffix`` when it has none (the exporter picks the image format from it), its folder made;
    a folder, or a folder that cannot be made, is refused by name."""
    if not path:
        return path
    if not Path(path).suffix:
        path += suffix
    if Path(path).is_dir():
        raise QgsProcessingException(tr("{} is a folder: give a file name for the map.").format(path))
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise QgsProcessingException(
            tr("The folder of {} cannot be made ({}): choose a folder you can write to.").format(
                path, err.strerror or err
            )
        ) from err
    return path


def _warn_of_fewer_classes(feedback, layer, index: int, method: str, asked: int, made: int) -> None:
    """Say why the map has fewer classes than CLASSES asks: the field takes fewer distinct values, or the
    classification's bounds repeat (many regions share a value) and the empty classes were left out."""
    field = layer.fields().at(index).name()
    distinct = len([v for v in layer.uniqueValues(index) if v not in (None, NULL)])
    if made >= distinct:
        feedback.pushWarning(
            tr(
                "The map has {0} classes, not the {1} asked for: field '{2}' of layer '{3}' takes only {4} distinct "
                "values, and a class holds at least one."
            ).format(made, asked, field, layer.name(), distinct)
        )
    else:
        feedback.pushWarning(
            tr(
                "The map has {0} classes, not the {1} asked for: {2} gave bounds that repeat on field '{3}' (many "
                "regions share a value), and those empty classes were left out. Another classification may give "
                "more."
            ).format(made, asked, method, field)
        )


class ExportMapAlgorithm(common.MtgrrAlgorithm):
    GROUP_ID = "maps"

    def name(self) -> str:
        return "export_map"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Export choropleth map")

    def flags(self):
        # Layouts and map rendering belong to the main thread.
        return super().flags() | common.NO_THREADING

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Draws one numeric field of a layer as a choropleth (quantile, natural breaks or equal-interval "
            "classes, a QGIS colour ramp such as Viridis, Magma or Spectral), or with 'Categories' one colour per "
            "value of any field (functional zones: the cluster field), and exports it as PDF and/or PNG "
            "with an A4 landscape layout: title, map, legend, scale bar, north arrow and a source note. A "
            "layout template of your own (advanced: a .qpt saved from the layout designer) replaces it: its "
            "items with the ids title and source (labels), map, legend and scalebar are filled in, any other "
            "item (a logo, a north arrow) is exported as it is. Regions without a value are drawn grey and "
            "listed as 'No data'. The input layer's own style is not changed."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("INPUT", tr("Layer"), [common.ANY_GEOMETRY]))
        self.addParameter(
            QgsProcessingParameterField(
                "FIELD",
                tr("Field (numeric, or any with Categories)"),
                parentLayerParameterName="INPUT",
                type=common.ANY_FIELD,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "METHOD", tr("Classification"), [tr(m) for m, _ in METHODS], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "CLASSES", tr("Number of classes"), common.INTEGER, 5, minValue=2, maxValue=20
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "RAMP",
                tr("Colour ramp (QGIS style name; default Viridis, or distinct colours for categories)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString("TITLE", tr("Title (default: the field name)"), optional=True)
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterString(
                    "LEGEND_TITLE",
                    tr("Legend title (default: the field's alias, or a readable name of an MTGRR field)"),
                    optional=True,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterString(
                    "SOURCE_NOTE", tr("Source note (default: data file, classes, date)"), optional=True
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "DPI", tr("PNG resolution (dpi)"), common.INTEGER, 150, minValue=30
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterFile(
                    "TEMPLATE",
                    tr("Layout template (.qpt; default: the plugin's A4 landscape layout)"),
                    extension="qpt",
                    optional=True,
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "PDF", tr("PDF map"), tr("PDF files (*.pdf)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "PNG", tr("PNG map"), tr("PNG images (*.png)"), optional=True
            )
        )

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        layer = self.parameterAsVectorLayer(parameters, "INPUT", context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        field = self.parameterAsString(parameters, "FIELD", context)
        index = layer.fields().indexOf(field)
        if index < 0:
            raise QgsProcessingException(
                jobs.missing_field(
                    jobs.layer_title(layer, "INPUT"), field, common.emb_last(layer.fields().names())
                )
            )
        method_name, method = METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        if method and not layer.fields().at(index).isNumeric():
            raise QgsProcessingException(
                tr(
                    "Field '{0}' of layer '{1}' is not numeric ({2}): choose a numeric field, or convert it (Field Calculator: to_real(\"{0}\")). A CSV file's columns are text unless a .csvt file beside it gives their types."
                ).format(field, layer.name(), layer.fields().at(index).typeName())
            )
        typed = self.parameterAsString(parameters, "RAMP", context).strip()
        ramps = QgsStyle.defaultStyle().colorRampNames()
        ramp = {name.lower(): name for name in ramps}.get(typed.lower(), "")  # "viridis" is Viridis
        if typed and not ramp:
            raise QgsProcessingException(
                tr("There is no colour ramp '{}' in the QGIS style. Choose one of: {}.").format(
                    typed, ", ".join(sorted(ramps))
                )
            )
        template = self.parameterAsFile(parameters, "TEMPLATE", context)
        if template and not Path(template).is_file():
            raise QgsProcessingException(
                tr("The layout template {} does not exist: choose a .qpt file, or leave it empty.").format(
                    template
                )
            )
        pdf = _output_file(self.parameterAsFileOutput(parameters, "PDF", context), ".pdf")
        png = _output_file(self.parameterAsFileOutput(parameters, "PNG", context), ".png")
        if not pdf and not png:
            raise QgsProcessingException(tr("Choose a PDF file, a PNG file, or both."))

        categories = [] if method else [v for v in layer.uniqueValues(index) if v not in (None, NULL, "")]
        if len(categories) > MOST_CATEGORIES:
            raise QgsProcessingException(
                tr(
                    "Field '{}' of layer '{}' has {} distinct values, too many categories for a map (at most {}): "
                    "choose a classification, or a field with fewer values."
                ).format(field, layer.name(), len(categories), MOST_CATEGORIES)
            )
        # the layout first: a template refused here leaves no layer of ours alive in a traceback
        project = QgsProject()
        layout = load_layout(project, Path(template) if template else TEMPLATE)
        styled = layer.clone()
        # the legend heads its entries with the layer's name
        styled.setName(
            self.parameterAsString(parameters, "LEGEND_TITLE", context).strip()
            or default_legend_title(layer, field)
        )
        if method:
            asked = self.parameterAsInt(parameters, "CLASSES", context)
            # the field is read once, there
            classes = styling.graduated(styled, field, asked, ramp or "Viridis", method())
            if 0 < classes < asked:
                _warn_of_fewer_classes(feedback, layer, index, tr(method_name), asked, classes)
        else:
            classes = styling.categorized(styled, field, "{}", ramp)
        if not classes:
            del styled  # now: a layer kept alive by the traceback would be deleted after QGIS, which crashes
            raise QgsProcessingException(
                tr("Field '{}' of layer '{}' has no value on any feature: there is nothing to map.").format(
                    field, layer.name()
                )
            )
        project.setCrs(styled.crs())
        # the scale bar measures on the ellipsoid (a degree or Web Mercator map unit is no fixed length)
        project.setEllipsoid(styled.crs().ellipsoidAcronym() or "EPSG:7030")
        project.addMapLayer(styled)

        map_item = layout.itemById("map")
        map_item.setCrs(styled.crs())
        map_item.setLayers([styled])
        extent = styled.extent()
        extent.scale(1.05)
        size = map_item.sizeWithUnits()
        map_item.setExtent(extent)  # the template's map has no extent yet: zoomToExtent alone gives NaN
        map_item.attemptResize(size)  # setExtent changed the frame to the extent's shape; keep the template's
        map_item.zoomToExtent(extent)
        legend = layout.itemById("legend")
        legend.setLinkedMap(map_item)
        legend.setTitle("")
        root = legend.model().rootGroup()
        root.removeAllChildren()
        root.addLayer(styled)
        bar = layout.itemById("scalebar")
        bar.setLinkedMap(map_item)
        bar.applyDefaultSize(bar.units())
        title = self.parameterAsString(parameters, "TITLE", context) or field
        _fit_title(layout.itemById("title"), title)
        _fit_legend(legend)
        note = self.parameterAsString(parameters, "SOURCE_NOTE", context) or default_source_note(
            layer, tr(method_name) if method else None, classes
        )
        layout.itemById("source").setText(note)
        feedback.pushInfo(tr("Source note: {}").format(note.replace("\n", " · ")))
        layout.refresh()

        exporter = QgsLayoutExporter(layout)
        results = {"PDF": None, "PNG": None}
        written: list[str] = []
        for key, path in (("PDF", pdf), ("PNG", png)):
            if not path:
                continue
            if key == "PDF":
                code = exporter.exportToPdf(path, QgsLayoutExporter.PdfExportSettings())
            else:
                settings = QgsLayoutExporter.ImageExportSettings()
                settings.dpi = self.parameterAsInt(parameters, "DPI", context)
                code = exporter.exportToImage(path, settings)
            if code != _SUCCESS:
                for done in written:  # both maps or none
                    Path(done).unlink(missing_ok=True)
                # errorMessage() exists from QGIS 3.24 on
                reason = (
                    exporter.errorMessage() if hasattr(exporter, "errorMessage") else f"error {int(code)}"
                )
                raise QgsProcessingException(
                    tr(
                        "The {} map {} could not be written ({}): choose a file in a folder you can write to."
                    ).format(key, path, reason)
                )
            written.append(path)
            results[key] = path
            feedback.pushInfo(tr("{} map: {}").format(key, path))
        return results
