"""The in-memory contract between pipeline stages.

ingest/features produce a :class:`RegionDataset`; graphs add sparse graphs to it; the model and
training read it. Rows of every per-region array follow ``RegionDataset.region_ids``.
Everything is plain numpy so it can be saved without pickle (``.npz`` + JSON + GeoPackage).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REGION_ID = "region_id"
"""Index name for regions in every table this engine writes."""


@dataclass
class Graph:
    """A sparse graph as an edge list (PyG convention: row 0 = source, row 1 = target).

    Undirected graphs store both directions. ``num_nodes`` is the number of regions, or of
    street-view points for point-level graphs.
    """

    edge_index: np.ndarray  # (2, E) int64
    edge_weight: np.ndarray  # (E,) float32
    num_nodes: int
    directed: bool = False

    def __post_init__(self):
        self.edge_index = np.asarray(self.edge_index, dtype=np.int64).reshape(2, -1)
        self.edge_weight = np.asarray(self.edge_weight, dtype=np.float32).reshape(-1)
        if self.edge_weight.shape[0] != self.edge_index.shape[1]:
            raise ValueError("edge_weight must have one value per edge")
        if self.edge_index.size and (self.edge_index.min() < 0 or self.edge_index.max() >= self.num_nodes):
            raise ValueError("edge_index refers to a node outside 0..num_nodes-1")

    @property
    def num_edges(self) -> int:
        return int(self.edge_index.shape[1])


@dataclass
class ModalityFeatures:
    """Per-region features of one aggregated modality.

    ``present[i]`` is False for regions with no data for this modality (their row is zeros), so
    the model can mask them instead of learning from fake zeros. ``support[i]`` is the amount of
    raw evidence behind row i (POIs or trips counted, share of the area mapped), or None where
    the source does not say (precomputed tables): a row built from 2 POIs is noisier than one
    built from 200, and the fusion weighs modalities by it.
    """

    name: str
    values: np.ndarray  # (N, F) float32
    columns: list[str]
    present: np.ndarray  # (N,) bool
    support: np.ndarray | None = None  # (N,) float64 ≥ 0

    def __post_init__(self):
        self.values = np.asarray(self.values, dtype=np.float32)
        self.present = np.asarray(self.present, dtype=bool)
        if self.values.ndim != 2 or self.values.shape[1] != len(self.columns):
            raise ValueError(f"{self.name}: values must be (N, {len(self.columns)})")
        if self.present.shape != (self.values.shape[0],):
            raise ValueError(f"{self.name}: present must have one flag per region")
        if self.support is not None:
            self.support = np.asarray(self.support, dtype=np.float64)
            if self.support.shape != self.present.shape or not (self.support >= 0).all():
                raise ValueError(f"{self.name}: support must be one non-negative value per region")


@dataclass
class PointFeatures:
    """Street-view images: one node per image, assigned to the region that contains it."""

    values: np.ndarray  # (P, F) float32 image embeddings or given feature columns
    columns: list[str]
    region_index: np.ndarray  # (P,) int64, row in RegionDataset.region_ids
    xy: np.ndarray | None = None  # (P, 2) float64, metric CRS; None without geometry
    point_ids: np.ndarray | None = None  # (P,) original ids, for traceability

    def __post_init__(self):
        self.values = np.asarray(self.values, dtype=np.float32)
        self.region_index = np.asarray(self.region_index, dtype=np.int64)
        if self.values.shape[0] != self.region_index.shape[0]:
            raise ValueError("street_view: one region index per image is required")


@dataclass
class RegionDataset:
    """All inputs of one job, aligned on the regions.

    ``regions`` is a GeoDataFrame in the job's metric CRS indexed by ``region_id`` (or None
    when the dataset has no geometry); ``graphs`` holds named sparse graphs, e.g.
    ``adjacency``, ``mobility``, ``roads``, ``knn_poi`` ... and ``svi_knn`` over images.
    ``report`` counts documented fallbacks (repaired geometries, dropped trips...). ``graph_options``
    records the ``[graphs]`` settings the graphs were built with, so that embedding with a model trained
    on other settings can rebuild them as trained.
    """

    region_ids: np.ndarray
    regions: object | None = None  # geopandas.GeoDataFrame | None
    crs: str | None = None
    modalities: dict[str, ModalityFeatures] = field(default_factory=dict)
    points: PointFeatures | None = None
    graphs: dict[str, Graph] = field(default_factory=dict)
    profiles: dict[str, np.ndarray] = field(default_factory=dict)  # e.g. hourly in/out flows
    report: dict[str, int] = field(default_factory=dict)
    graph_options: dict | None = None  # the [graphs] settings build_graphs used; None: not known

    @property
    def num_regions(self) -> int:
        return int(len(self.region_ids))

    @property
    def centroids(self) -> np.ndarray | None:
        """(N, 2) projected centroids, or None without geometry."""
        if self.regions is None:
            return None
        c = self.regions.geometry.centroid
        return np.column_stack([c.x.to_numpy(), c.y.to_numpy()])

    def present(self, modality: str) -> np.ndarray:
        """(N,) bool: the regions with data of ``modality`` (for street view, those holding an image)."""
        if modality == "street_view":
            has = np.zeros(self.num_regions, dtype=bool)
            has[self.points.region_index] = True
            return has
        return self.modalities[modality].present

    def count(self, key: str, n: int) -> None:
        """Record a documented fallback (only non-zero counts are kept)."""
        if n:
            self.report[key] = self.report.get(key, 0) + int(n)

    # ---- persistence without pickle -------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Write ``dataset.npz`` + ``dataset.json`` (+ ``regions.gpkg``) into ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"region_ids": np.asarray(self.region_ids).astype(str)}
        meta: dict = {
            "crs": self.crs,
            "report": self.report,
            "region_id_dtype": str(np.asarray(self.region_ids).dtype.kind),
            "modalities": {},
            "graphs": {},
            "profiles": sorted(self.profiles),
            "points": None,
            "graph_options": self.graph_options,
        }
        for name, mod in self.modalities.items():
            arrays[f"mod/{name}/values"] = mod.values
            arrays[f"mod/{name}/present"] = mod.present
            if mod.support is not None:
                arrays[f"mod/{name}/support"] = mod.support
            meta["modalities"][name] = mod.columns
        for name, g in self.graphs.items():
            arrays[f"graph/{name}/edge_index"] = g.edge_index
            arrays[f"graph/{name}/edge_weight"] = g.edge_weight
            meta["graphs"][name] = {"num_nodes": g.num_nodes, "directed": g.directed}
        for name, prof in self.profiles.items():
            arrays[f"profile/{name}"] = prof
        if self.points is not None:
            p = self.points
            arrays["points/values"] = p.values
            arrays["points/region_index"] = p.region_index
            if p.xy is not None:
                arrays["points/xy"] = p.xy
            if p.point_ids is not None:
                arrays["points/point_ids"] = np.asarray(p.point_ids).astype(str)
            meta["points"] = {"columns": p.columns}
        np.savez_compressed(directory / "dataset.npz", **arrays)
        (directory / "dataset.json").write_text(json.dumps(meta, indent=1))
        if self.regions is not None:
            self.regions.reset_index().to_file(directory / "regions.gpkg", layer="regions", driver="GPKG")
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> RegionDataset:
        """Read a dataset that :meth:`save` wrote, e.g. the ``dataset`` folder of ``mtgrr ingest``: ingest once,
        then ``train_model`` on it as often as needed, without reading the inputs again."""
        directory = Path(directory)
        meta = json.loads((directory / "dataset.json").read_text())
        with np.load(directory / "dataset.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        ids = arrays["region_ids"]
        if meta.get("region_id_dtype") in ("i", "u"):
            ids = ids.astype(np.int64)
        regions = None
        if (directory / "regions.gpkg").exists():
            import geopandas as gpd

            regions = gpd.read_file(directory / "regions.gpkg", layer="regions").set_index(REGION_ID)
        ds = cls(
            region_ids=ids,
            regions=regions,
            crs=meta["crs"],
            report=meta["report"],
            graph_options=meta.get("graph_options"),  # absent from datasets saved before it was recorded
        )
        for name, columns in meta["modalities"].items():
            ds.modalities[name] = ModalityFeatures(
                name,
                arrays[f"mod/{name}/values"],
                columns,
                arrays[f"mod/{name}/present"],
                arrays.get(f"mod/{name}/support"),
            )
        for name, g in meta["graphs"].items():
            ds.graphs[name] = Graph(
                arrays[f"graph/{name}/edge_index"],
                arrays[f"graph/{name}/edge_weight"],
                g["num_nodes"],
                g["directed"],
            )
        for name in meta["profiles"]:
            ds.profiles[name] = arrays[f"profile/{name}"]
        if meta["points"] is not None:
            ds.points = PointFeatures(
                arrays["points/values"],
                meta["points"]["columns"],
                arrays["points/region_index"],
                arrays.get("points/xy"),
                arrays.get("points/point_ids"),
            )
        return ds
