"""Street-view image paths as real photo collections write them, and what a user is told about bad ones."""

from __future__ import annotations

import io

import mtgrr.features.image_encoder as image_encoder
import numpy as np
import pytest
from mtgrr.errors import InputError
from mtgrr.events import Reporter
from mtgrr.features import street_view_features
from mtgrr.job import StreetViewSpec
from PIL import Image


def _photo(path, color=(200, 40, 40)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), color).save(path)


def test_windows_file_url_spaced_and_padded_paths_are_found(ds, pts, tmp_path, monkeypatch):
    seen = []

    def fake_encode(paths, cache_dir, reporter):
        seen.extend(paths)
        return np.ones((len(paths), 3), dtype=np.float32), np.ones(len(paths), dtype=bool)

    monkeypatch.setattr(image_encoder, "encode_images", fake_encode)
    photo = tmp_path / "photos" / "rue des écoles 写真.jpg"
    _photo(photo)
    given = [
        "photos\\rue des écoles 写真.jpg",  # written on Windows
        photo.as_uri(),  # file:///...%20...
        "  photos/rue des écoles 写真.jpg ",
        str(photo),
    ]
    pts([(100, 100)] * 4, img=given).to_file(tmp_path / "svi.gpkg")
    p = street_view_features(StreetViewSpec(path=tmp_path / "svi.gpkg", image_field="img"), ds)
    assert seen == [photo] * 4
    assert p.point_ids.tolist() == [0, 1, 2, 3]


def test_bad_images_are_skipped_with_reasons_examples_and_fixes(ds, pts, tmp_path):
    _photo(tmp_path / "photos" / "good.jpg")
    _photo(tmp_path / "photos" / "other.png", (20, 90, 200))
    (tmp_path / "photos" / "empty.jpg").write_bytes(b"")
    (tmp_path / "photos" / "notes.jpg").write_text("not an image")
    given = [
        "photos/good.jpg",
        "photos/other.png",
        "photos/missing.jpg",
        "https://example.com/a.jpg",
        "photos/empty.jpg",
        "photos/notes.jpg",
    ]
    pts([(100, 100)] * 6, img=given).to_file(tmp_path / "svi.gpkg")
    out = io.StringIO()
    spec = StreetViewSpec(path=tmp_path / "svi.gpkg", layer="svi", image_field="img")
    p = street_view_features(spec, ds, Reporter(stream=out, quiet=True))
    assert p.point_ids.tolist() == [0, 1]
    assert ds.report["street_view: unreadable images dropped"] == 4
    (warning,) = out.getvalue().splitlines()
    assert warning.startswith("[warning] street_view layer 'svi' in svi.gpkg: 4 of 6 images skipped ('img'):")
    assert (
        f"1 not found (e.g. 'photos/missing.jpg', looked for at {tmp_path / 'photos' / 'missing.jpg'})"
        in warning
    )
    assert "1 web URL(s) (e.g. https://example.com/a.jpg)" in warning
    assert f"2 cannot be read as images (e.g. {tmp_path / 'photos' / 'empty.jpg'})" in warning
    assert f"Fix: relative paths start at {tmp_path}" in warning and "download the images" in warning


def test_all_images_unusable_is_an_error_that_says_why(ds, pts, tmp_path):
    pts([(100, 100), (1500, 200)], img=["http://example.com/a.jpg", "http://[bad/b.jpg"]).to_file(
        tmp_path / "svi.gpkg"
    )
    with pytest.raises(InputError, match=r"none of the 2 images .*2 web URL\(s\).* Fix: download the images"):
        street_view_features(StreetViewSpec(path=tmp_path / "svi.gpkg", image_field="img"), ds)


def test_16_bit_png_is_scaled_not_clipped_to_white(tmp_path):
    gray = np.tile(np.linspace(0, 255, 64).astype(np.uint8), (48, 1))
    Image.fromarray(gray).save(tmp_path / "8.png")
    Image.fromarray(gray.astype(np.uint16) * 257).save(tmp_path / "16.png")
    assert Image.open(tmp_path / "16.png").mode.startswith("I;16")
    eight = image_encoder._decode((tmp_path / "8.png").read_bytes())
    sixteen = image_encoder._decode((tmp_path / "16.png").read_bytes())
    assert np.abs(sixteen.astype(int) - eight).max() <= 1


def test_large_jpeg_decodes_like_its_lossless_copy(tmp_path):
    """Reduced-scale JPEG decoding (speed) leaves the 224 x 224 input nearly unchanged."""
    rng = np.random.default_rng(0)
    big = np.kron(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8), np.ones((50, 50, 1), np.uint8))
    Image.fromarray(big).save(tmp_path / "big.jpg", quality=95)
    full = np.asarray(Image.open(tmp_path / "big.jpg").convert("RGB").resize((224, 224), Image.BILINEAR))
    fast = image_encoder._decode((tmp_path / "big.jpg").read_bytes())
    assert np.abs(fast.astype(int) - full).mean() < 1.0


def test_infinite_precomputed_feature_is_an_error_naming_the_column(ds, pts, tmp_path):
    pts([(100, 100), (1500, 200)], f1=[1.0, np.inf], f2=[0.0, 1.0]).to_file(tmp_path / "svi.gpkg")
    spec = StreetViewSpec(path=tmp_path / "svi.gpkg", feature_columns=["f1", "f2"])
    with pytest.raises(InputError, match=r"infinite values in 'f1': 1\."):
        street_view_features(spec, ds)
