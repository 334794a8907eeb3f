"""Project files the tool appends lines to (``.env``, ``.env.example``, ``.gitignore``, a
requirements file), saved the ways editors and shells save them: UTF-16 (PowerShell's ``>``),
UTF-8 with a byte-order mark, CRLF line endings, no final newline, a last line that goes on
(an open quote in ``.env``, a ``\\`` in a requirements file). Each is read back after the run
by its own reader: git (``git check-ignore``), python-dotenv (``dotenv_values``), and pip's
line rules (a ``\\`` at a line's end joins the next line) with ``packaging``. What the
tool cannot add so that its reader reads the file as before plus the new lines, it leaves
alone and says why in one line; and the code does not move a value to a ``.env`` that could
not take it."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys

import pytest
from dotenv import dotenv_values
from packaging.requirements import Requirement

APP = """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-v4lue-9f8a7b6c5d4e3f2a1b0c"


@app.route("/")
def index():
    return "ok"
"""


SECRET = "s3cr3t-v4lue-9f8a7b6c5d4e3f2a1b0c"


def project(tmp_path, **files):
    """A project: app.py and the files given (name -> bytes), a git repository; its
    dependencies declared in a requirements.txt unless one is given."""
    (tmp_path / "app.py").write_text(APP)
    files.setdefault("requirements.txt", b"flask\n")
    for name, data in files.items():
        (tmp_path / name.replace("_", ".") if name.startswith("_") else tmp_path / name).write_bytes(data)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def apply(tmp_path, *extra):
    return subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--select", "dotenv-config", *extra, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def ignored(tmp_path, name):
    """Whether git, reading the project's own .gitignore only, ignores ``name``."""
    found = subprocess.run(
        ["git", "-c", "core.excludesFile=/dev/null", "check-ignore", "-q", name], cwd=tmp_path, capture_output=True
    )
    return found.returncode == 0


def env_of(path):
    return dict(dotenv_values(path, interpolate=False))


def requirements_of(path):
    """The requirement names pip reads from a requirements file: lines ending in ``\\`` are
    joined with the next, comments dropped, each line one requirement."""
    logical, pending = [], ""
    for line in path.read_text().splitlines():
        if line.endswith("\\") and not line.lstrip().startswith("#"):
            pending += line[:-1]
            continue
        logical.append(pending + line)
        pending = ""
    if pending:
        logical.append(pending)
    names = []
    for line in logical:
        text = line.split(" #", 1)[0].strip()
        if text and not text.startswith("#"):
            names.append(Requirement(text).name)  # InvalidRequirement: pip would stop here
    return names


def utf16(text):
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


# -- .env --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"DEBUG=1\r\nexport NAME='a b'\r\nNAME=c", id="crlf-export-twice-no-final-newline"),
        pytest.param(codecs.BOM_UTF8 + b"DEBUG=1\n", id="utf8-bom"),
        pytest.param(b'DEBUG=1\nMULTI="one\ntwo"\n', id="quoted-over-two-lines"),
    ],
)
def test_env_keeps_what_python_dotenv_read_and_gains_the_secret(tmp_path, data):
    root = project(tmp_path, _env=data)
    before = env_of(root / ".env")
    done = apply(root)
    assert done.returncode == 0, done.stderr
    assert env_of(root / ".env") == {**before, "SECRET_KEY": SECRET}
    written = (root / ".env").read_bytes()
    assert written.startswith(data.removesuffix(b"NAME=c"))
    if b"\r\n" in data:
        assert written.count(b"\n") == written.count(b"\r\n")  # its own line endings
    assert 'os.environ["SECRET_KEY"]' in (root / "app.py").read_text()


QUOTED_SECRET = "s3cr3t v4lue 9f8a7b6c!"  # written in quotes: 'a b!'


@pytest.mark.parametrize(
    "data, secret, says",
    [
        pytest.param(utf16("DEBUG=1\r\n"), SECRET, "UTF-16", id="utf16"),
        pytest.param("DEBUG=caf\u00e9\n".encode("latin-1"), SECRET, "not UTF-8", id="latin1"),
        pytest.param(b"DEBUG=1\nGREETING='hello\n", QUOTED_SECRET, "open quote", id="open-single-quote"),
    ],
)
def test_env_that_cannot_take_a_line_is_left_and_so_is_the_code(tmp_path, data, secret, says):
    """python-dotenv reads .env as UTF-8 only (load_dotenv() would raise on the others), and
    a value whose quote is still open takes the next lines in, up to the next quote (here:
    the one that opens the secret's value)."""
    root = project(tmp_path, _env=data)
    app = APP.replace(SECRET, secret)
    (root / "app.py").write_text(app)
    done = apply(root)
    assert done.returncode == 3
    assert (root / ".env").read_bytes() == data
    assert (root / "app.py").read_text() == app
    lines = [line for line in done.stderr.splitlines() if ".env" in line and says in line]
    assert lines, done.stderr
    assert not (root / ".env.example").exists()


