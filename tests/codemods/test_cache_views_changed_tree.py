"""cache-views on a tree an earlier codemod changed (the engine has no stdlib AST of it): it
reads the stdlib AST of that tree's rendering, so it analyses the bodies it judges, not the
whole module's scopes, and its change and findings are those of the whole-module analysis."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from libcst.metadata import ScopeProvider

from flask_codemod.codemods._base import Context
from helpers import transform_changed_tree

# the reasons of the analysis, said whatever a reviewer has to decide (tests/codemods/conftest.py)
pytestmark = pytest.mark.usefixtures("every_refusal_said")

SOURCE = textwrap.dedent('''
    import random

    from flask import Flask, render_template

    app = Flask(__name__)
    COUNTS = {}


    def bump(key):
        COUNTS[key] = COUNTS.get(key, 0) + 1


    @app.route("/about")
    def about():
        with open("CHANGELOG.txt") as changes:
            return render_template("about.html", items=changes.read())


    @app.route("/lucky")
    def lucky():
        return str(random.random())


    @app.route("/totals")
    def totals():
        return str(sorted(COUNTS))


    @app.route("/other")
    def other():
        bump("other")
        return "x" * 1000
''')
FILES = {"templates/about.html": "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>"}


def _run(*, whole_module: bool) -> tuple[str, list, Context, cst.Module]:
    module = cst.parse_module(SOURCE)  # never declared freshly parsed: as a changed tree
    ctx = Context("app.py", read_file=FILES.get)
    new = transform_changed_tree("cache-views", module, ctx, whole_module=whole_module)
    return new.code, [(f.line, f.column, f.message) for f in ctx.findings], ctx, module


def test_a_changed_tree_is_analysed_body_by_body_with_the_same_result():
    code, findings, ctx, module = _run(whole_module=False)
    assert "@cache.cached(timeout=300)" in code
    assert any("random" in message for _, _, message in findings)
    assert all(line > 0 for line, _, _ in findings)
    shared = ctx.metadata(module)
    assert ScopeProvider not in shared._metadata  # no whole-module scopes
    assert (code, findings) == _run(whole_module=True)[:2]
