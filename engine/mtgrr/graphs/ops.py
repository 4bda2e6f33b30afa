"""Edge-list utilities shared by the graph builders and the model.

Everything works on ``(2, E)`` int64 edge lists and ``(E,)`` weights, in memory linear in the
number of edges; no function here ever materialises an N×N array.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

Reduce = Literal["max", "sum", "mean"]


def coalesce(
    edge_index: np.ndarray, weight: np.ndarray, num_nodes: int, reduce: Reduce = "max"
) -> tuple[np.ndarray, np.ndarray]:
    """Merge duplicate edges, sorted by (source, target).

    Done with numpy (not ``scipy.sparse`` summation) so that ``max``/``mean`` are available and
    edges of weight 0 (e.g. clipped cosine similarities) are kept rather than silently dropped.
    """
    edge_index = np.asarray(edge_index, dtype=np.int64).reshape(2, -1)
    weight = np.asarray(weight, dtype=np.float64).reshape(-1)
    if edge_index.shape[1] == 0:
        return edge_index, weight.astype(np.float32)
    keys = edge_index[0] * np.int64(num_nodes) + edge_index[1]
    order = np.argsort(keys, kind="stable")
    keys, weight = keys[order], weight[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    if reduce == "max":
        merged = np.maximum.reduceat(weight, starts)
    elif reduce == "sum":
        merged = np.add.reduceat(weight, starts)
    elif reduce == "mean":
        merged = np.add.reduceat(weight, starts) / np.diff(np.r_[starts, len(keys)])
    else:
        raise ValueError(f"unknown reduce {reduce!r}")
    unique = keys[starts]
    return np.vstack([unique // num_nodes, unique % num_nodes]), merged.astype(np.float32)


def add_reverse(edge_index: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Append every edge reversed (no merging): the first E edges are the originals.

    Lets a directed graph (mobility) be read in both roles while the caller still knows which
    half is forward and which is reverse.
    """
    edge_index = np.asarray(edge_index, dtype=np.int64).reshape(2, -1)
    weight = np.asarray(weight, dtype=np.float32).reshape(-1)
    return np.hstack([edge_index, edge_index[::-1]]), np.concatenate([weight, weight])


def to_undirected(
    edge_index: np.ndarray, weight: np.ndarray, num_nodes: int, reduce: Reduce = "max"
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetrise: both directions of every edge, duplicates merged with ``reduce``."""
    return coalesce(*add_reverse(edge_index, weight), num_nodes, reduce)


def remove_self_loops(edge_index: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = edge_index[0] != edge_index[1]
    return edge_index[:, keep], weight[keep]


def normalise_weights(
    edge_index: np.ndarray,
    weight: np.ndarray,
    num_nodes: int,
    mode: Literal["sym", "row", "max"] = "sym",
) -> np.ndarray:
    """Rescale edge weights so graphs of different scales are comparable.

    ``sym``: w_ij / sqrt(d_i d_j) (GCN normalisation, d = weighted degree over sources);
    ``row``: w_ij / d_i (each node's outgoing weights sum to 1, a random walk);
    ``max``: w / max(w) (into [0, 1], keeps relative strengths). Zero degrees give zero weights.
    """
    edge_index = np.asarray(edge_index, dtype=np.int64).reshape(2, -1)
    weight = np.asarray(weight, dtype=np.float64).reshape(-1)
    if weight.size == 0:
        return weight.astype(np.float32)
    if mode == "max":
        top = np.abs(weight).max()
        return (weight / top if top > 0 else weight).astype(np.float32)
    degree = np.bincount(edge_index[0], weights=weight, minlength=num_nodes)
    with np.errstate(divide="ignore"):
        if mode == "sym":
            inv = np.where(degree > 0, 1.0 / np.sqrt(np.where(degree > 0, degree, 1.0)), 0.0)
            out = inv[edge_index[0]] * weight * inv[edge_index[1]]
        elif mode == "row":
            inv = np.where(degree > 0, 1.0 / np.where(degree > 0, degree, 1.0), 0.0)
            out = inv[edge_index[0]] * weight
        else:
            raise ValueError(f"unknown mode {mode!r}")
    return out.astype(np.float32)


def to_scipy(edge_index: np.ndarray, weight: np.ndarray, num_nodes: int) -> sp.csr_matrix:
    """CSR matrix of the graph (duplicates summed)."""
    return sp.csr_matrix(
        (np.asarray(weight, dtype=np.float64), (edge_index[0], edge_index[1])), shape=(num_nodes, num_nodes)
    )


def components(edge_index: np.ndarray, num_nodes: int) -> tuple[int, np.ndarray]:
    """Weakly connected components: (count, label per node). Weights are ignored."""
    ones = np.ones(edge_index.shape[1], dtype=np.int8)
    pattern = sp.csr_matrix((ones, (edge_index[0], edge_index[1])), shape=(num_nodes, num_nodes))
    return connected_components(pattern, directed=True, connection="weak")


def top_k_per_node(edge_index: np.ndarray, weight: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep each source node's ``k`` heaviest outgoing edges (ties: lower target first)."""
    order = np.lexsort((edge_index[1], -np.asarray(weight), edge_index[0]))
    src = edge_index[0, order]
    rank = np.arange(src.size) - np.searchsorted(src, src, side="left")
    keep = order[rank < k]
    return edge_index[:, keep], np.asarray(weight)[keep]
