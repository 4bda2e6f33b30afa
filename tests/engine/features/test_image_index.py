"""The image cache's file index: re-runs do not read unchanged photos, changed ones are read again.

The network is replaced by a cheap encoder (each image's mean colour): what is tested is which bytes
get embedded, not the embedding.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import sqlite3
import time
from types import SimpleNamespace

import numpy as np
import pytest
from mtgrr.events import Reporter
from mtgrr.features import image_encoder
from mtgrr.features.image_encoder import FEATURE_DIM, encode_images
from PIL import Image

RED, BLUE = (200, 30, 30), (30, 30, 200)


def _bmp(path, colour) -> None:
    """An uncompressed image: another colour rewrites the file at the same size."""
    Image.new("RGB", (40, 30), colour).save(path, format="BMP")


class Counting:
    """Counts reads, hashes and embedded images of ``encode_images`` calls, run by run."""

    def __init__(self, monkeypatch):
        self.calls = {"read": 0, "hash": 0, "encoded": 0}
        self.read = []  # names of the files opened, in order
        for name, kind in (("_read", "read"), ("_read_stamped", "read"), ("_cache_key", "hash")):
            self._count(monkeypatch, name, kind)

        def encode(batch):
            self.calls["encoded"] += len(batch)
            means = batch.reshape(len(batch), -1, 3).mean(axis=1).astype(np.float32)
            return np.tile(means, (1, FEATURE_DIM // 3 + 1))[:, :FEATURE_DIM]

        monkeypatch.setattr(image_encoder, "encode_arrays", encode)

    def _count(self, monkeypatch, name, kind):
        real = getattr(image_encoder, name, None)
        if real is None:  # the module before the index had no _read_stamped
            return

        def counted(*args):
            self.calls[kind] += 1
            if kind == "read":
                self.read.append(args[0].name)
            return real(*args)

        monkeypatch.setattr(image_encoder, name, counted)

    def run(self, paths, cache, reporter=None):
        """``(values, ok, {"read": n, "hash": n, "encoded": n})`` of one call."""
        before = dict(self.calls)
        values, ok = encode_images(paths, cache, **({"reporter": reporter} if reporter else {}))
        return values, ok, {k: self.calls[k] - before[k] for k in before}


@pytest.fixture
def counting(monkeypatch):
    return Counting(monkeypatch)


@pytest.fixture
def later(monkeypatch):
    """The encoder's clock 3 s ahead: files just written look old enough for the index to trust."""
    ahead = SimpleNamespace(time_ns=lambda: time.time_ns() + 3_000_000_000)
    monkeypatch.setattr(image_encoder, "time", ahead, raising=False)


def test_a_rerun_reads_no_image_file(tmp_path, counting, later):
    paths = [tmp_path / "red.bmp", tmp_path / "blue.bmp", tmp_path / "copy.bmp", tmp_path / "missing.bmp"]
    _bmp(paths[0], RED)
    _bmp(paths[1], BLUE)
    paths[2].write_bytes(paths[0].read_bytes())
    cache = tmp_path / "cache"
    first, ok1, n1 = counting.run(paths, cache)
    assert n1["hash"] == 3 and n1["encoded"] == 2  # the copy shares the red file's embedding
    second, ok2, n2 = counting.run(paths, cache)
    assert n2["hash"] == n2["encoded"] == 0
    assert counting.read[n1["read"] :] == [
        "missing.bmp"
    ]  # only the file that could not be read is tried again
    np.testing.assert_array_equal(second, first)
    assert ok1.tolist() == ok2.tolist() == [True, True, True, False]
    assert not np.allclose(first[0], first[1])


def test_the_index_follows_the_resolved_path(tmp_path, counting, later):
    _bmp(tmp_path / "red.bmp", RED)
    link = tmp_path / "link.bmp"
    link.symlink_to(tmp_path / "red.bmp")
    (tmp_path / "sub").mkdir()
    cache = tmp_path / "cache"
    counting.run([tmp_path / "red.bmp"], cache)
    _, ok, n = counting.run([link, tmp_path / "sub" / ".." / "red.bmp"], cache)
    assert ok.all() and n["read"] == n["hash"] == 0


