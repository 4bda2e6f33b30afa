"""QGIS styles written without Qt: QML documents (QGIS 3.22+) for the output layer, and the
GeoPackage ``layer_styles`` table through which QGIS opens a layer with its default style.

Symbol-layer properties use the ``<prop k= v=>`` form, which every QGIS 3.x release reads.
"""

from __future__ import annotations

import contextlib
import sqlite3
import warnings
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

import mapclassify
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap, to_rgb

QML_VERSION = "3.22.0-Białowieża"
OUTLINE = "255,255,255,120"
NO_DATA_COLOR = "#c8c8c8"
"""Regions without data (a NULL cluster, colour or prediction): a neutral grey, outside every palette used here, as
the plugin's own maps draw them (plugin/styling.py ``NO_DATA_COLOR``)."""


def _rgba(color: Sequence[float]) -> str:
    r, g, b = (int(round(255 * c)) for c in color[:3])
    return f"{r},{g},{b},255"


_NO_DATA_RGBA = _rgba(to_rgb(NO_DATA_COLOR))


def _data_defined(properties: dict[str, str]) -> str:
    """``data_defined_properties`` binding symbol properties (e.g. fillColor) to fields."""
    if not properties:
        inner = '<Option name="properties"/>'
    else:
        items = "".join(
            f'<Option type="Map" name="{prop}"><Option type="bool" name="active" value="true"/>'
            f'<Option type="QString" name="field" value={quoteattr(field)}/>'
            f'<Option type="int" name="type" value="2"/></Option>'
            for prop, field in properties.items()
        )
        inner = f'<Option type="Map" name="properties">{items}</Option>'
    return (
        '<data_defined_properties><Option type="Map"><Option type="QString" name="name" value=""/>'
        f'{inner}<Option type="QString" name="type" value="collection"/></Option></data_defined_properties>'
    )


def _fill_symbol(name: str, color: str, defined: dict[str, str] | None = None) -> str:
    props = {
        "border_width_map_unit_scale": "3x:0,0,0,0,0,0",
        "color": color,
        "joinstyle": "bevel",
        "offset": "0,0",
        "offset_map_unit_scale": "3x:0,0,0,0,0,0",
        "offset_unit": "MM",
        "outline_color": OUTLINE,
        "outline_style": "solid",
        "outline_width": "0.1",
        "outline_width_unit": "MM",
        "style": "solid",
    }
    prop_xml = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in props.items())
    return (
        f'<symbol type="fill" name={quoteattr(name)} alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleFill" pass="0" locked="0" enabled="1">{prop_xml}{_data_defined(defined or {})}'
        "</layer></symbol>"
    )


def _document(renderer: str) -> str:
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="{QML_VERSION}" styleCategories="Symbology">\n{renderer}\n'
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerGeometryType>2</layerGeometryType>\n</qgis>\n"
    )