@pytest.mark.parametrize(
    "data, secret, says",
    [
        pytest.param(utf16("DEBUG=1\r\n"), SECRET, "UTF-16", id="utf16"),
        pytest.param(b"DEBUG=1\nGREETING='hello\n", QUOTED_SECRET, "open quote", id="open-single-quote"),
    ],
)
def test_env_that_cannot_take_a_line_changes_nothing_in_a_dry_run_either(tmp_path, data, secret, says):
    """The dry run shows what a run would write: no diff for code that would stay as it is."""
    root = project(tmp_path, _env=data)
    (root / "app.py").write_text(APP.replace(SECRET, secret))
    done = apply(root, "--dry-run")
    assert done.returncode == 3
    assert "SECRET_KEY" not in done.stdout and "load_dotenv" not in done.stdout
    assert says in done.stderr
    assert (root / ".env").read_bytes() == data


def test_env_whose_open_quote_the_values_of_a_file_would_not_reach_takes_them(tmp_path):
    """An open quote takes in the lines after it only up to the next quote of its kind: values
    written bare leave it open, and python-dotenv reads them as their own lines."""
    data = b"DEBUG=1\nGREETING='hello\n"
    root = project(tmp_path, _env=data)
    done = apply(root)
    assert done.returncode == 0, done.stderr
    assert env_of(root / ".env")["SECRET_KEY"] == SECRET
    assert 'os.environ["SECRET_KEY"]' in (root / "app.py").read_text()


@pytest.mark.parametrize("kind", ["directory", "fifo", "dangling-link"])
def test_env_that_is_no_file_to_read_is_named_with_the_reason(tmp_path, kind):
    root = project(tmp_path)
    target = root / ".env"
    if kind == "directory":
        target.mkdir()
        (target / "keep").write_text("x")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(root / "elsewhere" / "secrets.env")
    done = apply(root)
    assert done.returncode == 3
    assert (root / "app.py").read_text() == APP
    assert any(".env" in line and "elsewhere" not in line for line in done.stderr.splitlines())
    if kind == "directory":
        assert os.listdir(target) == ["keep"]
    if kind == "dangling-link":
        assert not (root / "elsewhere").exists()
    assert not (root / ".env.example").exists()


def test_env_that_is_a_link_gets_the_line_in_the_file_it_names(tmp_path):
    root = project(tmp_path)
    (root / "config").mkdir()
    (root / "config" / "app.env").write_text("DEBUG=1\n")
    (root / ".env").symlink_to(root / "config" / "app.env")
    done = apply(root)
    assert done.returncode == 0, done.stderr
    assert (root / ".env").is_symlink()
    assert env_of(root / "config" / "app.env") == {"DEBUG": "1", "SECRET_KEY": SECRET}


# -- .env.example, .gitignore ----------------------------------------------------------------


def test_utf16_example_and_gitignore_are_left_and_said(tmp_path):
    example, gitignore = utf16("DEBUG=\r\n"), utf16("*.pyc\r\n")
    root = project(tmp_path, _env_example=example, _gitignore=gitignore)
    done = apply(root)
    assert (root / ".env.example").read_bytes() == example
    assert (root / ".gitignore").read_bytes() == gitignore
    said = [line for line in done.stderr.splitlines() if "UTF-16" in line]
    assert any(".env.example" in line for line in said) and any(".gitignore" in line for line in said), done.stderr
    # the code does not depend on them: .env holds the secret
    assert env_of(root / ".env") == {"SECRET_KEY": SECRET}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + b".env\n*.pyc\n", id="bom-before-env"),
        pytest.param(b"*.pyc\r\nbuild/", id="crlf-no-final-newline"),
        pytest.param(codecs.BOM_UTF8 + b"*.pyc\r\n", id="bom-crlf"),
    ],
)
def test_gitignore_as_git_reads_it_ignores_env_once(tmp_path, data):
    root = project(tmp_path, _gitignore=data)
    done = apply(root)
    assert done.returncode == 0, done.stderr
    assert ignored(root, ".env") and ignored(root, "x.pyc") and not ignored(root, ".env.example")
    text = (root / ".gitignore").read_bytes()
    assert text.startswith(data)
    assert text.count(b".env") == 1
    if b"\r\n" in data:
        assert text.count(b"\n") == text.count(b"\r\n")


# -- requirements --------------------------------------------------------------------------


def test_requirements_whose_last_line_goes_on_are_left_and_said(tmp_path):
    """The only place python-dotenv could join: the code that would import it stays too."""
    data = b"Flask==2.3.3 \\\n"
    root = project(tmp_path, **{"requirements.txt": data})
    before = requirements_of(root / "requirements.txt")
    done = apply(root, "-v")
    assert requirements_of(root / "requirements.txt") == before
    assert (root / "requirements.txt").read_bytes() == data
    assert (root / "app.py").read_text() == APP
    assert any("requirements.txt" in line and "python-dotenv" in line for line in done.stderr.splitlines()), done.stderr


def test_requirements_with_crlf_and_no_final_newline_gain_one_line(tmp_path):
    root = project(tmp_path, **{"requirements.txt": b"Flask==2.3.3\r\n# pinned\r\ngunicorn"})
    done = apply(root)
    assert done.returncode == 0, done.stderr
    assert requirements_of(root / "requirements.txt") == ["Flask", "gunicorn", "python-dotenv"]
    text = (root / "requirements.txt").read_bytes()
    assert text.count(b"\n") == text.count(b"\r\n")


@pytest.fixture(autouse=True)
def _git_available():
    if shutil.which("git") is None:  # pragma: no cover - git is part of the test setup
        pytest.skip("git is needed to read .gitignore as git does")
