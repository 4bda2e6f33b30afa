"""The "Learn region representations" dock: layer and field choices, Run/Cancel, progress, log.

Only UI lives here; validation and job writing are in jobs.py, the engine in engine.py and the
result maps in styling.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFieldComboBox,
    QgsFileWidget,
    QgsMapLayerComboBox,
    QgsProjectionSelectionWidget,
)
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from . import engine, jobs, styling
from .i18n import tr

Filter = getattr(Qgis, "LayerFilter", None) or QgsMapLayerProxyModel.Filter  # Qgis.LayerFilter from 3.34
FieldFilter = QgsFieldProxyModel.Filter

GUESSES = {
    # not GeoPackage's "fid": QGIS lists it as a field, but it is the file's row key, which the engine does not read
    "region_id": ("region_id", "zone_id", "locationid", "geoid", "id"),
    # a separate table: its "fid" is a row number, never the region id
    "hourly_id": ("region_id", "zone_id", "locationid", "id"),
    "category": ("category", "categories", "cat", "poi_type", "type", "fclass", "amenity", "kind"),
    "class": ("class", "landuse", "land_use", "fclass", "highway", "type", "category", "zoning"),
    "pickup_x": ("pickup_x", "pickup_longitude", "pickup_lon", "pickup_centroid_longitude", "o_x"),
    "pickup_y": ("pickup_y", "pickup_latitude", "pickup_lat", "pickup_centroid_latitude", "o_y"),
    "dropoff_x": ("dropoff_x", "dropoff_longitude", "dropoff_lon", "dropoff_centroid_longitude", "d_x"),
    "dropoff_y": ("dropoff_y", "dropoff_latitude", "dropoff_lat", "dropoff_centroid_latitude", "d_y"),
    "origin": ("origin_id", "origin", "o_id", "from_id", "pulocationid"),
    "destination": ("destination_id", "destination", "d_id", "to_id", "dolocationid"),
    "count": ("trips", "count", "trip_count", "flow", "n"),
    "time": (
        "pickup_time",
        "pickup_datetime",
        "tpep_pickup_datetime",
        "lpep_pickup_datetime",
        "trip_start_timestamp",
        "started_at",
        "starttime",
        "start_time",
        "pickup_hour",
    ),
    "image": ("image", "image_path", "path", "file", "filename"),
}
"""Usual field names per role, best first (matched case-insensitively). No match leaves the field
empty, for the check before a run to ask for it, rather than falling back to the layer's first field."""


def _narrow(combo: QComboBox) -> None:
    """Let combos shrink with the dock instead of growing to their longest layer or field name."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)


def _align_label_columns(forms: list[QFormLayout]) -> None:
    """Give the forms' text labels one width, so the fields of all boxes start in one column.

    The column is as wide as the widest label up to about 16 characters; longer labels wrap. A radio
    button in the label column cannot wrap: where it is wider, its box keeps a wider column of its own.
    """
    labels = []
    for form in forms:
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # too narrow: label above its field
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget())
    if not labels:
        return
    cap = labels[0].fontMetrics().averageCharWidth() * 16
    width = max(min(label.sizeHint().width(), cap) for label in labels)
    for label in labels:
        label.setWordWrap(True)
        label.setFixedWidth(width)
        _fit_height(label)


def _fit_height(label: QLabel) -> None:
    """Room for every line of a wrapped label of fixed width: beside a radio button wider than that width the form
    measures the label at its column's width, one line short (French "Champ d'identifiant de région")."""
    label.setMinimumHeight(label.heightForWidth(label.minimumWidth()))


def _layer_combo(filters, allow_empty: bool = True) -> QgsMapLayerComboBox:
    combo = QgsMapLayerComboBox()
    combo.setFilters(filters)
    combo.setAllowEmptyLayer(allow_empty)
    if allow_empty:
        combo.setLayer(None)
    return combo


