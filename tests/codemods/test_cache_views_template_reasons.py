"""Why cache-views did not read a view's template: the finding names the true reason (a
template folder the code computes, a package's templates) rather than "was not found"."""

from __future__ import annotations

import pytest

from cache_views_support import apply, messages, write

# the reasons of the analysis, said whatever a reviewer has to decide (tests/codemods/conftest.py)
pytestmark = pytest.mark.usefixtures("every_refusal_said")

COMPUTED = '''
import os

from flask import Flask, render_template

base = os.path.dirname(os.path.abspath(__file__))
app = Flask(__name__, template_folder=os.path.join(base, "pages"))


@app.route("/")
def home():
    return render_template("home.html")
'''

ROOT_PATH = '''
from flask import Flask, render_template

app = Flask(__name__, root_path=ROOT)


@app.route("/")
def home():
    return render_template("home.html")
'''

PACKAGE_BASE = '''
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def home():
    return render_template("home.html")
'''


def _reason(root, files, module="site.py") -> str:
    write(root, files)
    result = apply(root / module)
    assert not result.changed
    [message] = [m for m in messages(result) if "home()" in m]
    return message


def test_a_computed_template_folder_is_said_to_be_computed(tmp_path):
    message = _reason(tmp_path, {"site.py": COMPUTED, "pages/home.html": "<h1>Home</h1>"})
    assert message == (
        "view home() left uncached: renders template 'home.html', which could not be read: the template folder "
        "is computed (template_folder=os.path.join(base, \"pages\"))"
    )


def test_a_template_folder_under_a_root_path_is_said_to_be_so(tmp_path):
    message = _reason(tmp_path, {"site.py": ROOT_PATH, "templates/home.html": "<h1>Home</h1>"})
    assert message.endswith("renders template 'home.html', which could not be read: the template folder is under root_path=ROOT")


def test_a_package_base_template_is_said_to_come_from_the_package(tmp_path):
    page = "{% extends 'bootstrap/base.html' %}{% block content %}Home{% endblock %}"
    message = _reason(tmp_path, {"site.py": PACKAGE_BASE, "templates/home.html": page})
    assert message.endswith(
        "renders template 'home.html', which extends 'bootstrap/base.html', which comes from a package's templates "
        "(Flask-Bootstrap or Bootstrap-Flask): the codemod reads only the project's own"
    )


def test_a_project_template_under_a_package_prefix_is_read(tmp_path):
    """A project may keep its own bootstrap/ templates: found there, they are analysed."""
    page = "{% extends 'bootstrap/base.html' %}{% block content %}Home{% endblock %}"
    base = "{{ session.user }}{% block content %}{% endblock %}"
    files = {"site.py": PACKAGE_BASE, "templates/home.html": page, "templates/bootstrap/base.html": base}
    message = _reason(tmp_path, files)
    assert message.endswith("renders template 'home.html', which extends 'bootstrap/base.html', which reads session: "
                            "the page differs per user")


def test_a_missing_template_in_a_readable_folder_is_still_not_found(tmp_path):
    message = _reason(tmp_path, {"site.py": PACKAGE_BASE, "templates/other.html": "x"})
    assert message.endswith("renders template 'home.html', which was not found (looked in templates/; a package's templates, "
                            "which the codemod does not read, may hold it)")


PACKAGE_APP = '''
from pathlib import Path

from flask import Flask

HERE = Path(__file__).parent


def create_app():
    app = Flask(__name__, template_folder=str(HERE / "pages"))
    from .views import pages
    app.register_blueprint(pages)
    return app
'''

BLUEPRINT_VIEWS = '''
from flask import Blueprint, render_template

pages = Blueprint("pages", __name__)


@pages.route("/")
def home():
    return render_template("home.html")
'''


def test_a_blueprint_whose_app_computes_its_template_folder_says_so(tmp_path):
    files = {"shop/__init__.py": PACKAGE_APP, "shop/views.py": BLUEPRINT_VIEWS, "shop/pages/home.html": "<h1>Home</h1>"}
    message = _reason(tmp_path, files, "shop/views.py")
    assert message.endswith(
        "renders template 'home.html', which could not be read: the app's template folder is computed in __init__.py "
        "(template_folder=str(HERE / \"pages\"))"
    )


def test_a_blueprint_whose_app_keeps_the_usual_folder_still_finds_nothing(tmp_path):
    files = {"shop/__init__.py": PACKAGE_APP.replace('str(HERE / "pages")', '"templates"'), "shop/views.py": BLUEPRINT_VIEWS}
    message = _reason(tmp_path, files, "shop/views.py")
    assert message.endswith("renders template 'home.html', which was not found (looked in templates/, ../templates/, "
                            "../../templates/, ../../../templates/; a package's templates, which the codemod does not read, "
                            "may hold it)")
