"""The dock driven on real layers: combos, field refresh, validation messages, job writing, screenshot."""

from __future__ import annotations

import tomllib
from mtgrr_qgis.plugin import engine, jobs
from mtgrr_qgis.plugin.dock import MtgrrDock
from qgis.core import Qgis, QgsProject


def make_dock(qgis_iface) -> MtgrrDock:
    dock = MtgrrDock(qgis_iface)
    dock.resize(400, 1500)
    return dock


def test_combos_filter_and_fields_follow_layers(
    qgis_iface, city_layers, hourly_table, isolated_settings, artifacts, wait_for
):
    dock = make_dock(qgis_iface)
    regions_choices = [dock.regions_combo.layer(i) for i in range(dock.regions_combo.count())]
    names = {layer.name() for layer in regions_choices if layer is not None}
    assert names == {"regions", "landuse"}  # polygons only
    assert dock.poi_combo.currentLayer() is None  # optional modalities start empty
    dock.regions_combo.setLayer(city_layers["regions"])
    assert dock.region_id_combo.currentField() == "region_id"  # guessed
    dock.poi_combo.setLayer(city_layers["poi"])
    assert dock.poi_category_combo.currentField() == "category"
    dock.poi_combo.setLayer(city_layers["street_view"])  # fields refresh with the layer
    assert dock.poi_category_combo.layer() is city_layers["street_view"]
    assert "image" in [dock.poi_category_combo.itemText(i) for i in range(dock.poi_category_combo.count())]
    # trips: the mode changes which layers are offered
    dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(jobs.TRIPS_OD))
    offered = {
        dock.trips_combo.layer(i).name() for i in range(dock.trips_combo.count()) if dock.trips_combo.layer(i)
    }
    assert offered == {"od"}
    assert dock.od_widget.isVisibleTo(dock) and not dock.coords_widget.isVisibleTo(dock)
    assert not dock.time_widget.isVisibleTo(dock)  # an OD table has no trip times
    dock.trips_combo.setLayer(city_layers["od"])
    assert (dock.origin_combo.currentField(), dock.destination_combo.currentField()) == (
        "origin_id",
        "destination_id",
    )
    assert dock.count_combo.currentField() == "trips"
    from qgis.core import QgsProject, QgsVectorLayer

    hourly = QgsProject.instance().addMapLayer(hourly_table(25))
    assert dock.hourly_combo.currentLayer() is None  # optional, starts empty
    keyed = QgsProject.instance().addMapLayer(
        QgsVectorLayer("None?field=fid:integer&field=zone_id:integer", "zones", "memory")
    )
    dock.hourly_combo.setLayer(keyed)
    assert dock.hourly_id_combo.currentField() == "zone_id"  # a table's fid is a row number, not the id
    own = QgsProject.instance().addMapLayer(
        hourly_table(25, name="own names", prefixes=("pickups_", "dropoffs_"))
    )
    dock.hourly_combo.setLayer(own)  # the prefixes follow the table's own field names
    assert (dock.hourly_out_prefix.text(), dock.hourly_in_prefix.text()) == ("pickups_", "dropoffs_")
    c = dock.choices()
    assert (c.hourly_out_prefix, c.hourly_in_prefix) == ("pickups_", "dropoffs_")
    assert not [p for p in jobs.validate(c) if "hourly" in p]
    dock.hourly_combo.setLayer(hourly)
    assert dock.hourly_id_combo.currentField() == "region_id"
    assert (dock.hourly_out_prefix.text(), dock.hourly_in_prefix.text()) == ("out_h", "in_h")
    dock.hourly_combo.setLayer(keyed)  # no hourly fields: no guess, the prefixes stay
    assert (dock.hourly_out_prefix.text(), dock.hourly_in_prefix.text()) == ("out_h", "in_h")
    from qgis.PyQt.QtTest import QTest

    dock.hourly_out_prefix.selectAll()
    QTest.keyClicks(dock.hourly_out_prefix, "dep_")  # typed, unlike setText, emits textEdited
    dock.hourly_combo.setLayer(own)
    assert dock.hourly_out_prefix.text() == "dep_"  # typed prefixes are never overwritten by a guess
    dock.hourly_combo.setLayer(hourly)
    dock.hourly_out_prefix.setText("out_h")  # the screenshot shows a setup a user would make
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.target_combo.setField("income")
    dock.show()
    trips_box = dock.od_widget.parentWidget()
    wait_for(  # the screenshot shows the laid-out dock: the trips box no taller than the OD rows
        lambda: not dock.coords_widget.isVisible() and trips_box.height() == trips_box.sizeHint().height(),
        timeout=5,
    )
    assert dock.widget().widget().grab().save(str(artifacts / "dock.png"))  # the whole form, not the viewport
    c = dock.choices()
    assert (
        c.regions is city_layers["regions"] and c.trips_mode == jobs.TRIPS_OD and c.target_field == "income"
    )
    assert c.hourly is hourly and c.hourly_id_field == "region_id"
    dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(jobs.TRIPS_COORDINATES))
    assert dock.choices().hourly is None  # hidden with the OD rows, so not sent


