"""--interactive: driven through a pseudo-terminal, exactly the accepted hunks are written."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import review_support

SUPPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "review_support.py")
PROMPT = b"[y,n,a,q,?]? "

FILLER = "".join(f"pad{n} = {n}\n" for n in range(8))
A = f"first = old_api(1)\n{FILLER}second = old_api(2)\n{FILLER}third = old_api(3)\n"
B = "only = old_api(4)\n"


class Terminal:
    """The command line running on a pseudo-terminal."""

    def __init__(self, *args: str, cwd: str) -> None:
        master, slave = pty.openpty()
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
        env.pop("CI", None)
        self.process = subprocess.Popen(
            [sys.executable, SUPPORT, *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.seen = b""

    def read_until(self, marker: bytes, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        start = len(self.seen)
        while marker not in self.seen[start:]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {marker!r}; got:\n{self.seen.decode(errors='replace')}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {marker!r}:\n{self.seen.decode(errors='replace')}")
                self.seen += chunk
        return self.seen[start:]

    def answer(self, text: str) -> bytes:
        shown = self.read_until(PROMPT)
        os.write(self.master, text.encode() + b"\n")
        return shown

    def key(self, key: str) -> bytes:
        """Press one key, no Enter."""
        shown = self.read_until(PROMPT)
        os.write(self.master, key.encode())
        return shown

    def finish(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096)
                except OSError:
                    break
        code = self.process.wait(timeout=max(1, deadline - time.monotonic()))
        os.close(self.master)
        return code


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.py").write_text(A)
    (tmp_path / "b.py").write_text(B)
    return tmp_path


def test_accepted_hunks_are_written_and_rejected_ones_are_not(files):
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-rename", "a.py", "b.py", cwd=str(files))
    first = term.answer("y")
    assert b"-first = old_api(1)" in first and b"+first = new_api(1)" in first and b"(1/3)" in first
    second = term.answer("n")
    assert b"second = old_api(2)" in second
    term.answer("?")  # help, then the same question again
    again = term.answer("y")
    assert b"apply this hunk and all later hunks" in again and b"(3/3)" in again
    only = term.answer("n")
    assert b"only = old_api(4)" in only
    assert term.finish() == 0, term.seen.decode(errors="replace")
    assert (files / "a.py").read_text() == A.replace("old_api(1)", "new_api(1)").replace("old_api(3)", "new_api(3)")
    assert (files / "b.py").read_text() == B


ISSUE_17 = """def read_motd(path):
    return open(path).read()


# tail comment 1
# tail comment 2
X = 1
"""


def test_accepting_the_only_hunk_keeps_every_other_line(tmp_path):
    """Issue 17's reproduction: accepting the only hunk of a 7-line file wrote the file with
    every line after the hunk's context deleted. One key, no Enter, answers the question."""
    (tmp_path / "m.py").write_text(ISSUE_17)
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "open-with", "m.py", cwd=str(tmp_path))
    shown = term.key("y")
    assert b"(1/1) open-with: apply this hunk to m.py" in shown
    assert term.finish() == 0, term.seen.decode(errors="replace")
    assert b"finding what each codemod changed in 1 file" in term.seen  # said while the hunk is prepared
    assert (tmp_path / "m.py").read_text() == ISSUE_17.replace(
        "    return open(path).read()\n", "    with open(path) as f:\n        return f.read()\n"
    )


def test_one_key_per_question(files):
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-rename", "a.py", "b.py", cwd=str(files))
    for key in "yny":
        term.key(key)
    term.key("n")
    assert term.finish() == 0, term.seen.decode(errors="replace")
    assert (files / "a.py").read_text() == A.replace("old_api(1)", "new_api(1)").replace("old_api(3)", "new_api(3)")
    assert (files / "b.py").read_text() == B


def test_all_and_quit(files):
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-rename", "a.py", "b.py", cwd=str(files))
    term.answer("n")
    term.answer("a")  # this one and every later one, without asking
    assert term.finish() == 0, term.seen.decode(errors="replace")
    assert (files / "a.py").read_text() == A.replace("old_api(2)", "new_api(2)").replace("old_api(3)", "new_api(3)")
    assert (files / "b.py").read_text() == B.replace("old_api", "new_api")

    (files / "a.py").write_text(A)
    (files / "b.py").write_text(B)
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-rename", "a.py", "b.py", cwd=str(files))
    term.answer("y")
    term.answer("q")  # not this one, nor any later one; the first is still written
    assert term.finish() == 0
    assert (files / "a.py").read_text() == A.replace("old_api(1)", "new_api(1)")
    assert (files / "b.py").read_text() == B


def test_a_selection_that_breaks_the_file_is_not_written(tmp_path):
    """fake-env adds `import os` and uses it: accepting the use without the import would leave
    `os` undefined, so the file is left unchanged and the user is told why."""
    source = "import json\n" + FILLER + 'SECRET_KEY = "abc"\n'
    (tmp_path / "settings.py").write_text(source)
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-env", "settings.py", cwd=str(tmp_path))
    term.answer("n")  # not the import
    term.answer("y")  # the use
    assert term.finish() == 0
    assert b"left unchanged" in term.seen and b"os undefined" in term.seen
    assert (tmp_path / "settings.py").read_text() == source
    assert not (tmp_path / ".env").exists()  # no code change: no project edit asked for


def test_project_files_are_asked_as_a_whole_and_env_values_never_shown(tmp_path):
    source = 'import json\nSECRET_KEY = "s3cr3t-value"\n'
    (tmp_path / "settings.py").write_text(source)
    term = Terminal("apply", "--interactive", "-j", "1", "--select", "fake-env", "settings.py", cwd=str(tmp_path))
    term.answer("y")  # the whole code change (one hunk)
    shown = term.answer("y")  # .env: keys only
    assert b".env" in shown and b"SECRET_KEY" in shown
    term.answer("n")  # not .env.example
    term.answer("y")  # .gitignore
    assert term.finish() == 0
    assert b"s3cr3t-value" not in term.seen  # masked in the hunk too, as in --dry-run
    assert b'-SECRET_KEY = "********"' in term.seen
    assert "os.environ" in (tmp_path / "settings.py").read_text()
    assert (tmp_path / ".env").read_text() == "SECRET_KEY=s3cr3t-value\n"
    assert not (tmp_path / ".env.example").exists()
    assert (tmp_path / ".gitignore").read_text() == ".env\n"


def test_interactive_needs_a_terminal(files, monkeypatch):
    from flask_codemod.cli import app

    review_support.install(monkeypatch)
    result = CliRunner().invoke(app, ["apply", "--interactive", "--select", "fake-rename", str(files)])
    assert result.exit_code == 2 and "terminal" in result.stderr
    assert (files / "a.py").read_text() == A
