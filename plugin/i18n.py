"""Translation helpers: one context for the whole plugin so pylupdate5 finds every string."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"
_CONTEXT = "@default"  # the context pylupdate5 gives to a bare tr("...") call


def tr(text: str) -> str:
    """Translate a user-visible string (use a literal so pylupdate5 can extract it)."""
    return QCoreApplication.translate(_CONTEXT, text)


def qgis_locale() -> str:
    """The user's QGIS interface locale (e.g. 'fr', 'zh_CN'), honouring the override setting."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return str(settings.value("locale/userLocale", "") or "en")
    return QLocale.system().name()


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load i18n/mtgrr_<locale>.qm (or its language-only variant); returns it so it can be removed."""
    locale = locale or qgis_locale()
    for name in (locale, locale.split("_")[0]):
        qm = I18N_DIR / f"mtgrr_{name}.qm"
        if qm.is_file():
            translator = QTranslator()
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None
