"""The JSON-lines event protocol the QGIS plugin reads, and cancellation."""

import io
import json

import pytest
from mtgrr.errors import Cancelled
from mtgrr.events import Reporter


def test_json_events_are_one_object_per_line():
    out = io.StringIO()
    r = Reporter(json_events=True, stream=out)
    r.progress("train", 150, epoch=3, loss=1.25)
    r.log("hello")
    r.result({"embeddings": "/tmp/e.gpkg"}, regions=4)
    r.error("bad field", kind="input")
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["progress", "log", "result", "error"]
    assert events[0] == {"event": "progress", "stage": "train", "percent": 100.0, "epoch": 3, "loss": 1.25}
    assert events[2]["outputs"] == {"embeddings": "/tmp/e.gpkg"} and events[2]["regions"] == 4
    assert events[3]["kind"] == "input"


def test_cancel_flag_stops_progress():
    r = Reporter(json_events=True, stream=io.StringIO())
    r.cancelled = True
    with pytest.raises(Cancelled):
        r.progress("train", 10)


def test_terminal_progress_bar_finishes_with_newline():
    out = io.StringIO()
    Reporter(stream=out).progress("ingest", 100)
    assert out.getvalue().endswith("100.0% \n")
