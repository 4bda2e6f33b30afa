"""Generators of the six modalities from the latent city (local metres, vectorised).

Each generator returns plain arrays; :mod:`mtgrr.synth.city` turns them into files and derives the
targets from what was actually generated (counts, areas, pixels), never from the latent factors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from PIL import Image
from rasterio import features
from rasterio.transform import from_origin

from .geometry import categorical, tessellate
from .latent import FUNCTIONS, REGION_SPACING, City

# ---- data coverage --------------------------------------------------------------------------
COVERAGE = {
    # share of the real objects that each data source records, per district (A_mobility,
    # B_landuse_poi, C_appearance): taxi records come from one operator's service area, the map
    # is complete in one district and sparse elsewhere, street-view cars drove mostly through C.
    # Each district's targets follow the modality that is observed well there, and the amount of
    # data behind a region's features is the label-free trace of that regime.
    "trips": np.array([1.0, 0.15, 0.15]),
    "poi": np.array([0.3, 1.0, 0.3]),
    "landuse": np.array([0.4, 1.0, 0.4]),
    "street_view": np.array([0.5, 0.5, 2.0]),
}
"""Recorded share (trips, POIs, land-use parcels) or relative image density per district."""


# ---- POI ------------------------------------------------------------------------------------
POI_CATEGORIES = (
    "restaurant",
    "cafe",
    "bar",
    "shop",
    "supermarket",
    "office",
    "bank",
    "school",
    "hospital",
    "factory",
    "warehouse",
    "sports",
)
# expected POIs per category in a mean-sized region of each function, at intensity 1
_POI_RATES = np.array(
    [
        # rest cafe bar  shop  superm office bank school hosp fact  wareh sports
        [0.8, 0.6, 0.2, 1.2, 0.8, 0.2, 0.2, 0.7, 0.1, 0.0, 0.0, 0.5],  # residential
        [3.0, 2.2, 1.5, 4.5, 0.8, 1.0, 1.0, 0.1, 0.1, 0.0, 0.2, 0.3],  # commercial
        [1.5, 2.0, 0.6, 0.8, 0.2, 4.5, 1.5, 0.1, 0.1, 0.0, 0.1, 0.4],  # office
        [0.2, 0.2, 0.1, 0.2, 0.1, 0.6, 0.1, 0.0, 0.0, 2.5, 2.5, 0.1],  # industrial
        [0.2, 0.5, 0.1, 0.1, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 1.8],  # park
        [0.6, 0.8, 0.2, 0.4, 0.2, 0.6, 0.2, 3.0, 0.6, 0.0, 0.0, 0.8],  # education
    ]
)
_NIGHTLIFE = [0, 1, 2]  # restaurant, cafe, bar: scaled by the POI-only nightlife factor


def make_poi(city: City, rng: np.random.Generator) -> dict:
    """Poisson counts of the mapped POIs per region and category, points uniform inside their region."""
    rate = (city.intensity * city.area_rel)[:, None] * (city.mix @ _POI_RATES)
    rate[:, _NIGHTLIFE] *= city.nightlife[:, None]
    rate *= COVERAGE["poi"][city.district][:, None]  # Poisson thinning: mapped POIs only
    counts = rng.poisson(rate)
    flat = np.repeat(np.arange(counts.size), counts.ravel())[rng.permutation(int(counts.sum()))]
    region, category = np.divmod(flat, len(POI_CATEGORIES))
    return {"region": region, "category": category, "xy": city.sampler.sample(region, rng), "counts": counts}


# ---- taxi trips -----------------------------------------------------------------------------
TRIPS_PER_REGION = 40
"""Recorded trips per region where taxi coverage is full (the city-wide mean is lower): sparse
flows, most region pairs with trips carry one (NYC-180's carry a median of 54). ``generate_city``'s
``trips_per_region`` overrides it."""
MAX_TRIPS = 5_000_000
"""Upper bound on regions × trips per region, which bounds the trips layer the city writes."""
_PRODUCTION = np.array([3.0, 1.5, 1.2, 0.8, 0.3, 1.0])
_ATTRACTION = np.array([1.0, 3.0, 3.5, 1.0, 0.6, 1.5])
_CANDIDATES = 8
_MEAN_HOP = 5.0  # mean trip length beyond half a block, in region spacings
WEEK_START = np.datetime64("2024-03-04T00:00:00")  # a Monday
NIGHT_HOURS = (22, 23, 0, 1, 2, 3)


def _hourly(*peaks: tuple[float, float, float]) -> np.ndarray:
    h = np.arange(24)
    p = np.full(24, 0.1)
    for centre, width, weight in peaks:
        dist = np.minimum(np.abs(h - centre), 24 - np.abs(h - centre))
        p += weight * np.exp(-0.5 * (dist / width) ** 2)
    return p / p.sum()


# pickup-hour profile by the function of the pickup region
_HOURLY = np.stack(
    [
        _hourly((8, 1.5, 3.0), (18, 2, 1.0), (22, 2, 0.4)),  # residential: morning departures
        _hourly((13, 3, 1.5), (19, 2, 1.5), (23, 2, 1.2)),  # commercial: evening and night
        _hourly((12, 2, 1.0), (18, 1.5, 3.0)),  # office: evening departures
        _hourly((6, 1.5, 1.5), (15, 1.5, 1.5)),  # industrial: shift changes
        _hourly((11, 3, 1.0), (16, 3, 1.0)),  # park: daytime
        _hourly((9, 1.5, 1.0), (15, 1.5, 2.0)),  # education: after classes
    ]
)


def make_trips(
    city: City, rng: np.random.Generator, per_region: int = TRIPS_PER_REGION, chunk: int = 200_000
) -> dict:
    """Gravity-like taxi trips: origins ∝ production × taxi coverage, destinations ∝ attraction ×
    distance decay.

    Each trip draws a few candidate landing points at exponential distances from its origin and
    keeps the region near one of them with probability ∝ attraction (Gumbel-max), which samples
    a gravity model without an N×N matrix.
    """
    base = city.intensity * city.area_rel * city.access
    production, attraction = base * (city.mix @ _PRODUCTION), base * (city.mix @ _ATTRACTION)
    coverage = COVERAGE["trips"][city.district]  # only pickups in the operator's service area are recorded
    production = production * coverage
    n_trips = int(round(per_region * coverage.sum()))
    origin = rng.choice(city.n, size=n_trips, p=production / production.sum())
    dest = np.empty(n_trips, dtype=np.int64)
    for lo in range(0, n_trips, chunk):  # bounded memory at 100k regions
        o = origin[lo : lo + chunk]
        dist = REGION_SPACING * (0.5 + rng.exponential(_MEAN_HOP, size=(len(o), _CANDIDATES)))
        angle = rng.uniform(0, 2 * np.pi, size=dist.shape)
        xy = city.seeds[o][:, None, :] + dist[..., None] * np.stack([np.cos(angle), np.sin(angle)], axis=-1)
        xy = city.side - np.abs(city.side - np.abs(xy))  # reflect at the city edge
        cand = city.near(xy.reshape(-1, 2)).reshape(dist.shape)
        score = np.log(attraction[cand]) + rng.gumbel(size=dist.shape)
        dest[lo : lo + chunk] = cand[np.arange(len(o)), score.argmax(axis=1)]
    pickup, dropoff = city.sampler.sample(origin, rng), city.sampler.sample(dest, rng)
    hour = np.empty(n_trips, dtype=np.int64)
    func = categorical(city.mix[origin], rng)
    for k in range(len(FUNCTIONS)):  # one vectorised draw per function profile
        sel = func == k
        hour[sel] = np.searchsorted(np.cumsum(_HOURLY[k]), rng.random(sel.sum()) * (1 - 1e-12))
    seconds = rng.integers(0, 7, n_trips) * 86_400 + hour * 3_600 + rng.integers(0, 3_600, n_trips)
    times = np.datetime_as_string(WEEK_START + seconds.astype("timedelta64[s]"), unit="s")
    return {"origin": origin, "dest": dest, "pickup": pickup, "dropoff": dropoff, "hour": hour, "time": times}


# ---- land use -------------------------------------------------------------------------------
LANDUSE_CLASSES = ("residential", "commercial", "industrial", "institutional", "park", "water")
# land-use class probabilities given the function drawn at a parcel
_LANDUSE_OF_FUNCTION = np.array(
    [
        [0.85, 0.08, 0.00, 0.02, 0.05, 0.00],  # residential
        [0.12, 0.80, 0.00, 0.05, 0.03, 0.00],  # commercial
        [0.08, 0.75, 0.00, 0.15, 0.02, 0.00],  # office
        [0.03, 0.05, 0.85, 0.00, 0.00, 0.07],  # industrial
        [0.03, 0.00, 0.00, 0.00, 0.72, 0.25],  # park
        [0.10, 0.02, 0.00, 0.78, 0.10, 0.00],  # education
    ]
)


def make_landuse(city: City, rng: np.random.Generator) -> dict:
    """Mapped parcels: a coarser, independent Voronoi (so they cross region borders), class from the
    mix; a parcel is mapped with the land-use coverage of the district holding its centre."""
    seeds, polygons, _ = tessellate(max(12, city.n // 3), city.side, rng, jitter=0.49)
    home = city.locate(seeds)
    func = categorical(city.mix[home], rng)
    classes = categorical(_LANDUSE_OF_FUNCTION[func], rng)
    mapped = rng.random(len(home)) < COVERAGE["landuse"][city.district[home]]
    mapped[rng.integers(len(mapped))] = True  # a tiny city still gets a land-use layer
    return {"polygons": polygons[mapped], "class": classes[mapped]}


def landuse_shares(city: City, landuse: dict) -> np.ndarray:
    """(N, classes) share of each region's area per land-use class, by exact polygon overlay."""
    tree = shapely.STRtree(landuse["polygons"])
    reg, lu = tree.query(city.polygons, predicate="intersects")
    area = shapely.area(shapely.intersection(city.polygons[reg], landuse["polygons"][lu]))
    shares = np.zeros((city.n, len(LANDUSE_CLASSES)))
    np.add.at(shares, (reg, landuse["class"][lu]), area)
    return shares / city.area[:, None]


# ---- roads ----------------------------------------------------------------------------------
ROAD_CLASSES = ("motorway", "primary", "secondary", "residential", "service", "footway")
_ROAD_SPACING = 0.55  # in region spacings


def make_roads(city: City, rng: np.random.Generator) -> dict:
    """A jittered street grid with arterials every 4th/8th line and a motorway cross.

    All horizontal streets and every arterial are kept, so the network is connected; local
    cross streets are thinned where the city is less dense, and local streets take the class of
    the region they run through (footways in parks, service roads in industry).
    """
    k = max(4, int(round(city.side / (_ROAD_SPACING * REGION_SPACING))))
    s = city.side / k
    pos = (np.arange(k) + 0.5) * s
    nodes = np.stack(np.meshgrid(pos, pos), axis=-1) + rng.uniform(-0.2, 0.2, size=(k, k, 2)) * s
    line_class = np.full(k, ROAD_CLASSES.index("residential"))
    line_class[::4] = ROAD_CLASSES.index("secondary")
    line_class[::8] = ROAD_CLASSES.index("primary")
    line_class[k // 2] = ROAD_CLASSES.index("motorway")
    rows, cols = np.meshgrid(
        np.arange(k), np.arange(k - 1), indexing="ij"
    )  # horizontal edges (r, c)->(r, c+1)
    h_a, h_b, h_cls = nodes[rows, cols], nodes[rows, cols + 1], line_class[rows]
    v_a, v_b, v_cls = nodes[cols, rows], nodes[cols + 1, rows], line_class[rows]  # vertical in column `rows`
    a = np.concatenate([h_a.reshape(-1, 2), v_a.reshape(-1, 2)])
    b = np.concatenate([h_b.reshape(-1, 2), v_b.reshape(-1, 2)])
    cls = np.concatenate([h_cls.ravel(), v_cls.ravel()])
    vertical = np.arange(len(cls)) >= h_cls.size
    region = city.locate((a + b) / 2)
    local = cls == ROAD_CLASSES.index("residential")
    func = city.function[region]
    cls[local & (func == FUNCTIONS.index("park"))] = ROAD_CLASSES.index("footway")
    cls[local & (func == FUNCTIONS.index("industrial"))] = ROAD_CLASSES.index("service")
    drop = np.clip(0.7 - 0.3 * city.intensity[region], 0.05, 0.6)
    keep = ~(vertical & local & (rng.random(len(cls)) < drop))
    lines = shapely.linestrings(np.stack([a[keep], b[keep]], axis=1))
    return {"lines": lines, "class": cls[keep], "a": a[keep], "b": b[keep]}


# ---- remote sensing -------------------------------------------------------------------------
IMAGERY_BANDS = ("red", "green", "blue", "nir")
MAX_RASTER_SIDE = 2048  # pixels; caps the file at ~17 MB at any city size
# mean reflectance (0-255, bands as IMAGERY_BANDS) of each land-use class; roof texture strength below
_LU_COLOUR = np.array(
    [
        [125, 115, 110, 120],  # residential
        [145, 140, 140, 95],  # commercial
        [150, 150, 150, 85],  # industrial
        [130, 125, 120, 110],  # institutional
        [80, 115, 70, 175],  # park
        [45, 70, 90, 20],  # water
    ],
    dtype=np.float32,
)
_LU_TEXTURE = np.array([14, 22, 18, 12, 5, 2], dtype=np.float32)
_LU_VEG_OFFSET = np.array([-1.0, -2.2, -2.5, -0.6, 1.5, -4.0], dtype=np.float32)
_VEG_COLOUR = np.array([60, 105, 55, 200], dtype=np.float32)
_ROAD_COLOUR = np.array([100, 95, 95, 60], dtype=np.float32)


def _blocks(rng: np.random.Generator, shape: tuple[int, int], size: int) -> np.ndarray:
    """Piecewise-constant noise in ``size``-pixel blocks (roofs, tree crowns)."""
    coarse = rng.standard_normal(((shape[0] - 1) // size + 1, (shape[1] - 1) // size + 1), dtype=np.float32)
    return np.repeat(np.repeat(coarse, size, axis=0), size, axis=1)[: shape[0], : shape[1]]


def make_imagery(city: City, landuse: dict, roads: dict, rng: np.random.Generator) -> dict:
    """A 4-band uint8 image: land-use colours, roof texture, vegetation driven by the region's
    appearance factor, and the road network burnt in. North-up, local coordinates."""
    w = int(min(MAX_RASTER_SIDE, np.ceil(city.side / 10.0)))
    res = float(city.side / w)
    transform = from_origin(0.0, city.side, res, res)
    lu = features.rasterize(
        zip(landuse["polygons"], landuse["class"].tolist(), strict=True),
        (w, w),
        transform=transform,
        dtype="int16",
    )
    region = features.rasterize(
        zip(city.polygons, range(city.n), strict=True), (w, w), transform=transform, fill=-1, dtype="int32"
    )
    miss = np.nonzero(region < 0)  # pixels whose centre fell on no polygon (float edges), if any
    if miss[0].size:
        region[miss] = city.locate(
            np.column_stack([(miss[1] + 0.5) * res, city.side - (miss[0] + 0.5) * res])
        )
    img = _LU_COLOUR[lu] + (_blocks(rng, (w, w), 4) * _LU_TEXTURE[lu])[..., None] * np.float32([1, 1, 1, 0.5])
    veg_p = 1 / (1 + np.exp(-(1.6 * city.green[region].astype(np.float32) + _LU_VEG_OFFSET[lu])))
    veg = 1 / (1 + np.exp(-2.0 * _blocks(rng, (w, w), 3))) < veg_p  # tree crowns of ~3 pixels
    img[veg] = _VEG_COLOUR + 10 * rng.standard_normal((int(veg.sum()), 1), dtype=np.float32)
    # roads: points every half pixel along each segment
    length = np.linalg.norm(roads["b"] - roads["a"], axis=1)
    n_pts = np.ceil(length / (0.5 * res)).astype(np.int64) + 1
    seg = np.repeat(np.arange(len(n_pts)), n_pts)
    t = (np.arange(n_pts.sum()) - np.repeat(np.cumsum(n_pts) - n_pts, n_pts)) / np.repeat(n_pts - 1, n_pts)
    pts = roads["a"][seg] + t[:, None] * (roads["b"][seg] - roads["a"][seg])
    col = np.clip((pts[:, 0] / res).astype(np.int64), 0, w - 1)
    row = np.clip(((city.side - pts[:, 1]) / res).astype(np.int64), 0, w - 1)
    img[row, col] = _ROAD_COLOUR
    img += 4 * rng.standard_normal(img.shape, dtype=np.float32)
    pixels = np.clip(np.rint(img), 0, 255).astype(np.uint8).transpose(2, 0, 1)  # (bands, rows, cols)
    counts = np.bincount(region.ravel(), minlength=city.n)
    band_mean = np.stack([np.bincount(region.ravel(), b.ravel().astype(np.float64), city.n) for b in pixels])
    band_mean /= np.maximum(counts, 1)
    return {"pixels": pixels, "res": res, "band_mean": band_mean.T, "veg_index": band_mean[3] - band_mean[0]}


# ---- street view ----------------------------------------------------------------------------
SVI_SIZE = 64
MAX_DEFAULT_IMAGES = 10_000
# facade colour (RGB) and building height (0 low .. 1 towers) of each function
_FACADE = np.array(
    [[160, 95, 75], [110, 140, 170], [125, 135, 155], [135, 135, 125], [80, 120, 70], [175, 150, 110]],
    dtype=np.float32,
)
_HEIGHT = np.array([0.35, 0.75, 1.0, 0.15, -0.3, 0.3], dtype=np.float32)
_SKY = np.array([140, 185, 230], dtype=np.float32)
_TREE = np.array([50, 115, 45], dtype=np.float32)
_STREET = np.array([90, 90, 95], dtype=np.float32)


def allocate_images(city: City, n_images: int, rng: np.random.Generator) -> np.ndarray:
    """Region of each image, drawn ∝ its district's street-view density (some regions get none)."""
    weight = COVERAGE["street_view"][city.district]
    return np.sort(rng.choice(city.n, size=n_images, p=weight / weight.sum()))


def render_street_view(city: City, region: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(B, 64, 64, 3) uint8 street scenes: sky, facades coloured by the function of the place,
    tree crowns by the appearance factor, darker worn facades by the wear factor, and noise."""
    b, s = len(region), SVI_SIZE
    func = categorical(city.mix[region], rng)
    rows = np.arange(s, dtype=np.float32)[None, :, None]
    cols = np.arange(s)[None, None, :]
    sky_h = np.clip(26 - 18 * _HEIGHT[func] + 3 * rng.standard_normal(b, dtype=np.float32), 3, 44)
    ground = s - 10
    shade = np.clip(1 - 0.15 * city.wear[region] + 0.05 * rng.standard_normal(b), 0.4, 1.4).astype(np.float32)
    facade = (_FACADE[func] + 12 * rng.standard_normal((b, 3), dtype=np.float32)) * shade[:, None]
    windows = np.where((cols // 4) % 2 == 0, np.float32(1.0), np.float32(0.8))
    sky = (rows < sky_h[:, None, None])[..., None]  # (b, s, 1, 1)
    street = rows >= ground  # (1, s, 1)
    img = np.where(sky, _SKY, facade[:, None, None, :] * windows[..., None])
    img = np.where(street[..., None], (_STREET * shade[:, None])[:, None, None, :], img)
    veg_p = 1 / (1 + np.exp(-(1.4 * city.green[region] - 0.6)))
    crowns = np.repeat(np.repeat(rng.random((b, s // 8, s // 8), dtype=np.float32), 8, axis=1), 8, axis=2)
    trees = (crowns < veg_p[:, None, None]) & ~street & (rows > sky_h[:, None, None] * 0.5)
    img = np.where(trees[..., None], _TREE, img)
    img += rng.integers(-10, 11, size=img.shape, dtype=np.int8)  # pixel noise, sd ≈ 6
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def write_street_view(
    city: City, region: np.ndarray, folder: Path, rng: np.random.Generator, batch: int = 1024, on_batch=None
) -> dict:
    """Write ``img_NNNNNN.jpg`` files; return relative paths and per-image colour statistics."""
    folder.mkdir(parents=True, exist_ok=True)
    digits = max(6, len(str(len(region) - 1)))
    names = [f"img_{i:0{digits}d}.jpg" for i in range(len(region))]
    green = np.empty(len(region))
    bright = np.empty(len(region))
    for lo in range(0, len(region), batch):  # images must be encoded one file at a time
        arrays = render_street_view(city, region[lo : lo + batch], rng)
        px = arrays.astype(np.float32)
        green[lo : lo + len(px)] = (px[..., 1] - (px[..., 0] + px[..., 2]) / 2).mean(axis=(1, 2))
        bright[lo : lo + len(px)] = px.mean(axis=(1, 2, 3))
        for name, arr in zip(names[lo : lo + batch], arrays, strict=True):
            with open(folder / name, "wb") as f:
                Image.fromarray(arr).save(f, format="JPEG", quality=90)
        if on_batch is not None:
            on_batch(min(lo + batch, len(region)) / max(len(region), 1))
    return {"names": names, "green": green, "bright": bright}
