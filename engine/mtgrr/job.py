"""The job file: one TOML document describing a whole run.

The CLI, the QGIS dock and the Processing algorithms all write and read this format. It is
validated with pydantic before any work starts; relative paths are resolved against the job
file's folder. See the README ("The job file") for a complete example.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, get_args

import numpy as np
import tomllib
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import InputError

MAX_SEED = 2**32 - 1
"""The largest seed numpy, torch and scikit-learn all take (seeds run from 0)."""

Name = Annotated[str, StringConstraints(min_length=1)]
"""A field, column or layer name: an empty one would match nothing and fail deep inside ingest."""


def _typed(kind: str, accepted: Callable[[object], bool]):
    """A check before pydantic's own: TOML has types, so a quoted number (epochs = "20") or a word or number for a
    boolean (cnn = "no", cnn = 1) is most likely a mistake, which pydantic's lax mode would take (as 20, as false).
    Python's and numpy's numbers pass as before (a job built in Python, a seed from numpy)."""

    def check(value):
        if not accepted(value):
            raise PydanticCustomError(f"{kind}_type", "Input should be a valid {kind}", {"kind": kind})
        return value

    return BeforeValidator(check)


def _number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


Int = Annotated[int, _typed("int", _number)]  # 20.5 is then refused by pydantic, 20.0 taken as 20
Float = Annotated[float, _typed("float", _number)]
Bool = Annotated[bool, _typed("bool", lambda value: isinstance(value, bool | np.bool_))]


class _Spec(BaseModel):
    # validate_assignment: a job changed in Python (job.train.epochs = "20") is checked as the file is
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def __setattr__(self, name: str, value) -> None:
        """A refused assignment leaves the section as it was: pydantic keeps a value that a model validator
        refused (e.g. job.poi.category_field = None while job.poi.path is set)."""
        old = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            if name in type(self).model_fields:
                self.__dict__[name] = old
            raise


class TableSpec(_Spec):
    """A precomputed per-region table (CSV, GeoPackage, Parquet...) keyed by region id."""

    path: Path
    layer: Name | None = None
    id_field: Name = "region_id"
    columns: list[Name] | None = Field(
        None, min_length=1, description="feature columns; default: every mostly numeric column"
    )


class LayerSpec(_Spec):
    """Any OGR vector source; CSV point tables name their coordinate columns."""

    path: Path | None = None
    layer: Name | None = None
    x_field: Name | None = Field(None, description="CSV/table x (or longitude) column")
    y_field: Name | None = Field(None, description="CSV/table y (or latitude) column")
    crs: str | None = Field(None, description="CRS of a layer or coordinate columns that carry none")
    table: TableSpec | None = Field(None, description="precomputed per-region features instead of a layer")

    @model_validator(mode="after")
    def _one_source(self):
        if (self.path is None) == (self.table is None):
            raise ValueError("give either 'path' (a layer) or 'table' (precomputed per-region features)")
        if (self.x_field is None) != (self.y_field is None):
            raise ValueError("give both 'x_field' and 'y_field', or neither")
        return self


class GridSpec(_Spec):
    shape: Literal["hexagon", "square"] = "hexagon"
    cell_size: Float = Field(gt=0, description="cell size in metres (hexagon: edge-to-edge width)")


class RegionsSpec(_Spec):
    """Polygons with an id field; or a table of ids only (no geometry); or a generated grid."""

    path: Path | None = None
    layer: Name | None = None
    id_field: Name = "region_id"
    grid: GridSpec | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.path is None) == (self.grid is None):
            raise ValueError("give either 'path' (a regions layer or id table) or 'grid' (generate cells)")
        return self


class PoiSpec(LayerSpec):
    category_field: Name | None = None

    @model_validator(mode="after")
    def _fields(self):
        if self.path is not None and not self.category_field:
            raise ValueError("'category_field' is required with a POI layer")
        return self


class ODSpec(_Spec):
    """An origin-destination table between region ids."""

    path: Path
    layer: Name | None = None
    origin_field: Name = "origin_id"
    destination_field: Name = "destination_id"
    count_field: str = Field("trips", description='trip counts; "" counts one trip per row')


class HourlyFlowSpec(_Spec):
    """Trips leaving and entering each region per hour of day, keyed by region id: the hourly
    profile an OD table cannot give (it has no times)."""

    path: Path
    layer: Name | None = None
    id_field: Name = "region_id"
    out_prefix: str = Field("out_h", description="columns <out_prefix>00 .. <out_prefix>23: trips leaving")
    in_prefix: str = Field("in_h", description="columns <in_prefix>00 .. <in_prefix>23: trips entering")

    @model_validator(mode="after")
    def _two_prefixes(self):
        if not self.out_prefix or not self.in_prefix or self.out_prefix == self.in_prefix:
            raise ValueError("'out_prefix' and 'in_prefix' must be two different, non-empty column prefixes")
        return self


class MobilitySpec(LayerSpec):
    """Trips (pickup/dropoff coordinates, or line geometries), or an OD table, or precomputed."""

    pickup_x: Name | None = None
    pickup_y: Name | None = None
    dropoff_x: Name | None = None
    dropoff_y: Name | None = None
    time_field: str | None = Field(None, description="pickup time, for hourly profiles")
    od: ODSpec | None = None
    hourly: HourlyFlowSpec | None = Field(None, description="hourly flows per region, with an OD table")
    od_profile: Bool = Field(
        False,
        description="add each region's trip counts to and from every region as features "
        "(at most 2000 regions; meant for dense flows: it warns when most region pairs with trips carry a single "
        "trip; the model then embeds only this region set)",
    )

    @model_validator(mode="after")
    def _one_source(self):  # overrides LayerSpec's rule: an OD table is a third kind of source
        sources = [self.path is not None, self.table is not None, self.od is not None]
        if sum(sources) != 1:
            raise ValueError("give exactly one of 'path' (trips), 'od' (OD table) or 'table' (precomputed)")
        if self.od_profile and self.table is not None:
            raise ValueError("'od_profile' needs trips or an OD table, not a precomputed table")
        if self.od is not None and self.time_field:
            raise ValueError(
                "an OD table has no trip times: drop 'time_field' and give [mobility.hourly] instead"
            )
        if self.hourly is not None and self.od is None:
            raise ValueError(
                "'hourly' goes with an OD table ('od'); trips get their hourly profile from 'time_field'"
            )
        if self.x_field or self.y_field:  # a point table's keys: a trip has two points
            raise ValueError("trips name pickup_x, pickup_y, dropoff_x and dropoff_y, not x_field / y_field")
        coords = [self.pickup_x, self.pickup_y, self.dropoff_x, self.dropoff_y]
        if any(coords) and not all(coords):
            raise ValueError("give all of pickup_x, pickup_y, dropoff_x, dropoff_y, or none (line trips)")
        return self


class LandUseSpec(LayerSpec):
    class_field: Name | None = None

    @model_validator(mode="after")
    def _fields(self):
        if self.path is not None and not self.class_field:
            raise ValueError("'class_field' is required with a land-use layer")
        return self


class RoadsSpec(LayerSpec):
    class_field: Name | None = None

    @model_validator(mode="after")
    def _fields(self):
        if self.path is not None and not self.class_field:
            raise ValueError("'class_field' is required with a roads layer")
        return self


class RemoteSensingSpec(_Spec):
    """A multi-band raster, or a precomputed per-region table."""

    raster: Path | None = None
    bands: list[Int] | None = Field(None, description="1-based band numbers; default all")
    percentiles: list[Float] = [10.0, 50.0, 90.0]
    cnn: Bool = Field(False, description="add ImageNet EfficientNet-Lite0 features of region chips")
    chip_size: Int = Field(64, ge=16, le=512, description="chip size in pixels for CNN features")
    nodata: Float | None = Field(
        None,
        description="pixel value meaning no data in every band, in place of the one the raster declares "
        "(nan: only NaN pixels, so a wrongly declared value counts as data); infinities and values beyond "
        "±1e30 are nodata anyway",
    )
    table: TableSpec | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.raster is None) == (self.table is None):
            raise ValueError("give either 'raster' (a GeoTIFF) or 'table' (precomputed per-region features)")
        if self.table is not None and self.nodata is not None:
            raise ValueError(
                f"'nodata' ({self.nodata:g}) is a raster pixel value, and a precomputed 'table' has no pixels: "
                "remove 'nodata', or give the 'raster' instead of the table"
            )
        return self


class StreetViewSpec(LayerSpec):
    """Image points with an image path field, or with precomputed feature columns."""

    image_field: Name | None = None
    feature_columns: list[Name] | None = Field(None, min_length=1)
    region_field: Name | None = Field(None, description="region id per point, for data without geometry")
    image_root: Path | None = Field(None, description="folder that relative image paths start from")

    @model_validator(mode="after")
    def _fields(self):
        if self.table is not None:
            raise ValueError("street view is point-level: give image points ('path'), not a region table")
        if (self.image_field is None) == (self.feature_columns is None):
            raise ValueError("give either 'image_field' (image paths) or 'feature_columns' (precomputed)")
        return self


class GraphOptions(_Spec):
    knn: Int = Field(10, ge=1, description="neighbours in each feature-similarity graph")
    island_neighbours: Int = Field(
        3, ge=1, description="nearest regions joined to a region with no shared border"
    )
    svi_knn: Int = Field(8, ge=1, description="nearest images joined to each street-view image")


ExpertName = Literal["flow", "gcn", "gat", "gin", "sage"]


class ModelOptions(_Spec):
    embedding_dim: Int = Field(64, ge=2, le=1024)
    hidden_dim: Int = Field(128, ge=4, le=4096)
    experts: dict[Literal["poi", "mobility", "landuse", "roads", "remote_sensing"], ExpertName] = Field(
        default_factory=dict, description="expert architecture per modality, over the defaults"
    )
    identical_experts: Bool = False
    fusion: Literal["spatial", "global", "uniform"] = "spatial"
    temperature: Float = Field(0.2, gt=0)
    lambda_agg: Float = Field(1.0, ge=0)
    lambda_point: Float = Field(1.0, ge=0)
    lambda_fusion: Float = Field(1.0, ge=0)
    dropout: Float = Field(0.1, ge=0, lt=1)
    edge_drop: Float = Field(0.2, ge=0, lt=1, description="augmentation: share of edges dropped per view")
    feature_mask: Float = Field(0.2, ge=0, lt=1, description="augmentation: share of feature columns masked")
    # Our additions and changes to design/model.md (0, 0, 0, "fused", false, false, true and
    # typed_relations = false, with experts = {poi = "gat"}, give the model as model.md describes it):
    lambda_reconstruction: Float = Field(1.0, ge=0, description="rebuild each modality's features")
    lambda_od: Float = Field(1.0, ge=0, description="predict each region's out/in flow distributions")
    lambda_flow: Float = Field(
        0.0, ge=0, description="predict the trips from the mobility expert's block, every trip alike"
    )
    output: Literal["concat", "fused"] = Field(
        "concat",
        description="embedding = fused vector + modality vectors scaled by their weights, or the fused vector alone",
    )
    output_power: Float = Field(
        1.0,
        ge=0,
        le=4,
        description="concat output: each modality block is scaled by its fusion weight to this power "
        "(0: unscaled; above 1: a block stands out more where its modality dominates)",
    )
    projection_heads: Bool = Field(True, description="contrastive terms compare MLP projections (SimCLR)")
    evidence_prior: Bool = Field(
        True, description="spatial fusion weighs each modality by the data behind it in each region"
    )
    learned_gate: Bool = Field(
        False, description="model.md's gate over modality embeddings and position in the spatial fusion"
    )
    typed_relations: Bool = Field(
        True,
        description="each expert reads its modality's own graph and contiguity apart (one convolution each) "
        "rather than one convolution over their union",
    )

    @model_validator(mode="after")
    def _one_expert_choice(self):
        if self.identical_experts and self.experts:
            raise ValueError(
                "'identical_experts' uses GCN for every modality, so 'experts' would be ignored: give one of them"
            )
        return self


class TrainOptions(_Spec):
    epochs: Int = Field(300, ge=1)
    lr: Float = Field(1e-3, gt=0)
    weight_decay: Float = Field(1e-5, ge=0)
    seed: Int = Field(0, ge=0, le=MAX_SEED)
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    patience: Int = Field(
        50, ge=1, description="stop when the training loss has not improved for this many epochs"
    )
    ema_decay: Float = Field(
        0.0,
        ge=0,
        lt=1,
        description="> 0: embed with the moving average of the parameters (this decay per epoch) "
        "instead of the best-loss epoch's",
    )


class OutputSpec(_Spec):
    dir: Path = Path("mtgrr_output")
    formats: list[Literal["gpkg", "csv", "parquet"]] = Field(
        ["gpkg"], min_length=1, description="embedding tables to write (at least one)"
    )
    clusters: Int = Field(8, ge=2, description="KMeans clusters in the output layer")
    target_field: str | None = Field(None, description="region attribute to predict and map")


class Job(_Spec):
    """A complete run. Only ``regions`` is required here, so that a regions-only job can drive the regions
    reader; :func:`load_job` also asks a job file for at least one modality."""

    name: str = "mtgrr"
    crs: str = Field("auto", description="metric CRS for all layers, e.g. EPSG:32618; 'auto' = local UTM")
    regions: RegionsSpec
    poi: PoiSpec | None = None
    mobility: MobilitySpec | None = None
    landuse: LandUseSpec | None = None
    roads: RoadsSpec | None = None
    remote_sensing: RemoteSensingSpec | None = None
    street_view: StreetViewSpec | None = None
    graphs: GraphOptions = GraphOptions()
    model: ModelOptions = ModelOptions()
    train: TrainOptions = TrainOptions()
    output: OutputSpec = OutputSpec()

    @field_validator("crs")
    @classmethod
    def _metric_crs(cls, value: str) -> str:
        """Areas, densities, grids and neighbour distances are computed in this CRS, so it must count metres."""
        if value == "auto":
            return value
        from pyproj import CRS

        try:
            crs = CRS.from_user_input(value)
        except Exception:  # noqa: BLE001 - pyproj raises CRSError subclasses and ValueError
            raise ValueError(
                f'unknown CRS {value!r}: use an authority code such as "EPSG:32618", or "auto"'
            ) from None
        unit = crs.axis_info[0].unit_name if crs.axis_info else "unknown"
        if not crs.is_projected or unit not in ("metre", "meter"):
            raise ValueError(
                f"crs {value!r} is not metric (its unit is the {unit}): use a metric CRS such as the local UTM zone, "
                'or "auto" to pick it'
            )
        return value

    def modalities(self) -> list[str]:
        """Modalities this job provides, in the engine's fixed order."""
        from . import MODALITIES

        return [m for m in MODALITIES if getattr(self, m) is not None]