@pytest.mark.parametrize("mtime", ["new", "old one put back"])
def test_a_rewritten_file_of_the_same_size_is_hashed_and_embedded_again(tmp_path, counting, later, mtime):
    path, other = tmp_path / "a.bmp", tmp_path / "other.bmp"
    _bmp(path, RED)
    _bmp(other, RED)
    cache = tmp_path / "cache"
    red, _, _ = counting.run([path, other], cache)
    stat = path.stat()
    _bmp(path, BLUE)
    assert path.stat().st_size == stat.st_size
    shift = 5_000_000_000 if mtime == "new" else 0  # 0: a copy that keeps the old time (cp -p)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + shift))
    again, ok, n = counting.run([path, other], cache)
    assert ok.all() and n["hash"] == 1 and n["encoded"] == 1  # the unchanged file is not read
    assert not np.allclose(again[0], red[0])
    np.testing.assert_array_equal(again[1], red[1])
    blue, _, _ = counting.run([path], None)
    np.testing.assert_array_equal(again[0], blue[0])


def test_a_file_written_just_before_it_is_read_is_not_trusted(tmp_path, counting, monkeypatch):
    """On a file system with coarse timestamps a rewrite in the same tick keeps the stamp: such a file is hashed again."""
    path = tmp_path / "a.bmp"
    _bmp(path, RED)
    cache = tmp_path / "cache"
    red, _, _ = counting.run([path], cache)
    _, _, n = counting.run([path], cache)
    assert n["hash"] == 1  # still too recent to record
    # a rewrite within the same (coarse) timestamp: only the hash can tell
    mtime = path.stat().st_mtime_ns
    _bmp(path, BLUE)
    os.utime(path, ns=(mtime, mtime))
    blue, _, n = counting.run([path], cache)
    assert n["hash"] == 1 and not np.allclose(blue, red)
    # once the file is older than the window, it is recorded and no longer read
    monkeypatch.setattr(
        image_encoder, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 3_000_000_000)
    )
    counting.run([path], cache)
    again, _, n = counting.run([path], cache)
    assert n["hash"] == 0
    np.testing.assert_array_equal(again, blue)


@pytest.mark.parametrize("damage", ["not a database", "damaged pages"])
def test_a_damaged_index_is_ignored_and_rebuilt(tmp_path, counting, later, damage):
    paths = [tmp_path / "red.bmp", tmp_path / "blue.bmp"]
    _bmp(paths[0], RED)
    _bmp(paths[1], BLUE)
    cache = tmp_path / "cache"
    first, _, _ = counting.run(paths, cache)
    (index,) = cache.glob("*.sqlite")
    if damage == "not a database":
        index.write_bytes(b"this is not an SQLite file" * 100)
    else:  # the header stays, the pages behind it are overwritten
        data = bytearray(index.read_bytes())
        data[100:] = b"\xff" * (len(data) - 100)
        index.write_bytes(bytes(data))
    out = io.StringIO()
    second, ok, n = counting.run(paths, cache, Reporter(json_events=True, stream=out))
    assert ok.all() and n["hash"] == 2 and n["encoded"] == 0  # re-hashed; the embeddings are still cached
    np.testing.assert_array_equal(second, first)
    assert not [e for e in map(json.loads, out.getvalue().splitlines()) if e.get("level") == "warning"]
    _, _, n = counting.run(paths, cache)
    assert n["hash"] == 0  # rebuilt


def test_a_new_cache_version_ignores_the_index(tmp_path, counting, later, monkeypatch):
    path = tmp_path / "red.bmp"
    _bmp(path, RED)
    cache = tmp_path / "cache"
    counting.run([path], cache)
    monkeypatch.setattr(image_encoder, "CACHE_VERSION", "lite0-test")
    _, ok, n = counting.run([path], cache)
    assert ok.all() and n["hash"] == 1 and n["encoded"] == 1
    _, _, n = counting.run([path], cache)
    assert n == {"read": 0, "hash": 0, "encoded": 0}


def _store_many(index, worker):
    """One of two processes recording 40 transactions of 50 files each into the same index."""
    for batch in range(40):
        rows = {
            f"/w{worker}/{batch}/{i}": (f"stamp{i}", f"{image_encoder.CACHE_VERSION}-{worker}")
            for i in range(50)
        }
        image_encoder._index_store(index, rows, damaged=False)


def test_two_processes_writing_the_index_at_once_keep_it_whole(tmp_path):
    index = tmp_path / image_encoder.INDEX_NAME
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_store_many, args=(index, w)) for w in range(2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0]
    with sqlite3.connect(index) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    wanted = [f"/w{w}/{b}/{i}" for w in range(2) for b in range(40) for i in range(50)]
    known, damaged = image_encoder._index_lookup(index, wanted)
    assert not damaged and len(known) == len(wanted)
    assert {key for _, key in known.values()} == {f"{image_encoder.CACHE_VERSION}-{w}" for w in range(2)}
