"""The files a module opens for writing, for cache-views: a view that reads one of them is
never cached. The exact answer asks the scopes of every call spelled as open(); the stdlib
AST's superset (``_maybe_written_files``) spares them for a path it does not hold."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._cache_views_analysis import Analysis, _maybe_written_files, _written_files
from flask_codemod.codemods._cache_views_project import SourceModule
from helpers import real_code, run_codemods

WRITER = '''
import io
from io import open as io_open

def save(report):
    with open("report.txt", "w") as out:
        out.write(report)
    io.open("log.txt", mode="a").write(report)
    io_open("notes.txt", "r+").close()
    open("plain.txt").read()
    open("bytes.txt", b"wb").close()
    open("joined" ".txt", "w").close()

def shadowed(open):
    open("not-a-file.txt", "w")
'''


def _source(text: str) -> SourceModule:
    return SourceModule("helpers.py", _metadata.new_wrapper(cst.parse_module(text), unique=True), text=text)


def test_the_written_files_and_their_superset():
    module = _source(WRITER)
    assert _written_files(module) == {"report.txt", "log.txt", "notes.txt", "bytes.txt"}
    assert _maybe_written_files(module) == {"report.txt", "log.txt", "notes.txt", "bytes.txt", "joined.txt",
                                            "not-a-file.txt"}


@pytest.mark.parametrize("path", real_code(every=2, legacy_app=True, modules=("codemods/_cache_views_analysis.py",)))
def test_the_superset_holds_every_written_file_on_real_code(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    module = _source(text)
    assert _written_files(module) <= _maybe_written_files(module)


def test_a_path_the_superset_does_not_hold_needs_no_scopes():
    module = _source(WRITER)
    assert not Analysis.writes(module, "plain.txt")
    assert "written files" not in module.facts  # the exact answer was not asked
    assert not Analysis.writes(module, "not-a-file.txt")  # in the superset: asked, and no
    assert "written files" in module.facts
    assert Analysis.writes(module, "report.txt")


def test_no_stdlib_ast_asks_for_the_exact_answer():
    module = _source(WRITER)
    module.text = None  # no text to parse: no stdlib AST at hand
    assert Analysis.writes(module, "report.txt") and not Analysis.writes(module, "plain.txt")
    assert "written files" in module.facts


APP = '''
from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app)


@app.route("/save", methods=["POST"])
def save():
    with open("{written}", mode="a") as out:
        out.write("x")
    return ""


@app.route("/page")
def page():
    with open("{read}") as handle:
        return handle.read()
'''


@pytest.mark.usefixtures("every_refusal_said")  # (the reason is said: tests/codemods/conftest.py)
@pytest.mark.parametrize("read, cached", [("news.txt", True), ("saved.txt", False)])
def test_a_view_reading_a_file_the_module_writes_is_not_cached(read, cached):
    result = run_codemods(APP.format(written="saved.txt", read=read), "cache-views")
    assert ("@cache.cached(" in result.new_text) is cached
    refused = [f.message for f in result.findings if "may not be one shipped with the app" in f.message]
    assert bool(refused) is not cached
