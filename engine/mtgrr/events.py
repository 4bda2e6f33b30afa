"""Progress reporting and cancellation shared by every stage.

Two renderings of the same events: a human one (stderr progress lines / log) and, with
``mtgrr ... --events``, one JSON object per line on stdout for the QGIS plugin::

    {"event": "progress", "stage": "train", "percent": 42.0, "epoch": 21, "loss": 3.12}
    {"event": "log", "level": "info", "message": "..."}
    {"event": "result", "outputs": {"embeddings": "/abs/path.gpkg", ...}}
    {"event": "error", "kind": "input", "message": "...", "where": "...", "problem": "...", "fix": "..."}

``kind`` is ``input`` (the user's data or job: the message says what to fix), ``cancelled`` or
``internal`` (a bug: the message carries the exception). An input error also carries the parts of
its message (``where``: the job key, layer or file; ``problem``; ``fix``, when there is one), so
that the plugin can name the QGIS layer behind a job key instead. SIGINT/SIGTERM set a flag that long
loops poll through :meth:`Reporter.check_cancelled`, so outputs are never left half-written.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from .errors import Cancelled


class Reporter:
    """Where a run's progress, log lines, result and errors go, and its cancellation flag.

    ``Reporter()`` draws progress bars and writes ``[info]`` and ``[warning]`` lines to stderr, and the files a
    run wrote (``name: path``) to stdout, so that a script can read them apart from the log: pass it to
    ``run_job``, ``build_dataset`` or ``train_model`` to see the log. ``quiet=True`` keeps the warnings alone
    (the library default, :data:`SILENT`); ``json_events=True`` writes every event as a JSON line to stdout,
    for the QGIS plugin. A ``stream`` given takes everything.
    """

    def __init__(self, json_events: bool = False, stream: TextIO | None = None, quiet: bool = False):
        self.json_events = json_events
        self.stream = stream or (sys.stdout if json_events else sys.stderr)
        self._results = stream or sys.stdout
        self.quiet = quiet
        self.cancelled = False
        self._last_draw = 0.0
        self._bar_open = False  # a bar was drawn and ends in a carriage return, not a newline
        self._last_event = ("", 0.0)

    def __repr__(self) -> str:
        # read in signatures, where the default showed as <mtgrr.events.Reporter object at 0x...>
        if self is SILENT:
            return "SILENT"
        options = [f"{key}=True" for key in ("json_events", "quiet") if getattr(self, key)]
        return f"Reporter({', '.join(options)})"

    # ---- cancellation --------------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        def _handler(signum, _frame):
            self.cancelled = True

        signal.signal(signal.SIGINT, _handler)
        signal.signal(signal.SIGTERM, _handler)

    def check_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled("cancelled by the user")

    # ---- events ----------------------------------------------------------------------------
    def _emit(self, payload: dict) -> None:
        self.stream.write(json.dumps(payload, default=str) + "\n")
        self.stream.flush()

    def progress(self, stage: str, percent: float, **extra) -> None:
        """Report ``percent`` (0-100) of ``stage``; extra keys (epoch, loss...) pass through."""
        self.check_cancelled()
        percent = max(0.0, min(100.0, float(percent)))
        if self.json_events:
            # a per-region loop reports 10,000 times a stage: one event per percent point is what a bar shows
            last_stage, last_percent = self._last_event
            if stage == last_stage and not extra and percent < 100 and abs(percent - last_percent) < 1:
                return
            self._last_event = (stage, percent)
            self._emit({"event": "progress", "stage": stage, "percent": round(percent, 2), **extra})
            return
        if self.quiet:
            return
        now = time.monotonic()
        if percent < 100 and now - self._last_draw < 0.2:
            return
        self._last_draw = now
        filled = int(percent / 5)
        details = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in extra.items())
        end = "\n" if percent >= 100 else "\r"
        self._bar_open = percent < 100
        self.stream.write(f"{stage:<10} [{'#' * filled}{'.' * (20 - filled)}] {percent:5.1f}% {details}{end}")
        self.stream.flush()

    def _end_bar(self) -> None:
        """End an unfinished bar's line, so that the next line does not run on after it (a cancel's message
        read "...loss=6.867error: cancelled") or overwrite it in part."""
        if self._bar_open:
            self.stream.write("\n")
            self._bar_open = False

    def log(self, message: str, level: str = "info") -> None:
        if self.json_events:
            self._emit({"event": "log", "level": level, "message": message})
        elif not self.quiet or level != "info":
            self._end_bar()
            self.stream.write(f"[{level}] {message}\n")
            self.stream.flush()

    def result(self, outputs: dict, **extra) -> None:
        """The files a run wrote; a path as an absolute one (a script reading it may run elsewhere)."""
        shown = {k: str(Path(v).absolute() if isinstance(v, Path) else v) for k, v in outputs.items()}
        if self.json_events:
            self._emit({"event": "result", "outputs": shown, **extra})
        else:
            self._end_bar()
            self.stream.flush()  # the log before the result, where both reach one terminal
            for key, value in shown.items():
                self._results.write(f"{key}: {value}\n")
            self._results.flush()

    def error(self, message: str, kind: str = "input", **parts: str | None) -> None:
        """Report the run's end in error; ``parts`` (where, problem, fix) go into the event when given."""
        if self.json_events:
            given = {key: value for key, value in parts.items() if value}
            self._emit({"event": "error", "kind": kind, "message": message, **given})
        else:  # the fix on a line of its own: after a multi-line problem it read as part of the last line
            self._end_bar()
            problem, fix, where = parts.get("problem"), parts.get("fix"), parts.get("where")
            if problem and fix:
                message = f"{where}: {problem}" if where else problem
                message += f"\n  fix: {fix}"
            sys.stderr.write(f"error: {message}\n")
            sys.stderr.flush()


SILENT = Reporter(quiet=True)
"""Default for library calls: no progress or info output (warnings still reach stderr)."""
