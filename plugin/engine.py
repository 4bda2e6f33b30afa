"""Find, check, install and run the MTGRR engine.

The engine needs PyTorch and lives in its own Python environment, so QGIS never imports it: the
plugin starts ``<engine python> -m mtgrr run JOB.toml --events`` as a subprocess (argument list,
no shell) and follows its JSON-lines events. Everything here is free of widgets so that the dock
and the Processing provider share it.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from qgis.core import QgsSettings, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from .i18n import tr

PLUGIN_DIR = Path(__file__).resolve().parents[1]
SETTINGS_KEY = "mtgrr/engine_python"
KILL_AFTER_S = 10.0
"""Seconds between SIGTERM and SIGKILL when a run is cancelled."""
EXIT_GRACE_S = 2.0
"""Seconds to read what is left in the pipe once the process has exited."""

_WINDOWS = sys.platform.startswith("win")
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing on Windows


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if _WINDOWS else "bin/python")


def _python_from_script(script: str) -> Path | None:
    """The interpreter named on a console script's shebang line (a ``mtgrr`` found on PATH)."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline(512).decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if not parts:
        return None
    if Path(parts[0]).name == "env" and len(parts) > 1:  # "#!/usr/bin/env python3"
        found = shutil.which(parts[1])
        return Path(found) if found else None
    return Path(parts[0])


def candidate_pythons() -> list[Path]:
    """Where the engine may be, best first: the saved setting, the plugin's .venv, a ``mtgrr`` on PATH."""
    found = []
    saved = QgsSettings().value(SETTINGS_KEY, "", type=str)
    if saved:
        found.append(Path(saved))
    found.append(venv_python(PLUGIN_DIR / ".venv"))
    script = shutil.which("mtgrr")
    if script:
        python = _python_from_script(script)
        if python:
            found.append(python)
    return found


