"""The output layer: one row per region with its embedding, fusion weights, a 3-component
PCA colour, a KMeans cluster and optional predictions, written as a styled GeoPackage (plus
optional CSV / Parquet and PNG maps), all or nothing. A region without data (:func:`regions_with_data`) gets no
colour, cluster or prediction (NULL)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

from ..data import REGION_ID, RegionDataset
from ..events import SILENT, Reporter
from . import maps, styles
from .atomic import AtomicOutputs

EMBEDDINGS_LAYER = "embeddings"
"""The name of the output GeoPackage, and of its layer, that ``mtgrr train`` writes (``write_outputs``' default)."""
OUTPUT_PREFIXES = ("emb_", "weight_", "pred_", "pca_", "rgb_")
"""Prefixes of the per-region columns the output layer writes (a region field with one is not copied over)."""


def regions_with_data(embeddings: np.ndarray) -> np.ndarray:
    """Which rows (regions) have data: the model embeds a region with no data in any modality as all zeros (its
    fusion weights 0 too), a point that says nothing about the region; KMeans put such regions in one zone with
    built blocks, and a probe predicted them from nothing. The output layer, the prediction and the plugin's cluster
    and predict algorithms (on any emb_* layer) all leave such rows out by this one rule."""
    return np.asarray(embeddings).any(axis=1)


def clusters_by_size(labels: np.ndarray) -> np.ndarray:
    """k-means numbers its clusters arbitrarily: renumbered by size, 0 the largest (ties in k-means' order), so a
    zone's number says something; the plugin's cluster algorithm numbers them with this too."""
    sizes = np.bincount(labels)
    order = np.lexsort((np.arange(sizes.size), -sizes))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[labels].astype(np.int64)


def _rgb(components: np.ndarray) -> np.ndarray:
    """Min-max scale each component to 0–255 (a constant component maps to mid-grey 128)."""
    lo, hi = components.min(axis=0), components.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    scaled = np.where(hi > lo, (components - lo) / span, 0.5)
    return np.rint(scaled * 255).astype(np.int64)


def _spread(values: np.ndarray, data: np.ndarray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """``values`` of the regions with data placed in a column of every region, NULL for the others: NaN for
    floats, ``pd.NA`` in a nullable Int64 column for integers (written as NULL into a GeoPackage, an empty cell into
    a CSV, null into Parquet), None for text."""
    if values.dtype.kind == "f":
        out = np.full(data.shape, np.nan)
    elif values.dtype.kind in "iu":
        out = pd.array(np.full(data.shape, pd.NA), dtype="Int64")
    else:
        out = np.full(data.shape, None, dtype=object)
    out[data] = values
    return out


def output_table(
    ds: RegionDataset,
    embeddings: np.ndarray,
    modality_weights: np.ndarray | None,
    modality_names: Sequence[str],
    *,
    clusters: int = 8,
    seed: int = 0,
    predictions: dict[str, np.ndarray] | None = None,
    extra_columns: pd.DataFrame | None = None,
    reporter: Reporter = SILENT,
) -> pd.DataFrame:
    """The attribute table of the output layer, one row per region in ``ds.region_ids`` order."""
    n = ds.num_regions
    emb = np.asarray(embeddings, dtype=np.float64)
    if emb.ndim != 2 or emb.shape[0] != n:
        raise ValueError(f"embeddings must be (N={n}, D), got {emb.shape}")
    if not np.isfinite(emb).all():
        raise ValueError("embeddings contain NaN or infinite values")
    cols: dict[str, np.ndarray] = {REGION_ID: np.asarray(ds.region_ids)}
    cols.update({f"emb_{j:03d}": emb[:, j] for j in range(emb.shape[1])})
    if modality_weights is not None:
        weights = np.asarray(modality_weights, dtype=np.float64)
        if weights.shape != (n, len(modality_names)):
            raise ValueError(f"modality_weights must be (N={n}, {len(modality_names)}), got {weights.shape}")
        cols.update({f"weight_{m}": weights[:, j] for j, m in enumerate(modality_names)})

    data = regions_with_data(emb)
    m = int(data.sum())
    if m == 0:
        raise ValueError("no region has data: every embedding is all zeros, nothing to colour or cluster")
    if m < n:
        reporter.log(
            f"{n - m} region(s) without data (an all-zero embedding): no cluster, colour or prediction (NULL)",
            "warning",
        )
    k_pca = min(3, m, emb.shape[1])
    pcs = np.zeros((m, 3))
    pcs[:, :k_pca] = PCA(n_components=k_pca, random_state=seed).fit_transform(emb[data])
    rgb = _rgb(pcs)
    cols.update({f"pca_{j + 1}": _spread(pcs[:, j], data) for j in range(3)})
    cols.update({f"rgb_{c}": _spread(rgb[:, j], data) for j, c in enumerate("rgb")})
    cols["color"] = _spread(np.array([f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb]), data)

    k = max(1, min(clusters, m - 1))
    if k < clusters:
        among = f"{m} regions" if m == n else f"{m} regions with data"
        reporter.log(f"{clusters} clusters asked for {among}: using {k} (at most N-1)", "warning")
    cols["cluster"] = _spread(
        clusters_by_size(KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(emb[data])), data
    )

    for target, pred in (predictions or {}).items():
        pred = np.asarray(pred, dtype=np.float64).reshape(-1)
        if pred.shape[0] != n:
            raise ValueError(f"predictions[{target!r}] has {pred.shape[0]} values for {n} regions")
        cols[f"pred_{target}"] = np.where(data, pred, np.nan)
    table = pd.DataFrame(cols)
    if extra_columns is not None:
        if extra_columns.index.name == REGION_ID:
            extra = extra_columns.reindex(pd.Index(ds.region_ids, name=REGION_ID)).reset_index(drop=True)
        elif len(extra_columns) == n:
            extra = extra_columns.reset_index(drop=True)
        else:
            raise ValueError(f"extra_columns has {len(extra_columns)} rows for {n} regions")
        clash = sorted(set(extra.columns) & set(table.columns))
        if clash:
            raise ValueError(f"extra_columns repeat output columns: {clash}")
        table = pd.concat([table, extra], axis=1)
    return table


def _layer_styles(table: pd.DataFrame) -> dict[str, str]:
    """Named QML styles: the RGB embedding map (default), clusters, and quantile maps of every
    prediction and modality weight."""
    out = {
        "rgb": styles.rgb_qml("color"),
        "cluster": styles.categorized_qml(
            sorted(table["cluster"].dropna().unique()), no_data=bool(table["cluster"].isna().any())
        ),
    }
    for col in table.columns:
        if col.startswith(("pred_", "weight_")):
            out[col] = styles.graduated_qml(table[col].to_numpy(), col)
    return out


def write_outputs(
    ds: RegionDataset,
    embeddings: np.ndarray,
    modality_weights: np.ndarray | None,
    modality_names: Sequence[str],
    out_dir: str | Path,
    *,
    name: str = EMBEDDINGS_LAYER,
    formats: Sequence[str] = ("gpkg",),
    clusters: int = 8,
    seed: int = 0,
    predictions: dict[str, np.ndarray] | None = None,
    extra_columns: pd.DataFrame | None = None,
    maps_png: bool = True,
    crs: str | None = None,
    reporter: Reporter = SILENT,
) -> dict[str, Path]:
    """Write the output layer and its companions into ``out_dir``; returns key → final path.

    Keys: ``gpkg``, ``csv``, ``parquet``; ``qml_<style>`` beside the GeoPackage (``qml_rgb`` is
    also ``<name>.qml``); ``map_<what>`` PNGs. Nothing appears unless everything was written.
    ``crs``: the CRS of the written layer (the regions' own, say), when not the dataset's metric one; the PNG
    maps stay in the metric CRS, where their scale bar holds.
    """
    unknown = sorted(set(formats) - {"gpkg", "csv", "parquet"})
    if unknown:
        raise ValueError(f"unknown output formats {unknown}; use gpkg, csv or parquet")
    table = output_table(
        ds,
        embeddings,
        modality_weights,
        modality_names,
        clusters=clusters,
        seed=seed,
        predictions=predictions,
        extra_columns=extra_columns,
        reporter=reporter,
    )
    reporter.progress("export", 20)  # steps of a stage that takes half a minute at 10,000 regions
    gdf = None
    if ds.regions is not None:
        import geopandas as gpd

        geometry = ds.regions.geometry.reindex(pd.Index(ds.region_ids)).to_numpy()
        gdf = gpd.GeoDataFrame(table, geometry=geometry, crs=ds.regions.crs)
    files: dict[str, str] = {}
    with AtomicOutputs(out_dir) as out:
        if "gpkg" in formats:
            tmp = out.path(files.setdefault("gpkg", f"{name}.gpkg"))
            if gdf is not None:
                (gdf.to_crs(crs) if crs else gdf).to_file(tmp, layer=name, driver="GPKG")
                qmls = _layer_styles(table)
                styles.store_styles(tmp, name, qmls, default="rgb")
                for style, qml in qmls.items():
                    filename = f"{name}.qml" if style == "rgb" else f"{name}_{style}.qml"
                    out.path(files.setdefault(f"qml_{style}", filename)).write_text(qml, encoding="utf-8")
            else:
                import pyogrio

                pyogrio.write_dataframe(table, tmp, layer=name, driver="GPKG")
                reporter.log("regions have no geometry: the GeoPackage holds an attribute table, unstyled")
        reporter.progress("export", 50)
        if "csv" in formats:
            table.to_csv(out.path(files.setdefault("csv", f"{name}.csv")), index=False)
        if "parquet" in formats:
            table.to_parquet(out.path(files.setdefault("parquet", f"{name}.parquet")), index=False)
        if maps_png and gdf is None:
            reporter.log("regions have no geometry: no PNG maps")
        elif maps_png:
            reporter.progress("export", 60)
            _write_maps(gdf, table, name, out, files, reporter)
        done = out.commit()
    return {key: done[filename] for key, filename in files.items()}


def _write_maps(
    gdf, table: pd.DataFrame, name: str, out: AtomicOutputs, files: dict, reporter: Reporter
) -> None:
    maps.plot_colors(
        gdf,
        "color",
        out.path(files.setdefault("map_rgb", f"{name}_rgb.png")),
        "Embedding (3 principal components as RGB)",
    )
    reporter.progress("export", 70)
    maps.plot_categories(
        gdf,
        "cluster",
        out.path(files.setdefault("map_cluster", f"{name}_clusters.png")),
        f"KMeans clusters of the embedding (k={table['cluster'].nunique()})",
    )
    weights = [c for c in table.columns if c.startswith("weight_")]
    if weights:
        reporter.progress("export", 80)
        maps.plot_small_multiples(
            gdf,
            weights,
            out.path(files.setdefault("map_weights", f"{name}_weights.png")),
            "Per-region modality weights",
        )
    for col in (c for c in table.columns if c.startswith("pred_")):
        reporter.progress("export", 90)
        maps.plot_map(
            gdf,
            col,
            out.path(files.setdefault(f"map_{col}", f"{name}_{col}.png")),
            f"Predicted {col[5:]} (quantiles)",
        )