def _resolve_paths(node, base: Path):
    """Make every Path field absolute relative to the job file's folder."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if isinstance(value, Path) and not value.is_absolute():
                setattr(node, name, (base / value).resolve())
            else:
                _resolve_paths(value, base)


def _section(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    """The model of ``model``'s key ``name`` when that key is a section (a TOML table), else None."""
    field = model.model_fields.get(name) if model is not None else None
    if field is None:
        return None
    kinds = (field.annotation, *get_args(field.annotation))
    return next((t for t in kinds if isinstance(t, type) and issubclass(t, BaseModel)), None)


def _shown(value) -> str:
    """A value as TOML writes it, shortened: the message repeats what the user wrote."""
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k} = {_shown(v)}" for k, v in value.items()) + "}"
    else:
        try:
            text = _toml_value(value)
        except TypeError:
            text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _bounds(field, ctx: dict) -> str:
    """'from 0 to 4294967295', 'at least 1', 'at least 0 and less than 1': every bound of the key, not only the
    one the value broke."""
    found = {
        k: getattr(m, k)
        for m in (field.metadata if field else ())
        for k in ("ge", "gt", "le", "lt")
        if hasattr(m, k)
    }
    found = found or ctx
    if "ge" in found and "le" in found:
        return f"from {_number(found['ge'])} to {_number(found['le'])}"
    words = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}
    return " and ".join(f"{words[k]} {_number(v)}" for k, v in found.items() if k in words)


