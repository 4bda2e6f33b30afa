"""The offline EfficientNet-Lite0 encoder on real image files written with PIL."""

from __future__ import annotations

import io

import numpy as np
import pytest
from mtgrr.events import Reporter
from mtgrr.features import image_encoder
from mtgrr.features.image_encoder import FEATURE_DIM, encode_arrays, encode_images
from PIL import Image


def _cos(a, b) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """Red, a slightly different red, blue, a textured image, odd modes, a duplicate and bad files."""
    d = tmp_path_factory.mktemp("images")
    rng = np.random.default_rng(0)
    red = np.zeros((120, 160, 3), np.uint8)
    red[..., 0] = 220
    red2 = red.copy()
    red2[..., 0] = 200
    red2[..., 1] = 20
    blue = np.zeros((90, 90, 3), np.uint8)
    blue[..., 2] = 230
    checker = ((np.indices((200, 200)).sum(axis=0) // 10) % 2 * 255).astype(np.uint8)
    textured = np.stack([checker, rng.integers(0, 255, (200, 200), dtype=np.uint8), 255 - checker], axis=-1)
    paths = {
        "red": d / "red.png",
        "red2": d / "red2.jpg",
        "blue": d / "blue.jpg",
        "textured": d / "textured.png",
        "gray": d / "gray.png",
        "rgba": d / "rgba.png",
        "cmyk": d / "cmyk.jpg",
        "red_copy": d / "copy_of_red.png",
        "corrupt": d / "corrupt.jpg",
        "truncated": d / "truncated.jpg",
        "missing": d / "missing.png",
    }
    Image.fromarray(red).save(paths["red"])
    Image.fromarray(red2).save(paths["red2"], quality=95)
    Image.fromarray(blue).save(paths["blue"], quality=95)
    Image.fromarray(textured).save(paths["textured"])
    Image.fromarray(checker, mode="L").save(paths["gray"])
    Image.fromarray(np.dstack([blue, np.full((90, 90), 128, np.uint8)]), mode="RGBA").save(paths["rgba"])
    Image.fromarray(red).convert("CMYK").save(paths["cmyk"])
    paths["red_copy"].write_bytes(paths["red"].read_bytes())
    paths["corrupt"].write_bytes(b"this is not an image at all")
    buf = io.BytesIO()
    Image.fromarray(textured).save(buf, format="JPEG")
    paths["truncated"].write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    return paths


@pytest.fixture(scope="module")
def run_all(images):
    """One encoding of every file (the model is slow enough on CPU to share it): values, ok, log."""
    stream = io.StringIO()
    values, ok = encode_images(list(images.values()), None, reporter=Reporter(stream=stream, quiet=True))
    return values, ok, stream.getvalue()


@pytest.fixture(scope="module")
def encoded(images, run_all):
    values, ok, _ = run_all
    return {n: (values[i], ok[i]) for i, n in enumerate(images)}


def test_shape_dtype_and_ok_mask(images, run_all):
    values, ok, warning = run_all
    assert values.shape == (len(images), FEATURE_DIM) and values.dtype == np.float32
    bad = {"corrupt", "truncated", "missing"}
    assert ok.tolist() == [name not in bad for name in images]
    assert not values[~ok].any() and np.abs(values[ok]).sum(axis=1).min() > 0
    assert warning == ""  # the caller names the skipped files with its layer and field


def test_every_image_mode_is_embedded(encoded):
    for name in ("gray", "rgba", "cmyk"):
        assert encoded[name][1] and np.isfinite(encoded[name][0]).all()
    # CMYK red decodes back to (nearly) the same red as the RGB file
    assert _cos(encoded["cmyk"][0], encoded["red"][0]) > 0.99


def test_similar_images_are_closer_than_dissimilar_ones(encoded):
    red, red2, blue, textured = (encoded[n][0] for n in ("red", "red2", "blue", "textured"))
    assert not np.allclose(red, blue) and not np.allclose(red, textured)
    assert _cos(red, red2) > _cos(red, blue)
    assert _cos(red, red2) > _cos(red, textured)
    np.testing.assert_array_equal(encoded["red_copy"][0], red)


def test_deterministic(images, encoded):
    again, _ = encode_images([images["textured"], images["blue"]], None)
    np.testing.assert_allclose(again[0], encoded["textured"][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(again[1], encoded["blue"][0], rtol=1e-5, atol=1e-6)


def test_cache_hit_and_duplicates_are_computed_once(images, encoded, tmp_path, monkeypatch):
    calls = []

    def counting(batch):
        calls.append(len(batch))
        return encode_arrays(batch)

    monkeypatch.setattr(image_encoder, "encode_arrays", counting)
    paths = [images["red"], images["red_copy"], images["blue"], images["red"], images["corrupt"]]
    first, ok1 = encode_images(paths, tmp_path / "cache", batch_size=2)
    assert sum(calls) == 2  # red (three paths, one content) and blue; the corrupt file is not encoded
    assert len(list((tmp_path / "cache").glob("*.npy"))) == 2
    np.testing.assert_allclose(first[0], encoded["red"][0], rtol=1e-5, atol=1e-6)

    def fail(_batch):
        raise AssertionError("the model ran although every image is cached")

    monkeypatch.setattr(image_encoder, "encode_arrays", fail)
    second, ok2 = encode_images(paths, tmp_path / "cache")
    np.testing.assert_array_equal(second, first)
    assert ok1.tolist() == ok2.tolist() == [True, True, True, True, False]


def test_damaged_cache_entry_is_recomputed(images, tmp_path):
    cache = tmp_path / "cache"
    first, _ = encode_images([images["blue"]], cache)
    (entry,) = cache.glob("*.npy")
    entry.write_bytes(b"garbage")
    second, ok = encode_images([images["blue"]], cache)
    assert ok[0]
    np.testing.assert_array_equal(second, first)
    assert np.load(entry, allow_pickle=False).shape == (FEATURE_DIM,)


def test_encode_arrays_any_size_and_bad_input():
    rng = np.random.default_rng(1)
    chips = rng.integers(0, 255, (3, 32, 48, 3), dtype=np.uint8)
    out = encode_arrays(chips)
    assert out.shape == (3, FEATURE_DIM) and out.dtype == np.float32
    assert encode_arrays(chips[:0]).shape == (0, FEATURE_DIM)
    with pytest.raises(ValueError, match="uint8"):
        encode_arrays(chips.astype(np.float32))
