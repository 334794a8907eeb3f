"""cache-views on a template kept in ANOTHER blueprint's template folder (flask-covid19: every
data blueprint's pages extend ``layout.html``, which lies in the folder of the ``app_web``
blueprint of another module). Flask's loader looks a template up in the app's folder, then in
the folder of every blueprint registered on the app, whichever module makes it; the codemod
looked in the view's module's own folders only, and said of 155 views that the layout "was not
found", while the true reason they stay uncached (the layout extends Flask-Bootstrap's base) was
never said. The planner and the project stage now look in the folders every blueprint of the
project gives too, and say so where such a folder is computed."""

from __future__ import annotations

from cache_views_support import Renders, apply, load, project, write  # noqa: F401  (a fixture)
from gate_checks import in_project

NAME = "cache-views"

_INIT = """\
from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

from .common.views import common  # noqa: E402
from .reports.views import reports  # noqa: E402

app.register_blueprint(common)
app.register_blueprint(reports)
"""

_COMMON = """\
from flask import Blueprint

common = Blueprint("common", __name__, template_folder={folder})
"""

_REPORTS = """\
from flask import Blueprint, render_template

from .. import cache
from ..figures import totals

reports = Blueprint("reports", __name__, template_folder="templates")


@reports.route("/reports/")
def index():
    return render_template("reports/index.html", rows=sorted(totals()))
"""

_FIGURES = """\
def totals():
    return [3, 1, 2]
"""

_INDEX = "{% extends 'layout.html' %}{% block body %}{% for row in rows %}<p>{{ row }}</p>{% endfor %}{% endblock %}"
_BOOTSTRAP = "{% extends 'bootstrap/base.html' %}{% block content %}{% block body %}{% endblock %}{% endblock %}"
_SESSION = "<nav>{{ session.name }}</nav>{% block body %}{% endblock %}"
_CLEAN = "<title>reports</title>{% block body %}{% endblock %}"

PATH = "dash/reports/views.py"


def _files(layout: str, folder: str = '"templates"', package: str = "dash") -> dict[str, str]:
    return {
        "requirements.txt": "flask\nflask-caching\n",
        f"{package}/__init__.py": _INIT,
        f"{package}/figures.py": _FIGURES,
        f"{package}/common/__init__.py": "",
        f"{package}/common/views.py": _COMMON.format(folder=folder),
        f"{package}/common/templates/layout.html": layout,
        f"{package}/reports/__init__.py": "",
        f"{package}/reports/views.py": _REPORTS,
        f"{package}/reports/templates/reports/index.html": _INDEX,
    }


def test_a_layout_in_another_blueprints_folder_is_read_and_its_true_reason_said() -> None:
    asked, output = in_project(NAME, _files(_BOOTSTRAP), PATH)
    assert asked
    assert len(output) == 1, output
    assert "Flask-Bootstrap" in output[0], output
    assert "not found" not in output[0], output


def test_a_layout_there_that_reads_the_session_settles_the_view_in_both_stages() -> None:
    asked, output = in_project(NAME, _files(_SESSION), PATH)
    assert output == []
    assert not asked  # the project stage reads the same folders: the module is not parsed


def test_a_computed_folder_of_another_blueprint_is_said_to_be_unread_not_missing() -> None:
    files = _files(_CLEAN, folder='os.path.join("x", "templates")')
    files["dash/common/views.py"] = "import os\n" + files["dash/common/views.py"]
    _asked, output = in_project(NAME, files, PATH)
    assert len(output) == 1, output
    assert "not found" not in output[0], output
    assert "could not be read" in output[0] and "dash/common/views.py" in output[0], output


def test_a_clean_layout_there_is_found_as_flask_finds_it_and_the_view_cached(project) -> None:
    root, work = project
    package = f"dash_{work}"
    write(root, {path: text for path, text in _files(_CLEAN, package=package).items() if path != "requirements.txt"})
    result = apply(root / package / "reports" / "views.py")
    assert not result.findings, [f.message for f in result.findings]
    assert '@reports.route("/reports/")\n@cache.cached(timeout=300)\ndef index' in result.new_text

    app = load(root / package / "__init__.py", package, root / package).app
    renders = Renders(app)
    client = app.test_client()
    pages = [client.get("/reports/").get_data(as_text=True) for _ in range(2)]
    assert pages == ["<title>reports</title><p>1</p><p>2</p><p>3</p>"] * 2
    assert renders.count("reports/index.html") == 1  # the second answer came from the cache
