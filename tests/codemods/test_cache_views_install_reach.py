"""A new cache must be importable where the project is installed for real (open-notify,
corpus26c): Flask-Caching goes into the list the deployment installs, and a project whose code
runs on Python 2 gets no cache at all (Flask-Caching left Python 2 with 1.8; only 1.10 on reads
``CACHE_TYPE = "SimpleCache"``). Each project is rewritten with the real command line, then
started in a fresh interpreter with only what its deployed list declares, and its page asked for.
"""

from __future__ import annotations

import subprocess
import textwrap

from typer.testing import CliRunner

from cache_views_support import run_started
from flask_codemod.cli import app as cli

APP = """
    from flask import Flask, render_template

    app = Flask(__name__)

    APIS = [{"title": "Location", "link": "/now.json"}, {"title": "Passes", "link": "/pass.json"}]


    @app.route("/")
    def index():
        return render_template("index.html", apis=APIS)
"""

TEMPLATE = "<ul>{% for api in apis %}<li>{{ api.title }}</li>{% endfor %}</ul>\n"
PAGE = "200 <ul><li>Location</li><li>Passes</li></ul>\n"

# a Python 2 script beside the app (its clock process): Python 3 cannot parse it
UPDATE_PY2 = """
    import os

    def update():
        print "updating", os.getcwd()
"""

START = """
import sys
for blocked in sys.argv[2:]:
    sys.modules[blocked] = None
import site_app
response = site_app.app.test_client().get("/")
print(response.status_code, response.get_data(as_text=True))
"""


def rewritten(tmp_path, name: str, files: dict[str, str]):
    root = tmp_path / name / "site"
    every = {"site_app.py": APP, "templates/index.html": TEMPLATE, **files}
    for relative, text in every.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = CliRunner().invoke(
        cli, ["apply", "-v", "--select", "cache-views", "-j", "1", "--no-config", str(root)], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.output  # 1: the Python 2 file is reported unparsable
    return root, result.output


def started(root, *blocked: str) -> str:
    return run_started(root, START, *blocked)


def deployed(root) -> tuple[str, ...]:
    """What a deploy that installs the root requirements.txt lacks (Heroku reads that file)."""
    declared = (root / "requirements.txt").read_text().lower()
    return () if "flask-caching" in declared else ("flask_caching",)


def test_the_requirement_goes_into_the_list_a_test_list_includes(tmp_path):
    files = {
        "requirements.txt": "Flask==3.0.0\n",
        "testsuite/requirements.txt": "-r ../requirements.txt\nFlask-WebTest\n",
        ".travis.yml": "install:\n  - pip install -r testsuite/requirements.txt\n",
        "Procfile": "web: gunicorn site_app:app\n",
    }
    root, _ = rewritten(tmp_path, "included", files)
    assert "@cache.cached(timeout=300)" in (root / "site_app.py").read_text()
    assert "flask-caching" in (root / "requirements.txt").read_text().lower()
    assert "flask-caching" not in (root / "testsuite/requirements.txt").read_text().lower()
    assert started(root, *deployed(root)) == PAGE


def test_a_python_2_project_gets_no_cache(tmp_path):
    files = {"requirements.txt": "Flask==0.11.1\n", "update.py": UPDATE_PY2}
    root, output = rewritten(tmp_path, "python2", files)
    assert (root / "site_app.py").read_text() == textwrap.dedent(APP).lstrip("\n")
    assert "flask-caching" not in (root / "requirements.txt").read_text().lower()
    assert "runs on Python 2 (update.py has a statement only Python 2 parses)" in output
    # a Python 2 install gets no Flask-Caching that reads SimpleCache: the page still comes
    assert started(root, "flask_caching") == PAGE


def test_a_python_2_import_at_the_top_of_an_app_module_counts_too(tmp_path):
    files = {"requirements.txt": "Flask\n", "feeds.py": "import urllib2\n\nURL = 'http://example.org'\n"}
    root, output = rewritten(tmp_path, "urllib2", files)
    assert (root / "site_app.py").read_text() == textwrap.dedent(APP).lstrip("\n")
    assert "urllib2 in feeds.py" in output


def test_a_python_3_project_still_gets_its_cache(tmp_path):
    root, _ = rewritten(tmp_path, "python3", {"requirements.txt": "Flask\n"})
    assert "@cache.cached(timeout=300)" in (root / "site_app.py").read_text()
    assert started(root, *deployed(root)) == PAGE
