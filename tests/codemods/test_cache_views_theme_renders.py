"""cache-views: a view that renders through Flask-Themes (``render_theme_template(theme,
"page.html", ...)`` of flask_themes, flask_themes2, or the old ``flaskext.themes``) renders
the template of the theme it is given, which the app may pick per request or per user, from a
theme folder the codemod does not read. Until session 39 the call was one the codemod could not
prove read-only, a refusal judged not worth saying (nothing costly seen), so such views were
left uncached without a word (newsmeme, eventframe, microbe, pyload, zblog ...). The call is now
read as a render whose template lookup is not read: left uncached, and said, where nothing
else settles the view (a read of the user, the session ...)."""

from __future__ import annotations

import sys

import pytest

from helpers import finding_messages, load_source, run_codemods

VIEW = """\
from flask import Flask
from {module} import render_theme_template, setup_themes

app = Flask(__name__)
app.config["DEFAULT_THEME"] = "light"
setup_themes(app)


@app.route("/about")
def about():
    return render_theme_template(app.config["DEFAULT_THEME"], "about.html", title="About")
"""

FILES = {"requirements.txt": "flask\nflask-caching\nflask-themes2\n", "themes/light/templates/about.html": "<p>{{ title }}</p>"}


def _run(source: str):
    result = run_codemods(source, "cache-views", project=FILES, path="app.py", dedent=False)
    assert result.error is None, result.error
    return result


@pytest.mark.parametrize("module", ["flask_themes2", "flask_themes", "flaskext.themes"])
def test_a_view_rendering_through_flask_themes_is_left_and_said(module):
    source = VIEW.format(module=module)
    result = _run(source)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert message.startswith("10: cache-views: view about() left uncached") and "Flask-Themes" in message, message
    assert "template" in message and "theme" in message


def test_one_that_reads_the_user_too_is_settled_by_that():
    source = VIEW.format(module="flask_themes2").replace(
        "from flask import Flask", "from flask import Flask, session"
    ).replace('app.config["DEFAULT_THEME"], "about.html"', 'session.get("theme", "light"), "about.html"')
    result = _run(source)
    assert result.new_text == source and finding_messages(result) == []


STAND_IN = '''\
"""A stand-in for Flask-Themes2: the theme's own template folder decides the page."""
import os

from flask import current_app
from jinja2 import Environment, FileSystemLoader


def setup_themes(app):
    app.extensions["themes"] = os.path.join(app.root_path, "themes")


def render_theme_template(theme, template, **context):
    folder = os.path.join(current_app.extensions["themes"], theme, "templates")
    return Environment(loader=FileSystemLoader(folder)).get_template(template).render(**context)
'''


def test_the_page_follows_the_theme_after_the_run(tmp_path, monkeypatch):
    """Run the module the codemod left, with a stand-in for the library: switching the theme
    changes the page at once, as it did (a cached view would have kept the first theme's page)."""
    source = VIEW.format(module="themes_stand_in")
    result = _run(source)
    (tmp_path / "themes_stand_in.py").write_text(STAND_IN)
    for theme, page in (("light", "<p>{{ title }} in light</p>"), ("dark", "<p>{{ title }} in dark</p>")):
        (tmp_path / "themes" / theme / "templates").mkdir(parents=True)
        (tmp_path / "themes" / theme / "templates" / "about.html").write_text(page)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        app = load_source(tmp_path, result.new_text, stem="themed").app
        client = app.test_client()
        assert client.get("/about").text == "<p>About in light</p>"
        app.config["DEFAULT_THEME"] = "dark"
        assert client.get("/about").text == "<p>About in dark</p>"
    finally:
        sys.modules.pop("themes_stand_in", None)