def test_missing_regions_message(qgis_iface, city_layers, isolated_settings):
    dock = make_dock(qgis_iface)
    qgis_iface.messageBar().clear_messages()
    assert dock.run() is None
    assert any("Choose a regions layer" in p for p in dock.last_problems)
    messages = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert any("Choose a regions layer" in m for m in messages)
    assert dock.problems_label.isVisibleTo(dock)


def test_layer_without_crs_message(qgis_iface, city_layers, no_crs_layer, isolated_settings):
    QgsProject.instance().addMapLayer(no_crs_layer)
    dock = make_dock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    dock.poi_combo.setLayer(no_crs_layer)
    assert dock.run() is None
    assert dock.last_problems == [
        "Layer 'points without crs' (POI) has no coordinate reference system: set one in its Properties > Source."
    ]


def test_missing_engine_message(qgis_iface, city_layers, isolated_settings, monkeypatch, tmp_path):
    isolated_settings.setValue(engine.SETTINGS_KEY, str(tmp_path / "nowhere" / "python"))
    monkeypatch.setattr(engine, "PLUGIN_DIR", tmp_path)  # no .venv beside the plugin
    monkeypatch.setenv("PATH", str(tmp_path))  # and no mtgrr on PATH
    dock = make_dock(qgis_iface)
    assert dock.engine_python is None and dock.engine_banner.isVisibleTo(dock)
    dock.regions_combo.setLayer(city_layers["regions"])
    assert dock.run() is None
    assert len(dock.last_problems) == 1 and "engine was not found" in dock.last_problems[0]


def test_run_writes_a_job_the_engine_accepts(
    qgis_iface, city_layers, isolated_settings, tmp_path, engine_load_job
):
    """Everything before the engine starts: the dock's job file passes the engine's own validation."""
    dock = make_dock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    dock.landuse_combo.setLayer(city_layers["landuse"])
    dock.roads_combo.setLayer(city_layers["roads"])
    dock.raster_combo.setLayer(city_layers["raster"])
    dock.street_view_combo.setLayer(city_layers["street_view"])
    dock.trips_combo.setLayer(city_layers["trips"])
    dock.epochs.setValue(5)
    c = dock.choices()
    assert jobs.validate(c) == []
    path = jobs.write_job(c, tmp_path / "run")
    assert engine_load_job(path).returncode == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["landuse"]["class_field"] == "class" and data["street_view"]["image_field"] == "image"
    assert data["mobility"]["dropoff_y"] == "dropoff_y" and data["train"]["epochs"] == 5
    assert data["mobility"]["time_field"] == "pickup_time"  # guessed: the trips' hourly profiles


def test_fields_without_a_usual_name_are_left_for_the_user(qgis_iface, city_layers, isolated_settings):
    """No guess means an empty field and a question before the run, never the layer's first field."""
    from qgis.core import QgsVectorLayer

    dock = make_dock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    shops = QgsProject.instance().addMapLayer(
        QgsVectorLayer("Point?crs=EPSG:32618&field=fsq_id:string&field=label:string", "shops", "memory")
    )
    dock.poi_combo.setLayer(shops)
    assert dock.poi_category_combo.currentField() == ""
    assert any("'shops' (POI): choose the category field" in p for p in jobs.validate(dock.choices()))
    tlc = QgsProject.instance().addMapLayer(
        QgsVectorLayer(
            "None?field=PULocationID:integer&field=DOLocationID:integer&field=trips:integer", "tlc", "memory"
        )
    )
    dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(jobs.TRIPS_OD))
    dock.trips_combo.setLayer(tlc)
    assert (dock.origin_combo.currentField(), dock.destination_combo.currentField()) == (
        "PULocationID",
        "DOLocationID",
    )
    dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(jobs.TRIPS_COORDINATES))
    assert dock.trips_combo.currentLayer() is tlc  # a table fits both modes: the choice is kept
    dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(jobs.TRIPS_OD))
    assert dock.trips_combo.currentLayer() is tlc


