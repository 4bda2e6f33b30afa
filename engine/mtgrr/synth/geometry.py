"""Geometry helpers of the synthetic city: tessellation, uniform sampling in cells, smooth fields.

Everything works in local metres (origin at the city's south-west corner); the writer adds the
UTM offset. All operations are vectorised over regions, points or pixels.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy import ndimage


def tessellate(n: int, side: float, rng: np.random.Generator, jitter: float = 0.42):
    """Voronoi cells of ``n`` jittered grid points in the square [0, side]², in seed order.

    A random subset of a slightly larger grid is kept so that cell sizes and neighbour counts
    vary (irregular adjacency). Returns ``(seeds (n, 2), polygons (n,), owner (k, k))``: cells
    are convex; ``owner[row, col]`` is the seed drawn in that grid cell, or -1.
    """
    k = int(np.ceil(np.sqrt(n * 1.15)))
    cell = side / k
    keep = np.sort(rng.choice(k * k, size=n, replace=False))
    row, col = np.divmod(keep, k)
    seeds = np.column_stack([(col + 0.5) * cell, (row + 0.5) * cell])
    seeds += rng.uniform(-jitter, jitter, size=seeds.shape) * cell
    box = shapely.box(0.0, 0.0, side, side)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=box, ordered=True)
    )
    owner = np.full(k * k, -1, dtype=np.int64)
    owner[keep] = np.arange(n)
    return seeds, shapely.intersection(cells, box), owner.reshape(k, k)


class CellSampler:
    """Draws uniform points inside convex polygons through a fan triangulation (no rejection)."""

    def __init__(self, polygons: np.ndarray):
        coords, ring = shapely.get_coordinates(shapely.get_exterior_ring(polygons), return_index=True)
        start = np.searchsorted(ring, np.arange(len(polygons)))
        count = np.bincount(ring, minlength=len(polygons))
        pos = np.arange(len(coords)) - start[ring]
        # closed ring of m coordinates -> triangles (v0, v_k, v_k+1) for k = 1 .. m-3
        j = np.flatnonzero((pos >= 1) & (pos <= count[ring] - 3))
        self.v0 = coords[start[ring[j]]]
        self.v1 = coords[j]
        self.v2 = coords[j + 1]
        d1, d2 = self.v1 - self.v0, self.v2 - self.v0
        area = 0.5 * np.abs(d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0])
        self.cum = np.cumsum(area)
        tri_region = ring[j]
        self.first = np.searchsorted(tri_region, np.arange(len(polygons)))
        self.last = np.searchsorted(tri_region, np.arange(len(polygons)), side="right") - 1
        before = np.concatenate([[0.0], self.cum])[self.first]
        self.before = before
        self.area = self.cum[self.last] - before

    def sample(self, which: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One uniform point inside polygon ``which[i]`` for every i; returns (len(which), 2)."""
        which = np.asarray(which, dtype=np.int64)
        target = self.before[which] + rng.random(len(which)) * self.area[which]
        tri = np.clip(np.searchsorted(self.cum, target, side="right"), self.first[which], self.last[which])
        a, b = rng.random(len(which)), rng.random(len(which))
        flip = a + b > 1
        a[flip], b[flip] = 1 - a[flip], 1 - b[flip]
        v0 = self.v0[tri]
        return v0 + a[:, None] * (self.v1[tri] - v0) + b[:, None] * (self.v2[tri] - v0)


def smooth_fields(rng: np.random.Generator, xy: np.ndarray, n_fields: int, length: float) -> np.ndarray:
    """Standardised smooth random fields at ``xy``: lattice noise every ``2 * length`` metres,
    cubic-spline interpolated (value noise; correlation ≈ 0.6 at ``length``).

    Nearby points get similar values (spatial smoothing without building a graph); the cost is
    linear in the number of points, and the pattern never repeats at any city size. (N, n_fields).
    """
    grid = xy / (2 * length) + 2.0  # two lattice cells of margin for the spline
    m = int(np.ceil(grid.max())) + 3
    out = np.empty((len(xy), n_fields))
    for f in range(n_fields):  # a handful of fields; each one is vectorised over all points
        lattice = rng.standard_normal((m, m))
        out[:, f] = ndimage.map_coordinates(lattice, [grid[:, 1], grid[:, 0]], order=3, mode="nearest")
    return (out - out.mean(axis=0)) / out.std(axis=0)


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def categorical(probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw per row of a (N, K) probability matrix, vectorised through the row-wise CDF."""
    cdf = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cdf[:, -1]
    return np.minimum((cdf < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def contiguity(polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Directed (i, j) pairs of cells that share at least a corner (queen contiguity), i ≠ j.

    The generator's own, not ``mtgrr.graphs``': a target must not move when the model's graphs do."""
    i, j = shapely.STRtree(polygons).query(polygons, predicate="intersects")
    keep = i != j
    return i[keep], j[keep]


def neighbour_mean(values: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Mean of ``values`` over each cell's contiguous neighbours (its own value if it has none)."""
    i, j = pairs
    count = np.bincount(i, minlength=len(values))
    total = np.bincount(i, values[j], minlength=len(values))
    return np.where(count > 0, total / np.maximum(count, 1), values)


def zscore(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x, dtype=float)
