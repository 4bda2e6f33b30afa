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
    for locale, expected in (("fr", "Apprendre des représentations de régions"), ("zh_CN", "学习区域表示")):
        translator = i18n.install_translator(locale)
        assert translator is not None, locale
        try:
            assert i18n.tr("Learn region representations") == expected
        finally:
            QCoreApplication.removeTranslator(translator)
    assert i18n.tr("Learn region representations") == "Learn region representations"
