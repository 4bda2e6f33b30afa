"""The MTGRR QGIS plugin: shared logic (jobs, engine, styling) apart from the widgets that use it."""
