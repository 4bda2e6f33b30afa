"""Engine discovery, the diagnostic, install commands and the background process tasks."""

from __future__ import annotations

import os
import signal
import sys
import textwrap

import pytest
from mtgrr_qgis.plugin import engine
from qgis.core import QgsApplication


def test_find_engine_uses_the_setting(isolated_settings, engine_python, tmp_path):
    # a saved interpreter other than the plugin's own .venv (a wrapper that runs the engine's Python) wins
    wrapper = tmp_path / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{engine_python}" "$@"\n')
    wrapper.chmod(0o755)
    engine.set_engine_python(str(wrapper))
    assert engine.find_engine() == wrapper
    assert engine.engine_version(wrapper) == engine.engine_version(engine_python)


def test_find_engine_falls_back_when_the_setting_is_stale(isolated_settings, engine_python, tmp_path):
    engine.set_engine_python(str(tmp_path / "gone" / "python"))  # e.g. a deleted environment
    assert engine.find_engine() == engine_python  # the plugin folder's own .venv


def test_python_from_console_script(tmp_path):
    script = tmp_path / "mtgrr"
    script.write_text("#!/opt/env/bin/python3.11\nimport sys\n")
    assert str(engine._python_from_script(str(script))) == "/opt/env/bin/python3.11"
    script.write_text("#!/usr/bin/env python3\n")
    assert engine._python_from_script(str(script)).name.startswith("python3")


def test_check_engine_report(engine_python):
    ok, report = engine.check_engine(engine_python)
    assert ok, report
    for line in ("mtgrr: ", "torch: ", "numpy: 1.", "device: ", "free disk: "):
        assert line in report
    ok, report = engine.check_engine(None)
    assert not ok and "Install engine" in report


def test_install_commands(tmp_path):
    commands = engine.install_commands(engine_python := __import__("pathlib").Path(sys.executable), tmp_path)
    assert commands[0] == [str(engine_python), "-m", "venv", str(tmp_path / ".venv")]
    assert commands[1][-2:] == ["-r", str(tmp_path / "engine" / "requirements.txt")]
    assert commands[2][-3:] == ["--no-deps", "-e", str(tmp_path / "engine")]
    assert commands[1][0] == commands[2][0] == str(tmp_path / ".venv" / "bin" / "python")


def run_task(task, wait_for):
    outcome = {}
    task.finished_callback = lambda t, ok: outcome.setdefault("ok", ok)
    QgsApplication.taskManager().addTask(task)
    return outcome


def test_install_task_runs_steps_and_reports_failure(tmp_path, wait_for):
    venv = tmp_path / "venv"
    good = [
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        [sys.executable, "-c", "print('step two')"],
    ]
    task = engine.InstallEngineTask(good)
    progress = []
    task.progressChanged.connect(progress.append)
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert outcome["ok"] and engine.venv_python(venv).exists()
    assert "step two" in task.log and progress[-1] == 100
    task = engine.InstallEngineTask([[sys.executable, "-c", "import sys; sys.exit(3)"]])
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert not outcome["ok"] and "exit code 3" in task.error


PROTOCOL = textwrap.dedent(
    """
    import json, signal, sys, time
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    print("a warning on stderr", file=sys.stderr, flush=True)
    for i in range(1000):
        if stop:
            print(json.dumps({"event": "error", "kind": "cancelled", "message": "cancelled by the user"}), flush=True)
            sys.exit(143)
        print(json.dumps({"event": "progress", "stage": "train", "percent": i / 10, "epoch": i, "loss": 1.5}), flush=True)
        if sys.argv[1] == "fail" and i == 3:
            print(json.dumps({"event": "error", "kind": "input", "message": "regions: no field 'zone'"}), flush=True)
            sys.exit(2)
        if sys.argv[1] == "ok" and i == 3:
            print(json.dumps({"event": "result", "outputs": {"embeddings": "/x/embeddings.gpkg"}}), flush=True)
            sys.exit(0)
        time.sleep(0.05)
    """
)


def protocol_task(tmp_path, mode):
    """The real task and parser, on a process that speaks the documented events protocol."""
    script = tmp_path / "events.py"
    script.write_text(PROTOCOL)
    task = engine.EngineRunTask(engine.Path(sys.executable), tmp_path / "job.toml")
    task.argv = [sys.executable, str(script), mode]
    return task


def test_events_are_parsed(tmp_path, wait_for):
    task = protocol_task(tmp_path, "ok")
    stages, lines = [], []
    task.stageChanged.connect(lambda text, pct, run: stages.append((text, pct, run)))
    task.logLine.connect(lines.append)
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert outcome["ok"] and task.outputs == {"embeddings": "/x/embeddings.gpkg"}
    assert stages[-1] == (
        "training (epoch 3, loss 1.5)",
        0.3,
        pytest.approx(20.21),
    )  # the stage named for the user
    assert "a warning on stderr" in lines


