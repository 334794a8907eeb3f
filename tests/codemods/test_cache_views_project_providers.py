"""cache-views' finding for a template that reads a name the project's own context processor or
template global fills in (forty-third widening, session 42). MultiScanner's web UI renders
``index.html``, which reads ``api_loc`` and ``flower_loc``; ``@app.context_processor def
inject_locs()`` in the same module returns them from ``app.config``. The finding said "a context
processor or template global the codemod cannot see fills it in", though the processor is the
project's own and plainly read (ara's ``ctx_add_nav_data``, brigade's ``nav_link``, compair's
``jinja_env.globals['include_raw']`` alike). The view stays uncached (what the processor gives
is not proved the same for every request: ara's reads the database), but the finding now names
the processor or global and where it is; a name nothing of the project registers keeps the old
reason (an extension the codemod cannot see)."""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

APP = """\
from flask import Flask, render_template

app = Flask(__name__)
app.config["API_LOC"] = "http://localhost:8080"


@app.context_processor
def inject_locs():
    return {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}


@app.route("/")
def index():
    return render_template("index.html", tags=["a", "b"])
"""

FILES = {
    "requirements.txt": "flask\nflask-caching\n",
    "templates/index.html": "{% for t in tags %}<a>{{ t }}</a>{% endfor %} {{ api_loc }}",
}


def _reason(source: str, files: dict[str, str] | None = None) -> str:
    result = run_codemods(source, "cache-views", dedent=False, path="app.py", files={**FILES, **(files or {})})
    assert result.error is None, result.error
    assert result.new_text == source  # uncached either way
    [message] = [m for m in finding_messages(result) if "index.html" in m]
    return message


def test_a_name_the_module_s_own_processor_returns_names_the_processor():
    reason = _reason(APP)
    assert "cannot see" not in reason, reason
    assert "which reads api_loc: the view does not pass it; the project's context processor inject_locs() (app.py:8) fills in api_loc" in reason
    assert "not proved the same for every request" in reason


@pytest.mark.parametrize(
    "registration, provider",
    [
        ("@app.template_global()\ndef api_loc():\n    return 'x'\n", "template global api_loc (app.py:"),
        ("@app.template_global('api_loc')\ndef where():\n    return 'x'\n", "template global api_loc (app.py:"),
        ("app.jinja_env.globals['api_loc'] = 'x'\n", "template global api_loc (app.py:"),
        ("app.jinja_env.globals.update(api_loc='x')\n", "template global api_loc (app.py:"),
        ("app.add_template_global(len, 'api_loc')\n", "template global api_loc (app.py:"),
    ],
)
def test_a_name_a_template_global_of_the_project_gives_names_it(registration, provider):
    source = APP.replace('@app.context_processor\ndef inject_locs():\n    return {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}\n',
                         registration)
    reason = _reason(source)
    assert "cannot see" not in reason, reason
    assert f"the project's {provider}" in reason and "fills in api_loc" in reason


def test_a_processor_returning_a_local_dict_is_named():
    """MultiScanner's own spelling: ``d = {...}; return d``."""
    source = APP.replace(
        '    return {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}\n',
        '    d = {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}\n    return d\n',
    )
    assert source != APP
    reason = _reason(source)
    assert "the project's context processor inject_locs() (app.py:8) fills in api_loc" in reason, reason


def test_a_processor_in_another_module_is_named_with_its_path():
    source = APP.replace('@app.context_processor\ndef inject_locs():\n    return {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}\n', "")
    hooks = "from app import app\n\n\n@app.context_processor\ndef locs():\n    return dict(api_loc='x')\n"
    reason = _reason(source, {"hooks.py": hooks})
    assert "the project's context processor locs() (hooks.py:5) fills in api_loc" in reason, reason


def test_a_blueprint_s_own_processor_does_not_serve_the_app_s_views():
    source = APP.replace('@app.context_processor\ndef inject_locs():\n    return {"api_loc": app.config.get("API_LOC"), "flower_loc": "http://localhost:5555"}\n', "")
    other = "from flask import Blueprint\n\nbp = Blueprint('bp', __name__)\n\n\n@bp.context_processor\ndef locs():\n    return {'api_loc': 'x'}\n"
    reason = _reason(source, {"other.py": other})
    assert "so a context processor or template global the codemod cannot see fills it in" in reason, reason


def test_a_name_no_registration_of_the_project_gives_keeps_the_reason():
    reason = _reason(APP.replace('"api_loc": app.config.get("API_LOC"), ', ""))
    assert "which reads api_loc: the view does not pass it, so a context processor or template global the codemod cannot see fills it in" in reason, reason
