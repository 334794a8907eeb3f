"""Dependency files saved with a byte-order mark. Windows PowerShell 5 writes
``pip freeze > requirements.txt`` as UTF-16 with a BOM, and Notepad may save UTF-8 with one;
pip reads either by its mark. The tool must read the same declarations from them (the target
Flask, the releases of a library a rewrite counts on), and must never append UTF-8 text to a
UTF-16 file, which pip could then no longer decode."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys

import pytest

from flask_codemod.file_texts import file_text
from flask_codemod.requirements import add_requirements
from flask_codemod.target import declared_target

LINES = "Flask==2.0.3\r\nSQLAlchemy==1.3.24\r\n"
MARKED = {
    "utf-16-le": codecs.BOM_UTF16_LE + LINES.encode("utf-16-le"),
    "utf-16-be": codecs.BOM_UTF16_BE + LINES.encode("utf-16-be"),
    "utf-32-le": codecs.BOM_UTF32_LE + LINES.encode("utf-32-le"),
    "utf-8-sig": codecs.BOM_UTF8 + LINES.encode("utf-8"),
}

MODELS = """\
import json

from flask import Flask
from sqlalchemy.ext.declarative import declarative_base

Base = declarative_base()
app = Flask(__name__)
app.config["JSON_SORT_KEYS"] = False
"""


@pytest.mark.parametrize("encoding", sorted(MARKED))
def test_the_declared_flask_is_read_through_the_mark(tmp_path, encoding):
    (tmp_path / "requirements.txt").write_bytes(MARKED[encoding])
    assert declared_target(str(tmp_path)) == ((2, 0), str(tmp_path / "requirements.txt"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le"])
def test_what_codemods_read_is_the_text_behind_the_mark(tmp_path, encoding):
    (tmp_path / "requirements.txt").write_bytes(MARKED[encoding])
    assert file_text(str(tmp_path / "requirements.txt")) == LINES


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-8-sig"])
def test_a_project_declaring_old_releases_behind_a_mark_keeps_what_they_lack(tmp_path, encoding):
    """SQLAlchemy 1.3 has no sqlalchemy.orm.declarative_base, Flask 2.0 no app.json: both
    legacy forms stay, each with a finding, as they do for the same file in plain UTF-8
    (SQLAlchemy first: the line right after the mark)."""
    lines = "SQLAlchemy==1.3.24\r\nFlask==2.0.3\r\n"
    mark = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF8
    (tmp_path / "requirements.txt").write_bytes(mark + lines.encode(encoding.replace("-sig", "")))
    (tmp_path / "app.py").write_text(MODELS)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--dry-run", "--no-cache", "--report", str(report), str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # nothing rewritten
    (entry,) = json.loads(report.read_text())["files"]
    assert sorted(f["codemod"] for f in entry["findings"]) == ["json-provider", "sqlalchemy-2"]


def test_a_utf_16_requirements_file_is_left_with_a_message(tmp_path):
    (tmp_path / "requirements.txt").write_bytes(MARKED["utf-16-le"])
    changes, problems = add_requirements(str(tmp_path), {"Flask-Caching": ">=2.0"})
    assert changes == []
    assert problems == ["requirements.txt is saved as UTF-16: add Flask-Caching to it by hand"]
    assert (tmp_path / "requirements.txt").read_bytes() == MARKED["utf-16-le"]


def test_a_utf_16_requirements_file_that_declares_the_package_needs_nothing(tmp_path):
    data = codecs.BOM_UTF16_LE + (LINES + "Flask-Caching==2.0.2\r\n").encode("utf-16-le")
    (tmp_path / "requirements.txt").write_bytes(data)
    assert add_requirements(str(tmp_path), {"Flask-Caching": ">=2.0"}) == ([], [])


def test_a_utf_8_file_with_a_mark_keeps_it_when_a_line_is_added(tmp_path):
    (tmp_path / "requirements.txt").write_bytes(MARKED["utf-8-sig"])
    (change,), problems = add_requirements(str(tmp_path), {"Flask-Caching": ">=2.0"})
    assert problems == []
    assert change.new_text == "\ufeff" + LINES + "Flask-Caching==2.0.0\r\n"