class MtgrrDock(QgsDockWidget):
    """Dock widget; ``run_finished`` carries the finished EngineRunTask (for callers and tests)."""

    run_finished = pyqtSignal(object)

    def __init__(self, iface, parent=None):
        super().__init__(tr("Learn region representations"), parent)
        self.setObjectName("MtgrrDock")
        self.iface = iface
        self.task: engine.EngineRunTask | None = None
        self.run_dir: Path | None = None
        self._target = ""
        self._subjects = jobs.ErrorSubjects({}, False)
        """What the current run's engine errors can be about, in the user's terms (jobs.error_subjects)."""
        self.engine_python: Path | None = None
        self.last_problems: list[str] = []
        self.result_layers: list = []
        self._field_guesses: list[tuple[QgsFieldComboBox, str]] = []

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._engine_banner())
        layout.addWidget(self._regions_box())
        layout.addWidget(self._poi_box())
        layout.addWidget(self._trips_box())
        layout.addWidget(self._landuse_box())
        layout.addWidget(self._roads_box())
        layout.addWidget(self._raster_box())
        layout.addWidget(self._street_view_box())
        layout.addWidget(self._options_box())
        layout.addWidget(self._advanced_box())
        self.problems_label = QLabel()  # right above Run, where the user looks after clicking it
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        layout.addLayout(self._run_row())
        layout.addWidget(self._log_box())
        layout.addStretch(1)
        for combo in body.findChildren(QComboBox):
            _narrow(combo)
        _align_label_columns(body.findChildren(QFormLayout))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._update_regions_mode()
        self._update_trips_mode()
        self.refresh_engine()

    # ---- construction --------------------------------------------------------------------
    def _field(self, layer_combo: QgsMapLayerComboBox, guess: str, filters=None):
        combo = QgsFieldComboBox()
        if filters is not None:
            combo.setFilters(filters)
        combo.setAllowEmptyFieldName(True)  # empty until guessed or chosen (see GUESSES)
        layer_combo.layerChanged.connect(combo.setLayer)
        layer_combo.layerChanged.connect(lambda _layer, c=combo, g=guess: self._guess_field(c, g))
        combo.setLayer(layer_combo.currentLayer())
        self._guess_field(combo, guess)
        return combo

    def _accept_tables(
        self, form: QFormLayout, layer_combo, field_combo: QgsFieldComboBox, guess: str, table_only_row=False
    ) -> None:
        """Let a modality take a table without geometry of precomputed features per region instead of its
        layer: the field row then asks for the table's region id field (``table_only_row``: a row shown for
        tables only, as a raster needs no field)."""
        layer_combo.setFilters(layer_combo.filters() | Filter.NoGeometry)
        layer_combo.setToolTip(
            tr("Or a table without geometry: precomputed features per region, keyed by a region id field.")
        )
        label = form.labelForField(field_combo)
        text = label.text()

        def follow(layer) -> None:
            table = jobs.is_table(layer)
            label.setText(tr("Region id field") if table else text)
            _fit_height(label)
            self._guess_field(field_combo, "region_id" if table else guess)
            label.setVisible(table or not table_only_row)
            field_combo.setVisible(table or not table_only_row)

        layer_combo.layerChanged.connect(follow)
        follow(layer_combo.currentLayer())

    def _guess_hourly_prefixes(self, layer) -> None:
        """Fill the prefixes from the fields of the chosen hourly table when they can be told apart
        and the user has not typed their own."""
        guess = jobs.guess_hourly_prefixes(layer.fields().names()) if layer is not None else None
        if guess is not None and not self._prefixes_typed:
            self.hourly_out_prefix.setText(guess[0])
            self.hourly_in_prefix.setText(guess[1])

    @staticmethod
    def _guess_field(combo: QgsFieldComboBox, guess: str) -> None:
        """Pre-select a field with a usual name so most layers need no field picking."""
        layer = combo.layer()
        if layer is None:
            return
        names = {n.lower(): n for n in layer.fields().names()}
        found = [names[c] for c in GUESSES.get(guess, ()) if c in names]
        combo.setField(found[0] if found else "")

    def _engine_banner(self) -> QFrame:
        self.engine_banner = QFrame()
        self.engine_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.engine_banner.setStyleSheet("QFrame { background: #fff4e5; }")
        row = QVBoxLayout(self.engine_banner)
        self.engine_label = QLabel(
            tr(
                "The MTGRR engine (a Python environment with PyTorch) is not installed yet. Install it, or choose an existing one in the settings."
            )
        )
        self.engine_label.setWordWrap(True)
        row.addWidget(self.engine_label)
        buttons = QVBoxLayout()  # stacked: side by side they are wider than a narrow dock in French
        self.install_button = QPushButton(tr("Install engine…"))
        self.settings_button = QPushButton(tr("Engine settings…"))
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.settings_button)
        row.addLayout(buttons)
        self.install_button.clicked.connect(lambda: self.open_settings(install=True))
        self.settings_button.clicked.connect(lambda: self.open_settings(install=False))
        return self.engine_banner

    def _regions_box(self) -> QGroupBox:
        box = QGroupBox(tr("Regions (required)"))
        form = QFormLayout(box)
        self.regions_layer_radio = QRadioButton(tr("Regions layer"))
        self.grid_radio = QRadioButton(tr("Hexagon grid"))
        self.grid_radio.setToolTip(tr("Generate a hexagon grid of this cell width over the input layers."))
        self.regions_layer_radio.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.regions_layer_radio)
        group.addButton(self.grid_radio)
        self.regions_combo = _layer_combo(Filter.PolygonLayer, allow_empty=True)
        self.region_id_combo = self._field(self.regions_combo, "region_id")
        self.grid_size = QDoubleSpinBox()
        self.grid_size.setRange(10, 100000)
        self.grid_size.setValue(500)
        self.grid_size.setDecimals(0)
        self.grid_size.setSuffix(tr(" m"))
        form.addRow(self.regions_layer_radio, self.regions_combo)
        form.addRow(tr("Region id field"), self.region_id_combo)
        form.addRow(self.grid_radio, self.grid_size)
        self.grid_radio.toggled.connect(self._update_regions_mode)
        return box

    def _poi_box(self) -> QGroupBox:
        box = QGroupBox(tr("Points of interest"))
        form = QFormLayout(box)
        self.poi_combo = _layer_combo(Filter.PointLayer)
        self.poi_category_combo = self._field(self.poi_combo, "category")
        form.addRow(tr("Layer"), self.poi_combo)
        form.addRow(tr("Category field"), self.poi_category_combo)
        self._accept_tables(form, self.poi_combo, self.poi_category_combo, "category")
        return box

    def _trips_box(self) -> QGroupBox:
        box = QGroupBox(tr("Taxi trips"))
        column = QVBoxLayout(box)  # hidden mode rows take no space in a box layout
        form = QFormLayout()
        column.addLayout(form)
        self.trips_mode = QComboBox()
        # short texts, read whole in a narrow dock (in French too); what each mode takes is in its tooltip
        for text, tip, mode in (
            (
                tr("Coordinates"),
                tr("Each trip's pickup and dropoff x/y fields, in a point layer or a table."),
                jobs.TRIPS_COORDINATES,
            ),
            (
                tr("Trip lines"),
                tr("A line layer: one line per trip, from its pickup to its dropoff."),
                jobs.TRIPS_LINES,
            ),
            (
                tr("OD flows"),
                tr("A table of trip counts per pair of regions: origin, destination and count fields."),
                jobs.TRIPS_OD,
            ),
        ):
            self.trips_mode.addItem(text, mode)
            self.trips_mode.setItemData(self.trips_mode.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.trips_combo = _layer_combo(Filter.PointLayer | Filter.NoGeometry)
        form.addRow(tr("Trips are"), self.trips_mode)
        form.addRow(tr("Layer"), self.trips_combo)

        self.coords_widget = QWidget()
        coords = QFormLayout(self.coords_widget)
        coords.setContentsMargins(0, 0, 0, 0)
        self.pickup_x_combo = self._field(self.trips_combo, "pickup_x", FieldFilter.Numeric)
        self.pickup_y_combo = self._field(self.trips_combo, "pickup_y", FieldFilter.Numeric)
        self.dropoff_x_combo = self._field(self.trips_combo, "dropoff_x", FieldFilter.Numeric)
        self.dropoff_y_combo = self._field(self.trips_combo, "dropoff_y", FieldFilter.Numeric)
        self.coords_crs = QgsProjectionSelectionWidget()
        self.coords_crs.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.coords_crs.setNotSetText(tr("Layer CRS"))
        coords.addRow(tr("Pickup x"), self.pickup_x_combo)
        coords.addRow(tr("Pickup y"), self.pickup_y_combo)
        coords.addRow(tr("Dropoff x"), self.dropoff_x_combo)
        coords.addRow(tr("Dropoff y"), self.dropoff_y_combo)
        self.coords_crs.setToolTip(tr("CRS of the coordinate fields when the trips table has no geometry."))
        coords.addRow(tr("Coordinates CRS"), self.coords_crs)
        column.addWidget(self.coords_widget)

        self.od_widget = QWidget()
        od = QFormLayout(self.od_widget)
        od.setContentsMargins(0, 0, 0, 0)
        self.origin_combo = self._field(self.trips_combo, "origin")
        self.destination_combo = self._field(self.trips_combo, "destination")
        self.count_combo = self._field(self.trips_combo, "count", FieldFilter.Numeric)
        od.addRow(tr("Origin region id"), self.origin_combo)
        od.addRow(tr("Destination region id"), self.destination_combo)
        od.addRow(tr("Trip count"), self.count_combo)
        self.hourly_combo = _layer_combo(Filter.VectorLayer)  # a table, or any layer with the fields
        self.hourly_combo.setToolTip(
            tr(
                "Optional: a table of trips leaving and entering each region per hour "
                "(24 fields per direction, named by the prefixes below + 00..23: out_h00..out_h23 and "
                "in_h00..in_h23 unless the table names them otherwise), the hourly profile an OD table lacks."
            )
        )
        self.hourly_id_combo = self._field(self.hourly_combo, "hourly_id")
        od.addRow(tr("Hourly flows"), self.hourly_combo)
        od.addRow(tr("Hourly flows region id"), self.hourly_id_combo)
        self.hourly_out_prefix = QLineEdit(jobs.HOURLY_PREFIXES[0])
        self.hourly_in_prefix = QLineEdit(jobs.HOURLY_PREFIXES[1])
        self.hourly_out_prefix.setToolTip(
            tr("The prefix of the 24 fields of trips leaving each region (prefix + 00..23).")
        )
        self.hourly_in_prefix.setToolTip(
            tr("The prefix of the 24 fields of trips entering each region (prefix + 00..23).")
        )
        od.addRow(tr("Hourly prefix, leaving"), self.hourly_out_prefix)
        od.addRow(tr("Hourly prefix, entering"), self.hourly_in_prefix)
        self._prefixes_typed = False  # what the user typed is never overwritten by a guess
        for edit in (self.hourly_out_prefix, self.hourly_in_prefix):
            edit.textEdited.connect(lambda _text: setattr(self, "_prefixes_typed", True))
        self.hourly_combo.layerChanged.connect(self._guess_hourly_prefixes)
        column.addWidget(self.od_widget)
        self.time_widget = QWidget()
        times = QFormLayout(self.time_widget)
        times.setContentsMargins(0, 0, 0, 0)
        self.time_combo = self._field(self.trips_combo, "time")
        self.time_combo.setToolTip(
            tr(
                "Optional: when each trip started (date-times or hours 0-23), for each region's trips per hour of "
                "the day."
            )
        )
        times.addRow(tr("Pickup time field"), self.time_combo)
        column.addWidget(self.time_widget)
        self.trips_mode.currentIndexChanged.connect(self._update_trips_mode)
        return box

    def _landuse_box(self) -> QGroupBox:
        box = QGroupBox(tr("Land use"))
        form = QFormLayout(box)
        self.landuse_combo = _layer_combo(Filter.PolygonLayer)
        self.landuse_class_combo = self._field(self.landuse_combo, "class")
        form.addRow(tr("Layer"), self.landuse_combo)
        form.addRow(tr("Class field"), self.landuse_class_combo)
        self._accept_tables(form, self.landuse_combo, self.landuse_class_combo, "class")
        return box

    def _roads_box(self) -> QGroupBox:
        box = QGroupBox(tr("Roads"))
        form = QFormLayout(box)
        self.roads_combo = _layer_combo(Filter.LineLayer)
        self.roads_class_combo = self._field(self.roads_combo, "class")
        form.addRow(tr("Layer"), self.roads_combo)
        form.addRow(tr("Class field"), self.roads_class_combo)
        self._accept_tables(form, self.roads_combo, self.roads_class_combo, "class")
        return box

    def _raster_box(self) -> QGroupBox:
        box = QGroupBox(tr("Remote sensing"))
        form = QFormLayout(box)
        self.raster_combo = _layer_combo(Filter.RasterLayer)
        self.raster_id_combo = self._field(self.raster_combo, "region_id")
        form.addRow(tr("Layer"), self.raster_combo)
        form.addRow(tr("Region id field"), self.raster_id_combo)
        self._accept_tables(form, self.raster_combo, self.raster_id_combo, "region_id", table_only_row=True)
        return box

    def _street_view_box(self) -> QGroupBox:
        box = QGroupBox(tr("Street view images"))
        form = QFormLayout(box)
        self.street_view_combo = _layer_combo(Filter.PointLayer)
        self.image_combo = self._field(self.street_view_combo, "image", FieldFilter.String)
        form.addRow(tr("Layer"), self.street_view_combo)
        form.addRow(tr("Image path field"), self.image_combo)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox(tr("Results"))
        form = QFormLayout(box)
        self.selected_only = QCheckBox(tr("Selected features only"))
        self.selected_only.setToolTip(tr("Layers with a selection contribute only their selected features."))
        self.target_combo = self._field(self.regions_combo, "", FieldFilter.Numeric)
        self.clusters = QSpinBox()
        self.clusters.setRange(2, 100)
        self.clusters.setValue(8)
        self.output_dir = QgsFileWidget()
        self.output_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.output_dir.lineEdit().setPlaceholderText(str(Path.home() / "mtgrr_runs"))
        form.addRow(self.selected_only)
        form.addRow(tr("Attribute to predict"), self.target_combo)
        form.addRow(tr("Number of clusters"), self.clusters)
        form.addRow(tr("Output folder"), self.output_dir)
        return box

    def _advanced_box(self) -> QgsCollapsibleGroupBox:
        box = QgsCollapsibleGroupBox(tr("Advanced"))
        box.setCollapsed(True)
        form = QFormLayout(box)
        self.embedding_dim = QSpinBox()
        self.embedding_dim.setRange(2, 1024)
        self.embedding_dim.setValue(64)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100000)
        self.epochs.setValue(300)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.device = QComboBox()
        for label, value in ((tr("Automatic"), "auto"), ("CPU", "cpu"), ("CUDA", "cuda"), ("MPS", "mps")):
            self.device.addItem(label, value)
        self.od_profile = QCheckBox()
        od_label = QLabel(tr("Mobility: trips to and from every region as features"))
        od_label.setWordWrap(True)  # a checkbox's own text cannot wrap, and this one is long in French
        od_label.setBuddy(self.od_profile)
        for widget in (self.od_profile, od_label):
            widget.setToolTip(
                tr(
                    "Adds two columns per region (at most 2,000 regions). Strong when the trips are many "
                    "per pair of regions; the trained model then only embeds this set of regions."
                )
            )
        od_row = QHBoxLayout()
        od_row.addWidget(self.od_profile)
        od_row.addWidget(od_label, 1)
        form.addRow(tr("Embedding size"), self.embedding_dim)
        form.addRow(tr("Epochs"), self.epochs)
        form.addRow(tr("Random seed"), self.seed)
        form.addRow(tr("Device"), self.device)
        form.addRow(od_row)
        return box

    def _run_row(self) -> QVBoxLayout:
        column = QVBoxLayout()
        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Run"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        column.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.stage_label = QLabel(tr("Ready."))
        self.stage_label.setWordWrap(True)
        column.addWidget(self.progress)
        column.addWidget(self.stage_label)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        return column

    def _log_box(self) -> QgsCollapsibleGroupBox:
        box = QgsCollapsibleGroupBox(tr("Log"))
        box.setCollapsed(True)
        layout = QVBoxLayout(box)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(20000)
        layout.addWidget(self.log)
        return box

    # ---- state -----------------------------------------------------------------------------
    def _update_regions_mode(self) -> None:
        grid = self.grid_radio.isChecked()
        self.regions_combo.setEnabled(not grid)
        self.region_id_combo.setEnabled(not grid)
        self.grid_size.setEnabled(grid)

    def _update_trips_mode(self) -> None:
        mode = self.trips_mode.currentData()
        self.trips_mode.setToolTip(self.trips_mode.currentData(Qt.ItemDataRole.ToolTipRole))
        filters = {
            jobs.TRIPS_COORDINATES: Filter.PointLayer | Filter.NoGeometry,
            jobs.TRIPS_LINES: Filter.LineLayer,
            jobs.TRIPS_OD: Filter.NoGeometry,
        }[mode]
        chosen = self.trips_combo.currentLayer()
        self.trips_combo.setFilters(filters)
        if chosen is not None:  # kept when it fits the new mode too (a table: coordinates or OD)
            self.trips_combo.setLayer(chosen)
        self.coords_widget.setVisible(mode == jobs.TRIPS_COORDINATES)
        self.od_widget.setVisible(mode == jobs.TRIPS_OD)
        self.time_widget.setVisible(mode != jobs.TRIPS_OD)  # an OD table has no times: it takes hourly flows

    def refresh_engine(self) -> Path | None:
        """Look for the engine again; the banner offering the install shows while there is none."""
        self.engine_python = engine.find_engine()
        self.engine_banner.setVisible(self.engine_python is None)
        return self.engine_python

    def open_settings(self, install: bool = False) -> None:
        from .settings_dialog import EngineSettingsDialog

        dialog = EngineSettingsDialog(self)
        if install:
            dialog.start_install()
        dialog.exec()
        self.refresh_engine()

    def choices(self) -> jobs.Choices:
        """The user's current choices, as the shared job builder takes them."""
        grid = self.grid_radio.isChecked()
        crs = self.coords_crs.crs()
        od = self.trips_mode.currentData() == jobs.TRIPS_OD  # hourly flows only go with an OD table
        raster = self.raster_combo.currentLayer()  # or a table of per-region features
        return jobs.Choices(
            regions=None if grid else self.regions_combo.currentLayer(),
            region_id_field=self.region_id_combo.currentField(),
            grid_cell_size=self.grid_size.value() if grid else None,
            poi=self.poi_combo.currentLayer(),
            poi_category_field=self.poi_category_combo.currentField(),
            trips=self.trips_combo.currentLayer(),
            trips_mode=self.trips_mode.currentData(),
            pickup_x=self.pickup_x_combo.currentField(),
            pickup_y=self.pickup_y_combo.currentField(),
            dropoff_x=self.dropoff_x_combo.currentField(),
            dropoff_y=self.dropoff_y_combo.currentField(),
            origin_field=self.origin_combo.currentField(),
            destination_field=self.destination_combo.currentField(),
            count_field=self.count_combo.currentField(),
            time_field="" if od else self.time_combo.currentField(),
            coordinates_crs=crs.authid() if crs.isValid() else "",
            od_profile=self.od_profile.isChecked(),
            hourly=self.hourly_combo.currentLayer() if od else None,
            hourly_id_field=self.hourly_id_combo.currentField() if od else "",
            hourly_out_prefix=self.hourly_out_prefix.text(),
            hourly_in_prefix=self.hourly_in_prefix.text(),
            landuse=self.landuse_combo.currentLayer(),
            landuse_class_field=self.landuse_class_combo.currentField(),
            roads=self.roads_combo.currentLayer(),
            roads_class_field=self.roads_class_combo.currentField(),
            raster=raster if isinstance(raster, QgsRasterLayer) else None,
            remote_sensing_table=raster if isinstance(raster, QgsVectorLayer) else None,
            remote_sensing_id_field=self.raster_id_combo.currentField(),
            street_view=self.street_view_combo.currentLayer(),
            image_field=self.image_combo.currentField(),
            project_folder=QgsProject.instance().homePath(),
            selected_only=self.selected_only.isChecked(),
            target_field="" if grid else self.target_combo.currentField(),
            clusters=self.clusters.value(),
            embedding_dim=self.embedding_dim.value(),
            epochs=self.epochs.value(),
            seed=self.seed.value(),
            device=self.device.currentData(),
        )

    def _show_problems(self, problems: list[str], duration: int = 10) -> None:
        """List what stops the run above the Run button; the message bar (0 s: until closed) gets the
        first, and how many more the dock lists."""
        self.last_problems = problems
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))
        if problems:
            self.stage_label.setText(tr("Not started: see the problems above."))
            message = problems[0]
            if len(problems) > 1:
                message = tr("{} (and {} more in the MTGRR dock)").format(message, len(problems) - 1)
            self.iface.messageBar().pushMessage(
                tr("MTGRR"), message, level=Qgis.MessageLevel.Critical, duration=duration
            )

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    # ---- run -------------------------------------------------------------------------------
    def run(self) -> engine.EngineRunTask | None:
        """Check the choices, write the job and start the engine in the background; None if stopped."""
        if self.task is not None:
            return None
        if self.refresh_engine() is None:
            self._show_problems(
                [
                    tr(
                        "The MTGRR engine was not found: click 'Install engine…' or choose its Python in the settings."
                    )
                ]
            )
            return None
        c = self.choices()
        problems = jobs.validate(c)
        self._show_problems(problems)
        if problems:
            return None
        base = Path(self.output_dir.filePath() or Path.home() / "mtgrr_runs")
        self.run_dir = base / f"{c.name}_{time.strftime('%Y%m%d_%H%M%S')}"
        suffix = 1
        while self.run_dir.exists():
            suffix += 1
            self.run_dir = base / f"{c.name}_{time.strftime('%Y%m%d_%H%M%S')}_{suffix}"
        try:
            job_path = jobs.write_job(c, self.run_dir)
        except (OSError, ValueError) as err:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self._show_problems([str(err)])
            return None
        self.log.clear()
        self.log.appendPlainText(tr("Job file: {}").format(job_path))
        self._target, self._subjects = c.target_field, jobs.error_subjects(c)
        task = engine.EngineRunTask(self.engine_python, job_path)
        task.logLine.connect(self.log.appendPlainText)
        task.stageChanged.connect(self._on_stage)
        task.finished_callback = self._on_finished
        self.task = task
        self.progress.setValue(0)
        self.stage_label.setText(tr("Starting the engine…"))
        self._set_running(True)
        QgsApplication.taskManager().addTask(task)
        return task

    def _on_stage(self, stage: str, percent: float, run_percent: float) -> None:
        self.stage_label.setText(f"{stage}: {percent:.0f}%")
        self.progress.setValue(int(run_percent))

    def cancel(self) -> None:
        if self.task is not None:
            self.stage_label.setText(tr("Cancelling…"))
            self.task.cancel()

    def _explain(self, task: engine.EngineRunTask) -> str | None:
        """The engine's input error naming the run's QGIS layers (None if it names none)."""
        return jobs.qgis_error(self._subjects, task.error_parts) if task.error_parts else None

    def _on_finished(self, task: engine.EngineRunTask, ok: bool) -> None:
        """Main thread: add the result maps, or report the engine's error; a cancelled or failed run
        leaves no run folder (its job file and exported inputs stay in the log's text only)."""
        self.task = None
        self._set_running(False)
        bar = self.iface.messageBar()
        if not ok and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
        if task.isCanceled():
            self.stage_label.setText(tr("Cancelled; nothing was written."))
            self.progress.setValue(0)
            bar.pushMessage(tr("MTGRR"), tr("Run cancelled."), level=Qgis.MessageLevel.Info, duration=5)
        elif not ok:
            message = self._explain(task) or task.error or tr("The engine gave no result.")
            self.log.appendPlainText(message)
            self._show_problems([message], duration=0)
            self.stage_label.setText(tr("Failed."))
        else:
            try:
                _group, self.result_layers = styling.add_results(
                    task.outputs, self._target or None, QgsProject.instance(), self.run_dir.name
                )
            except OSError as err:
                bar.pushMessage(tr("MTGRR"), str(err), level=Qgis.MessageLevel.Critical, duration=0)
            else:
                self.progress.setValue(100)
                report = task.outputs.get("report", "")
                message = tr("Region representations are ready. Report: {}").format(report)
                # easy to miss in the log: e.g. regions outside every layer, columns left out
                if task.warnings:
                    self.stage_label.setText(
                        tr("Done, with {} warnings (see the Log).").format(len(task.warnings))
                    )
                    message += " " + tr("Warnings: {} (first: {})").format(
                        len(task.warnings), task.warnings[0]
                    )
                else:
                    self.stage_label.setText(tr("Done."))
                level = Qgis.MessageLevel.Warning if task.warnings else Qgis.MessageLevel.Success
                # after QGIS's own "Task complete" (pushed when this returns), so that this one shows on top
                QTimer.singleShot(0, lambda: bar.pushMessage(tr("MTGRR"), message, level=level, duration=10))
                if self.result_layers:  # current, which also opens its group in the Layers panel
                    self.iface.setActiveLayer(self.result_layers[0])
        self.run_finished.emit(task)
