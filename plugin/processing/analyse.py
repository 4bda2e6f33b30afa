"""``predict`` and ``cluster``: scikit-learn work on an embeddings layer, done by the engine's Python.

The layer's emb_* values go to a CSV that plugin/processing/runner.py reads in the engine's
interpreter; its CSV answer is joined back by row order into a copy of the layer.
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from collections import Counter
from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant

from .. import jobs, styling
from ..i18n import tr
from . import common
from .common import advanced

EMBEDDING_PREFIXES = ("emb_", "weight_", "pca_", "rgb_")
"""Fields the engine writes per region; the cluster field must not replace one of them."""


class _EmbeddingAlgorithm(common.MtgrrAlgorithm):
    """Reads an embeddings layer, runs the runner, writes the layer plus one result field."""

    def _add_input(self) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "INPUT", tr("Embeddings layer (emb_* fields)"), [common.ANY_GEOMETRY]
            )
        )

    def _run(
        self, source, target: str | None, args: list[str], feedback, places: bool = False
    ) -> tuple[list, list, dict]:
        """(features, the runner's value per feature, its metrics or {}) for ``runner.py *args``;
        ``places``: also each feature's centroid (:func:`_place`) and the layer's CRS, for blocked folds. A value
        is "" where the runner gave none (a region without data: an all-zero embedding)."""
        names = source.fields().names()
        emb = [n for n in names if n.startswith("emb_")]
        if not emb:
            raise QgsProcessingException(
                tr(
                    "Layer '{}' has no emb_* fields: choose the embeddings layer written by "
                    "'Learn region representations'."
                ).format(source.sourceName())
            )
        features = list(source.getFeatures())
        if not features:
            raise QgsProcessingException(
                tr(
                    "Layer '{}' gives no feature (with 'Selected features only', is anything selected?)."
                ).format(source.sourceName())
            )
        index = [names.index(n) for n in emb]
        target_index = names.index(target) if target else None
        feedback.pushInfo(tr("{} regions, {} embedding dimensions").format(len(features), len(emb)))
        with tempfile.TemporaryDirectory(prefix="mtgrr_") as tmp:
            folder = Path(tmp)
            table, out = folder / "embeddings.csv", folder / "result.csv"
            with open(table, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    ["row", *emb, *(["target"] if target else []), *(["x", "y"] if places else [])]
                )
                for row, feature in enumerate(features):
                    values = feature.attributes()
                    line = [row, *(_number(values[i]) for i in index)]
                    if target_index is not None:
                        line.append(_number(values[target_index]))
                    if places:
                        line += _place(feature.geometry())
                    writer.writerow(line)
            if places:
                args = [*args, "--spatial-crs", source.sourceCrs().toWkt()]
            outputs = common.run_engine(
                common.runner(*args, str(table), str(out)), folder, feedback, scratch=True
            )
            with open(out, newline="", encoding="utf-8") as handle:
                rows = {int(r["row"]): r["value"] for r in csv.DictReader(handle)}
            metrics = (
                json.loads(Path(outputs["metrics"]).read_text(encoding="utf-8"))
                if "metrics" in outputs
                else {}
            )
        return features, [rows[i] for i in range(len(features))], metrics

    def _write(self, parameters, context, source, features, field: QgsField, values, style) -> str:
        """The input features with ``field`` (replaced when the layer already has it) set to ``values``, styled
        with ``style`` wherever the output is opened and when Processing loads it (:func:`common.style_output`)."""
        fields = QgsFields()
        for existing in source.fields():  # a field of that name is replaced, with this field's type
            fields.append(field if existing.name() == field.name() else existing)
        position = fields.indexOf(field.name())
        if position < 0:
            fields.append(field)
            position = fields.count() - 1
        sink, dest = self.parameterAsSink(
            parameters, "OUTPUT", context, fields, source.wkbType(), source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        out = []
        for feature, value in zip(features, values):  # one value per feature (QGIS's Python may be 3.9)
            attributes = feature.attributes() + [None] * (fields.count() - len(feature.attributes()))
            attributes[position] = value
            copy = QgsFeature(fields)
            copy.setGeometry(feature.geometry())
            copy.setAttributes(attributes)
            out.append(copy)
        if not sink.addFeatures(out, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(
                tr("The output layer could not be written: {}").format(sink.lastError())
            )
        del sink  # closes a file output: its features are all written before its style is stored with it
        common.style_output(context, dest, style)
        return dest


def _place(geometry) -> list:
    """The region's centroid, or a point on its surface where the centroid lies outside it (as the engine's
    ``planar_coordinates`` places regions); two empty cells without a geometry."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return ["", ""]
    point = geometry.centroid()
    if not geometry.intersects(point):
        point = geometry.pointOnSurface()
    if point.isNull() or point.isEmpty():
        return ["", ""]
    xy = point.asPoint()
    return [repr(xy.x()), repr(xy.y())]