def _label(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _label_decimals(values: np.ndarray, bounds: Sequence[float]) -> int:
    """Decimals of every label of a legend, one number for all (trailing zeros kept, so the bounds line up): 0 for a
    spread of 100 or more, 2 from 1, else 4, more where two class bounds would otherwise read the same. The
    plugin's maps follow the same rule (plugin/styling.py ``_precision``)."""
    spread = float(values.max() - values.min())
    decimals = 0 if spread >= 100 else 2 if spread >= 1 else 4
    while decimals < 10 and len({round(b, decimals) for b in bounds}) < len(set(bounds)):
        decimals += 1
    return decimals


@contextlib.contextmanager
def few_values_merged():
    """Quiet mapclassify's warning that a column has fewer distinct values than classes (the weights of a single
    modality, say): it merges the classes, which is what a map of such a column should show."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Not enough unique values", UserWarning)
        yield


def graduated_qml(values: np.ndarray, field: str, k: int = 5, cmap: str = "viridis") -> str:
    """Graduated-colour style of ``field``: quantile classes (mapclassify.Quantiles), Viridis."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    k = max(1, min(k, len(np.unique(values))))
    with few_values_merged():
        bins = mapclassify.Quantiles(values, k=k).bins if k > 1 else np.array([values.max()])
    bins = np.unique(bins)
    lowers = np.concatenate([[values.min()], bins[:-1]])
    decimals = _label_decimals(values, [values.min(), *bins.tolist()])
    ramp = colormaps[cmap]
    colors = [ramp(t) for t in (np.linspace(0, 1, len(bins)) if len(bins) > 1 else [0.5])]
    ranges = "".join(
        f'<range render="true" symbol="{i}" lower="{lo!r}" upper="{hi!r}" '
        f"label={quoteattr(f'{_label(lo, decimals)} – {_label(hi, decimals)}')}/>"
        for i, (lo, hi) in enumerate(zip(lowers.tolist(), bins.tolist(), strict=True))
    )
    symbols = "".join(_fill_symbol(str(i), _rgba(c)) for i, c in enumerate(colors))
    stops = ":".join(f"{t:.4f};{_rgba(ramp(t))}" for t in np.linspace(0, 1, 9)[1:-1])
    renderer = (
        f'<renderer-v2 type="graduatedSymbol" attr={quoteattr(field)} graduatedMethod="GraduatedColor" '
        'symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">'
        f"<ranges>{ranges}</ranges><symbols>{symbols}</symbols>"
        f"<source-symbol>{_fill_symbol('0', _rgba(ramp(0.5)))}</source-symbol>"
        f'<colorramp type="gradient" name="[source]"><prop k="color1" v="{_rgba(ramp(0.0))}"/>'
        f'<prop k="color2" v="{_rgba(ramp(1.0))}"/><prop k="discrete" v="0"/>'
        f'<prop k="rampType" v="gradient"/><prop k="stops" v="{stops}"/></colorramp>'
        '<classificationMethod id="Quantile"><symmetricMode enabled="0" symmetrypoint="0" astride="0"/>'
        f'<labelFormat format="%1 – %2" labelprecision="{decimals}" trimtrailingzeroes="0"/>'
        '<parameters><Option/></parameters><extraInformation/></classificationMethod>'
        "</renderer-v2>"
    )
    return _document(renderer)


_GREYS = (14, 15)
"""tab20's grey pair: its light grey is all but the "No data" grey (#c7c7c7 against :data:`NO_DATA_COLOR`)."""
CATEGORY_COLORS = ListedColormap(
    [colormaps["tab20"](i) for i in [*range(0, 20, 2), *range(1, 20, 2)] if i not in _GREYS]
)
"""tab10, then tab20's light shades after all of them (not paired with them as in tab20), both without their greys,
so that the first nine categories never share a hue and none looks like "No data"; the plugin's categorized maps
use the same colours."""


def categorized_qml(
    categories: Sequence[int], field: str = "cluster", label: str = "Cluster", no_data: bool = False
) -> str:
    """Categorized style of an integer field (one :data:`CATEGORY_COLORS` colour per category); ``no_data``: a
    last, grey "No data" category for the regions where the field is NULL (QGIS's "all other values", value "")."""
    ramp = CATEGORY_COLORS
    cats = "".join(
        f'<category render="true" symbol="{i}" value="{c}" label={quoteattr(f"{label} {c}")} type="integer"/>'
        for i, c in enumerate(categories)
    )
    symbols = "".join(_fill_symbol(str(i), _rgba(ramp(i % ramp.N))) for i in range(len(categories)))
    if no_data:
        cats += f'<category render="true" symbol="{len(categories)}" value="" label="No data" type="string"/>'
        symbols += _fill_symbol(str(len(categories)), _NO_DATA_RGBA)
    renderer = (
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} symbollevels="0" enableorderby="0" '
        f'forceraster="0" referencescale="-1"><categories>{cats}</categories><symbols>{symbols}</symbols>'
        f"<source-symbol>{_fill_symbol('0', '128,128,128,255')}</source-symbol></renderer-v2>"
    )
    return _document(renderer)


def rgb_qml(field: str = "color") -> str:
    """Single-symbol style whose fill colour is read from the '#rrggbb' ``field`` of each region,
    so similar embeddings look alike on the map; where the field is NULL (a region without data) QGIS falls back
    to the symbol's own colour, the no-data grey."""
    renderer = (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">'
        f"<symbols>{_fill_symbol('0', _NO_DATA_RGBA, {'fillColor': field})}</symbols></renderer-v2>"
    )
    return _document(renderer)


LAYER_STYLES_SQL = """
CREATE TABLE IF NOT EXISTS "layer_styles" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256),
  "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT,
  "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30),
  "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""


def store_styles(gpkg: Path, layer: str, styles: dict[str, str], default: str) -> None:
    """Save QML styles in the GeoPackage's ``layer_styles`` table as QGIS does ("Save style → in
    database"); the ``default`` one is what QGIS applies when the layer is opened."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with sqlite3.connect(gpkg) as db:
        row = db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()
        geometry_column = row[0] if row else ""
        db.execute(LAYER_STYLES_SQL)
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles', '', ?)",
            (now,),
        )
        db.executemany(
            'INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "styleName",'
            ' "styleQML", "styleSLD", "useAsDefault", description, owner, ui) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
            [
                (
                    "",
                    "",
                    layer,
                    geometry_column,
                    name,
                    qml,
                    "",
                    int(name == default),
                    f"MTGRR: {name}",
                    "",
                    None,
                )
                for name, qml in styles.items()
            ],
        )
    db.close()