def _unknown_key(owner: type[BaseModel] | None, path: list[str], key: str, value) -> str:
    """An unknown key with the closest valid one; at the top level, also the keys and sections a job takes."""
    names = list(owner.model_fields) if owner is not None else []

    def named(name: str) -> str:
        return f"[{'.'.join([*path, name])}]" if _section(owner, name) else f"'{name}'"

    close = difflib.get_close_matches(key.lower(), names, n=1)
    text = f"unknown {'section' if isinstance(value, dict) else 'key'}"
    text += f", did you mean {named(close[0])}?" if close else "."
    if close and (path or owner is not Job):  # the job's top level lists its sections even so
        return text
    listed = ", ".join(named(n) for n in names)
    takes = f"[{'.'.join(path)}] takes" if path else "The job file takes" if owner is Job else "Its keys are"
    return f"{text} {takes} {listed}."


_EXPECTED = {"int": "a whole number", "float": "a number", "bool": "true or false"}


def _problem(e: dict, root: type[BaseModel] | None) -> str:
    """One validation error as one line: the key, the value written, and what to write instead."""
    loc, kind, value, ctx = list(e["loc"]), e["type"], e.get("input"), e.get("ctx") or {}
    if loc[-1:] == ["[key]"]:  # a dict key that is not allowed: name the dict, then the key
        loc, prefix = loc[:-2], f"unknown key {_shown(value)}: "
    else:
        prefix = ""
    where = ""
    for part in loc:
        where += f" (item {part + 1})" if isinstance(part, int) else ("." if where else "") + part
    keys = [p for p in loc if isinstance(p, str)]
    owner = root
    for part in keys[:-1]:
        owner = _section(owner, part)
    name = keys[-1] if keys else ""
    field = owner.model_fields.get(name) if owner is not None else None
    default = field.default if field is not None else None
    example = f"{name} = {_shown(default)}" if isinstance(default, int | float | str | list) else ""

    show_value = not prefix and kind not in ("missing", "extra_forbidden", "value_error")
    if kind == "extra_forbidden":
        text = _unknown_key(owner, keys[:-1], name, value)
    elif kind == "missing":
        text = f"the [{where}] section is required" if _section(owner, name) else "required key is missing"
    elif kind == "literal_error":
        text = "use one of " + ", ".join(f'"{v}"' for v in ctx["expected"].split("'")[1::2])
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        text = "must be " + _bounds(field, ctx)
    elif kind in ("model_type", "dict_type") and not where:
        text = f"a table of keys is expected, not {_shown(value)}"
    elif kind in ("model_type", "dict_type"):
        text = f"[{where}] is a section (a table), not a value: write [{where}] on a line of its own, its keys below it"
        section = _section(owner, name)
        if section is not None:
            text += " (" + ", ".join(section.model_fields) + ")"
    elif kind == "list_type":
        text = f"a list is expected, e.g. {name} = [{_shown(value)}]"
    elif kind in ("string_type", "path_type"):
        text = ("a path" if kind == "path_type" else "text") + " in quotes is expected"
        if isinstance(value, int | float) and not isinstance(value, bool):
            text += f', e.g. {name} = "{value}"'
    elif kind == "string_too_short":
        text = (
            "an empty name: give the name of a layer of the file, or leave the key out (the file's only layer)"
            if name == "layer"
            else "an empty name: give the name of a field (column) of the layer or table"
        )
    elif kind == "too_short":
        text = f"too few values: give at least {ctx['min_length']}" + (
            f" (e.g. {example})" if example else ""
        )
    elif kind.partition("_")[0] in _EXPECTED:  # int_parsing, int_from_float, float_type, bool_parsing...
        text = _EXPECTED[kind.partition("_")[0]] + " is expected"
        hints = [f"e.g. {example}"] if example else []
        hints += ["without quotes"] if isinstance(value, str) else []
        text += f" ({', '.join(hints)})" if hints else ""
    else:  # pydantic's own wording; validators' messages come this way
        text = e["msg"].removeprefix("Value error, ")
    head = f"{where} = {_shown(value)}" if show_value and where else where
    return f"{head}: {prefix}{text}" if head else prefix + text


