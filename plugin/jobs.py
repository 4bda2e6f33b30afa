"""Turn layer and field choices into an engine job file (TOML).

Shared by the dock and the Processing provider: :class:`Choices` holds what the user picked,
:func:`validate` explains what is wrong with it (naming the layer), :func:`prepare_job` writes
layers the engine cannot read directly into a GeoPackage and returns the job as a dict, and
:func:`to_toml` serialises it in the layout of ``mtgrr.job`` (the engine validates it again).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .i18n import tr

if hasattr(Qgis, "GeometryType"):  # QGIS >= 3.30 (and 4.x, where the QgsWkbTypes aliases go)
    POINT, LINE, POLYGON = Qgis.GeometryType.Point, Qgis.GeometryType.Line, Qgis.GeometryType.Polygon
else:
    POINT = QgsWkbTypes.GeometryType.PointGeometry
    LINE = QgsWkbTypes.GeometryType.LineGeometry
    POLYGON = QgsWkbTypes.GeometryType.PolygonGeometry

TRIPS_COORDINATES = "coordinates"
TRIPS_LINES = "lines"
TRIPS_OD = "od"
HOURLY_PREFIXES = ("out_h", "in_h")
"""Field prefixes of an hourly flows table: <prefix>00 .. <prefix>23 (the engine's defaults)."""


def hourly_fields(
    out_prefix: str = HOURLY_PREFIXES[0], in_prefix: str = HOURLY_PREFIXES[1]
) -> tuple[str, ...]:
    """The 48 field names an hourly flows table needs: trips leaving, then entering, hours 00..23."""
    return tuple(f"{prefix}{hour:02d}" for prefix in (out_prefix, in_prefix) for hour in range(24))


# Words (exact) and stems (longer than 3 letters: word starts) that name a direction of travel.
_LEAVING = (
    "out",
    "o",
    "dep",
    "pu",
    "from",
    "leav",
    "depart",
    "pickup",
    "orig",
    "start",
    "outflow",
    "outgoing",
    "outbound",
    "exit",
    "board",
)
_ENTERING = (
    "in",
    "d",
    "arr",
    "do",
    "to",
    "end",
    "enter",
    "entr",
    "arriv",
    "dropoff",
    "dest",
    "inflow",
    "incoming",
    "inbound",
    "alight",
)


def guess_hourly_prefixes(names) -> tuple[str, str] | None:
    """(leaving, entering) prefixes of the fields <prefix>00..<prefix>23 in ``names``, or None.

    The engine's defaults win when present; otherwise two complete prefixes are told apart by
    their words (out/in, pickup/dropoff, origin/destination, departures/arrivals, ...), so a
    table with its own naming needs no typing. Anything else is left to the user.
    """
    names = set(names)
    complete = sorted(
        {n[:-2] for n in names if n.endswith("00") and n[:-2]} & {n[:-2] for n in names if n.endswith("23")}
    )
    complete = [p for p in complete if all(f"{p}{h:02d}" in names for h in range(24))]
    if set(HOURLY_PREFIXES) <= set(complete):
        return HOURLY_PREFIXES
    if len(complete) != 2:
        return None

    def says(prefix, stems):
        words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", prefix)]
        return any(w == s or (len(s) > 3 and w.startswith(s)) for w in words for s in stems)

    first, second = complete
    for out_prefix, in_prefix in ((first, second), (second, first)):
        if (
            says(out_prefix, _LEAVING)
            and not says(out_prefix, _ENTERING)
            and says(in_prefix, _ENTERING)
            and not says(in_prefix, _LEAVING)
        ):
            return out_prefix, in_prefix
    return None


@dataclass
class Choices:
    """Everything the dock (or a Processing algorithm) lets the user choose; None = not used."""

    regions: QgsVectorLayer | None = None
    region_id_field: str = ""
    grid_cell_size: float | None = None
    """Generate a hexagon grid of this width (metres) instead of using a regions layer."""
    poi: QgsVectorLayer | None = None
    """Points with a category field; or a table without geometry of per-region POI features (the engine's
    [poi.table]), whose ``poi_category_field`` then names the region id field. Land use and roads alike."""
    poi_category_field: str = ""
    trips: QgsVectorLayer | None = None
    trips_mode: str = TRIPS_COORDINATES
    pickup_x: str = ""
    pickup_y: str = ""
    dropoff_x: str = ""
    dropoff_y: str = ""
    origin_field: str = ""
    destination_field: str = ""
    count_field: str = ""
    time_field: str = ""
    """Optional, with trips (coordinates or lines): when each trip started, for the hourly profiles."""
    coordinates_crs: str = ""
    """CRS (authid) of the pickup/dropoff coordinates when the trips layer has no geometry."""
    od_profile: bool = False
    """Also give the model each region's trips to and from every other region (the engine's
    mobility.od_profile: at most 2,000 regions)."""
    hourly: QgsVectorLayer | None = None
    """With an OD table: trips leaving / entering each region per hour (24 fields a direction, named
    by the prefixes below), the hourly profile an OD table lacks (the engine's mobility.hourly)."""
    hourly_id_field: str = ""
    hourly_out_prefix: str = HOURLY_PREFIXES[0]
    """Fields <prefix>00..<prefix>23 of the hourly flows hold the trips leaving each region."""
    hourly_in_prefix: str = HOURLY_PREFIXES[1]
    """Fields <prefix>00..<prefix>23 of the hourly flows hold the trips entering each region."""
    landuse: QgsVectorLayer | None = None
    landuse_class_field: str = ""
    roads: QgsVectorLayer | None = None
    roads_class_field: str = ""
    raster: QgsRasterLayer | None = None
    remote_sensing_table: QgsVectorLayer | None = None
    """Per-region remote-sensing features (a table without geometry) instead of a raster."""
    remote_sensing_id_field: str = ""
    street_view: QgsVectorLayer | None = None
    image_field: str = ""
    project_folder: str = ""
    """The QGIS project's folder: relative image paths may start there (QGIS's attachment widget stores them so)."""
    selected_only: bool = False
    target_field: str = ""
    clusters: int = 8
    embedding_dim: int = 64
    epochs: int = 300
    seed: int = 0
    device: str = "auto"
    name: str = "mtgrr"
    extra: dict = field(default_factory=dict)
    """Further job keys merged in last (e.g. {"model": {"fusion": "global"}})."""


def layer_title(layer, label: str) -> str:
    """'name' (role) for messages; a layer of a multi-layer file opened by path (qgis_process names it after the
    file) also gets its sublayer's name: 'helsinki — poi' (POI)."""
    name = layer.name()
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    sublayer, path = parts.get("layerName"), parts.get("path")
    if sublayer and path and name == Path(path).stem and sublayer != name:
        name = f"{name} — {sublayer}"
    return tr("'{}' ({})").format(name, label)  # the quotes and brackets of the user's language


def _geometry_name(geometry_type) -> str:
    return {POINT: tr("points"), LINE: tr("lines"), POLYGON: tr("polygons")}.get(
        geometry_type, tr("no geometry")
    )


def _feature_count(layer: QgsVectorLayer, selected_only: bool) -> int:
    if selected_only and layer.selectedFeatureCount() > 0:
        return layer.selectedFeatureCount()
    return layer.featureCount()


def is_table(layer) -> bool:
    """A vector layer without geometry: given for a modality, it holds precomputed features per region id."""
    return isinstance(layer, QgsVectorLayer) and layer.isValid() and not layer.isSpatial()


def validate(c: Choices) -> list[str]:
    """Problems that would stop the run, each naming the layer or field and what to do; [] when fine."""
    problems: list[str] = []

    def check_layer(layer, label: str, geometry, fields: dict[str, str], needs_crs: bool = True) -> None:
        name = layer_title(layer, label)
        if not layer.isValid():
            problems.append(tr("Layer {} cannot be read: check that its file still exists.").format(name))
            return
        if geometry is not None and layer.geometryType() != geometry:
            problems.append(
                tr("Layer {} has {}, but {} are needed.").format(
                    name, _geometry_name(layer.geometryType()), _geometry_name(geometry)
                )
            )
        if needs_crs and not layer.crs().isValid():
            problems.append(
                tr("Layer {} has no coordinate reference system: set one in its Properties > Source.").format(
                    name
                )
            )
        if _feature_count(layer, c.selected_only) == 0:
            problems.append(tr("Layer {} has no features.").format(name))
        names = layer.fields().names()
        for role, value in fields.items():
            if not value:
                problems.append(tr("Layer {}: choose the {} field.").format(name, role))
            elif value not in names:
                problems.append(missing_field(name, value, names))
        roles: dict[str, list[str]] = {}
        for role, value in fields.items():
            if value:
                roles.setdefault(value, []).append(role)
        for value, shared in roles.items():
            if len(shared) > 1:
                problems.append(
                    tr("Layer {}: the field '{}' is chosen as {}: choose a different field for each.").format(
                        name, value, tr(" and ").join(shared)
                    )
                )

    if c.grid_cell_size is not None:
        if not c.grid_cell_size > 0 or not math.isfinite(c.grid_cell_size):
            problems.append(tr("The hexagon grid needs a cell size above 0 metres."))
        spatial = [c.poi, c.landuse, c.roads, c.raster, c.street_view]
        if c.trips is not None and c.trips_mode != TRIPS_OD:
            spatial.append(c.trips)
        if all(layer is None or is_table(layer) for layer in spatial):
            problems.append(
                tr(
                    "A generated grid needs at least one input layer with locations to cover; add one, or choose a regions layer."
                )
            )
        if c.target_field:
            problems.append(tr("An attribute to predict needs a regions layer, not a generated grid."))
    elif c.regions is None:
        problems.append(tr("Choose a regions layer (polygons), or generate a hexagon grid."))
    else:
        fields = {tr("region id"): c.region_id_field}
        if c.target_field:
            fields[tr("attribute to predict")] = c.target_field
        check_layer(c.regions, tr("regions"), POLYGON, fields)
        key = c.regions.fields().indexOf(c.region_id_field) if c.regions.isValid() else -1
        if key >= 0 and c.regions.providerType() == "ogr" and key in c.regions.primaryKeyAttributes():
            problems.append(  # a GeoPackage's fid: QGIS lists it, the engine reads the file's own fields only
                tr(
                    "Layer {}: '{}' is the file's feature id, not one of its fields: choose a field that holds the "
                    "region ids (or add one with the Field Calculator, e.g. $id)."
                ).format(layer_title(c.regions, tr("regions")), c.region_id_field)
            )
        index = c.regions.fields().indexOf(c.target_field) if c.target_field and c.regions.isValid() else -1
        if index >= 0 and not c.regions.fields().at(index).isNumeric():
            problems.append(
                tr(
                    "The attribute to predict '{}' of layer '{}' is not numeric: choose a numeric field."
                ).format(c.target_field, c.regions.name())
            )

    def check_modality(layer, label: str, geometry, role: str, value: str) -> None:
        """A layer of the modality's geometry with its ``role`` field, or a table keyed by region id."""
        if geometry is not None and not is_table(layer):
            check_layer(layer, label, geometry, {role: value})
            return
        check_layer(layer, label, None, {tr("region id"): value}, needs_crs=False)
        if c.grid_cell_size is not None:
            problems.append(
                tr(
                    "Layer {} is a table of per-region features: its region ids need a regions layer that has "
                    "them, not a generated grid."
                ).format(layer_title(layer, label))
            )

    if c.poi is not None:
        check_modality(c.poi, tr("POI"), POINT, tr("category"), c.poi_category_field)
    if c.trips is not None:
        if c.trips_mode == TRIPS_OD:
            check_layer(
                c.trips,
                tr("OD table"),
                None,
                {
                    tr("origin"): c.origin_field,
                    tr("destination"): c.destination_field,
                    **({tr("trip count"): c.count_field} if c.count_field else {}),
                },
                needs_crs=False,
            )
            count = c.count_field or "trips"
            if c.trips.isValid() and count not in c.trips.fields().names():
                problems.append(
                    tr("Layer '{}' (OD table): choose the trip count field.").format(c.trips.name())
                )
            if c.time_field:
                problems.append(
                    tr(
                        "Layer '{}' (OD table) has no trip times: clear the pickup time field (TIME_FIELD in "
                        "Processing) and give hourly flows instead."
                    ).format(c.trips.name())
                )
        elif c.trips_mode == TRIPS_LINES:
            check_layer(
                c.trips, tr("taxi trips"), LINE, {tr("pickup time"): c.time_field} if c.time_field else {}
            )
        else:
            coords = {
                tr("pickup x"): c.pickup_x,
                tr("pickup y"): c.pickup_y,
                tr("dropoff x"): c.dropoff_x,
                tr("dropoff y"): c.dropoff_y,
            }
            if c.time_field:
                coords[tr("pickup time")] = c.time_field
            has_crs = c.trips.isSpatial() and c.trips.crs().isValid()
            check_layer(c.trips, tr("taxi trips"), None, coords, needs_crs=False)
            if not has_crs and not c.coordinates_crs:
                problems.append(
                    tr(
                        "Layer '{}' (taxi trips) has no CRS: choose the CRS of its pickup/dropoff coordinates."
                    ).format(c.trips.name())
                )
    if c.hourly is not None:
        if c.trips is None or c.trips_mode != TRIPS_OD:
            problems.append(
                tr(
                    "Layer '{}' (hourly flows) goes with an origin-destination table: set the taxi trips to one (Trips are: OD flows; TRIPS_MODE 2 in Processing), or clear the hourly flows."
                ).format(c.hourly.name())
            )
        check_layer(c.hourly, tr("hourly flows"), None, {tr("region id"): c.hourly_id_field}, needs_crs=False)
        out_prefix, in_prefix = c.hourly_out_prefix.strip(), c.hourly_in_prefix.strip()
        if not out_prefix or not in_prefix or out_prefix == in_prefix:
            problems.append(
                tr(
                    "Layer '{}' (hourly flows): give two different field prefixes, one for the trips leaving and one for the trips entering (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing), e.g. out_h and in_h for out_h00..out_h23 and in_h00..in_h23."
                ).format(c.hourly.name())
            )
        elif c.hourly.isValid():
            names = c.hourly.fields().names()
            missing = [f for f in hourly_fields(out_prefix, in_prefix) if f not in names]
            if missing:
                problem = tr(
                    "Layer '{layer}' (hourly flows) lacks {count} of the 48 fields it needs, e.g. '{field}': {out}00..{out}23 (trips leaving) and {inn}00..{inn}23 (trips entering); set the hourly prefixes (Hourly prefix, leaving / entering; HOURLY_OUT_PREFIX / HOURLY_IN_PREFIX in Processing) to the names the layer uses."
                ).format(
                    layer=c.hourly.name(), count=len(missing), field=missing[0], out=out_prefix, inn=in_prefix
                )
                guess = guess_hourly_prefixes(names)
                if guess is not None:
                    problem += " " + tr("The layer seems to use '{}' (leaving) and '{}' (entering).").format(
                        *guess
                    )
                problems.append(problem)
    if c.landuse is not None:
        check_modality(c.landuse, tr("land use"), POLYGON, tr("class"), c.landuse_class_field)
    if c.roads is not None:
        check_modality(c.roads, tr("roads"), LINE, tr("class"), c.roads_class_field)
    if c.remote_sensing_table is not None:
        if c.raster is not None:
            problems.append(tr("Remote sensing: give a raster or a table of per-region features, not both."))
        # any layer's attributes: its geometry, if any, is not read
        check_modality(c.remote_sensing_table, tr("remote sensing"), None, "", c.remote_sensing_id_field)
    if c.raster is not None:
        label = tr("remote sensing")  # outside the f-string, where pylupdate5 finds it
        name = layer_title(c.raster, label)
        if not c.raster.isValid():
            problems.append(tr("Layer {} cannot be read: check that its file still exists.").format(name))
        elif raster_path(c.raster) is None:
            problems.append(
                tr(
                    "Layer {} is not a local raster file: save it as a GeoTIFF (Export > Save As) and choose that."
                ).format(name)
            )
        elif not c.raster.crs().isValid():
            problems.append(
                tr("Layer {} has no coordinate reference system: set one in its Properties > Source.").format(
                    name
                )
            )
    if c.street_view is not None:
        check_layer(c.street_view, tr("street view"), POINT, {tr("image path"): c.image_field})
        if c.street_view.isValid() and c.image_field in c.street_view.fields().names():
            root, unfound = image_root(c.street_view, c.image_field, c.project_folder)
            if unfound:
                problems.append(
                    tr(
                        "Layer {}: none of its first relative image paths (e.g. '{}') is found from {}. Make the "
                        "paths absolute, or save the QGIS project in the folder they start from."
                    ).format(
                        layer_title(c.street_view, tr("street view")), unfound, root or tr("the run folder")
                    )
                )
    if c.clusters < 2:
        problems.append(tr("The number of clusters must be at least 2."))
    inputs = [c.poi, c.trips, c.landuse, c.roads, c.raster, c.remote_sensing_table, c.street_view]
    if all(layer is None for layer in inputs):  # the engine refuses a job without a modality
        problems.append(
            tr(
                "Choose at least one input to learn from: points of interest, taxi trips, land use, roads, remote sensing or street view images."
            )
        )
    return problems


class ErrorSubjects(NamedTuple):
    """What an engine error about each job section is about, in the user's terms ("Layer 'shops' (POI)"), keyed
    by section ("poi", "mobility.hourly", "output.target_field"), and whether the trip coordinates come from a
    table (their CRS is then a choice in the dock)."""

    names: dict[str, str]
    typed_coordinates: bool


def error_subjects(c: Choices) -> ErrorSubjects:
    """The run's :class:`ErrorSubjects`, taken when it starts, on the main thread: the layers may be gone, or off
    limits, when an error arrives."""
    trips_label = tr("OD table") if c.trips_mode == TRIPS_OD else tr("taxi trips")
    layers = {
        "regions": (c.regions, tr("regions")),
        "poi": (c.poi, tr("POI")),
        "mobility": (c.trips, trips_label),
        "mobility.hourly": (c.hourly, tr("hourly flows")),
        "landuse": (c.landuse, tr("land use")),
        "roads": (c.roads, tr("roads")),
        "remote_sensing": (c.raster or c.remote_sensing_table, tr("remote sensing")),
        "street_view": (c.street_view, tr("street view")),
    }
    subjects = {
        k: tr("Layer {}").format(layer_title(lyr, label)) for k, (lyr, label) in layers.items() if lyr
    }
    if c.grid_cell_size is not None:
        subjects["regions"] = tr("The hexagon grid ({} m cells)").format(f"{c.grid_cell_size:g}")
    if c.regions is not None and c.target_field:
        subjects["output.target_field"] = tr("The attribute to predict '{}' of layer '{}'").format(
            c.target_field, c.regions.name()
        )
    typed = c.trips is not None and c.trips_mode == TRIPS_COORDINATES and not c.trips.isSpatial()
    return ErrorSubjects(subjects, typed)


def qgis_error(subjects: ErrorSubjects, parts: dict[str, str]) -> str | None:
    """An engine input error in the user's terms: the QGIS layer behind the job key it names.

    The engine names what the plugin wrote (``poi layer 'poi' in inputs.gpkg``, ``output.target_field``); the
    user chose a layer, a field or a setting (``subjects``, from :func:`error_subjects`). A fix that speaks of
    the job file's CRS keys becomes the QGIS setting that fills them. None when the error names nothing the
    plugin chose (the engine's own message then stands).
    """
    problem, fix = parts.get("problem"), parts.get("fix", "")
    if not problem:
        return None
    # the job section the error names, e.g. "mobility.hourly (hourly.csv)" → mobility, hourly
    head = re.match(r"[a-z_]+(?:\.[a-z_]+)*", parts.get("where", ""))
    section, sub = ((head.group(0).split(".") if head else []) + ["", ""])[:2]
    key = f"{section}.{sub}" if sub in ("hourly", "target_field") else section
    subject = subjects.names.get(key)
    if subject is None or section == "output" and sub != "target_field":
        return None
    # the engine's CRS fixes name the job file's keys ("crs in the poi section of the job", "set crs to"); other
    # fixes (e.g. "leave this modality out") stand
    if fix.startswith(("check the layer's CRS", "check the trips' CRS", "set crs ")):
        fix = (
            tr("choose the CRS the pickup and dropoff coordinates are in.")
            if section == "mobility" and subjects.typed_coordinates
            else tr(
                "check the layer's CRS in Layer Properties > Source: it must be the CRS its coordinates are in."
            )
        )
    return tr("{}: {} Fix: {}").format(subject, problem, fix) if fix else f"{subject}: {problem}"


def missing_field(layer_name: str, value: str, names: list[str]) -> str:
    """The problem line for a field the layer lacks: its fields, and the nearest name when one is close."""
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    listed = ", ".join(names[:15]) + (" …" if len(names) > 15 else "")
    if close:
        return tr("Layer {} has no field '{}'. Did you mean '{}'? Its fields: {}.").format(
            layer_name, value, close[0], listed
        )
    return tr("Layer {} has no field '{}'. Its fields: {}.").format(layer_name, value, listed)


def raster_path(layer: QgsRasterLayer) -> Path | None:
    """The local file behind a GDAL raster layer, or None (WMS, XYZ, virtual...)."""
    if layer.providerType() != "gdal":
        return None
    path = QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path") or layer.source()
    return Path(path).resolve() if Path(path).is_file() else None


def _crs_set_in_qgis(layer) -> bool:
    """The layer's CRS was set in QGIS (Layer Properties > Source) and is not its file's own:
    the engine, which reads the file, would take the file's CRS (or find none)."""
    return layer.crs().isValid() and layer.crs() != layer.dataProvider().crs()


def _nodata_set_in_qgis(layer: QgsRasterLayer) -> dict[int, float | None]:
    """Per band, the nodata QGIS applies where it is not the file's: the value set in Layer Properties >
    Transparency (the first, when several), or None where the file's own nodata is switched off there."""
    provider = layer.dataProvider()
    changed: dict[int, float | None] = {}
    for band in range(1, layer.bandCount() + 1):
        ranges = provider.userNoDataValues(band)
        if ranges:
            changed[band] = ranges[0].min()
        elif provider.sourceHasNoDataValue(band) and not provider.useSourceNoDataValue(band):
            changed[band] = None
    return changed


def raster_source(layer: QgsRasterLayer, run_dir: Path) -> Path:
    """The raster file for the engine: the layer's own, or a VRT over it that carries the CRS or the nodata set
    in QGIS (the engine reads the file, which knows neither)."""
    path = raster_path(layer)
    crs_set, nodata = _crs_set_in_qgis(layer), _nodata_set_in_qgis(layer)
    if not crs_set and not nodata:
        return path
    from osgeo import gdal  # GDAL's Python bindings ship with QGIS

    vrt = Path(run_dir) / "remote_sensing.vrt"
    options = (
        {"outputSRS": layer.crs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)} if crs_set else {}
    )
    try:
        data = gdal.Translate(str(vrt), str(path), format="VRT", **options)
        for band, value in nodata.items():
            if value is None:
                data.GetRasterBand(band).DeleteNoDataValue()
            else:
                data.GetRasterBand(band).SetNoDataValue(value)
        written = data is not None
        data = None  # closing writes the VRT
    except (RuntimeError, AttributeError):  # GDAL raises (or returns None) when it cannot write
        written = False
    if not written:
        raise OSError(
            tr("Layer '{}' could not be written to {}: {}").format(layer.name(), vrt, gdal.GetLastErrorMsg())
        )
    return vrt


