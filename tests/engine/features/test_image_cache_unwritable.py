"""An image-embedding cache that cannot be written costs speed, not the run."""

from __future__ import annotations

import io
import json

import numpy as np
from mtgrr.events import Reporter
from mtgrr.features.image_encoder import encode_images
from PIL import Image


def test_an_unwritable_cache_warns_and_the_images_are_still_embedded(tmp_path):
    path = tmp_path / "a.png"
    Image.new("RGB", (32, 32), (200, 30, 30)).save(path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    out = io.StringIO()
    values, ok = encode_images([path], blocked / "mtgrr", Reporter(json_events=True, stream=out))
    assert ok.all() and np.abs(values).sum() > 0
    warnings = [e for e in map(json.loads, out.getvalue().splitlines()) if e.get("level") == "warning"]
    assert "not cached" in warnings[0]["message"]