def test_problems_show_above_run_and_the_message_bar_gets_the_first(
    qgis_iface, city_layers, isolated_settings
):
    dock = make_dock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    dock.region_id_combo.setField("")
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.poi_category_combo.setField("")
    qgis_iface.messageBar().clear_messages()
    assert dock.run() is None and len(dock.last_problems) == 2
    dock.show()
    assert dock.problems_label.parentWidget() is dock.run_button.parentWidget()
    assert dock.problems_label.y() < dock.run_button.y()  # right above the button
    assert dock.stage_label.text() == "Not started: see the problems above."
    [message] = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert message.endswith(f"{dock.last_problems[0]} (and 1 more in the MTGRR dock)")


def test_fields_of_every_box_start_in_one_column(qgis_iface, city_layers, isolated_settings, wait_for):
    """Each box's form used to size its own label column, so fields started at a different x in every box
    (and between the trips box's two forms); now one column in each language, except beside a radio button
    wider than it (French), whose field goes below it."""
    from mtgrr_qgis.plugin import i18n
    from qgis.gui import QgsCollapsibleGroupBox
    from qgis.PyQt.QtCore import QCoreApplication, QPoint
    from qgis.PyQt.QtWidgets import QFormLayout, QLabel

    for locale in ("en", "fr", "zh_CN"):
        translator = i18n.install_translator(locale) if locale != "en" else None
        try:
            dock = make_dock(qgis_iface)
            dock.resize(345, 1700)
            body = dock.widget().widget()
            for box in body.findChildren(QgsCollapsibleGroupBox):
                box.setCollapsed(False)
            dock.show()
            for mode in (jobs.TRIPS_COORDINATES, jobs.TRIPS_OD):
                dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(mode))
                wait_for(lambda d=dock, od=mode == jobs.TRIPS_OD: d.od_widget.isVisible() == od, timeout=5)
                QCoreApplication.processEvents()
                starts, beside_label = set(), 0
                for form in body.findChildren(QFormLayout):
                    for row in range(form.rowCount()):
                        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                        if label is None or field is None or not label.widget().isVisible():
                            continue
                        x = field.widget().mapTo(body, QPoint(0, 0)).x()
                        starts.add(x)
                        beside_label += isinstance(label.widget(), QLabel)
                assert len(starts) == 1, (locale, mode, sorted(starts))
                assert beside_label >= 10, (locale, mode)  # labels on the fields' rows, not above them
            dock.close()
        finally:
            if translator is not None:
                QCoreApplication.removeTranslator(translator)


def test_the_dock_fits_a_narrow_panel_in_every_language(qgis_iface, city_layers, isolated_settings):
    """The dock's content needs no more than 330 px (a narrow QGIS panel), Advanced open, in each translation
    and trips mode: wider content gets a horizontal scroll bar and cut labels."""
    from mtgrr_qgis.plugin import i18n
    from qgis.gui import QgsCollapsibleGroupBox
    from qgis.PyQt.QtCore import QCoreApplication

    for locale in ("en", "fr", "zh_CN"):
        translator = i18n.install_translator(locale) if locale != "en" else None
        try:
            dock = make_dock(qgis_iface)
            body = dock.widget().widget()
            for box in body.findChildren(QgsCollapsibleGroupBox):
                box.setCollapsed(False)
            for mode in (jobs.TRIPS_COORDINATES, jobs.TRIPS_OD):
                dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(mode))
                width = body.minimumSizeHint().width()
                assert width <= 330, (locale, mode, width)
        finally:
            if translator is not None:
                QCoreApplication.removeTranslator(translator)


def test_tables_of_features_per_region_stand_for_a_modality(
    qgis_iface, city_layers, isolated_settings, tmp_path
):
    """A table without geometry chosen for POI or remote sensing: the field row asks for its region id (guessed),
    and the job reads it as the engine's precomputed table; a layer again restores the category field."""
    from qgis.core import QgsFeature, QgsProject, QgsVectorLayer

    table = QgsProject.instance().addMapLayer(
        QgsVectorLayer("None?field=name:string&field=region_id:integer&field=f1:double", "features", "memory")
    )
    row = QgsFeature(table.fields())
    row.setAttributes(["a", 0, 1.5])
    assert table.dataProvider().addFeatures([row])[0]
    dock = make_dock(qgis_iface)
    dock.regions_combo.setLayer(city_layers["regions"])
    poi_label = dock.poi_combo.parentWidget().layout().labelForField(dock.poi_category_combo)
    raster_label = dock.raster_combo.parentWidget().layout().labelForField(dock.raster_id_combo)
    assert raster_label.isHidden() and dock.raster_id_combo.isHidden()  # a raster needs no field
    dock.poi_combo.setLayer(table)
    dock.raster_combo.setLayer(table)
    assert dock.poi_combo.currentLayer() is table and dock.raster_combo.currentLayer() is table  # offered
    assert poi_label.text() == "Region id field" and dock.poi_category_combo.currentField() == "region_id"
    assert not raster_label.isHidden() and dock.raster_id_combo.currentField() == "region_id"
    c = dock.choices()
    assert c.raster is None and c.remote_sensing_table is table and c.remote_sensing_id_field == "region_id"
    assert jobs.validate(c) == []
    job = jobs.prepare_job(c, tmp_path)
    assert job["poi"] == {
        "table": {"path": str(tmp_path / "inputs.gpkg"), "layer": "poi", "id_field": "region_id"}
    }
    assert job["remote_sensing"]["table"]["id_field"] == "region_id"
    dock.poi_combo.setLayer(city_layers["poi"])
    dock.raster_combo.setLayer(city_layers["raster"])
    assert poi_label.text() == "Category field" and dock.poi_category_combo.currentField() == "category"
    assert raster_label.isHidden()
    c = dock.choices()
    assert c.raster is city_layers["raster"] and c.remote_sensing_table is None


