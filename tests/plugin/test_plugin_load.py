"""The plugin as QGIS loads it: classFactory, initGui, toggling the dock, unload; translations."""

from __future__ import annotations

import configparser

import mtgrr_qgis
from mtgrr_qgis.plugin import i18n
from qgis.PyQt.QtCore import QCoreApplication


def test_metadata_is_complete():
    meta = configparser.ConfigParser()
    meta.read(i18n.I18N_DIR.parent / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    assert general["name"] == "MTGRR region representations"
    assert general["qgisMinimumVersion"] == "3.22" and general["qgisMaximumVersion"] == "4.99"
    assert general["hasProcessingProvider"] == "yes"
    for key in ("about", "description", "tags", "homepage", "version", "author"):
        assert general[key].strip()
    assert (i18n.I18N_DIR.parent / general["icon"]).is_file()


def test_load_toggle_unload(qgis_iface, qgis_new_project, isolated_settings):
    plugin = mtgrr_qgis.classFactory(qgis_iface)
    plugin.initGui()
    assert plugin.action.text() == "Learn region representations"
    assert not plugin.action.icon().isNull()
    assert plugin.dock is None  # built on first use
    plugin.action.trigger()
    assert plugin.dock is not None and not plugin.dock.isHidden()
    assert plugin.dock.engine_python is not None and not plugin.dock.engine_banner.isVisibleTo(plugin.dock)
    plugin.action.trigger()
    assert plugin.dock.isHidden()
    plugin.unload()
    assert plugin.dock is None and plugin.action is None


def test_translations_load():
    for locale, expected, hourly in (
        ("fr", "Apprendre des représentations de régions", "Flux horaires"),
        ("zh_CN", "学习区域表示", "逐时流量"),
    ):
        translator = i18n.install_translator(locale)
        assert translator is not None, locale
        try:
            assert i18n.tr("Learn region representations") == expected
            assert i18n.tr("Hourly flows") == hourly  # the compiled .qm follows the newest .ts
        finally:
            QCoreApplication.removeTranslator(translator)
    assert i18n.tr("Learn region representations") == "Learn region representations"


def test_the_processing_toolbox_is_translated():
    """Group, parameter labels (also those kept in a table and marked for pylupdate5) and help, in French."""
    from mtgrr_qgis.plugin.processing.export_map import ExportMapAlgorithm
    from mtgrr_qgis.plugin.processing.learn import LearnAlgorithm

    translator = i18n.install_translator("fr")
    try:
        learn = LearnAlgorithm()
        learn.initAlgorithm()
        assert learn.group() == i18n.tr("Representation learning") != "Representation learning"
        assert learn.parameterDefinition("ROADS").description() not in ("", "Roads (lines)")
        assert learn.parameterDefinition("LANDUSE").description() != "Land use (polygons)"
        assert "Entraîne" in learn.shortHelpString() or "entraîne" in learn.shortHelpString()
        export = ExportMapAlgorithm()
        export.initAlgorithm()
        options = export.parameterDefinition("METHOD").options()
        assert options[1] == i18n.tr("Natural breaks (Jenks)") != "Natural breaks (Jenks)"
        assert options[2] == i18n.tr("Equal interval") != "Equal interval"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_every_plugin_string_is_translated():
    """Each tr("...") literal of plugin/*.py and plugin/processing/*.py, and each label marked with
    QT_TRANSLATE_NOOP("@default", "...") for a later tr(label) (what the README's pylupdate5 command scans), has a
    finished translation in every .ts file, so a French or Chinese dock and Processing toolbox show no English."""
    import ast
    import xml.etree.ElementTree as ET

    sources = set()
    plugin = i18n.I18N_DIR.parent / "plugin"
    for path in [*plugin.glob("*.py"), *(plugin / "processing").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None)
            if name == "tr" and isinstance(node.args[0], ast.Constant):
                sources.add(node.args[0].value)
            elif name == "QT_TRANSLATE_NOOP" and isinstance(node.args[-1], ast.Constant):
                sources.add(node.args[-1].value)
    assert len(sources) > 100
    for ts in sorted(i18n.I18N_DIR.glob("*.ts")):
        translated = {
            m.findtext("source"): m.findtext("translation")
            for m in ET.parse(ts).getroot().iter("message")
            if m.find("translation").get("type") != "unfinished"
        }
        missing = sorted(s for s in sources if not translated.get(s))
        assert not missing, f"{ts.name}: {missing[:5]}"