def test_the_bar_follows_the_whole_run_and_never_goes_back():
    """Each stage reports its own 0-100 %; the bar places them on one scale (reading 0-20, training 20-90, writing
    90-100), holds during stages inside reading the inputs, and never moves back."""
    events = [
        ("ingest", 0),
        ("ingest", 50),
        ("remote_sensing", 0),
        ("remote_sensing", 100),
        ("ingest", 100),
        ("train", 0),
        ("train", 50),
        ("train", 100),
        ("export", 0),
        ("export", 50),
        ("export", 100),
    ]
    bar, seen = 0.0, []
    for stage, percent in events:
        bar = engine.run_percent(stage, percent, bar)
        seen.append(bar)
    assert seen == [0, 10, 10, 10, 20, 20, 55, 90, 90, 95, 100]
    assert engine.run_percent("ingest", 0, 55) == 55  # never back


def test_engine_error_message_is_kept(tmp_path, wait_for):
    task = protocol_task(tmp_path, "fail")
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert not outcome["ok"] and task.error == "regions: no field 'zone'" and task.error_kind == "input"


def test_cancel_terminates_the_process(tmp_path, wait_for):
    task = protocol_task(tmp_path, "long")
    outcome = run_task(task, wait_for)
    wait_for(lambda: len(task.log) > 5)
    task.cancel()
    wait_for(lambda: "ok" in outcome, timeout=15)
    assert not outcome["ok"] and task.isCanceled() and task.returncode == 143


def test_settings_dialog_detects_and_copies(isolated_settings, engine_python, artifacts):
    from mtgrr_qgis.plugin.settings_dialog import EngineSettingsDialog
    from qgis.PyQt.QtWidgets import QApplication

    dialog = EngineSettingsDialog()
    assert dialog.detect() == engine_python
    assert dialog.python.filePath() == str(engine_python)
    assert dialog.check()  # the real diagnostic, run in the engine's interpreter
    report = dialog.report.toPlainText()
    assert "mtgrr: " in report and "torch: " in report
    dialog.copy_report()
    assert QApplication.clipboard().text() == report
    dialog.show()
    assert dialog.grab().save(str(artifacts / "settings_dialog.png"))
    dialog.accept()
    assert isolated_settings.value(engine.SETTINGS_KEY, "", type=str) == str(engine_python)


def test_install_refuses_a_python_older_than_the_engine_needs(isolated_settings, tmp_path, monkeypatch):
    """QGIS 3.22's Windows and macOS installers have Python 3.9: the install says so instead of failing in pip."""
    from mtgrr_qgis.plugin import settings_dialog

    assert settings_dialog.python_version(engine.Path(sys.executable)) == sys.version_info[:2]
    assert settings_dialog.python_version(tmp_path / "none") is None
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\necho 3 9\n")
    old.chmod(0o755)
    monkeypatch.setattr(engine, "base_python", lambda: old)
    dialog = settings_dialog.EngineSettingsDialog()
    assert dialog.start_install() is None and dialog.install_task is None
    assert "Python 3.11" in dialog.status.text() and f"{old} is Python 3.9" in dialog.status.text()


def script_task(tmp_path, source: str):
    """The real task on a script of our own (a misbehaving engine)."""
    script = tmp_path / "engine.py"
    script.write_text(textwrap.dedent(source))
    task = engine.EngineRunTask(engine.Path(sys.executable), tmp_path / "job.toml")
    task.argv = [sys.executable, str(script)]
    return task


def test_a_malformed_event_is_logged_and_the_run_goes_on(tmp_path, wait_for):
    task = script_task(
        tmp_path,
        """
        print('{"event": "progress", "stage": "train", "percent": "abc"}', flush=True)
        print('{"event": "result", "outputs": {"embeddings": "/x/embeddings.gpkg"}}', flush=True)
        """,
    )
    lines = []
    task.logLine.connect(lines.append)
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert outcome["ok"] and task.outputs == {"embeddings": "/x/embeddings.gpkg"}
    assert '{"event": "progress", "stage": "train", "percent": "abc"}' in lines


def test_a_crash_names_the_signal_and_shows_stderr_not_events(tmp_path, wait_for):
    task = script_task(
        tmp_path,
        """
        import json, os, signal, sys
        for i in range(20):
            print(json.dumps({"event": "progress", "stage": "train", "percent": i}), flush=True)
        print("about to run out of memory", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """,
    )
    outcome = run_task(task, wait_for)
    wait_for(lambda: "ok" in outcome)
    assert not outcome["ok"] and "SIGKILL" in task.error and "about to run out of memory" in task.error
    assert '"event"' not in task.error  # the tail is what the user can read, not progress events


def test_cancel_ends_even_when_a_child_keeps_the_pipe_open(tmp_path, wait_for):
    """A wrapper or engine child that inherited stdout must not keep the task waiting for the end of output."""
    pid_file = tmp_path / "child.pid"
    task = script_task(
        tmp_path,
        f"""
        import json, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        for i in range(1000):
            print(json.dumps({{"event": "progress", "stage": "train", "percent": i / 10}}), flush=True)
            time.sleep(0.05)
        """,
    )
    outcome = run_task(task, wait_for)
    wait_for(lambda: len(task.log) > 5)
    task.cancel()
    try:
        wait_for(lambda: "ok" in outcome, timeout=15)
        assert not outcome["ok"] and task.isCanceled()
    finally:
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
