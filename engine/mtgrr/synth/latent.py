"""The latent city: regions, districts and the hidden per-region factors every modality draws from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.spatial import cKDTree

from .geometry import CellSampler, smooth_fields, softmax, tessellate

REGION_SPACING = 250.0
"""Mean distance between region centres (m): a city block group."""

FUNCTIONS = ("residential", "commercial", "office", "industrial", "park", "education")
"""Latent region functions; the dominant one is the ``function`` field (a clustering truth)."""

DISTRICTS = ("A_mobility", "B_landuse_poi", "C_appearance")
"""Generative regimes: which modality drives the targets there."""

# base frequency of each function, and its downtown bias (+ near the centre, industry the opposite)
_PRIOR = np.array([0.9, 0.0, -0.4, 0.0, -0.1, -0.4])
_RADIAL = np.array([0.0, 1.2, 1.4, -1.2, -0.3, 0.0])


@dataclass
class City:
    side: float
    seeds: np.ndarray  # (N, 2) local metres
    polygons: np.ndarray  # (N,) convex shapely polygons, local metres
    area: np.ndarray  # (N,) m²
    mix: np.ndarray  # (N, K) function mixture (rows sum to 1)
    function: np.ndarray  # (N,) argmax of mix
    intensity: np.ndarray  # (N,) urban density multiplier
    access: np.ndarray  # (N,) mobility-only factor (taxi accessibility)
    nightlife: np.ndarray  # (N,) POI-only factor (food and bar density)
    green: np.ndarray  # (N,) appearance-only factor (vegetation), standardised
    wear: np.ndarray  # (N,) street-view-only factor (facade wear), standardised
    district: np.ndarray  # (N,) index into DISTRICTS
    sampler: CellSampler
    tree: cKDTree  # nearest seed == containing cell (Voronoi)
    owner: np.ndarray  # (k, k) seed drawn in each cell of the jitter grid, or -1

    @property
    def n(self) -> int:
        return len(self.seeds)

    @property
    def area_rel(self) -> np.ndarray:
        return self.area / self.area.mean()

    def locate(self, xy: np.ndarray) -> np.ndarray:
        """Region index of points inside the city (nearest seed, exact for a Voronoi tessellation)."""
        return self.tree.query(np.clip(xy, 0.0, self.side), workers=-1)[1]

    def near(self, xy: np.ndarray) -> np.ndarray:
        """A region at most about one cell from each point: the seed of the point's jitter-grid
        cell, else the nearest seed. Much cheaper than :meth:`locate` for millions of points."""
        k = self.owner.shape[0]
        rc = np.clip((xy / self.side * k).astype(np.int64), 0, k - 1)
        region = self.owner[rc[:, 1], rc[:, 0]]
        empty = region < 0
        region[empty] = self.locate(xy[empty])
        return region


def make_city(n: int, rng: np.random.Generator) -> City:
    """Regions plus spatially smooth latent factors (value-noise fields plus per-region noise)."""
    side = float(REGION_SPACING * np.sqrt(n))
    d = REGION_SPACING
    seeds, polygons, owner = tessellate(n, side, rng)
    centre = np.array([side / 2, side / 2])
    r = np.linalg.norm(seeds - centre, axis=1) / (side / 2)  # 0 centre .. ~1.4 corners

    k = len(FUNCTIONS)
    logits = 1.5 * smooth_fields(rng, seeds, k, 3 * d) + 0.8 * smooth_fields(rng, seeds, k, 10 * d)
    logits += _PRIOR + np.outer(1 - r, _RADIAL)
    # Dirichlet around the smooth mixture: neighbours alike, each region still its own draw
    alpha = 6.0 * softmax(logits) + 1e-3
    g = rng.gamma(alpha)
    mix = g / g.sum(axis=1, keepdims=True)

    intensity = np.exp(0.9 * (1 - r) + 0.35 * smooth_fields(rng, seeds, 1, 8 * d)[:, 0])
    access = np.exp(0.45 * smooth_fields(rng, seeds, 1, 2.5 * d)[:, 0] + 0.35 * rng.normal(size=n))
    nightlife = np.exp(0.45 * smooth_fields(rng, seeds, 1, 2.5 * d)[:, 0] + 0.35 * rng.normal(size=n))
    green = 0.8 * smooth_fields(rng, seeds, 1, 3 * d)[:, 0] + 0.5 * rng.normal(size=n)
    green += 1.5 * mix[:, FUNCTIONS.index("park")] - 0.8 * mix[:, FUNCTIONS.index("industrial")]
    green = (green - green.mean()) / green.std()
    wear = 0.8 * smooth_fields(rng, seeds, 1, 3 * d)[:, 0] + 0.6 * rng.normal(size=n)
    wear = (wear - wear.mean()) / wear.std()

    # three sectors around the centre with wavy borders, randomly rotated
    theta = np.arctan2(*(seeds - centre).T[::-1]) + rng.uniform(0, 2 * np.pi)
    theta += 0.5 * smooth_fields(rng, seeds, 1, 6 * d)[:, 0]
    district = np.floor(np.mod(theta, 2 * np.pi) / (2 * np.pi / 3)).astype(np.int64) % 3

    return City(
        side=side,
        seeds=seeds,
        polygons=polygons,
        area=shapely.area(polygons),
        mix=mix,
        function=mix.argmax(axis=1),
        intensity=intensity,
        access=access,
        nightlife=nightlife,
        green=green,
        wear=wear,
        district=district,
        sampler=CellSampler(polygons),
        tree=cKDTree(seeds),
        owner=owner,
    )
