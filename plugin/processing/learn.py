"""``learn`` and ``embed``: the dock's job as Processing algorithms (batch and modeler friendly).

Both share the modality parameters and build the same :class:`jobs.Choices` as the dock. The job
is written in prepareAlgorithm (main thread: layers may be exported there), the engine runs in
processAlgorithm (a worker thread in the GUI), and the result is copied to the chosen outputs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .. import jobs, styling
from ..i18n import tr
from . import common
from .common import advanced

TRIPS_MODES = [jobs.TRIPS_COORDINATES, jobs.TRIPS_LINES, jobs.TRIPS_OD]
_TABLE_ALLOWED = ("POI", "LANDUSE", "ROADS")
DEVICES = ["auto", "cpu", "cuda", "mps"]

# (layer parameter, layer label, geometry, [(field parameter, field label, numeric?)]); the labels are marked for
# pylupdate5 with QT_TRANSLATE_NOOP and translated with tr() where the parameters are made. POI, land use and roads
# also take a table without geometry of precomputed features per region (see jobs.Choices)
_LAYERS = [
    (
        "POI",
        QT_TRANSLATE_NOOP("@default", "POI (points, or a table of features per region)"),
        common.POINT,
        [
            (
                "POI_CATEGORY",
                QT_TRANSLATE_NOOP("@default", "POI category field (a table: its region id field)"),
                False,
            )
        ],
    ),
    (
        "TRIPS",
        QT_TRANSLATE_NOOP("@default", "Taxi trips (points, lines or an OD table)"),
        common.ANY_VECTOR,
        [
            ("PICKUP_X", QT_TRANSLATE_NOOP("@default", "Pickup x field"), True),
            ("PICKUP_Y", QT_TRANSLATE_NOOP("@default", "Pickup y field"), True),
            ("DROPOFF_X", QT_TRANSLATE_NOOP("@default", "Dropoff x field"), True),
            ("DROPOFF_Y", QT_TRANSLATE_NOOP("@default", "Dropoff y field"), True),
            ("ORIGIN", QT_TRANSLATE_NOOP("@default", "OD origin region id field"), False),
            ("DESTINATION", QT_TRANSLATE_NOOP("@default", "OD destination region id field"), False),
            ("TRIP_COUNT", QT_TRANSLATE_NOOP("@default", "OD trip count field"), True),
            (
                "TIME_FIELD",
                QT_TRANSLATE_NOOP(
                    "@default", "Pickup time field (optional, points or lines: trips per hour of the day)"
                ),
                False,
            ),
        ],
    ),
    (
        "HOURLY",
        QT_TRANSLATE_NOOP(
            "@default",
            "Hourly flows per region (a table of trips leaving/entering per hour; with an OD table)",
        ),
        common.ANY_VECTOR,
        [("HOURLY_ID", QT_TRANSLATE_NOOP("@default", "Hourly flows region id field"), False)],
    ),
    (
        "LANDUSE",
        QT_TRANSLATE_NOOP("@default", "Land use (polygons, or a table of features per region)"),
        common.POLYGON,
        [
            (
                "LANDUSE_CLASS",
                QT_TRANSLATE_NOOP("@default", "Land-use class field (a table: its region id field)"),
                False,
            )
        ],
    ),
    (
        "ROADS",
        QT_TRANSLATE_NOOP("@default", "Roads (lines, or a table of features per region)"),
        common.LINE,
        [
            (
                "ROADS_CLASS",
                QT_TRANSLATE_NOOP("@default", "Road class field (a table: its region id field)"),
                False,
            )
        ],
    ),
    (
        "STREET_VIEW",
        QT_TRANSLATE_NOOP("@default", "Street view (points)"),
        common.POINT,
        [("IMAGE_FIELD", QT_TRANSLATE_NOOP("@default", "Image path field"), False)],
    ),
]


class _JobAlgorithm(common.MtgrrAlgorithm):
    """Parameters and job building shared by ``learn`` and ``embed``."""

    def __init__(self):
        super().__init__()
        self._job: Path | None = None
        self._run_dir: Path | None = None
        self._output = ""
        self._target = ""
        self._subjects = jobs.ErrorSubjects({}, False)
        self._new_run_dir = False

    def _add_inputs(self) -> None:
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                "REGIONS", tr("Regions (polygons)"), [common.POLYGON], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "REGION_ID", tr("Region id field"), parentLayerParameterName="REGIONS", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "TARGET",
                tr("Attribute to predict (numeric, optional)"),
                parentLayerParameterName="REGIONS",
                type=common.NUMERIC_FIELD,
                optional=True,
            )
        )
        for name, label, geometry, fields in _LAYERS:
            types = [geometry, common.ANY_VECTOR] if name in _TABLE_ALLOWED else [geometry]
            self.addParameter(QgsProcessingParameterVectorLayer(name, tr(label), types, optional=True))
            for field, field_label, numeric in fields:
                self.addParameter(
                    QgsProcessingParameterField(
                        field,
                        tr(field_label),
                        parentLayerParameterName=name,
                        type=common.NUMERIC_FIELD if numeric else common.ANY_FIELD,
                        optional=True,
                    )
                )
            if name == "HOURLY":
                labels = (
                    tr("Hourly flows: prefix of the 24 fields of trips leaving (prefix + 00..23)"),
                    tr("Hourly flows: prefix of the 24 fields of trips entering (prefix + 00..23)"),
                )
                for param, label, default in zip(
                    ("HOURLY_OUT_PREFIX", "HOURLY_IN_PREFIX"), labels, jobs.HOURLY_PREFIXES
                ):
                    self.addParameter(advanced(QgsProcessingParameterString(param, label, default)))
            if name == "TRIPS":
                self.addParameter(
                    QgsProcessingParameterEnum(
                        "TRIPS_MODE",
                        tr("Taxi trips are"),
                        [
                            tr("pickup/dropoff coordinates"),
                            tr("trip lines"),
                            tr("an origin-destination table"),
                        ],
                        defaultValue=0,
                    )
                )
                self.addParameter(
                    QgsProcessingParameterCrs(
                        "TRIPS_CRS",
                        tr("CRS of the trip coordinates (tables without geometry)"),
                        optional=True,
                    )
                )
        self.addParameter(
            QgsProcessingParameterRasterLayer("RASTER", tr("Remote sensing (local GeoTIFF)"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                "REMOTE_SENSING_TABLE",
                tr("Remote sensing as a table of features per region (instead of a raster)"),
                [common.ANY_VECTOR],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "REMOTE_SENSING_ID",
                tr("Remote sensing table: region id field"),
                parentLayerParameterName="REMOTE_SENSING_TABLE",
                optional=True,
            )
        )
        self.addParameter(
            advanced(QgsProcessingParameterBoolean("SELECTED_ONLY", tr("Selected features only"), False))
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "GRID_CELL_SIZE",
                    tr("Hexagon grid cell width in metres instead of a regions layer (0 = use the regions)"),
                    common.DOUBLE,
                    0.0,
                    minValue=0.0,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "CLUSTERS", tr("Number of clusters"), common.INTEGER, 8, minValue=2
                )
            )
        )
        self.addParameter(
            advanced(QgsProcessingParameterEnum("DEVICE", tr("Device"), DEVICES, defaultValue=0))
        )

    def _choices(self, parameters, context) -> jobs.Choices:
        def layer(name):
            return self.parameterAsVectorLayer(parameters, name, context)

        def text(name):
            return self.parameterAsString(parameters, name, context) or ""

        trips_crs = self.parameterAsCrs(parameters, "TRIPS_CRS", context)
        grid = self.parameterAsDouble(parameters, "GRID_CELL_SIZE", context)
        choices = jobs.Choices(
            regions=layer("REGIONS"),
            region_id_field=text("REGION_ID"),
            grid_cell_size=grid if grid > 0 else None,
            target_field=text("TARGET"),
            poi=layer("POI"),
            poi_category_field=text("POI_CATEGORY"),
            trips=layer("TRIPS"),
            trips_mode=TRIPS_MODES[self.parameterAsEnum(parameters, "TRIPS_MODE", context)],
            pickup_x=text("PICKUP_X"),
            pickup_y=text("PICKUP_Y"),
            dropoff_x=text("DROPOFF_X"),
            dropoff_y=text("DROPOFF_Y"),
            origin_field=text("ORIGIN"),
            destination_field=text("DESTINATION"),
            count_field=text("TRIP_COUNT"),
            time_field=text("TIME_FIELD"),
            coordinates_crs=trips_crs.authid() if trips_crs.isValid() else "",
            hourly=layer("HOURLY"),
            hourly_id_field=text("HOURLY_ID"),
            hourly_out_prefix=text("HOURLY_OUT_PREFIX"),
            hourly_in_prefix=text("HOURLY_IN_PREFIX"),
            landuse=layer("LANDUSE"),
            landuse_class_field=text("LANDUSE_CLASS"),
            roads=layer("ROADS"),
            roads_class_field=text("ROADS_CLASS"),
            raster=self.parameterAsRasterLayer(parameters, "RASTER", context),
            remote_sensing_table=layer("REMOTE_SENSING_TABLE"),
            remote_sensing_id_field=text("REMOTE_SENSING_ID"),
            street_view=layer("STREET_VIEW"),
            image_field=text("IMAGE_FIELD"),
            project_folder=context.project().homePath() if context.project() else "",
            selected_only=self.parameterAsBoolean(parameters, "SELECTED_ONLY", context),
            clusters=self.parameterAsInt(parameters, "CLUSTERS", context),
            device=DEVICES[self.parameterAsEnum(parameters, "DEVICE", context)],
        )
        if choices.regions is not None and choices.grid_cell_size is not None:
            raise QgsProcessingException(
                tr("Choose either a regions layer or a hexagon grid cell size, not both.")
            )
        return choices

    def _write_job(self, choices: jobs.Choices, parameters, context) -> None:
        """Validate (each problem names its layer) and write the job beside the output layer."""
        problems = jobs.validate(choices)
        if problems:
            raise QgsProcessingException("\n".join(problems))
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        if output.startswith(("ogr:", "postgres:", "spatialite:", "memory:")) or "|layername=" in output:
            # the output is copied as a file and the run folder sits beside it, named after it
            raise QgsProcessingException(
                tr(
                    "The region embeddings are written as a file of their own, with a run folder beside it: choose "
                    "a file name (e.g. embeddings.gpkg), not a table inside a GeoPackage or database ({})."
                ).format(output)
            )
        common.refuse_output_over_inputs(self, parameters, context)
        self._output = common.absolute(output)
        self._run_dir = Path(self._output).parent / f"{Path(self._output).stem}_run"
        self._new_run_dir = not self._run_dir.exists()
        self._target, self._subjects = choices.target_field, jobs.error_subjects(choices)  # main thread
        try:
            self._job = jobs.write_job(choices, self._run_dir)
        except (OSError, ValueError) as err:
            self._discard_run_dir()
            message = str(err)
            if isinstance(err, OSError):
                message = tr(
                    "The run folder {} cannot be written ({}). Choose an output in a folder you can write to."
                ).format(self._run_dir, err.strerror or err)
            raise QgsProcessingException(message) from err

    def _discard_run_dir(self) -> None:
        """A failed run leaves no run folder it made (its job file and exported inputs would be partial)."""
        if self._new_run_dir and self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)

    def _run(self, args: list[str], feedback) -> dict:
        try:
            return common.run_engine(
                args, self._run_dir, feedback, explain=lambda parts: jobs.qgis_error(self._subjects, parts)
            )
        except Exception:
            self._discard_run_dir()
            raise

    def _add_outputs(self) -> None:
        self.addParameter(
            QgsProcessingParameterVectorDestination("OUTPUT", tr("Region embeddings"), common.POLYGON)
        )
        self.addOutput(QgsProcessingOutputFile("REPORT", tr("Run report (Markdown)")))
        self.addOutput(QgsProcessingOutputFolder("RUN_FOLDER", tr("Run folder (job, inputs, maps)")))

    def _finish(self, outputs: dict, context, feedback) -> dict:
        """Copy the engine's embeddings layer to OUTPUT, store its style with it, and style it on load."""
        source = QgsVectorLayer(f"{outputs['embeddings']}|layername={styling.EMBEDDINGS_LAYER}", "embeddings")
        if not source.isValid():
            raise QgsProcessingException(
                tr("The engine's result {} cannot be read.").format(outputs["embeddings"])
            )
        common.write_vector(source, self._output)
        long_names = [n for n in source.fields().names() if len(n) > 10]
        if Path(self._output).suffix.lower() == ".shp" and long_names:
            feedback.pushWarning(
                tr(
                    "A Shapefile keeps 10 characters of a field name: {} of the output's fields are cut (e.g. {} → "
                    "{}). A GeoPackage output (.gpkg) keeps them whole."
                ).format(len(long_names), long_names[0], long_names[0][:10])
            )
        target = self._target
        style = (lambda layer: styling.graduated(layer, f"pred_{target}")) if target else styling.colour_field
        common.style_output(context, self._output, style)
        return {"OUTPUT": self._output, "REPORT": outputs.get("report", ""), "RUN_FOLDER": str(self._run_dir)}


