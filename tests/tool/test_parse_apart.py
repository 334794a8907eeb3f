"""A very long text is parsed by LibCST in a process of its own (tool/parse_apart.py):
the tree that comes back is LibCST's, node for node; whenever that process gives no tree,
the text is parsed in the asking process as before, with LibCST's own errors; short texts
start no process; a run of the engine gives the same result either way."""

from __future__ import annotations

import subprocess
import sys

import libcst as cst
import pytest

from flask_codemod import parse_apart as _parse_apart
from flask_codemod.codemods import _parsed_modules, all_codemods
from flask_codemod.engine import transform_text

SOURCE = '''\
from flask import Flask, jsonify  # a comment
import requests

app = Flask(__name__)


@app.route("/items/<int:item>")
def item(item):
    """Docstring."""
    reply = requests.get(f"https://example.com/{item}")
    values = [value ** 2 for value in range(10) if value % 3]
    return jsonify(reply.json(), values=values)  # trailing
'''
LONG = SOURCE + "".join(f"\ndef helper_{n}(a, *, b=({n}, [1, 2]), **rest):\n    return a if b else rest\n" for n in range(60))


@pytest.fixture
def apart(monkeypatch):
    """Texts of 1,000 characters or more are parsed apart; ``apart`` lists the processes started,
    ``here`` the texts parsed by LibCST in this process."""
    monkeypatch.setattr(_parse_apart, "APART_CHARS", 1_000)
    started, here = [], []
    real_run, real_parse = subprocess.run, cst.parse_module

    def run(command, *args, **kwargs):
        started.append(command)
        return real_run(command, *args, **kwargs)

    def parse(text, *args, **kwargs):
        here.append(text)
        return real_parse(text, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(cst, "parse_module", parse)
    return started, here


def test_a_long_text_is_parsed_apart_into_libcsts_own_tree(apart) -> None:
    started, here = apart
    tree = _parse_apart.parse_module(LONG)
    assert len(started) == 1 and here == []  # parsed in the other process only
    expected = cst.parse_module(LONG)
    assert isinstance(tree, cst.Module) and tree.code == LONG and tree.deep_equals(expected)
    assert (tree.encoding, tree.default_newline, tree.default_indent, tree.has_trailing_newline) == (
        expected.encoding, expected.default_newline, expected.default_indent, expected.has_trailing_newline
    )


def test_a_short_text_starts_no_process(apart) -> None:
    started, here = apart
    assert _parse_apart.parse_module(SOURCE).code == SOURCE
    assert started == [] and here == [SOURCE]


def test_a_module_named_like_a_library_in_the_current_folder_is_not_imported(apart, tmp_path, monkeypatch) -> None:
    started, here = apart
    (tmp_path / "libcst.py").write_text("raise SystemExit(3)\n")
    (tmp_path / "pickle.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    assert _parse_apart.parse_module(LONG).code == LONG
    assert len(started) == 1 and here == []


def test_a_long_text_libcst_refuses_raises_libcsts_error_here(apart) -> None:
    started, here = apart
    broken = LONG + "\ndef broken(:\n    pass\n"
    with pytest.raises(cst.ParserSyntaxError) as raised:
        _parse_apart.parse_module(broken)
    with pytest.raises(cst.ParserSyntaxError) as expected:
        cst.parse_module(broken)
    assert len(started) == 1 and here == [broken, broken]  # the other process gave none: parsed here
    assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize(
    "parser",
    [
        "import sys\nsys.exit(1)\n",  # dies
        "import sys\nsys.stdout.write('not a pickle')\n",  # says nothing readable
        "import pickle, sys\nsys.stdout.buffer.write(pickle.dumps(42))\n",  # not a tree
    ],
)
def test_a_process_that_gives_no_tree_leaves_the_parse_here(apart, monkeypatch, parser) -> None:
    started, here = apart
    monkeypatch.setattr(_parse_apart, "_PARSER", parser.replace("{", "{{").replace("}", "}}"))
    assert _parse_apart.parse_module(LONG).code == LONG
    assert len(started) == 1 and here == [LONG]


def test_a_process_that_cannot_start_leaves_the_parse_here(apart, monkeypatch) -> None:
    started, here = apart
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert _parse_apart.parse_module(LONG).code == LONG
    assert len(started) == 1 and here == [LONG]


def test_the_engine_gives_the_same_result_for_a_long_text_parsed_apart(monkeypatch) -> None:
    codemods = [codemod() for codemod in all_codemods()]
    here = transform_text(LONG, codemods, path="app.py")
    monkeypatch.setattr(_parse_apart, "APART_CHARS", 1_000)
    started = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda command, *a, **k: started.append(command) or real_run(command, *a, **k))
    _parsed_modules.forget()  # (else the engine borrows the parse it lent after the first transform)
    away = transform_text(LONG, [codemod() for codemod in all_codemods()], path="app.py")
    assert started  # the engine's parse of the file went apart
    assert here.new_text != LONG  # something to compare: the codemods rewrote it
    assert away == here