def validation_problems(err: ValidationError) -> list[str]:
    """One line per problem of a job's (or one of its sections') ValidationError, in job-file terms: the key,
    the value written and what to write instead, without pydantic's wording, class names or links."""
    root = globals().get(err.title)
    root = root if isinstance(root, type) and issubclass(root, _Spec) else None
    return [_problem(e, root) for e in err.errors()]


def _format_errors(err: ValidationError, source: str) -> InputError:
    return InputError(
        "invalid job file:\n" + "\n".join(f"  {line}" for line in validation_problems(err)),
        where=source,
        fix="correct the keys listed above.",
    )


def parse_job(data: dict, base_dir: str | Path = ".", source: str = "job") -> Job:
    """Validate a job given as a dict (as read from TOML) and resolve its relative paths."""
    try:
        job = Job.model_validate(data)
    except ValidationError as err:
        raise _format_errors(err, source) from None
    _resolve_paths(job, Path(base_dir).resolve())
    return job


_NOT_JOB_FILES = {
    ".pt": "a model file",
    ".tif": "a raster",
    ".tiff": "a raster",
    ".gpkg": "a GeoPackage",
    ".shp": "a Shapefile",
    ".csv": "a CSV table",
    ".parquet": "a Parquet table",
    ".geojson": "a GeoJSON layer",
}
"""Files that a job file's place on the command line gets by mistake (``mtgrr embed JOB.toml MODEL.pt``, the
arguments swapped; a data file instead of its job), named by what they are when they do not read as TOML."""