class LearnAlgorithm(_JobAlgorithm):
    def name(self) -> str:
        return "learn"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Learn region representations")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Trains MTGRR on the regions and every modality given, in the MTGRR engine (a separate Python "
            "with PyTorch), and writes one embedding per region (emb_* fields, a colour, a cluster, the "
            "modality weights and, with an attribute to predict, pred_<attribute>) plus the trained model "
            "file for 'Apply a trained model'.\n\nEach optional modality needs its field(s): POI category, "
            "trip coordinates (optionally a pickup time field, for trips per hour of the day; or "
            "origin/destination/count for an OD table, optionally with a table of hourly flows per region: "
            "fields prefix + 00..23 of trips leaving and entering, out_h and in_h unless the advanced prefixes say "
            "otherwise), land-use class, road class, street-view image path. POI, land use, roads and remote "
            "sensing also take a table without geometry of precomputed features per region: their field is then "
            "the table's region id field. Advanced: epochs, embedding size, seed, device, clusters, a hexagon "
            "grid instead of a regions layer, and each region's trips to and from every other region as "
            "extra mobility features (strong with many trips per pair of regions; at most 2,000 regions). The "
            "job file, exported inputs, report, maps and styles are kept in the folder '<output name>_run' beside "
            "the output."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self._add_inputs()
        self.addParameter(
            advanced(QgsProcessingParameterNumber("EPOCHS", tr("Epochs"), common.INTEGER, 300, minValue=1))
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "EMBEDDING_DIM", tr("Embedding size"), common.INTEGER, 64, minValue=2
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "SEED", tr("Random seed"), common.INTEGER, 0, False, 0, common.MAX_SEED
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterBoolean(
                    "OD_PROFILE",
                    tr("Trips to and from every region as features (at most 2,000 regions)"),
                    False,
                )
            )
        )
        self._add_outputs()
        self.addParameter(
            QgsProcessingParameterFileDestination("MODEL", tr("Trained model"), tr("PyTorch model (*.pt)"))
        )

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:  # noqa: N802 - QGIS API
        choices = self._choices(parameters, context)
        choices.epochs = self.parameterAsInt(parameters, "EPOCHS", context)
        choices.embedding_dim = self.parameterAsInt(parameters, "EMBEDDING_DIM", context)
        choices.seed = self.parameterAsInt(parameters, "SEED", context)
        choices.od_profile = self.parameterAsBoolean(parameters, "OD_PROFILE", context)
        self._model = common.absolute(self.parameterAsFileOutput(parameters, "MODEL", context))
        if Path(self._model).suffix.lower() != ".pt":  # 'Apply a trained model' offers .pt files only
            self._model += ".pt"
        folder = Path(self._model).parent
        writable = folder if folder.exists() else next((p for p in folder.parents if p.exists()), folder)
        if not writable.is_dir() or not os.access(writable, os.W_OK):  # found before training, not after it
            raise QgsProcessingException(
                tr(
                    "The trained model cannot be written to {}: choose a file in a folder you can write to."
                ).format(self._model)
            )
        self._write_job(choices, parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        outputs = self._run(common.engine_module("run", str(self._job)), feedback)
        results = self._finish(outputs, context, feedback)
        if Path(outputs["model"]).resolve() != Path(self._model).resolve():
            Path(self._model).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(outputs["model"], self._model)
        results["MODEL"] = self._model
        return results


class EmbedAlgorithm(_JobAlgorithm):
    def name(self) -> str:
        return "embed"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Apply a trained model")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Embeds a regions dataset with a model trained by 'Learn region representations', without "
            "training. Give the modalities (and fields) of the training run: the engine names any that "
            "are missing, and skips modalities the model was not trained on, with a warning. The output "
            "has the same fields as the training output."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFile("MODEL", tr("Trained model (model.pt)"), extension="pt"))
        self._add_inputs()
        self._add_outputs()

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:  # noqa: N802 - QGIS API
        self._model = common.absolute(self.parameterAsFile(parameters, "MODEL", context))
        if not self._model or not Path(self._model).is_file():
            raise QgsProcessingException(tr("The model file '{}' does not exist.").format(self._model))
        self._write_job(self._choices(parameters, context), parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        args = common.engine_module("embed", self._model, str(self._job), "--out", str(self._run_dir))
        return self._finish(self._run(args, feedback), context, feedback)