def _text_room(combo) -> int:
    """The pixels a closed combo draws its current text in: the style's edit field less the item's icon and a pixel
    either side, as QCommonStyle draws CE_ComboBoxLabel."""
    from qgis.PyQt.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)  # not initStyleOption: protected, and the CRS widget's combo is made in C++
    option.editable, option.frame = combo.isEditable(), combo.hasFrame()
    option.currentText = combo.currentText()
    option.currentIcon, option.iconSize = combo.itemIcon(combo.currentIndex()), combo.iconSize()
    field = QStyle.SubControl.SC_ComboBoxEditField
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, field, combo).width()
    if not option.currentIcon.isNull():
        room -= combo.iconSize().width() + 4
    return room - 2


def test_combos_show_their_whole_text_in_every_language(
    qgis_iface, city_layers, isolated_settings, artifacts, wait_for
):
    """At the dock's default width (make_dock's 400 px, about its size hint) no combo cuts its text, in English,
    French and Chinese: the trips mode read "Pickup/dropoff coorc" (French longer still) and the coordinates CRS
    "The layer's own". Every item of the dock's own lists is measured; of the others (layers, fields, CRS), the
    current text. No wrapped label is cut either."""
    from mtgrr_qgis.plugin import i18n
    from qgis.gui import QgsCollapsibleGroupBox
    from qgis.PyQt.QtCore import QCoreApplication
    from qgis.PyQt.QtWidgets import QComboBox, QLabel

    for locale in ("en", "fr", "zh_CN"):
        translator = i18n.install_translator(locale) if locale != "en" else None
        try:
            dock = make_dock(qgis_iface)
            body = dock.widget().widget()
            for name in ("regions", "poi", "landuse", "roads", "raster", "street_view", "trips"):
                getattr(dock, f"{name}_combo").setLayer(city_layers[name])
            dock.target_combo.setField("income")
            for box in body.findChildren(QgsCollapsibleGroupBox):
                box.setCollapsed(False)
            dock.show()
            cut = []
            for mode in (jobs.TRIPS_COORDINATES, jobs.TRIPS_LINES, jobs.TRIPS_OD):
                dock.trips_mode.setCurrentIndex(dock.trips_mode.findData(mode))
                wait_for(lambda d=dock, od=mode == jobs.TRIPS_OD: d.od_widget.isVisible() == od, timeout=5)
                QCoreApplication.processEvents()
                combos = [c for c in body.findChildren(QComboBox) if c.isVisible()]
                assert dock.trips_mode in combos and dock.device in combos
                assert (dock.coords_crs.findChild(QComboBox) in combos) == (mode == jobs.TRIPS_COORDINATES)
                for combo in combos:
                    own = combo in (dock.trips_mode, dock.device)
                    texts = (
                        [combo.itemText(i) for i in range(combo.count())] if own else [combo.currentText()]
                    )
                    room = _text_room(combo)
                    assert room > 50, (locale, room)
                    width = combo.fontMetrics().horizontalAdvance
                    cut += [(mode, text, width(text), room) for text in texts if width(text) > room]
                # every line of every label shown (French lost "région" beside the regions box's radio buttons)
                labels = [w for w in body.findChildren(QLabel) if w.isVisible() and w.wordWrap()]
                cut += [(mode, w.text()) for w in labels if w.height() < w.heightForWidth(w.width())]
                if mode == jobs.TRIPS_COORDINATES:
                    assert body.grab().save(str(artifacts / f"dock_{locale}.png"))
            assert not cut, (locale, cut)
            dock.close()
        finally:
            if translator is not None:
                QCoreApplication.removeTranslator(translator)