def _unreadable_job(path: Path, raw: bytes, err: ValueError) -> InputError:
    """Why a job file does not read as TOML: it is another kind of file, or text in another encoding, or a
    syntax error."""
    where = str(path)
    kind = _NOT_JOB_FILES.get(path.suffix.lower())
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode"
        return InputError(
            "the file is UTF-16 text (Windows calls it 'Unicode'); a job file is UTF-8.",
            where=where,
            fix="save it again with the UTF-8 encoding (e.g. Notepad: Save As, Encoding: UTF-8).",
        )
    if kind or b"\0" in raw[:8192]:
        fix = "give the job's TOML file (e.g. job.toml)"
        if path.suffix.lower() == ".pt":
            fix += "; to embed with a model, the model comes first: mtgrr embed MODEL.pt JOB.toml"
        return InputError(
            f"this is {kind or 'a binary file'}, not a job file (TOML text).", where=where, fix=fix + "."
        )
    if isinstance(err, UnicodeDecodeError):
        line = raw[: err.start].count(b"\n") + 1
        return InputError(
            f"not a UTF-8 text file: byte 0x{raw[err.start]:02x} on line {line} is not UTF-8 (the file is perhaps "
            "saved as Latin-1 or Windows-1252).",
            where=where,
            fix="save it again with the UTF-8 encoding (e.g. Notepad: Save As, Encoding: UTF-8).",
        )
    return InputError(f"not valid TOML ({err}).", where=where, fix="correct the syntax at that line.")