def _same_decimals(*errors: float, digits: int = 4) -> list[str]:
    """Errors in one unit (MAE, RMSE) written with one number of decimals, enough for ``digits`` significant digits
    of the smallest non-zero one, and never in exponent form: "MAE 9796, RMSE 11632", not "9796, 1.163e+04"."""
    scale = min((abs(e) for e in errors if e), default=1.0)
    decimals = digits - 1 - math.floor(math.log10(scale))
    return [f"{round(e, decimals):.{max(decimals, 0)}f}" for e in errors]


def _number(value) -> str:
    """A CSV cell: the number, or empty for NULL / non-numbers (unknown values)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return repr(number)


class PredictAlgorithm(_EmbeddingAlgorithm):
    def name(self) -> str:
        return "predict"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Predict region attribute")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Predicts a numeric attribute known on some regions for all regions from their embedding "
            "(ridge regression on the emb_* fields, standardised, penalty chosen by cross-validation). "
            "Regions with a known value get an out-of-fold prediction, so the metrics R², MAE and RMSE "
            "(in the log and as outputs) are honest. Leave the value empty (NULL) where it is unknown. A region whose "
            "emb_* values are all 0 (no data in any modality) is left out of the model and the metrics, and its "
            "prediction is NULL. "
            "The output is the input layer with a pred_<field> field. With 'Spatial cross-validation' the folds "
            "are compact blocks of neighbouring regions instead of scattered ones: the metrics then say how well "
            "an area with no known value is predicted (e.g. a district a survey missed), which is usually lower "
            "than filling the gaps between known regions."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self._add_input()
        self.addParameter(
            QgsProcessingParameterField(
                "FIELD",
                tr("Attribute to predict (numeric)"),
                parentLayerParameterName="INPUT",
                type=common.NUMERIC_FIELD,
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "FOLDS", tr("Cross-validation folds"), common.INTEGER, 5, minValue=2
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterBoolean(
                    "SPATIAL_CV",
                    tr("Spatial cross-validation (hold out blocks of neighbouring regions)"),
                    False,
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
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", tr("Predictions")))
        for key, label in (
            ("R2", "R²"),
            ("MAE", "MAE"),
            ("RMSE", "RMSE"),
            ("N_KNOWN", QT_TRANSLATE_NOOP("@default", "Regions with a value")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        field = self.parameterAsString(parameters, "FIELD", context)
        index = source.fields().indexOf(field)
        if index < 0:
            layer = common.input_layer(self, parameters, "INPUT", context)
            title = (
                jobs.layer_title(layer, "INPUT")
                if layer
                else tr("'{}' ({})").format(source.sourceName(), "INPUT")
            )
            raise QgsProcessingException(
                jobs.missing_field(title, field, common.emb_last(source.fields().names()))
            )
        if not source.fields().at(index).isNumeric():
            raise QgsProcessingException(
                tr(
                    "Field '{0}' of layer '{1}' is not numeric ({2}): choose a numeric field, or convert it (Field Calculator: to_real(\"{0}\")). A CSV file's columns are text unless a .csvt file beside it gives their types."
                ).format(field, source.sourceName(), source.fields().at(index).typeName())
            )
        spatial = self.parameterAsBool(parameters, "SPATIAL_CV", context)
        if spatial and QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.NullGeometry:
            raise QgsProcessingException(
                tr(
                    "Layer '{}' has no geometry, and spatial cross-validation places each region: choose the "
                    "embeddings layer with its polygons, or switch spatial cross-validation off."
                ).format(source.sourceName())
            )
        args = [
            "predict",
            "--target",
            field,
            "--folds",
            str(self.parameterAsInt(parameters, "FOLDS", context)),
            "--seed",
            str(self.parameterAsInt(parameters, "SEED", context)),
        ]
        features, values, metrics = self._run(source, field, args, feedback, places=spatial)
        summary = (
            tr(
                "Out-of-fold, blocks of neighbouring regions held out, on {n} regions with a value: "
                "R² {r2:.3f}, MAE {mae}, RMSE {rmse}"
            )
            if spatial
            else tr("Out-of-fold on {n} regions with a value: R² {r2:.3f}, MAE {mae}, RMSE {rmse}")
        )
        mae, rmse = _same_decimals(metrics["mae"], metrics["rmse"])
        feedback.pushInfo(summary.format(n=metrics["n_known"], r2=metrics["r2"], mae=mae, rmse=rmse))
        name = f"pred_{field}"
        dest = self._write(
            parameters,
            context,
            source,
            features,
            QgsField(name, QVariant.Double),
            [float(v) if v else None for v in values],  # NULL for a region without data
            lambda layer: styling.graduated(layer, name),
        )
        return {
            "OUTPUT": dest,
            "R2": metrics["r2"],
            "MAE": metrics["mae"],
            "RMSE": metrics["rmse"],
            "N_KNOWN": metrics["n_known"],
        }


class ClusterAlgorithm(_EmbeddingAlgorithm):
    def name(self) -> str:
        return "cluster"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Cluster regions")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Groups regions with similar embeddings: k-means (scikit-learn, 10 starts) on the emb_* fields. "
            "The output is the input layer with the cluster number (0 to k-1) in the chosen field, shown "
            "with one colour per cluster. Clusters are numbered by size, 0 the largest, and the same seed gives "
            "the same numbers. k must be between 2 and the number of regions with data. A region whose emb_* values are "
            "all 0 (the engine's embedding of a region with no data in any modality) is left out: its cluster is NULL, "
            "drawn grey as 'No data', and it does not count in the silhouette. The log and the SILHOUETTE output "
            "give the silhouette score (-1 to 1, higher when regions are closer to their own cluster than to the "
            "next): run it for several k (e.g. as a batch) and compare."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self._add_input()
        self.addParameter(
            QgsProcessingParameterNumber("K", tr("Number of clusters (k)"), common.INTEGER, 8, minValue=2)
        )
        self.addParameter(
            advanced(QgsProcessingParameterString("FIELD_NAME", tr("Cluster field"), "cluster"))
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    "SEED", tr("Random seed"), common.INTEGER, 0, False, 0, common.MAX_SEED
                )
            )
        )
        self.addOutput(QgsProcessingOutputNumber("SILHOUETTE", tr("Silhouette score")))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", tr("Clusters")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - QGIS API
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        name = self.parameterAsString(parameters, "FIELD_NAME", context).strip() or "cluster"
        if name.startswith(EMBEDDING_PREFIXES):
            raise QgsProcessingException(
                tr(
                    "The cluster field '{}' would overwrite one of the embedding's own fields. "
                    "Choose another name (default: cluster)."
                ).format(name)
            )
        taken = {n.lower() for n in source.fields().names()} | {"fid", "geom", "geometry"}
        if name.lower() in taken and name != "cluster":  # an earlier run's "cluster" may be replaced
            raise QgsProcessingException(
                tr(
                    "The layer already has a field '{}': the cluster labels would replace its values. Choose a new "
                    "field name (or 'cluster' to replace an earlier clustering)."
                ).format(name)
            )
        args = [
            "cluster",
            "--k",
            str(self.parameterAsInt(parameters, "K", context)),
            "--seed",
            str(self.parameterAsInt(parameters, "SEED", context)),
        ]
        features, values, metrics = self._run(source, None, args, feedback)
        labels = [int(v) if v else None for v in values]  # numbered by size by the runner; NULL: no data
        sizes = Counter(label for label in labels if label is not None)
        feedback.pushInfo(
            tr("Regions per cluster: {}").format(", ".join(f"{c}: {sizes[c]}" for c in sorted(sizes)))
        )
        silhouette = metrics.get("silhouette")
        if silhouette is not None:
            feedback.pushInfo(
                tr("Silhouette score: {:.3f} (-1 to 1; compare it across k)").format(silhouette)
            )
        dest = self._write(
            parameters,
            context,
            source,
            features,
            QgsField(name, QVariant.Int),
            labels,
            lambda layer: styling.categorized(layer, name),
        )
        return {"OUTPUT": dest, "SILHOUETTE": silhouette}
