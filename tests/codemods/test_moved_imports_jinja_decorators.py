"""moved-imports: Jinja's decorators for filters and functions. Jinja 3.0 added
``pass_context``, ``pass_eval_context`` and ``pass_environment`` and deprecated what they
replace; Jinja 3.1 removed ``contextfilter``/``contextfunction`` (-> ``pass_context``),
``evalcontextfilter``/``evalcontextfunction`` (-> ``pass_eval_context``) and
``environmentfilter``/``environmentfunction`` (-> ``pass_environment``), Jinja's CHANGES.rst.
Flask 2.0 requires Jinja 3.0, Flask 3.0 Jinja 3.1: an app on a current Flask stops at the
import. Found on brigade (``from jinja2 import evalcontextfilter, Markup, escape`` and an
unpinned Flask: the Markup moved, the decorator was said nothing of), eq-survey-runner,
watchpeoplecode, purchasing-suite, tarbell and chiki. The rename is made where the project's
Jinja is 3.0 or later (its own declaration, or the one its target Flask requires); elsewhere
the name is reported."""

from __future__ import annotations

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import _listed_project, finding_messages
from upgrade_checks import legacy_and_upgraded

NAME = "moved-imports"

FILTERS = """\
from flask import Flask, render_template_string
from jinja2 import evalcontextfilter, Markup, escape

app = Flask(__name__)


@evalcontextfilter
def nl2br(eval_ctx, value):
    result = escape(value).replace("\\n", Markup("<br>\\n"))
    if eval_ctx.autoescape:
        result = Markup(result)
    return result


app.jinja_env.filters["nl2br"] = nl2br


@app.route("/")
def index():
    return render_template_string("{{ text|nl2br }}", text="one\\n<two>")
"""


def _run(source, requirements, target=None, path="app.py"):
    """The codemod on ``source`` in a project declaring ``requirements``, at the Flask version
    ``target`` (the one the tool reads off those requirements; None: the newest)."""
    reader = _listed_project({"requirements.txt": requirements}, path, source)
    result = transform_text(source, [get_codemod(NAME)], path=path, read_file=reader, target_version=target)
    assert result.error is None, result.error
    return result


def test_renamed_where_the_target_flask_requires_jinja_3():
    result = _run(FILTERS, "flask\n")
    assert "from jinja2 import pass_eval_context\n" in result.new_text
    assert "from markupsafe import Markup, escape\n" in result.new_text
    assert "@pass_eval_context\ndef nl2br" in result.new_text
    assert "evalcontextfilter" not in result.new_text
    assert finding_messages(result) == []


def test_renamed_where_the_project_declares_jinja_3_beside_an_older_flask():
    result = _run(FILTERS, "Flask==1.1.2\nJinja2>=3.0\n", (1, 1))
    assert "@pass_eval_context\n" in result.new_text and "evalcontextfilter" not in result.new_text


@pytest.mark.parametrize(
    "requirements, target", [("Flask==0.10.1\nJinja2==2.7.3\n", (0, 10)), ("Flask==1.1.2\n", (1, 1)), ("Flask>=2.0\nJinja2<3\n", (2, 0))]
)
def test_reported_where_the_project_may_run_a_jinja_without_the_new_decorator(requirements, target):
    result = _run(FILTERS, requirements, target)
    assert "evalcontextfilter" in result.new_text and "pass_eval_context" not in result.new_text
    said = [m for m in finding_messages(result) if "evalcontextfilter" in m]
    assert len(said) == 1 and "pass_eval_context" in said[0] and "Jinja 3.1" in said[0] and "3.0" in said[0]


def test_an_attribute_of_jinja2_is_renamed():
    source = "import jinja2\n\n\n@jinja2.contextfunction\ndef now(context):\n    return context.get('now')\n"
    result = _run(source, "flask>=2.2\n", (2, 2))
    assert "@jinja2.pass_context\n" in result.new_text and "contextfunction" not in result.new_text


def test_two_old_names_of_one_new_one_import_it_once():
    """eq-survey-runner imports ``evalcontextfilter`` and ``evalcontextfunction``: both are
    ``pass_eval_context`` now."""
    source = (
        "from jinja2 import evalcontextfilter, evalcontextfunction\n\n\n"
        "@evalcontextfilter\ndef a(eval_ctx, value):\n    return value\n\n\n"
        "@evalcontextfunction\ndef b(eval_ctx):\n    return 1\n"
    )
    result = _run(source, "flask>=2.0\n", (2, 0))
    assert result.new_text.count("pass_eval_context") == 3, result.new_text
    assert "from jinja2 import pass_eval_context\n" in result.new_text
    compile(result.new_text, "app.py", "exec")


def test_a_version_guard_is_left_alone():
    source = (
        "try:\n    from jinja2 import pass_context\nexcept ImportError:\n"
        "    from jinja2 import contextfilter as pass_context\n"
    )
    result = _run(source, "flask\n")
    assert result.new_text == source and finding_messages(result) == []


def test_the_filter_renders_the_same_through_flask_after_the_rename(tmp_path):
    """Under the installed Jinja 3.1 the legacy module stops at its import; rewritten, the
    filter renders through Flask's test client as Jinja 2's ``evalcontextfilter`` did (the
    escaped text, its newlines marked up)."""
    probe = 'response = client.get("/")\nprint(json.dumps([response.status_code, response.get_data(as_text=True)]))\n'
    before, after = legacy_and_upgraded(tmp_path, NAME, {"app.py": FILTERS}, probe)
    assert "ImportError" in before["error"]
    assert after == [200, "one<br>\n&lt;two&gt;"]
