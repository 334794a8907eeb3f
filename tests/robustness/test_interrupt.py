"""Ctrl-C in the middle of a run: no file half-written, no temporary file left behind; the
command line says so in one line and exits 130 (the shell's convention for SIGINT).

In-process (a KeyboardInterrupt raised from inside the write step) and for real (SIGINT sent
to a subprocess rewriting many files in place with worker processes).
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from flask_codemod import writing
from flask_codemod.cli import app
from helpers import REPO
from robustness import support

INTERRUPTED = "flask-codemod: interrupted; no file was left half-written"
PROGRESS_LINE = re.compile(r"flask-codemod: \d+ of \d+ files done, \d+ s")


def _project(folder, count: int, padding: int = 0) -> dict[str, tuple[bytes, bytes]]:
    """``count`` files; maps each path to (original bytes, bytes once rewritten)."""
    files = {}
    filler = "".join(f"x_{i} = {i}  # filler\n" for i in range(padding))
    for i in range(count):
        original = f"old_value = {i}\n{filler}print(old_value)\n".encode()
        path = folder / f"module_{i:04}.py"
        path.write_bytes(original)
        files[str(path)] = (original, original.replace(b"old_value", b"new_value"))
    return files


def _states(files) -> tuple[int, int]:
    """(rewritten, untouched); fails on any file that is neither."""
    rewritten = untouched = 0
    for path, (original, expected) in files.items():
        with open(path, "rb") as handle:
            data = handle.read()
        if data == expected:
            rewritten += 1
        else:
            assert data == original, f"{path} is neither original nor fully rewritten"
            untouched += 1
    return rewritten, untouched


def _temporaries(folder) -> list[str]:
    return support.temporaries(str(folder))


def _cli(folder):
    return CliRunner().invoke(
        app, ["apply", "--quiet", "--no-config", "--select", support.MarkOld.NAME, "-j", "1", str(folder)],
        catch_exceptions=False,
    )


def _interrupt_on_temporary(monkeypatch, name: str, at_call: int, *, half_write: bool = False):
    real = getattr(os, name)
    calls = [0]

    def interrupting(*args, **kwargs):
        first = args[0]
        if isinstance(first, int):
            try:
                first = os.readlink(f"/proc/self/fd/{first}")
            except OSError:
                first = ""
        if writing.TEMPORARY_PREFIX in os.fspath(first):
            calls[0] += 1
            if calls[0] == at_call:
                if half_write:
                    real(args[0], bytes(args[1][: len(args[1]) // 2]))
                raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, interrupting)


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_keyboard_interrupt_inside_a_write(tmp_path, monkeypatch, test_codemods, step):
    files = _project(tmp_path, 6)
    _interrupt_on_temporary(monkeypatch, step, at_call=3, half_write=step == "write")
    result = _cli(tmp_path)
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [INTERRUPTED]
    assert _states(files) == (2, 4)
    assert _temporaries(tmp_path) == []


@pytest.fixture(autouse=True)
def _sigint_raises_keyboard_interrupt():
    """These tests are about Ctrl-C as a terminal delivers it. A shell that starts the test run
    in the background (``make test &`` in a script) makes it inherit SIGINT ignored; put
    Python's own handler in place for each test, and back afterwards."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigint_during_a_write_lets_the_write_finish(tmp_path, monkeypatch):
    """A real SIGINT arriving in the middle of the system calls of one write: the write
    completes (or would clean up), then KeyboardInterrupt is raised."""
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    real_fsync = os.fsync

    def fsync_with_sigint(fd):
        os.kill(os.getpid(), signal.SIGINT)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_with_sigint)
    with pytest.raises(KeyboardInterrupt):
        writing.atomic_write(str(target), b"new\n")
    assert target.read_bytes() == b"new\n"
    assert _temporaries(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_during_a_write_waits_for_the_write(tmp_path, monkeypatch):
    """CI cancelling a job sends SIGTERM: it takes effect once the write is complete."""
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    seen = []

    def on_term(signum, frame):
        seen.append((target.read_bytes(), _temporaries(tmp_path)))

    previous = signal.signal(signal.SIGTERM, on_term)
    real_fsync = os.fsync

    def fsync_with_sigterm(fd):
        os.kill(os.getpid(), signal.SIGTERM)
        assert seen == []  # held back
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_with_sigterm)
    try:
        writing.atomic_write(str(target), b"new\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [(b"new\n", [])]


def test_a_failing_write_interrupted_too_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")

    def fsync_fails_and_sigint(fd):
        os.kill(os.getpid(), signal.SIGINT)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync_fails_and_sigint)
    with pytest.raises(KeyboardInterrupt):
        writing.atomic_write(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    assert _temporaries(tmp_path) == []


DRIVER = """
import os, sys, time
sys.path.insert(0, {tests!r})
from robustness import support
support.register_test_codemods()
real_fsync = os.fsync
def slow_fsync(fd):  # a slow disk: the signal lands while files are being written
    time.sleep(0.01)
    real_fsync(fd)
os.fsync = slow_fsync
from flask_codemod.cli import main
sys.argv = ["flask-codemod", "apply", "--no-config", "--select", "robustness-mark", "-j", "2", {folder!r}]
main()
"""


@pytest.mark.parametrize("target", ["process-group", "main-process"])
def test_sigint_to_a_real_run(tmp_path, target):
    """Ctrl-C in a terminal signals the whole process group (the workers too); ``kill -INT``
    only the main process. Either way: exit 130, one line, every file whole."""
    folder = tmp_path / "project"
    folder.mkdir()
    files = _project(folder, 200, padding=40)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(tests=os.path.join(REPO, "tests"), folder=str(folder)))
    process = subprocess.Popen(
        [sys.executable, str(driver)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
        preexec_fn=_default_sigint,  # as a terminal would start it, whatever we inherited
    )
    deadline = time.monotonic() + 120
    paths = list(files)
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if sum(1 for p in paths[:60] if open(p, "rb").read(9) == b"new_value") >= 3:
                break
            time.sleep(0.005)
        assert process.poll() is None, "the run ended before it could be interrupted"
        if target == "process-group":
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr.decode()
    # a run slower than ten seconds (a loaded machine) prints progress lines before it
    lines = [line for line in stderr.decode().splitlines() if not PROGRESS_LINE.fullmatch(line)]
    assert lines == [INTERRUPTED]
    rewritten, untouched = _states(files)
    assert rewritten >= 3 and untouched > 0, (rewritten, untouched)
    assert _temporaries(folder) == []
    # no worker outlived the run
    leftover = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


SECRET = "s3cr3t-value-4711"
APP = f'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "{SECRET}"\n'


def _needs_dotenv_config():
    if "dotenv-config" not in support.real_codemod_names():
        pytest.skip("dotenv-config is not registered")


def _secret_somewhere(folder) -> bool:
    return any(SECRET.encode() in data for name, data in support.snapshot(str(folder)).items())


@pytest.mark.parametrize("at_write", range(1, 7))
def test_a_moved_secret_survives_ctrl_c_at_any_write(tmp_path, monkeypatch, at_write):
    """Code that now reads a secret from .env is written only after .env holds it: stopped
    at any write, the secret is still in the code or already in .env — never in neither."""
    _needs_dotenv_config()
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "requirements.txt").write_text("flask\n")
    _interrupt_on_temporary(monkeypatch, "replace", at_call=at_write)
    result = CliRunner().invoke(
        app, ["apply", "--quiet", "--no-config", "--select", "dotenv-config", "-j", "1", str(tmp_path)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 130), result.output
    assert _secret_somewhere(tmp_path)
    assert _temporaries(tmp_path) == []


def _apply_with_env_in_the_way(tmp_path, make_env):
    """Run dotenv-config on APP with ``make_env(path)`` making the project's .env."""
    _needs_dotenv_config()
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "requirements.txt").write_text("flask\n")
    make_env(tmp_path / ".env")
    return CliRunner().invoke(
        app, ["apply", "--quiet", "--no-config", "--select", "dotenv-config", "-j", "1", str(tmp_path)],
        catch_exceptions=False,
    )


def _read_only_env(path):
    path.write_text("DEBUG=1\n")
    path.chmod(0o444)


def test_a_moved_secret_survives_an_env_file_that_cannot_be_written(tmp_path):
    """A read-only .env is found only when it is written: the file moving the secret, held
    back until then, is not written either."""
    result = _apply_with_env_in_the_way(tmp_path, _read_only_env)
    assert result.exit_code == 3
    assert (tmp_path / "app.py").read_text() == APP
    assert (tmp_path / ".env").read_text() == "DEBUG=1\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(str(tmp_path / ".env") + ": ")
    assert lines[1].startswith(str(tmp_path / "app.py") + ": not written")


def test_a_moved_secret_stays_when_env_is_a_folder(tmp_path):
    """A .env that is a folder is known before anything is written: one line, and nothing
    of the change is shown or made."""
    result = _apply_with_env_in_the_way(tmp_path, lambda path: path.mkdir())
    assert result.exit_code == 3
    assert (tmp_path / "app.py").read_text() == APP
    assert (tmp_path / "requirements.txt").read_text() == "flask\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(tmp_path / "app.py") + ": not changed: ") and ".env is a directory" in line
