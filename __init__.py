"""QGIS entry point of the MTGRR plugin (installed as the folder ``mtgrr_qgis``)."""


def classFactory(iface):  # noqa: N802 - name required by QGIS
    """Create the plugin; QGIS calls this once when the plugin is enabled."""
    from .plugin.main import MtgrrPlugin

    return MtgrrPlugin(iface)
