"""A codemod that needs the text of the tree it is given takes it from the renderings the
transform keeps (``rendered_code``, ``ctx.module_code``: each top-level statement rendered
once per transform), not from LibCST's ``Module.code``, which renders the whole tree again;
and only when it asks a question of that text (issue 19, session 42: teardown's look for a
``.dispose(`` and http-timeout's fixtures of a test module rendered every module they saw,
0.6 s of the generated corpus's 20 s)."""

from __future__ import annotations

import libcst as cst

from flask_codemod import pipeline
from flask_codemod.codemods import get_codemod

APP = """\
import sqlite3

import requests
from flask import Flask, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("shop.db")
    return g.db


@app.route("/price/<item>")
def price(item):
    answer = requests.get("https://prices.example.com/" + item)
    get_db().execute("insert into prices values (?)", (answer.text,))
    return answer.text
"""


def test_teardown_and_http_timeout_render_no_whole_tree_of_their_own(tmp_path, monkeypatch):
    (tmp_path / "app.py").write_text(APP)
    renders: list = []
    real = cst.Module.code
    monkeypatch.setattr(cst.Module, "code", property(lambda module: renders.append(module) or real.fget(module)))
    codemods = [get_codemod(name)() for name in ("http-timeout", "teardown")]
    result = pipeline.process_file(str(tmp_path / "app.py"), codemods)
    assert result.error is None, result.error
    assert 'requests.get("https://prices.example.com/" + item, timeout=' in result.new_text
    assert "@app.teardown_appcontext" in result.new_text and "g.pop(" in result.new_text
    compile(result.new_text, "app.py", "exec")
    assert renders == []
