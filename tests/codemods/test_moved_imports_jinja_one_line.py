"""moved-imports: several of Jinja's removed decorators imported on one line.
eq-survey-runner imports ``contextfunction``, ``evalcontextfilter`` and
``evalcontextfunction`` on one line beside ``Markup`` and ``escape``, under a locked Jinja2
2.11.1: the finding named ``contextfunction`` only, as the planner said one thing per line,
so a reader fixing it would meet the next ImportError at the next start. Each name the line
imports is said, with its own replacement (Jinja's CHANGES.rst, 3.1.0: ``contextfilter`` and
``contextfunction`` -> ``pass_context``, ``evalcontextfilter`` and ``evalcontextfunction`` ->
``pass_eval_context``, ``environmentfilter`` and ``environmentfunction`` ->
``pass_environment``), and where the project's Jinja is 3.0 or later each is renamed to its
own."""

from __future__ import annotations

import json

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import _listed_project, finding_messages
from upgrade_checks import legacy_and_upgraded

NAME = "moved-imports"

EXACT = {
    "contextfilter": "pass_context",
    "contextfunction": "pass_context",
    "evalcontextfilter": "pass_eval_context",
    "evalcontextfunction": "pass_eval_context",
    "environmentfilter": "pass_environment",
    "environmentfunction": "pass_environment",
}

# one of each: what Jinja hands the first argument tells which decorator it was given
SIX = """\
from flask import Flask, render_template_string
from jinja2 import contextfilter, contextfunction, evalcontextfilter, evalcontextfunction, environmentfilter, environmentfunction
from jinja2.runtime import Context
from jinja2.nodes import EvalContext
from jinja2 import Environment

app = Flask(__name__)


def kind(first):
    for name, cls in (("context", Context), ("eval", EvalContext), ("env", Environment)):
        if isinstance(first, cls):
            return name
    return type(first).__name__


@contextfilter
def f_context(first, value):
    return kind(first) + ":" + value


@evalcontextfilter
def f_eval(first, value):
    return kind(first) + ":" + value


@environmentfilter
def f_env(first, value):
    return kind(first) + ":" + value


@contextfunction
def g_context(first):
    return kind(first)


@evalcontextfunction
def g_eval(first):
    return kind(first)


@environmentfunction
def g_env(first):
    return kind(first)


app.jinja_env.filters.update(f_context=f_context, f_eval=f_eval, f_env=f_env)
app.jinja_env.globals.update(g_context=g_context, g_eval=g_eval, g_env=g_env)


@app.route("/")
def index():
    return render_template_string(
        "{{ 'a'|f_context }} {{ 'b'|f_eval }} {{ 'c'|f_env }} {{ g_context() }} {{ g_eval() }} {{ g_env() }}"
    )
"""

EQ_SURVEY = """\
from jinja2 import Markup, contextfunction, escape, evalcontextfilter, evalcontextfunction, Undefined


@contextfunction
def first(context):
    return context


@evalcontextfilter
def second(eval_ctx, value):
    return Markup(escape(value))


@evalcontextfunction
def third(eval_ctx):
    return Undefined
"""


def _run(source, requirements, target=None, path="app.py"):
    reader = _listed_project({"requirements.txt": requirements}, path, source)
    result = transform_text(source, [get_codemod(NAME)], path=path, read_file=reader, target_version=target)
    assert result.error is None, result.error
    return result


def test_every_removed_name_on_the_line_is_said_with_its_own_replacement():
    result = _run(EQ_SURVEY, "Flask==1.1.1\nJinja2==2.11.1\n", (1, 1))
    assert "contextfunction, escape, evalcontextfilter, evalcontextfunction" not in result.new_text  # Markup, escape moved
    assert "from jinja2 import contextfunction, evalcontextfilter, evalcontextfunction, Undefined\n" in result.new_text
    said = " ".join(m for m in finding_messages(result) if "Jinja" in m)
    for old in ("contextfunction", "evalcontextfilter", "evalcontextfunction"):
        assert f"jinja2.{old}" in said, said
    assert "jinja2.pass_context replaces jinja2.contextfunction" in said, said
    assert "jinja2.pass_eval_context replaces jinja2.evalcontextfilter and jinja2.evalcontextfunction" in said, said
    assert "pass_environment" not in said


def test_each_of_the_six_is_renamed_to_its_own_replacement():
    result = _run(SIX, "flask>=2.0\n", (2, 0))
    for old, new in EXACT.items():
        assert f"@{new}\ndef {'f' if old.endswith('filter') else 'g'}_" in result.new_text
        assert old not in result.new_text
    # the new names join the module's own import from jinja2, once each
    assert "from jinja2 import Environment, pass_context, pass_environment, pass_eval_context\n" in result.new_text
    assert [m for m in finding_messages(result) if "Jinja" in m] == []


def test_the_six_reported_together_name_each_replacement():
    result = _run(SIX, "Flask==1.1.2\n", (1, 1))
    assert result.new_text == SIX
    said = [m for m in finding_messages(result) if "Jinja" in m]
    assert len(said) == 1, said  # one line, one finding that says all it holds
    for old, new in EXACT.items():
        assert f"jinja2.{old}" in said[0]
    assert "jinja2.pass_context replaces jinja2.contextfilter and jinja2.contextfunction" in said[0]
    assert "jinja2.pass_eval_context replaces jinja2.evalcontextfilter and jinja2.evalcontextfunction" in said[0]
    assert "jinja2.pass_environment replaces jinja2.environmentfilter and jinja2.environmentfunction" in said[0]


def test_the_filters_and_functions_get_what_they_got_after_the_rename(tmp_path):
    """Under the installed Jinja 3.1 the legacy module stops at its import; rewritten, each
    filter and function is handed what Jinja 2's decorator handed it."""
    probe = 'response = client.get("/")\nprint(json.dumps([response.status_code, response.get_data(as_text=True)]))\n'
    before, after = legacy_and_upgraded(tmp_path, NAME, {"app.py": SIX}, probe)
    assert "ImportError" in before["error"]
    assert after == [200, "context:a eval:b env:c context eval env"], json.dumps(after)