def file_source(layer: QgsVectorLayer) -> tuple[Path, str | None] | None:
    """(file, layer name) when the engine can read the layer's own file as it is; else None."""
    if (
        layer.providerType() != "ogr"
        or layer.subsetString()
        or (layer.isSpatial() and _crs_set_in_qgis(layer))
    ):
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path")
    if not path or not Path(path).is_file():
        return None
    name = parts.get("layerName") or None
    # a sublayer of one geometry type (|geometrytype=Point) or one named by its index (|layerid=2) is not what
    # the engine would read from the file: the layer's features are exported instead
    if parts.get("geometryType") or (parts.get("layerId") is not None and name is None):
        return None
    # absolute: the engine runs in the run folder, and qgis_process keeps a path as typed
    return Path(path).resolve(), name


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_").lower() or "layer"


def export_layer(layer: QgsVectorLayer, gpkg: Path, name: str, selected_only: bool) -> tuple[Path, str]:
    """Write ``layer`` (its selection when asked) as layer ``name`` of ``gpkg``; returns (gpkg, name)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.fileEncoding = "UTF-8"
    options.onlySelectedFeatures = bool(selected_only and layer.selectedFeatureCount() > 0)
    options.actionOnExistingFile = (
        QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        if gpkg.exists()
        else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
    )
    context = QgsCoordinateTransformContext()
    if hasattr(QgsVectorFileWriter, "writeAsVectorFormatV3"):
        result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(gpkg), context, options)
    else:  # pragma: no cover - QGIS < 3.20
        result = QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(gpkg), context, options)
    error, message = result[0], result[1]
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise OSError(tr("Layer '{}' could not be written to {}: {}").format(layer.name(), gpkg, message))
    return gpkg, name


def layer_source(layer: QgsVectorLayer, gpkg: Path, name: str, selected_only: bool) -> dict:
    """Job keys ``path``/``layer`` for a layer: its own file when possible, else an export."""
    use_selection = selected_only and layer.selectedFeatureCount() > 0
    source = None if use_selection else file_source(layer)
    if source is None:
        source = export_layer(layer, gpkg, name, selected_only)
    path, layer_name = source
    keys = {"path": str(path)}
    if layer_name:
        keys["layer"] = layer_name
    return keys


IMAGE_PATH_SAMPLE = 20
"""Relative image paths looked for to choose the folder they start from."""


def image_root(layer: QgsVectorLayer, field: str, project_folder: str) -> tuple[Path | None, str]:
    """The folder relative image paths start from: the layer's own, else the project's (QGIS's attachment widget
    stores paths relative to the project file), whichever holds the first relative paths; None without either.
    Also the first relative path when neither holds any of them ("" when they are found, or none is relative)."""
    own = file_source(layer)
    folders = [own[0].parent] if own is not None else []
    if project_folder:
        folders.append(Path(project_folder))
    index = layer.fields().indexOf(field)
    relative = []
    if index >= 0:
        request = (
            QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([index])
        )
        for feature in layer.getFeatures(request):
            text = str(feature[index] or "").strip().replace("\\", "/")
            if text and "://" not in text and not Path(text).is_absolute():
                relative.append(text)
                if len(relative) == IMAGE_PATH_SAMPLE:
                    break
    for folder in folders:
        if any((folder / text).is_file() for text in relative):
            return folder, ""
    return (folders[0] if folders else None), (relative[0] if relative else "")


def prepare_job(c: Choices, run_dir: Path) -> dict:
    """The job as a dict for :func:`to_toml`; layers needing export go to ``run_dir/inputs.gpkg``.

    Call on the main thread (layers are not thread-safe) after :func:`validate` returned [].
    """
    run_dir = Path(run_dir)
    gpkg = run_dir / "inputs.gpkg"

    def source(layer: QgsVectorLayer, name: str) -> dict:
        return layer_source(layer, gpkg, name, c.selected_only)

    def modality(layer: QgsVectorLayer, name: str, field_key: str, value: str) -> dict:
        """The layer with its ``field_key`` field, or a per-region table keyed by ``value`` (always a table
        without a ``field_key``: remote sensing's table may be any layer's attributes)."""
        if is_table(layer) or not field_key:
            return {"table": {**source(layer, name), "id_field": value}}
        return {**source(layer, name), field_key: value}

    job: dict = {"name": _safe_name(c.name), "crs": "auto"}
    if c.grid_cell_size is not None:
        job["regions"] = {"grid": {"shape": "hexagon", "cell_size": float(c.grid_cell_size)}}
    else:
        job["regions"] = {**source(c.regions, "regions"), "id_field": c.region_id_field}
    if c.poi is not None:
        job["poi"] = modality(c.poi, "poi", "category_field", c.poi_category_field)
    if c.trips is not None:
        if c.trips_mode == TRIPS_OD:
            od = {
                **source(c.trips, "od"),
                "origin_field": c.origin_field,
                "destination_field": c.destination_field,
            }
            if c.count_field:  # else the engine's default field name, "trips"
                od["count_field"] = c.count_field
            job["mobility"] = {"od": od}
        elif c.trips_mode == TRIPS_LINES:
            job["mobility"] = source(c.trips, "trips")
        else:
            trips = {
                **source(c.trips, "trips"),
                "pickup_x": c.pickup_x,
                "pickup_y": c.pickup_y,
                "dropoff_x": c.dropoff_x,
                "dropoff_y": c.dropoff_y,
            }
            crs = (
                c.trips.crs().authid()
                if c.trips.isSpatial() and c.trips.crs().isValid()
                else c.coordinates_crs
            )
            if crs:
                trips["crs"] = crs
            job["mobility"] = trips
        if c.time_field and c.trips_mode != TRIPS_OD:
            job["mobility"]["time_field"] = c.time_field
        if c.od_profile:
            job["mobility"]["od_profile"] = True
        if c.hourly is not None and c.trips_mode == TRIPS_OD:
            job["mobility"]["hourly"] = {
                **source(c.hourly, "hourly"),
                "id_field": c.hourly_id_field,
                "out_prefix": c.hourly_out_prefix.strip(),
                "in_prefix": c.hourly_in_prefix.strip(),
            }
    if c.landuse is not None:
        job["landuse"] = modality(c.landuse, "landuse", "class_field", c.landuse_class_field)
    if c.roads is not None:
        job["roads"] = modality(c.roads, "roads", "class_field", c.roads_class_field)
    if c.remote_sensing_table is not None:
        job["remote_sensing"] = modality(
            c.remote_sensing_table, "remote_sensing", "", c.remote_sensing_id_field
        )
    elif c.raster is not None:
        job["remote_sensing"] = {"raster": str(raster_source(c.raster, run_dir))}
    if c.street_view is not None:
        street_view = {**source(c.street_view, "street_view"), "image_field": c.image_field}
        root = image_root(c.street_view, c.image_field, c.project_folder)[0]
        if root is not None:  # relative image paths never start from the export's folder
            street_view["image_root"] = str(root)
        job["street_view"] = street_view
    job["model"] = {"embedding_dim": int(c.embedding_dim)}
    job["train"] = {"epochs": int(c.epochs), "seed": int(c.seed), "device": c.device}
    job["output"] = {"dir": str(run_dir), "clusters": int(c.clusters)}
    if c.target_field:
        job["output"]["target_field"] = c.target_field
    for key, value in c.extra.items():
        if isinstance(value, dict) and isinstance(job.get(key), dict):
            job[key].update(value)
        else:
            job[key] = value
    return job


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    escaped = []
    for ch in text:
        if ch == "\\":
            escaped.append("\\\\")
        elif ch == '"':
            escaped.append('\\"')
        elif ch == "\n":
            escaped.append("\\n")
        elif ch == "\t":
            escaped.append("\\t")
        elif ch == "\r":
            escaped.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            escaped.append(f"\\u{ord(ch):04X}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(tr("cannot write {} to a job file").format(value))
        return repr(value)
    if isinstance(value, str | Path):
        return _string(str(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def to_toml(data: dict) -> str:
    """Serialise nested dicts as TOML tables; None values are left out (the engine's defaults apply)."""
    out: list[str] = []

    def table(node: dict, prefix: str) -> None:
        scalars = [(k, v) for k, v in node.items() if v is not None and not isinstance(v, dict)]
        if prefix:
            out.append(f"[{prefix}]")
        out.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars)
        out.append("")
        for k, v in node.items():
            if isinstance(v, dict):
                table(v, f"{prefix}.{_key(k)}" if prefix else _key(k))

    table(data, "")
    return "\n".join(out)


def write_job(c: Choices, run_dir: Path) -> Path:
    """Prepare the job and write it to ``run_dir/job.toml``."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "job.toml"
    path.write_text(to_toml(prepare_job(c, run_dir)), encoding="utf-8")
    return path
