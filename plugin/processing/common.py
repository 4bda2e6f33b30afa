"""What every MTGRR algorithm shares: running the engine under a QgsProcessingFeedback, and
styling output layers on the main thread once Processing has loaded them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateTransformContext,
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProperty,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QIcon

from .. import engine, jobs
from ..i18n import tr

ICON = engine.PLUGIN_DIR / "resources" / "icon.svg"
RUNNER = Path(__file__).resolve().with_name("runner.py")
"""Prediction/clustering script executed by the engine's interpreter (see runner.py)."""


class MtgrrAlgorithm(QgsProcessingAlgorithm):
    """What every algorithm of the provider shares: its icon, its group and cloning."""

    GROUP_ID = "learning"

    def createInstance(self):  # noqa: N802 - QGIS API
        return type(self)()

    def group(self) -> str:
        groups = {"learning": tr("Representation learning"), "regions": tr("Regions"), "maps": tr("Maps")}
        return groups[self.GROUP_ID]

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return self.GROUP_ID

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:  # noqa: N802 - QGIS API
        refuse_output_over_inputs(self, parameters, context)
        return True


_INPUT_LAYER_TYPES = ("vector", "source", "raster", "extent")
"""Parameter types whose value may be a layer read from a file (an extent too, when taken from a layer)."""
_OUTPUT_LAYER_TYPES = ("sink", "vectorDestination")


def _file_and_table(provider: str, source: str) -> tuple[Path, str] | None:
    """(the resolved file, the layer's table in it) of a file-based layer source; None for anything else. A source
    without |layername= reads the file's table |layerid= names, else its first: that table's name is asked of GDAL
    (an input "city.gpkg" is the table "regions", not one named after the file)."""
    parts = QgsProviderRegistry.instance().decodeUri(provider, source)
    path = parts.get("path")
    if not path or not Path(path).is_file():
        return None
    table = parts.get("layerName") or ""
    if not table and provider == "ogr":
        from osgeo import ogr

        dataset = ogr.Open(str(path))
        layer = dataset.GetLayer(int(parts.get("layerId") or 0)) if dataset is not None else None
        table = layer.GetName() if layer is not None else ""
    return Path(path).resolve(), table


def input_layer(algorithm: QgsProcessingAlgorithm, parameters, name: str, context) -> QgsMapLayer | None:
    """The layer a parameter names, also a feature source with 'Selected features only' (which QGIS 3.22's
    parameterAsVectorLayer does not resolve); None where it names none."""
    value = parameters.get(name)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if not value:
        return None
    return (
        value if isinstance(value, QgsMapLayer) else algorithm.parameterAsLayer({name: value}, name, context)
    )


def emb_last(names: list[str]) -> list[str]:
    """Field names with the emb_* ones last: a message that lists a layer's first fields then shows its
    attributes, not a dozen of its embedding's dimensions."""
    return sorted(names, key=lambda name: name.startswith("emb_"))


def refuse_output_over_inputs(algorithm: QgsProcessingAlgorithm, parameters, context) -> None:
    """Refuse, before anything runs, an output layer written over the file (or the GeoPackage table) an input layer
    is read from: QGIS's writer replaces a whole file without a word, which deleted every other layer of a
    GeoPackage given as both input and output. A new table in that GeoPackage ("Save to GeoPackage…") is fine."""
    outputs = []
    for definition in algorithm.destinationParameterDefinitions():
        if definition.type() not in _OUTPUT_LAYER_TYPES:
            continue
        # a context of its own: the run's would list this destination once more among the layers to load when the
        # algorithm ends, and the GUI then says it "was not correctly generated" (a sink's real layer is added apart)
        destination = algorithm.parameterAsOutputLayer(parameters, definition.name(), QgsProcessingContext())
        # a provider's URI (memory:, postgres:, ogr:...), else a file path (a Windows drive is a single letter)
        provider = re.match(r"([a-z]{2,}):", destination)
        if provider is None and destination:
            outputs.append((Path(absolute(destination)).resolve(), None))
        elif provider and provider.group(1) in ("ogr", "spatialite"):  # ogr:dbname='x.gpkg' table="t" (geom)
            uri = QgsDataSourceUri(destination[provider.end() :])
            if uri.database() and Path(uri.database()).is_file():
                outputs.append((Path(uri.database()).resolve(), uri.table()))
    if not outputs:
        return
    for definition in algorithm.parameterDefinitions():
        if definition.isDestination() or definition.type() not in _INPUT_LAYER_TYPES:
            continue
        layer = input_layer(algorithm, parameters, definition.name(), context)
        source = _file_and_table(layer.providerType(), layer.source()) if layer else None
        if source is None:
            continue
        for file, table in outputs:
            if file != source[0]:
                continue
            title = jobs.layer_title(layer, definition.name())
            if table is None:
                raise QgsProcessingException(
                    tr(
                        "The output {0} is the file that layer {1} is read from: writing the output would replace "
                        "the whole file, deleting that layer and every other one in it. Choose another file name "
                        "for the output (e.g. {2})."
                    ).format(file, title, f"{file.stem}_{algorithm.name()}{file.suffix}")
                )
            if table.lower() == (source[1] or file.stem).lower():
                raise QgsProcessingException(
                    tr(
                        "The output is table '{0}' of {1}, which layer {2} is read from: writing the output would "
                        "replace that layer. Choose another table name for the output."
                    ).format(table, file, title)
                )