def load_job(path: str | Path) -> Job:
    """Read and validate a TOML job file (UTF-8, with or without the byte-order mark Windows editors write)."""
    path = Path(path)
    if path.is_dir():
        inside = sorted(p.name for p in path.glob("*.toml"))
        if "job.toml" in inside:
            fix = f"give the job file in it: {path / 'job.toml'}"
        elif inside:
            fix = "give one of its job files: " + ", ".join(str(path / name) for name in inside[:5])
            fix += f", ... ({len(inside)} in all)" if len(inside) > 5 else ""
        else:
            fix = "give the path of a .toml job file"
        raise InputError("this is a folder, not a job file.", where=str(path), fix=fix + ".")
    if not path.is_file():
        raise InputError(
            "job file not found.", where=str(path), fix="give the path of an existing .toml file."
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(
            f"cannot read the job file ({err.strerror}).",
            where=str(path),
            fix="check the file's permissions.",
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise _unreadable_job(path, raw, err) from None
    job = parse_job(data, path.parent, str(path))
    if not job.modalities():  # refused before any reading, not after the regions (where="dataset")
        raise InputError(
            "the job has no modality to learn from.",
            where=str(path),
            fix="give at least one of the sections [poi], [mobility], [landuse], [roads], [remote_sensing] or "
            "[street_view].",
        )
    return job


def dump_job(job: Job) -> str:
    """Serialise a job back to TOML (paths as absolute strings)."""
    return _to_toml(job.model_dump(mode="json", exclude_none=True))


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _to_toml(data: dict, prefix: str = "") -> str:
    scalars = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    out = []
    if scalars:
        if prefix:
            out.append(f"[{prefix}]")
        out.extend(scalars)
        out.append("")
    for k, v in data.items():
        if isinstance(v, dict):
            out.append(_to_toml(v, f"{prefix}.{k}" if prefix else k))
    return "\n".join(out)
