"""The JSON-lines event protocol the QGIS plugin reads, and cancellation."""

import io
import json
from pathlib import Path

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


def test_json_progress_is_one_event_per_percent_point():
    """A per-region loop must not flood the plugin: 10,000 reports of a stage give about 100 events."""
    out = io.StringIO()
    r = Reporter(json_events=True, stream=out)
    for i in range(1, 10_001):
        r.progress("remote_sensing", i / 100)
    r.progress("train", 1, epoch=1, loss=2.0)  # a new stage, and epochs, always pass
    r.progress("train", 1.5, epoch=2, loss=1.9)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    percents = [e["percent"] for e in events if e["stage"] == "remote_sensing"]
    assert 100 <= len(percents) <= 101 and percents[-1] == 100
    assert [e.get("epoch") for e in events[-2:]] == [1, 2]


def test_a_line_after_an_unfinished_bar_starts_a_line_of_its_own(capsys):
    """A cancel's message read '...loss=6.867error: cancelled' on the bar's line; a warning overwrote the bar."""
    warned = Reporter()  # the CLI's: bars and messages on stderr
    warned.progress("train", 40, epoch=3)
    warned.log("few regions", "warning")
    assert capsys.readouterr().err.endswith("epoch=3\r\n[warning] few regions\n")
    cancelled = Reporter()
    cancelled.progress("train", 50, epoch=4)
    cancelled.error("cancelled: no output was written", kind="cancelled")
    assert capsys.readouterr().err.endswith("epoch=4\r\nerror: cancelled: no output was written\n")


def test_quiet_keeps_warnings_and_errors_alone():
    out = io.StringIO()
    r = Reporter(stream=out, quiet=True)
    r.progress("train", 40, epoch=3)
    r.log("an info line")
    r.log("a warning", "warning")
    assert out.getvalue() == "[warning] a warning\n"


def test_the_files_written_go_to_stdout_and_the_log_to_stderr(capsys):
    """``mtgrr train job.toml > outputs.txt`` keeps the paths a script reads apart from the progress and the log."""
    reporter = Reporter()
    reporter.progress("train", 50.0)
    reporter.log("a line of the log")
    reporter.result({"embeddings": "/out/embeddings.gpkg", "city": Path("city") / "city.gpkg"})
    out, err = capsys.readouterr()
    assert out == f"embeddings: /out/embeddings.gpkg\ncity: {Path.cwd() / 'city' / 'city.gpkg'}\n"  # absolute
    assert "a line of the log" in err and "embeddings.gpkg" not in err