def absolute(path: str) -> str:
    """A relative file path made absolute against the current folder; anything else (empty, a URI) as given.

    ``qgis_process`` run from a shell passes paths as typed, and the engine runs in the run folder, where a
    relative path would name another file."""
    return str(Path(path).resolve()) if path and ":" not in path and not Path(path).is_absolute() else path


def engine_python() -> Path:
    python = engine.find_engine()
    if python is None:
        raise QgsProcessingException(
            tr(
                "The MTGRR engine was not found. Install it from the MTGRR dock (Install engine…) "
                "or choose its Python in Plugins > MTGRR region representations > Engine settings…"
            )
        )
    return python


class _FeedbackRun(engine.EngineRunTask):
    """The dock's engine task run synchronously: Processing already runs us off the main thread,
    and the feedback's cancel button stops the engine (SIGTERM, then SIGKILL)."""

    def __init__(self, argv: list[str], cwd: Path, feedback: QgsProcessingFeedback):
        super().__init__(Path(argv[0]), cwd / "job.toml")
        self.argv = argv
        self.cwd = str(cwd)
        self.feedback = feedback

    def isCanceled(self) -> bool:  # noqa: N802 - QgsTask API
        return super().isCanceled() or self.feedback.isCanceled()


def run_engine(
    args: list[str],
    cwd: Path,
    feedback: QgsProcessingFeedback,
    explain: Callable[[dict[str, str]], str | None] | None = None,
    scratch: bool = False,
) -> dict[str, str]:
    """Run ``<engine python> *args`` with events; return the result event's outputs.

    Progress follows the engine's stages; every log line goes to the feedback. Engine errors and
    cancellation raise QgsProcessingException with the engine's own message, or with what
    ``explain`` makes of an input error's parts (where, problem, fix) when it can. ``scratch``: the result's files
    are temporary (not listed in the log).
    """
    task = _FeedbackRun([str(engine_python()), *args], Path(cwd), feedback)
    task.log_outputs = not scratch
    stage = ["", -1]  # the stage's name, and the last tenth of it whose details (epoch, loss) were logged

    def on_stage(text: str, percent: float, run_percent: float) -> None:
        name, _, details = text.partition(" (")
        if name != stage[0]:
            stage[:] = [name, -1]
            feedback.pushInfo(tr("Stage: {}").format(name))
        if details and int(percent // 10) > stage[1]:  # the loss's course, kept in the log (a bar keeps none)
            stage[1] = int(percent // 10)
            feedback.pushInfo(text)
        feedback.setProgress(run_percent)

    def on_log(line: str) -> None:
        # e.g. a model's column this dataset lacks: shown apart, not one log line more
        if line.startswith(_WARNING):
            feedback.pushWarning(line[len(_WARNING) :])
        else:
            feedback.pushConsoleInfo(line)

    task.stageChanged.connect(on_stage)
    task.logLine.connect(on_log)
    ok = task.run()
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled: the engine was stopped."))
    if not ok:
        explained = explain(task.error_parts) if explain and task.error_parts else None
        raise QgsProcessingException(explained or task.error or tr("The engine gave no result."))
    return task.outputs


_WARNING = "[warning] "
"""How the engine task passes on the engine's warnings (see engine.EngineRunTask)."""


def engine_module(*args: str) -> list[str]:
    """Arguments for ``python -m mtgrr ... --events``."""
    return ["-m", "mtgrr", *args, "--events"]


def runner(*args: str) -> list[str]:
    return [str(RUNNER), *args]


def style_output(context: QgsProcessingContext, path: str, style: Callable[[QgsVectorLayer], None]) -> None:
    """Style a written output wherever it is opened (:func:`save_default_style`) and when Processing loads it
    into the project (:class:`Styler`)."""
    save_default_style(path, style)
    Styler.attach(context, path, style)


class Styler(QgsProcessingLayerPostProcessorInterface):
    """Applies one of plugin/styling.py's renderers to a layer Processing has just loaded."""

    _alive: dict[str, Styler] = {}
    """Processing keeps only a raw pointer to a post-processor: hold ours until it has run."""

    def __init__(self, style: Callable[[QgsVectorLayer], None]):
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback) -> None:  # noqa: N802 - QGIS API
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            self.style(layer)
            layer.triggerRepaint()

    @classmethod
    def attach(cls, context: QgsProcessingContext, destination: str, style) -> None:
        """Style ``destination`` when it is loaded into the project (GUI, runAndLoadResults)."""
        if not destination or not context.willLoadLayerOnCompletion(destination):
            return
        styler = cls(style)
        cls._alive[destination] = styler
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(styler)


# ---- enum names that moved between QGIS 3.22 and 3.36+/4.x ---------------------------------------
_SOURCE = getattr(Qgis, "ProcessingSourceType", None)
POINT = _SOURCE.VectorPoint if _SOURCE else QgsProcessing.TypeVectorPoint
LINE = _SOURCE.VectorLine if _SOURCE else QgsProcessing.TypeVectorLine
POLYGON = _SOURCE.VectorPolygon if _SOURCE else QgsProcessing.TypeVectorPolygon
ANY_VECTOR = _SOURCE.Vector if _SOURCE else QgsProcessing.TypeVector
ANY_GEOMETRY = _SOURCE.VectorAnyGeometry if _SOURCE else QgsProcessing.TypeVectorAnyGeometry
_FIELD = getattr(Qgis, "ProcessingFieldParameterDataType", None)
NUMERIC_FIELD = _FIELD.Numeric if _FIELD else QgsProcessingParameterField.Numeric
ANY_FIELD = _FIELD.Any if _FIELD else QgsProcessingParameterField.Any
_NUMBER = getattr(Qgis, "ProcessingNumberParameterType", None)
INTEGER = _NUMBER.Integer if _NUMBER else QgsProcessingParameterNumber.Integer
MAX_SEED = 2**31 - 1
"""The largest seed a Processing parameter takes, as the dock's (Qt's int); the engine takes up to 2**32 - 1."""
DOUBLE = _NUMBER.Double if _NUMBER else QgsProcessingParameterNumber.Double
_FLAG = getattr(Qgis, "ProcessingParameterFlag", None)
ADVANCED = _FLAG.Advanced if _FLAG else QgsProcessingParameterDefinition.FlagAdvanced
_ALG_FLAG = getattr(Qgis, "ProcessingAlgorithmFlag", None)
NO_THREADING = _ALG_FLAG.NoThreading if _ALG_FLAG else QgsProcessingAlgorithm.FlagNoThreading


def advanced(parameter):
    parameter.setFlags(parameter.flags() | ADVANCED)
    return parameter


def write_vector(layer: QgsVectorLayer, path: str) -> str:
    """Write ``layer`` to ``path`` in the format its extension names (a Processing destination)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = QgsVectorFileWriter.driverForExtension(Path(path).suffix) or "GPKG"
    options.layerName = Path(path).stem
    options.fileEncoding = "UTF-8"
    result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)
    if result[0] != QgsVectorFileWriter.WriterError.NoError:
        raise QgsProcessingException(tr("The output {} could not be written: {}").format(path, result[1]))
    return path


def save_default_style(path: str, style: Callable[[QgsVectorLayer], None]) -> None:
    """Store ``style`` with the written file as its default, so that the layer is styled wherever it is opened
    (batch and ``qgis_process`` runs load nothing into a project): in a GeoPackage's own style table, else as
    the .qml QGIS reads beside a file. ``path`` may name a table of a GeoPackage (``x.gpkg|layername=t``); a
    destination that is no file (a temporary layer) is left as it is. Write the file completely first (a
    Processing sink: delete it), or the style is stored for a layer still being written."""
    source = _file_and_table("ogr", path)
    if source is None:
        return
    file, table = source
    layer = QgsVectorLayer(path, table or file.stem, "ogr")
    if not layer.isValid():
        return
    style(layer)
    if file.suffix.lower() == ".gpkg":
        layer.saveStyleToDatabase(table or file.stem, "MTGRR", True, "")
    else:
        layer.saveNamedStyle(str(file.with_suffix(".qml")))