def engine_version(python: Path, timeout: float = 60) -> str | None:
    """The engine's version if ``python`` can import mtgrr, else None."""
    if not python.is_file():
        return None
    try:
        done = subprocess.run(
            [str(python), "-c", "import mtgrr; print(mtgrr.__version__)"],
            capture_output=True,
            text=True,
            timeout=timeout,
            creationflags=_NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def find_engine() -> Path | None:
    """The first candidate interpreter that imports mtgrr, or None when the engine is not installed."""
    for python in candidate_pythons():
        if engine_version(python):
            return python
    return None


def set_engine_python(path: str) -> None:
    QgsSettings().setValue(SETTINGS_KEY, path)


_CHECK_SCRIPT = """
import platform, shutil, sys
lines = ["python: " + sys.version.split()[0] + " (" + sys.executable + ")", "platform: " + platform.platform()]
for name in ("mtgrr", "torch", "torch_geometric", "numpy", "geopandas", "rasterio"):
    try:
        module = __import__(name)
        lines.append(name + ": " + str(getattr(module, "__version__", "?")))
    except Exception as err:
        lines.append(name + ": MISSING (" + type(err).__name__ + ": " + str(err) + ")")
try:
    import torch
    if torch.cuda.is_available():
        lines.append("device: cuda (" + torch.cuda.get_device_name(0) + ")")
    elif getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        lines.append("device: mps")
    else:
        lines.append("device: cpu")
except Exception:
    lines.append("device: unknown (torch missing)")
free = shutil.disk_usage(sys.argv[1]).free
lines.append("free disk: %.1f GB in %s" % (free / 1e9, sys.argv[1]))
print("\\n".join(lines))
"""


def check_engine(python: Path | None, folder: Path | None = None, timeout: float = 300) -> tuple[bool, str]:
    """Run a diagnostic in the engine's interpreter: versions, device, free disk. Returns (ok, report)."""
    if python is None or not Path(python).is_file():
        return False, tr("No engine Python interpreter was found. Use 'Install engine' or choose one.")
    folder = folder or PLUGIN_DIR
    try:
        done = subprocess.run(
            [str(python), "-c", _CHECK_SCRIPT, str(folder)],
            capture_output=True,
            text=True,
            timeout=timeout,
            creationflags=_NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return False, tr("The engine interpreter could not be run: {}").format(err)
    report = (done.stdout + done.stderr).strip()
    ok = done.returncode == 0 and "mtgrr: MISSING" not in report
    return ok, report


def base_python() -> Path | None:
    """A Python that can create the engine's virtual environment (QGIS's own one when it has one)."""
    names = ("python.exe",) if _WINDOWS else ("bin/python3", "bin/python")
    for prefix in (sys.base_exec_prefix, sys.exec_prefix):
        for name in names:
            path = Path(prefix) / name
            if path.is_file():
                return path
    found = shutil.which("python3") or shutil.which("python")
    return Path(found) if found else None


def install_commands(python: Path, plugin_dir: Path = PLUGIN_DIR) -> list[list[str]]:
    """The three steps of 'Install engine': create .venv, install the pinned stack, then the engine."""
    venv = plugin_dir / ".venv"
    engine = plugin_dir / "engine"
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check"]
    return [
        [str(python), "-m", "venv", str(venv)],
        [*pip, "-r", str(engine / "requirements.txt")],
        [*pip, "--no-deps", "-e", str(engine)],
    ]


class _ProcessTask(QgsTask):
    """A QgsTask that runs commands and streams their output; cancel sends SIGTERM, then SIGKILL."""

    logLine = pyqtSignal(str)  # noqa: N815 - Qt naming

    def __init__(self, description: str):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.returncode: int | None = None

    def _stream(self, argv: list[str], on_line, cwd: str | None = None) -> int:
        """Run ``argv`` (stderr merged into stdout), call ``on_line`` per line; stop it on cancel.

        The wait ends once the process has exited and no line came for :data:`EXIT_GRACE_S`, even when the pipe
        stays open (a child it left behind, e.g. under a wrapper script that does not ``exec``), and an error in
        ``on_line`` stops the process rather than leaving it running unread."""
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
            creationflags=_NO_WINDOW,
        )
        lines: queue.Queue = queue.Queue()
        stop = threading.Event()

        def pump():  # closing the pipe once the task is done stops a left-behind writer at its next line
            with proc.stdout:
                for line in proc.stdout:
                    if stop.is_set():
                        break
                    lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        terminated_at = exited_at = None
        last_line_at = time.monotonic()
        try:
            while True:
                try:
                    line = lines.get(timeout=0.1)
                except queue.Empty:
                    line = ""
                if line is None:
                    break
                if line:
                    on_line(line.rstrip("\r\n"))
                    last_line_at = time.monotonic()
                if exited_at is None and proc.poll() is not None:
                    exited_at = time.monotonic()
                if exited_at is not None and time.monotonic() - max(exited_at, last_line_at) > EXIT_GRACE_S:
                    break  # what the process wrote is read; a child it left behind holds the pipe
                if self.isCanceled():
                    if terminated_at is None:
                        proc.terminate()
                        terminated_at = time.monotonic()
                    elif time.monotonic() - terminated_at > KILL_AFTER_S and proc.poll() is None:
                        proc.kill()
        finally:
            stop.set()
            if proc.poll() is None:
                proc.kill()
        self.returncode = proc.wait()
        return self.returncode


def stage_text(event: dict) -> str:
    """A progress event in the user's language: the stage's name, then its details (epoch, loss)."""
    names = {
        "ingest": tr("reading the inputs"),
        "remote_sensing": tr("remote sensing features"),
        "rs_chips": tr("raster image features"),
        "images": tr("street-view images"),
        "train": tr("training"),
        "export": tr("writing the results"),
        "evaluate": tr("evaluating"),
    }
    details = {"epoch": tr("epoch"), "loss": tr("loss")}
    stage = str(event.get("stage", ""))
    extra = ", ".join(
        f"{details.get(k, k)} {v:.4g}" if isinstance(v, float) else f"{details.get(k, k)} {v}"
        for k, v in event.items()
        if k not in ("event", "stage", "percent")
    )
    name = names.get(stage, stage)
    return f"{name} ({extra})" if extra else name


STAGE_SPANS = {"ingest": (0.0, 20.0), "train": (20.0, 90.0), "export": (90.0, 100.0)}
"""Where each stage of a run lies on one bar: training takes most of a run. Stages inside reading the inputs
(remote sensing, street-view images) show in the status text while the bar holds."""


def run_percent(stage: str, percent: float, current: float) -> float:
    """The whole run's percent after ``percent`` of ``stage``: a bar that restarted at every stage looked like
    a run starting over."""
    span = STAGE_SPANS.get(stage)
    if span is None:
        return current
    low, high = span
    return max(current, low + (high - low) * min(max(percent, 0.0), 100.0) / 100.0)


def _exit_code_text(code: int) -> str:
    """An exit code, with the signal's name when a signal ended the process (-9: SIGKILL, e.g. out of memory)."""
    try:
        return f"{code} ({signal.Signals(-code).name})" if code < 0 else str(code)
    except ValueError:
        return str(code)


class EngineRunTask(_ProcessTask):
    """Runs ``mtgrr run JOB --events`` and turns its JSON lines into signals and a final outcome.

    After the task: ``outputs`` (the result event's paths) on success, else ``error`` (the engine's
    own message) or ``isCanceled()``. ``log`` keeps every line for the log panel.
    """

    stageChanged = pyqtSignal(str, float, float)  # noqa: N815 - stage text, stage percent, run percent

    def __init__(self, python: Path, job_path: Path, description: str | None = None):
        super().__init__(description or tr("MTGRR: learning region representations"))
        self.argv = [str(python), "-m", "mtgrr", "run", str(job_path), "--events"]
        self.cwd = str(Path(job_path).parent)
        self.outputs: dict[str, str] = {}
        self.error: str | None = None
        self.error_kind: str | None = None
        self.log_outputs = True
        """List the result's files in the log (not for a helper run whose files are scratch)."""
        self.error_parts: dict[str, str] = {}
        """An input error's where / problem / fix apart (see :func:`jobs.qgis_error`)."""
        self.log: list[str] = []
        self.run_percent = 0.0
        """How far the whole run is (see :func:`run_percent`): the bar, which never goes back."""
        self.warnings: list[str] = []
        """The engine's warnings (fallbacks counted, columns left out...), for the message at the end of a run."""
        self.plain_tail: collections.deque = collections.deque(maxlen=15)
        """The last lines that are not events (stderr: a traceback, a crash), shown when the engine dies."""
        self.finished_callback = None
        """Called on the main thread with the task when it ends (set by the dock or a test)."""

    def _on_line(self, line: str) -> None:
        self.log.append(line)
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        try:
            handled = isinstance(event, dict) and "event" in event and self._on_event(event)
        except (TypeError, ValueError, AttributeError):  # an event with values of the wrong type
            handled = False
        if not handled:
            self.plain_tail.append(line)
            self.logLine.emit(line)  # warnings and tracebacks on stderr

    def _on_event(self, event: dict) -> bool:
        kind = event["event"]
        if kind == "progress":
            percent = float(event.get("percent", 0.0))
            self.run_percent = run_percent(str(event.get("stage", "")), percent, self.run_percent)
            self.stageChanged.emit(stage_text(event), percent, self.run_percent)
            self.setProgress(self.run_percent)
        elif kind == "log":
            level, message = str(event.get("level", "info")), str(event.get("message", ""))
            if level == "warning":
                self.warnings.append(message)
            self.logLine.emit(f"[{level}] {message}")
        elif kind == "result":
            self.outputs = {str(k): str(v) for k, v in dict(event.get("outputs") or {}).items()}
            if self.log_outputs:
                self.logLine.emit(tr("Outputs: {}").format(", ".join(self.outputs.values())))
        elif kind == "error":
            self.error_kind = str(event.get("kind", "internal"))
            self.error = str(event.get("message", ""))
            self.error_parts = {k: str(event[k]) for k in ("where", "problem", "fix") if event.get(k)}
            self.logLine.emit(f"[error] {self.error}")
        return True

    def run(self) -> bool:
        try:
            code = self._stream(self.argv, self._on_line, cwd=self.cwd)
        except OSError as err:
            self.error = tr("The engine could not be started: {}").format(err)
            return False
        if self.isCanceled():
            return False
        if code != 0 and not self.error:
            self.error = tr("The engine stopped with exit code {}:\n{}").format(
                _exit_code_text(code), "\n".join(self.plain_tail)
            )
        return code == 0 and not self.error and bool(self.outputs)

    def finished(self, result: bool) -> None:  # main thread
        if self.finished_callback is not None:
            self.finished_callback(self, result)


class InstallEngineTask(_ProcessTask):
    """Runs the install commands one after another, with progress per step."""

    def __init__(self, commands: list[list[str]]):
        super().__init__(tr("MTGRR: installing the engine"))
        self.commands = commands
        self.log: list[str] = []
        self.error: str | None = None
        self.finished_callback = None

    def _on_line(self, line: str) -> None:
        self.log.append(line)
        self.logLine.emit(line)

    def run(self) -> bool:
        for step, argv in enumerate(self.commands):
            self._on_line("$ " + " ".join(argv))
            try:
                code = self._stream(argv, self._on_line)
            except OSError as err:
                self.error = str(err)
                return False
            if self.isCanceled():
                return False
            if code != 0:
                self.error = tr("Step {} failed with exit code {}: {}").format(step + 1, code, " ".join(argv))
                return False
            self.setProgress(100.0 * (step + 1) / len(self.commands))
        return True

    def finished(self, result: bool) -> None:
        if self.finished_callback is not None:
            self.finished_callback(self, result)
